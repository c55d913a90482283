#pragma once

#include "bytespike/AdminClient.h"
#include "models/ItemTableModel.h"

#include <QDate>
#include <QFuture>
#include <QJsonObject>
#include <QMap>
#include <QWidget>

class QBarCategoryAxis;
class QChart;
class QChartView;
class QDateEdit;
class QDateTimeAxis;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QValueAxis;

namespace bytespike {

class EmbeddedGateway;
class EmptyState;

// Customers and statements: balances, top-ups, keys (a new key is shown once, with a copy
// button; keys can be revoked; the key editor sets a key's limits, and the key table shows them
// and what a key with a budget has used of it, read with the customer), the customer's own
// limits, and a statement for a chosen period with its lines and two
// charts (daily spend stacked by model, balance over time), exported to CSV or PDF or printed.
// The statement comes from the admin API; the PDF and the print use its html rendering (design
// tokens, the UI locale), drawn by a worker thread.
class CustomersPage : public QWidget
{
    Q_OBJECT
public:
    explicit CustomersPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

    // The statement on show and the figures the charts were drawn from (integer micro-dollars).
    // The statement shown, as the API writes it.
    QJsonObject statement() const { return m_statement.toJson(); }
    QMap<QDate, QMap<QString, qint64>> dailySpend() const { return m_daily; }

public Q_SLOTS:
    void reload();
    void loadStatement();
    // Writes the statement on show as CSV or PDF; the file is written off the GUI thread and
    // exported() reports the outcome.
    void exportCsv(const QString &path);
    void exportPdf(const QString &path);

    // Selects the customer (from another page's link).
    void openCustomer(const QString &id);

Q_SIGNALS:
    void exported(const QString &path, bool ok);
    // A statement line opened (double click or Enter): "request:REQUEST_ID" for a debit.
    void linkOpened(const QString &link);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    // The key table's columns: name, hint, created, revoked, limits, budget used.
    static constexpr int kUsageColumn = 5;

    // The constructor's parts (CustomersPageBuild.cpp).
    void setUpWidgets();
    void buildLayout();
    QWidget *buildCustomerList();
    QWidget *buildAccountPanel();
    void connectSignals();
    void retranslate();
    // The empty lists' words and actions (CustomersPageBuild.cpp).
    void setUpEmptyStates();
    void retranslateEmptyStates();
    void selectCustomer(const QString &id);
    void showCustomer(const Customer &customer);
    void addCustomer();
    void addCredit();
    void createKey();
    void revokeKey();
    // The keys and limits part (CustomersPageKeys.cpp).
    static QList<ItemTableModel<ApiKey>::Column> keyColumns();
    void setUpKeyTable();
    void showCreatedKey(const CreatedKey &key);
    // The key editor for a new key (with limits) or for the key chosen on the Keys tab.
    void openKeyEditor(bool existing);
    void editCustomerLimits();
    void showStatement(const AccountStatement &statement);
    void drawCharts();
    void drawSpendChart();
    void drawBalanceChart();
    void askExport(bool pdf);
    // Reports a file being written on a worker thread once it is done.
    void reportExport(const QString &path, QFuture<bool> writing);
    void print();
    void setMessage(const QString &text, bool problem = false);
    StatementQuery statementPeriod() const;
    // The statement for the period in another format (csv, html).
    void statementDocument(const QString &format, AdminClient::Callback<QByteArray> done);

    EmbeddedGateway &m_gateway;
    ItemTableModel<Customer> *m_customers;
    QTableView *m_customerView;
    QLineEdit *m_newName;
    QPushButton *m_addCustomer;
    QLabel *m_balance;
    QLineEdit *m_amount;
    QLineEdit *m_memo;
    QPushButton *m_addCredit;
    ItemTableModel<ApiKey> *m_keys;
    QTableView *m_keyView;
    QLineEdit *m_keyName;
    QPushButton *m_createKey;
    QPushButton *m_revokeKey;
    QLineEdit *m_newKey;
    QPushButton *m_copyKey;
    QPushButton *m_newLimitedKey;
    QPushButton *m_editKey;
    QPushButton *m_editCustomerLimits;
    QLabel *m_customerLimits;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_show;
    QPushButton *m_csv;
    QPushButton *m_pdf;
    QPushButton *m_print;
    QLabel *m_totals;
    QChart *m_spendChart;
    QChartView *m_spendView;
    QChart *m_balanceChart;
    QChartView *m_balanceView;
    ItemTableModel<StatementLine> *m_lines;
    QTableView *m_lineView;
    QList<EmptyState *> m_empty; // customers, keys, statement lines
    QLabel *m_message;
    QList<QLabel *> m_labels;

    QString m_selected;
    Customer m_customer; // the selected customer as last read
    AccountStatement m_statement;
    QMap<QDate, QMap<QString, qint64>> m_daily;
};

} // namespace bytespike
