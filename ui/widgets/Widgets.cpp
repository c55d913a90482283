#include "Widgets.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QPushButton>
#include <QTableView>

namespace bytespike {

QTableView *makeTableView(const QString &objectName, QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    if (model)
        view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->hide();
    return view;
}

QString pageLink(const QString &kind, const QString &id, const QString &text)
{
    return QStringLiteral("<a href=\"%1:%2\">%3</a>").arg(kind, id.toHtmlEscaped(), text.toHtmlEscaped());
}

void setColumnOrder(QTableView *view, const QList<int> &logical)
{
    QHeaderView *header = view->horizontalHeader();
    for (int visual = 0; visual < logical.size(); ++visual)
        header->moveSection(header->visualIndex(logical[visual]), visual);
}

QPushButton *makeButton(const QString &objectName, QWidget *parent)
{
    auto *button = new QPushButton(parent);
    button->setObjectName(objectName);
    return button;
}

void refreshCustomerChoices(EmbeddedGateway &gateway, QComboBox *box)
{
    adminClient(gateway).listCustomers(box, [box](const ClientResult<QList<Customer>> &customers) {
        if (!customers.ok())
            return;
        const QString selected = box->currentData().toString();
        const QSignalBlocker blocker(box);
        while (box->count() > 1)
            box->removeItem(1);
        for (const Customer &customer : customers.value())
            box->addItem(customer.name.isEmpty() ? customer.id : customer.name, customer.id);
        box->setCurrentIndex(std::max(0, box->findData(selected)));
    });
}

QDoubleSpinBox *makeCountBox(const QString &objectName, qint64 max, QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setObjectName(objectName);
    box->setDecimals(0);
    box->setRange(0, double(max));
    box->setGroupSeparatorShown(true);
    box->setAccelerated(true);
    return box;
}

qint64 countOf(const QDoubleSpinBox *box)
{
    return qRound64(box->value());
}

void setCount(QDoubleSpinBox *box, qint64 value)
{
    box->setValue(double(value));
}

} // namespace bytespike
