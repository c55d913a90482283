#pragma once

#include "bytespike/AdminTypes.h"
#include "models/ItemTableModel.h"

#include <QJsonObject>
#include <QModelIndex>
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace bytespike {

class EmbeddedGateway;
class EmptyState;
class NameBook;

// The request log (GET /admin/requests) with the admin API's own filters (customer, model,
// channel, status, billed, limit and paging by offset), refreshed with the gateway's metrics tick
// and at most one call in flight. Selecting a request drills down to its hold (state, amount,
// reason, debit) and its ledger entry, the line of the customer's statement for that request, or
// why it was never billed.
class RequestsPage : public QWidget
{
    Q_OBJECT
public:
    explicit RequestsPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

public Q_SLOTS:
    void refresh();
    // Ctrl+F: to the request-id field, its text selected.
    void find();
    // Shows one request: the other filters cleared, the request id in its field, the request
    // selected once it is listed.
    void openRequest(const QString &requestId);

Q_SIGNALS:
    // A link in the drill-down to another page ("customer:ID", "channel:ID", "holds:REQUEST_ID"),
    // or the empty list's way to the playground ("page:playground").
    void linkOpened(const QString &link);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    // The constructor's parts.
    void setUpWidgets();
    void buildLayout();
    void connectSignals();
    // One section of the drill-down: a titled grid of read-only values (a title beside each), or
    // a note in their place (no hold was taken, never billed). A grid, not a QFormLayout: rows
    // come and go here, and Qt 6.4's QFormLayout leaves a hidden row (setRowVisible, or its
    // widgets hidden) out of its layout but keeps the row's old index, which its
    // height-for-width pass (these labels wrap) then writes through, past the end of its row
    // table: the heap corruption behind the console's crashes in label text documents.
    struct Section
    {
        QGroupBox *box = nullptr;
        QList<QLabel *> titles;
        QList<QLabel *> values;
        QLabel *note = nullptr;
    };

    void retranslate();
    void refreshCustomers();
    void filtersChanged();
    RequestQuery query() const;
    // Whether a filter narrows the list (the empty list then offers to clear them).
    bool filtered() const;
    // Every filter cleared, the request-id field set to requestId.
    void clearFilters(const QString &requestId = {});
    void updateEmptyState();
    void select(const QModelIndex &current);
    void showRequest();
    void showHold(const Hold &hold);
    void showEntry(const StatementLine &line);
    void loadHold();
    void loadEntry();
    Section makeSection(const QString &objectName, const QStringList &valueNames);
    static void setRowTitles(Section &section, const QStringList &titles);
    // A value that links to another page (pageLink), the id as its tooltip; plain without an id.
    static void setLink(QLabel *value, const QString &kind, const QString &id, const QString &text);
    // openRequest()'s request, selected once the list has it.
    void selectListed();
    // Shows or hides a value together with its title.
    static void setRowShown(Section &section, QLabel *value, bool shown);
    static void showNote(Section &section, const QString &note);

    EmbeddedGateway &m_gateway;
    QLabel *m_customerLabel;
    QComboBox *m_customer;
    QLabel *m_modelLabel;
    QLineEdit *m_model;
    QLabel *m_channelLabel;
    QLineEdit *m_channel;
    QLabel *m_findLabel;
    QLineEdit *m_find; // one request, by its request id
    QLabel *m_statusLabel;
    QLineEdit *m_status;
    QLabel *m_billedLabel;
    QComboBox *m_billed;
    QLabel *m_limitLabel;
    QSpinBox *m_limit;
    QPushButton *m_refresh;
    QPushButton *m_newer;
    QPushButton *m_older;
    NameBook *m_names;
    ItemTableModel<RequestLogItem> *m_requests;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLabel *m_hint;
    EmptyState *m_empty = nullptr;
    Section m_request;
    Section m_hold;
    Section m_entry;
    std::optional<RequestLogItem> m_selected; // the request shown in the drill-down
    QString m_inFlight; // the query of the call on its way
    QString m_selectWhenListed; // openRequest()'s request, until the list has it
    int m_offset = 0;
    int m_ticks = 0;
    bool m_loading = false;
    bool m_stale = false; // the filters changed while a call was in flight
};

} // namespace bytespike
