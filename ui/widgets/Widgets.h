#pragma once

#include <QString>

class QAbstractItemModel;
class QComboBox;
class QDoubleSpinBox;
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
// Shows a table's columns in another order than its model's (the model's indices stay as they
// are): the columns an operator reads first come first, so that at 1280x800 they are never
// behind sideways scrolling. logical lists the model's columns in the order to show them.
void setColumnOrder(QTableView *view, const QList<int> &logical);

// A link from one page to another, as rich text for a label: href "kind:id" (kinds customer,
// channel, request, and holds for a request id's holds), followed by MainWindow::followLink.
// The text and the id are escaped.
QString pageLink(const QString &kind, const QString &id, const QString &text);

// Fills a customer filter box from GET /admin/customers, keeping its first entry ("all") and the
// current choice; never blocks.
void refreshCustomerChoices(EmbeddedGateway &gateway, QComboBox *box);

// A count limit (requests or tokens per minute, requests at once): whole numbers from 0 to max,
// where 0 means no limit (the caller sets the special value text that says so). Counts reach
// 10^10 tokens, past an int; a double holds every such whole number exactly.
QDoubleSpinBox *makeCountBox(const QString &objectName, qint64 max, QWidget *parent);
qint64 countOf(const QDoubleSpinBox *box);
void setCount(QDoubleSpinBox *box, qint64 value);

} // namespace bytespike
