#pragma once

#include <QString>

class QAbstractItemModel;
class QComboBox;
class QPushButton;
class QTableView;
class QWidget;

namespace bytespike {

class EmbeddedGateway;

// The pages' common widgets, made one way.

// A read-only table of rows: whole-row single selection, columns sized to their contents, no
// row numbers.
QTableView *makeTableView(const QString &objectName, QAbstractItemModel *model, QWidget *parent);
QPushButton *makeButton(const QString &objectName, QWidget *parent);

// Fills a customer filter box from GET /admin/customers, keeping its first entry ("all") and the
// current choice; never blocks.
void refreshCustomerChoices(EmbeddedGateway &gateway, QComboBox *box);

} // namespace bytespike
