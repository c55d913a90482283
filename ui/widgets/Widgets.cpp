#include "Widgets.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"

#include <QComboBox>
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

QPushButton *makeButton(const QString &objectName, QWidget *parent)
{
    auto *button = new QPushButton(parent);
    button->setObjectName(objectName);
    return button;
}

void refreshCustomerChoices(EmbeddedGateway &gateway, QComboBox *box)
{
    getJson(gateway, box, QStringLiteral("/admin/customers"), [box](const ServiceCall &call) {
        if (!call.ok())
            return;
        const QString selected = box->currentData().toString();
        const QSignalBlocker blocker(box);
        while (box->count() > 1)
            box->removeItem(1);
        for (const QJsonValue &value : call.json().value(QStringLiteral("customers")).toArray()) {
            const QJsonObject customer = value.toObject();
            const QString id = customer.value(QStringLiteral("id")).toString();
            box->addItem(customer.value(QStringLiteral("name")).toString(id), id);
        }
        box->setCurrentIndex(std::max(0, box->findData(selected)));
    });
}

} // namespace bytespike
