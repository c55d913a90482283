// The core's folders are layers (docs/architecture.md, "Layers"): a file includes its own folder
// and the folders below it, never one above, so no two folders depend on each other. This test
// reads every #include under gateway-core/src and fails on any that runs upwards, naming it.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

namespace {

// Lowest first. Keep in step with docs/architecture.md.
const QStringList kLayers = {QStringLiteral("base"), QStringLiteral("loop"), QStringLiteral("wire"),
    QStringLiteral("i18n"), QStringLiteral("design"), QStringLiteral("export"), QStringLiteral("protocol"),
    QStringLiteral("auth"), QStringLiteral("routing"), QStringLiteral("api"), QStringLiteral("limits"),
    QStringLiteral("store"), QStringLiteral("ledger"), QStringLiteral("metrics"), QStringLiteral("secrets"),
    QStringLiteral("pricing"), QStringLiteral("upstream"), QStringLiteral("http"), QStringLiteral("service")};

// The public headers (gateway-core/include/bytespike) belong to the folder that implements them.
const QHash<QString, QString> kPublicHeaders = {{QStringLiteral("AdminClient.h"), QStringLiteral("api")},
    {QStringLiteral("AdminRoutes.h"), QStringLiteral("api")}, {QStringLiteral("AdminTypes.h"), QStringLiteral("api")},
    {QStringLiteral("LimitTypes.h"), QStringLiteral("api")}, {QStringLiteral("Catalogue.h"), QStringLiteral("i18n")},
    {QStringLiteral("Channel.h"), QStringLiteral("routing")},
    {QStringLiteral("DesignTokens.h"), QStringLiteral("design")},
    {QStringLiteral("EpollEventDispatcher.h"), QStringLiteral("loop")},
    {QStringLiteral("GatewayConfig.h"), QStringLiteral("service")},
    {QStringLiteral("GatewayService.h"), QStringLiteral("service")},
    {QStringLiteral("InProcessTransport.h"), QStringLiteral("service")},
    {QStringLiteral("Logging.h"), QStringLiteral("service")},
    {QStringLiteral("Maintenance.h"), QStringLiteral("ledger")},
    {QStringLiteral("MoneyFormat.h"), QStringLiteral("base")},
    {QStringLiteral("Version.h"), QStringLiteral("service")}};

} // namespace

class TestLayers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFolderIsALayer();
    void noIncludeRunsUpwards();
};

void TestLayers::everyFolderIsALayer()
{
    QDirIterator folders(QStringLiteral(BYTESPIKE_SOURCE_DIR "/gateway-core/src"), QDir::Dirs | QDir::NoDotAndDotDot);
    int seen = 0;
    while (folders.hasNext()) {
        const QString name = QFileInfo(folders.next()).fileName();
        QVERIFY2(kLayers.contains(name), qPrintable(name + QStringLiteral(" is not in the layer order")));
        ++seen;
    }
    QCOMPARE(seen, kLayers.size());
}

void TestLayers::noIncludeRunsUpwards()
{
    static const QRegularExpression include(QStringLiteral("^\\s*#\\s*include\\s+\"([^\"]+)\""));
    const QString root = QStringLiteral(BYTESPIKE_SOURCE_DIR "/gateway-core/src/");
    QStringList upwards;
    int checked = 0;
    QDirIterator files(
        root, {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        const QString relative = path.mid(root.size());
        const QString layer = relative.section(QLatin1Char('/'), 0, 0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        while (!file.atEnd()) {
            const QRegularExpressionMatch m = include.match(QString::fromUtf8(file.readLine()));
            if (!m.hasMatch())
                continue;
            const QString target = m.captured(1);
            QString targetLayer;
            if (target.startsWith(QLatin1String("bytespike/")))
                targetLayer = kPublicHeaders.value(target.mid(10));
            else if (target.contains(QLatin1Char('/')))
                targetLayer = target.section(QLatin1Char('/'), 0, 0);
            else
                targetLayer = layer; // its own folder
            QVERIFY2(kLayers.contains(targetLayer),
                qPrintable(QStringLiteral("%1 includes %2, which no layer owns").arg(relative, target)));
            ++checked;
            if (kLayers.indexOf(targetLayer) > kLayers.indexOf(layer))
                upwards << QStringLiteral("%1 (%2) includes %3 (%4)").arg(relative, layer, target, targetLayer);
        }
    }
    QVERIFY(checked > 200); // the walk really read the sources (233 includes when written)
    QVERIFY2(upwards.isEmpty(), qPrintable(upwards.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestLayers)
#include "tst_layers.moc"
