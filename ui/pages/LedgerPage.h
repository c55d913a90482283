#pragma once

#include "bytespike/AdminTypes.h"
#include "models/ItemTableModel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace bytespike {

class EmbeddedGateway;
class EmptyState;
class NameBook;

// The ledger, live: pending holds appear when a request is admitted and leave when it ends;
// posted holds are the recent debits; voided and expired holds show why they never billed (they
// never reach a statement). Filters: customer (asked of the gateway) and endpoint or request id
// (on what is shown). Refreshed once a second while on screen, with the gateway's metrics tick;
// the customer list when the page is shown and every few seconds.
class LedgerPage : public QWidget
{
    Q_OBJECT
public:
    explicit LedgerPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

public Q_SLOTS:
    void refresh();
    // The holds of one request: every customer, the request id as the filter, and the list that
    // has the hold chosen once it is loaded.
    void openHolds(const QString &requestId);

Q_SIGNALS:
    // A hold's row opened (double click or Enter): "request:REQUEST_ID" (MainWindow::followLink).
    void linkOpened(const QString &link);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    struct List
    {
        QString state;
        ItemTableModel<Hold> *model;
        QSortFilterProxyModel *proxy;
        QTableView *view;
        EmptyState *empty;
        bool loading = false;
    };

    void setUpList(int i, const QString &state, const QString &name);
    void retranslate();
    // What each empty list says: a search that matches nothing offers to clear it.
    void updateEmptyStates();
    void refreshCustomers();
    void load(List &list);

    EmbeddedGateway &m_gateway;
    NameBook *m_names;
    QLabel *m_customerLabel;
    QComboBox *m_customer;
    QLabel *m_searchLabel;
    QLineEdit *m_search;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    List m_lists[3];
    int m_ticks = 0;
    QString m_showHoldOf; // openHolds()'s request, until a list shows its hold
};

} // namespace bytespike
