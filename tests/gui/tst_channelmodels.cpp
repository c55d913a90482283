// A channel's models as edited on the Channels page (models/ChannelModelsModel): a cell that
// differs from what was saved is marked (bold italics, a tooltip) until it is saved or put back.
#include "models/ChannelModelsModel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QTest>

using namespace bytespike;

class TestChannelModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void editedCellsAreMarkedUntilSaved();
};

void TestChannelModels::editedCellsAreMarkedUntilSaved()
{
    ChannelModelsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelRoute route;
    route.model = QStringLiteral("m1");
    route.upstreamModel = QStringLiteral("up-1");
    route.inputMicrosPerMtok = 3000000;
    route.outputMicrosPerMtok = 15000000;
    model.setSaved({route});
    model.setModels({route});
    const QModelIndex input = model.index(0, ChannelModelsModel::Input);
    const QModelIndex output = model.index(0, ChannelModelsModel::Output);
    QVERIFY(!model.isEdited(input));
    QVERIFY(!model.data(input, Qt::FontRole).isValid());

    QVERIFY(model.setData(input, QStringLiteral("3.5")));
    QVERIFY(model.isEdited(input));
    const QFont font = model.data(input, Qt::FontRole).value<QFont>();
    QVERIFY(font.bold() && font.italic());
    QVERIFY(model.data(input, Qt::ToolTipRole).toString().contains(QLatin1String("not saved")));
    QVERIFY(!model.isEdited(output)); // only the cell that changed
    QVERIFY(!model.isEdited(model.index(0, ChannelModelsModel::Model)));

    // Put back by hand, it is no longer edited; saved, neither.
    QVERIFY(model.setData(input, QStringLiteral("3")));
    QVERIFY(!model.isEdited(input));
    QVERIFY(model.setData(output, QStringLiteral("16")));
    QVERIFY(model.isEdited(output));
    model.setSaved(model.models());
    QVERIFY(!model.isEdited(output));

    // A row that was never saved is edited in every cell.
    ModelRoute added;
    added.model = QStringLiteral("m2");
    model.setModels({model.models().first(), added});
    QVERIFY(model.isEdited(model.index(1, ChannelModelsModel::Model)));
    QVERIFY(model.isEdited(model.index(1, ChannelModelsModel::CacheRead)));
    QVERIFY(!model.isEdited(model.index(1, ChannelModelsModel::Margin)));
}

QTEST_MAIN(TestChannelModels)
#include "tst_channelmodels.moc"
