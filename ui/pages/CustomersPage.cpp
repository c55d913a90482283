#include "CustomersPage.h"

#include "GatewayCalls.h"
#include "Language.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
#include "widgets/ChartStyle.h"
#include "widgets/DollarDelegate.h"
#include "widgets/Widgets.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTextDocument>
#include <QTimeZone>
#include <QUrlQuery>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent>

#include <memory>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

QList<ItemTableModel<StatementLine>::Column> statementColumns()
{
    using L = StatementLine;
    return {{[](const L &l) { return QVariant(l.timeMs); }, Kind::Time},
        {[](const L &l) { return QVariant(l.kind); }, Kind::Code}, {[](const L &l) { return QVariant(l.endpoint); }},
        {[](const L &l) { return QVariant(l.requestId); }},
        {[](const L &l) { return QVariant(l.inputTokens); }, Kind::Integer},
        {[](const L &l) { return QVariant(l.outputTokens); }, Kind::Integer},
        {[](const L &l) { return QVariant(l.priceVersion); }, Kind::Integer},
        {[](const L &l) { return QVariant(l.amountMicros); }, Kind::Money},
        {[](const L &l) { return QVariant(l.memo); }}};
}

QLineEdit *lineEdit(const QString &name, QWidget *parent)
{
    auto *e = new QLineEdit(parent);
    e->setObjectName(name);
    return e;
}

// Draws html onto a paged device: the statement's printable page, as PDF or on paper.
bool renderHtml(const QString &html, QPagedPaintDevice *device)
{
    QTextDocument document;
    document.setHtml(html);
    document.print(device);
    const auto *printer = dynamic_cast<QPrinter *>(device);
    return !printer || printer->printerState() != QPrinter::Error;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit();
}

} // namespace

CustomersPage::CustomersPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_customers(new ItemTableModel<Customer>(
          {{[](const Customer &c) { return JsonTableModel::named(c.name, c.id); }, Kind::Name},
              {[](const Customer &c) { return QVariant(c.id); }},
              {[](const Customer &c) { return QVariant(c.postedMicros); }, Kind::Balance},
              {[](const Customer &c) { return QVariant(c.pendingMicros); }, Kind::Balance},
              {[](const Customer &c) { return QVariant(c.availableMicros()); }, Kind::Balance}},
          [](const Customer &c) { return c.id; }, this))
    , m_customerView(makeTableView(QStringLiteral("customerList"), m_customers, this))
    , m_newName(lineEdit(QStringLiteral("newCustomerName"), this))
    , m_addCustomer(makeButton(QStringLiteral("addCustomerButton"), this))
    , m_balance(new QLabel(this))
    , m_amount(lineEdit(QStringLiteral("creditAmount"), this))
    , m_memo(lineEdit(QStringLiteral("creditMemo"), this))
    , m_addCredit(makeButton(QStringLiteral("addCreditButton"), this))
    , m_keys(new ItemTableModel<ApiKey>(
          keyColumns(), [](const ApiKey &k) { return k.id; }, this))
    , m_keyView(makeTableView(QStringLiteral("keyList"), m_keys, this))
    , m_keyName(lineEdit(QStringLiteral("keyName"), this))
    , m_createKey(makeButton(QStringLiteral("createKeyButton"), this))
    , m_revokeKey(makeButton(QStringLiteral("revokeKeyButton"), this))
    , m_newKey(lineEdit(QStringLiteral("newKey"), this))
    , m_copyKey(makeButton(QStringLiteral("copyKeyButton"), this))
    , m_newLimitedKey(makeButton(QStringLiteral("newLimitedKeyButton"), this))
    , m_editKey(makeButton(QStringLiteral("editKeyButton"), this))
    , m_editCustomerLimits(makeButton(QStringLiteral("customerLimitsButton"), this))
    , m_customerLimits(new QLabel(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
    , m_show(makeButton(QStringLiteral("showStatementButton"), this))
    , m_csv(makeButton(QStringLiteral("exportCsvButton"), this))
    , m_pdf(makeButton(QStringLiteral("exportPdfButton"), this))
    , m_print(makeButton(QStringLiteral("printButton"), this))
    , m_totals(new QLabel(this))
    , m_spendChart(new QChart)
    , m_spendView(new QChartView(m_spendChart, this))
    , m_balanceChart(new QChart)
    , m_balanceView(new QChartView(m_balanceChart, this))
    , m_lines(new ItemTableModel<StatementLine>(statementColumns(), {}, this))
    , m_lineView(makeTableView(QStringLiteral("statementLines"), m_lines, this))
    , m_message(new QLabel(this))
{
    setUpWidgets();
    setUpKeyTable();
    setUpEmptyStates();
    buildLayout();
    connectSignals();
    retranslate();
    styleChart(m_spendChart);
    styleChart(m_balanceChart);
    selectCustomer({});
}

void CustomersPage::showEvent(QShowEvent *event)
{
    reload(); // balances move while the page is away
    QWidget::showEvent(event);
}

void CustomersPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    // The theme's colours, and the language's numbers on the axes.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::LanguageChange) {
        styleChart(m_spendChart);
        styleChart(m_balanceChart);
    }
    QWidget::changeEvent(event);
}

void CustomersPage::retranslate()
{
    // The period's pickers write dates as the chosen language does.
    for (QDateEdit *date : {m_from, m_to}) {
        date->setLocale(QLocale());
        date->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    m_customers->setHeaders({tr("Name"), tr("Id"), tr("Balance"), tr("Held"), tr("Available")});
    m_keys->setHeaders({tr("Name"), tr("Key"), tr("Created"), tr("Revoked"), tr("Limits"), tr("Budget used")});
    m_lines->setHeaders({tr("Time"), tr("Kind"), tr("Endpoint"), tr("Request"), tr("Input tokens"), tr("Output tokens"),
        tr("Price version"), tr("Amount"), tr("Memo")});
    const QStringList labels {
        tr("Top-&up ($):"), tr("M&emo:"), tr("&Key name:"), tr("New &key:"), tr("&From:"), tr("&To:")};
    for (qsizetype i = 0; i < m_labels.size(); ++i)
        m_labels[i]->setText(labels.value(i));
    m_newName->setPlaceholderText(tr("New customer's name"));
    m_newKey->setPlaceholderText(tr("A new key is shown here once"));
    m_addCustomer->setText(tr("&Add customer"));
    m_addCredit->setText(tr("Add &credit"));
    m_createKey->setText(tr("Create &key"));
    m_revokeKey->setText(tr("&Revoke key"));
    m_copyKey->setText(tr("C&opy"));
    m_newLimitedKey->setText(tr("&New key with limits…"));
    m_editKey->setText(tr("Edit key l&imits…"));
    m_editCustomerLimits->setText(tr("Customer &limits…"));
    m_show->setText(tr("&Show statement"));
    m_csv->setText(tr("Export CS&V"));
    m_pdf->setText(tr("Export P&DF"));
    m_print->setText(tr("&Print"));
    if (auto *tabs = findChild<QTabWidget *>(QStringLiteral("customerTabs"))) {
        tabs->setTabText(0, tr("Statement"));
        tabs->setTabText(1, tr("Keys"));
    }
    m_spendChart->setTitle(tr("Daily spend by model"));
    m_balanceChart->setTitle(tr("Balance"));
    m_customerView->setAccessibleName(tr("Customers and their balances"));
    m_newName->setAccessibleName(tr("Name of a new customer"));
    m_addCustomer->setAccessibleName(tr("Add the customer"));
    m_balance->setAccessibleName(tr("Balance of the selected customer"));
    m_amount->setAccessibleName(tr("Top-up amount in dollars"));
    m_memo->setAccessibleName(tr("Top-up memo"));
    m_addCredit->setAccessibleName(tr("Add the credit to the balance"));
    m_keyView->setAccessibleName(tr("Keys of the selected customer"));
    m_keyName->setAccessibleName(tr("Name of a new key"));
    m_createKey->setAccessibleName(tr("Create a key"));
    m_revokeKey->setAccessibleName(tr("Revoke the selected key"));
    m_newKey->setAccessibleName(tr("The new key, shown once"));
    m_copyKey->setAccessibleName(tr("Copy the new key"));
    m_newLimitedKey->setAccessibleName(tr("Create a key with limits"));
    m_editKey->setAccessibleName(tr("Edit the limits of the selected key"));
    m_editCustomerLimits->setAccessibleName(tr("Edit the limits of the selected customer"));
    m_customerLimits->setAccessibleName(tr("Limits of the selected customer"));
    m_from->setAccessibleName(tr("Statement from"));
    m_to->setAccessibleName(tr("Statement to"));
    m_show->setAccessibleName(tr("Show the statement for the period"));
    m_csv->setAccessibleName(tr("Export the statement as CSV"));
    m_pdf->setAccessibleName(tr("Export the statement as PDF"));
    m_print->setAccessibleName(tr("Print the statement"));
    m_totals->setAccessibleName(tr("Statement totals"));
    m_spendView->setAccessibleName(tr("Chart of daily spend stacked by model"));
    m_balanceView->setAccessibleName(tr("Chart of the balance over the period"));
    m_lineView->setAccessibleName(tr("Statement lines"));
    m_message->setAccessibleName(tr("Customer messages"));
    retranslateEmptyStates();
    if (!m_statement.customer.isEmpty())
        showStatement(m_statement);
}

void CustomersPage::setMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setProperty("problem", problem);
}

void CustomersPage::reload()
{
    adminClient(m_gateway).listCustomers(this, [this](const ClientResult<QList<Customer>> &customers) {
        if (!customers.ok()) {
            setMessage(tr("Cannot load the customers: %1").arg(errorText(customers.error())), true);
            return;
        }
        m_customers->setItems(customers.value());
        int row = m_customers->rowCount() ? 0 : -1;
        for (int i = 0; i < m_customers->rowCount(); ++i) {
            if (m_customers->item(i).id == m_selected)
                row = i;
        }
        if (row >= 0) {
            m_customerView->selectRow(row);
            selectCustomer(m_customers->item(row).id);
        }
    });
}

void CustomersPage::openCustomer(const QString &id)
{
    selectCustomer(id);
    reload(); // selects its row
}

void CustomersPage::selectCustomer(const QString &id)
{
    const bool another = id != m_selected;
    m_selected = id;
    retranslateEmptyStates(); // the statement's words depend on whether one is chosen
    for (QWidget *w : std::initializer_list<QWidget *> {m_amount, m_memo, m_addCredit, m_keyName, m_createKey,
             m_revokeKey, m_newLimitedKey, m_editKey, m_editCustomerLimits, m_show, m_csv, m_pdf, m_print})
        w->setEnabled(!id.isEmpty());
    if (another) {
        m_newKey->clear();
        setMessage(QString()); // what was said was about the customer before
        m_customer = Customer();
        m_customerLimits->clear();
        m_statement = AccountStatement();
        m_lines->setItems({});
    }
    if (id.isEmpty())
        return;
    adminClient(m_gateway).getCustomer(this, id, [this, id](const ClientResult<Customer> &customer) {
        if (customer.ok() && id == m_selected)
            showCustomer(customer.value());
    });
    loadStatement();
}

void CustomersPage::addCustomer()
{
    const QString name = m_newName->text().trimmed();
    if (name.isEmpty()) {
        setMessage(tr("A customer needs a name."), true);
        return;
    }
    adminClient(m_gateway).createCustomer(this, NewCustomer {name}, [this](const ClientResult<Customer> &created) {
        if (!created.ok()) {
            setMessage(tr("Not added: %1").arg(errorText(created.error())), true);
            return;
        }
        m_newName->clear();
        m_selected = created.value().id;
        setMessage(tr("Customer added."));
        reload();
    });
}

void CustomersPage::addCredit()
{
    const std::optional<qint64> micros = parseDollars(m_amount->text(), QLocale());
    if (!micros || *micros <= 0) {
        setMessage(tr("Type the top-up in dollars, for example 25 or 12.50."), true);
        return;
    }
    const QString id = m_selected;
    adminClient(m_gateway).addCredit(this, id, NewCredit {*micros, m_memo->text().trimmed()},
        [this, micros](const ClientResult<LedgerEntry> &entry) {
            if (!entry.ok()) {
                setMessage(tr("Not credited: %1").arg(errorText(entry.error())), true);
                return;
            }
            m_amount->clear();
            m_memo->clear();
            setMessage(tr("Credited %1.").arg(formatMoney(*micros, QLocale())));
            reload();
        });
}

StatementQuery CustomersPage::statementPeriod() const
{
    // The period is whole local days: from the start of "from" to the end of "to".
    StatementQuery query;
    query.fromMs = m_from->date().startOfDay().toMSecsSinceEpoch();
    query.toMs = m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch();
    return query;
}

void CustomersPage::loadStatement()
{
    if (m_selected.isEmpty())
        return;
    const QString id = m_selected;
    adminClient(m_gateway).statement(
        this, id, statementPeriod(), [this, id](const ClientResult<AccountStatement> &statement) {
            if (id != m_selected)
                return;
            if (!statement.ok()) {
                setMessage(tr("No statement: %1").arg(errorText(statement.error())), true);
                return;
            }
            showStatement(statement.value());
        });
}

void CustomersPage::showStatement(const AccountStatement &statement)
{
    m_statement = statement;
    m_lines->setItems(statement.lines);
    qint64 credits = 0;
    qint64 debits = 0;
    m_daily.clear();
    for (const StatementLine &line : statement.lines) {
        if (line.kind == QLatin1String("credit")) {
            credits += line.amountMicros;
            continue;
        }
        debits += line.amountMicros;
        const QDate day = QDateTime::fromMSecsSinceEpoch(line.timeMs).toLocalTime().date();
        m_daily[day][line.endpoint.mid(line.endpoint.indexOf(QLatin1Char('/')) + 1)] += line.amountMicros;
    }
    const QLocale locale;
    m_totals->setText(tr("Opening %1 · credits %2 · debits %3 · closing %4")
                          .arg(formatMoney(statement.openingMicros, locale), formatMoney(credits, locale),
                              formatMoney(debits, locale), formatMoney(statement.closingMicros, locale)));
    drawCharts();
}

void CustomersPage::drawCharts()
{
    drawSpendChart();
    drawBalanceChart();
    styleChart(m_spendChart);
    styleChart(m_balanceChart);
}

void CustomersPage::drawSpendChart()
{
    // Daily spend: one stacked bar per day of the period, one colour per model.
    m_spendChart->removeAllSeries();
    for (QAbstractAxis *axis : m_spendChart->axes())
        m_spendChart->removeAxis(axis), delete axis;
    QStringList models;
    for (const auto &perModel : std::as_const(m_daily)) {
        for (auto it = perModel.cbegin(); it != perModel.cend(); ++it) {
            if (!models.contains(it.key()))
                models << it.key();
        }
    }
    models.sort();
    QStringList days;
    for (QDate day = m_from->date(); day <= m_to->date() && days.size() < 366; day = day.addDays(1))
        days << day.toString(Qt::ISODate);
    auto *stack = new QStackedBarSeries(m_spendChart);
    double top = 0;
    QList<double> dayTotals(days.size(), 0.0);
    for (const QString &model : std::as_const(models)) {
        auto *set = new QBarSet(model, stack);
        int at = 0;
        for (QDate day = m_from->date(); at < days.size(); day = day.addDays(1), ++at) {
            const double dollars = double(m_daily.value(day).value(model)) / 1e6; // drawing only
            set->append(dollars);
            dayTotals[at] += dollars;
        }
        stack->append(set);
    }
    for (double total : std::as_const(dayTotals))
        top = std::max(top, total);
    m_spendChart->addSeries(stack);
    // One category, one bar and one grid line per day; a label under every day for up to two
    // weeks, under every n-th beyond (the others are distinct empty labels, as categories must be).
    auto *dayAxis = new QBarCategoryAxis(m_spendChart);
    const qsizetype every = std::max<qsizetype>(1, (days.size() + 13) / 14);
    QStringList labels;
    for (qsizetype i = 0; i < days.size(); ++i) {
        labels << (i % every == 0 ? QDate::fromString(days[i], Qt::ISODate).toString(QStringLiteral("MM-dd"))
                                  : QString(i, QChar(0x200B)));
    }
    dayAxis->append(labels);
    auto *dollarAxis = new QValueAxis(m_spendChart);
    setNiceRange(dollarAxis, 0, top, QStringLiteral("$"));
    m_spendChart->addAxis(dayAxis, Qt::AlignBottom);
    m_spendChart->addAxis(dollarAxis, Qt::AlignLeft);
    stack->attachAxis(dayAxis);
    stack->attachAxis(dollarAxis);
}

void CustomersPage::drawBalanceChart()
{
    // Balance: the opening balance, then after every line.
    m_balanceChart->removeAllSeries();
    for (QAbstractAxis *axis : m_balanceChart->axes())
        m_balanceChart->removeAxis(axis), delete axis;
    auto *balance = new QLineSeries(m_balanceChart);
    balance->setName(tr("Balance"));
    qint64 running = m_statement.openingMicros;
    // From the first day the balance was not zero or moved (the lines come in time order), so that
    // a customer credited today is a step across the chart, not a rise at the edge of a flat month.
    QDate firstDay = m_from->date();
    if (running == 0 && !m_statement.lines.isEmpty()) {
        const QDate day = QDateTime::fromMSecsSinceEpoch(m_statement.lines.first().timeMs).toLocalTime().date();
        firstDay = std::max(m_from->date(), std::min(day, m_to->date()));
    }
    const qint64 end
        = std::min(m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch(), QDateTime::currentMSecsSinceEpoch());
    auto *timeAxis = new QDateTimeAxis(m_balanceChart);
    qint64 start = firstDay.startOfDay().toMSecsSinceEpoch();
    // Everything within two days of now (a customer credited today): hours or minutes with round
    // ticks, from a little before the first line, so the line runs across the chart.
    if (running == 0 && !m_statement.lines.isEmpty() && end - m_statement.lines.first().timeMs < 2 * 86'400'000) {
        const qint64 from = m_statement.lines.first().timeMs;
        start = setTimeRange(timeAxis, std::max(start, from - std::max<qint64>(5000, (end - from) / 10)), end);
    } else {
        setDayRange(timeAxis, firstDay, m_to->date(), 6); // a narrow chart: month-day labels fit six
    }
    balance->append(double(start), double(running) / 1e6);
    double low = double(running) / 1e6;
    double high = low;
    for (const StatementLine &line : std::as_const(m_statement.lines)) {
        const qint64 amount = line.amountMicros;
        const qint64 at = line.timeMs;
        // A step: the balance holds until the line, then moves.
        balance->append(double(at), double(running) / 1e6);
        running += line.kind == QLatin1String("credit") ? amount : -amount;
        balance->append(double(at), double(running) / 1e6);
        low = std::min(low, double(running) / 1e6);
        high = std::max(high, double(running) / 1e6);
    }
    balance->append(double(std::max(end, start + 1)), double(running) / 1e6);
    m_balanceChart->addSeries(balance);
    auto *valueAxis = new QValueAxis(m_balanceChart);
    setNiceRange(valueAxis, std::min(0.0, low), high, QStringLiteral("$"));
    m_balanceChart->addAxis(timeAxis, Qt::AlignBottom);
    m_balanceChart->addAxis(valueAxis, Qt::AlignLeft);
    balance->attachAxis(timeAxis);
    balance->attachAxis(valueAxis);
}

void CustomersPage::askExport(bool pdf)
{
    auto *dialog = new QFileDialog(this, pdf ? tr("Export the statement as PDF") : tr("Export the statement as CSV"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(pdf ? QStringLiteral("pdf") : QStringLiteral("csv"));
    // Into the user's documents (their home when there is no such folder), never the process's
    // working directory.
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    dialog->setDirectory(folder);
    dialog->selectFile(
        QStringLiteral("statement-%1.%2").arg(m_selected, pdf ? QStringLiteral("pdf") : QStringLiteral("csv")));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this,
        [this, pdf](const QString &path) { pdf ? exportPdf(path) : exportCsv(path); });
    dialog->open();
}

void CustomersPage::reportExport(const QString &path, QFuture<bool> writing)
{
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, path] {
        const bool ok = watcher->result();
        setMessage(ok ? tr("Saved %1.").arg(path) : tr("Cannot write %1.").arg(path), !ok);
        Q_EMIT exported(path, ok);
        watcher->deleteLater();
    });
    watcher->setFuture(writing);
}

void CustomersPage::statementDocument(const QString &format, AdminClient::Callback<QByteArray> done)
{
    // The html rendering is in the console's language.
    adminClient(m_gateway).statementDocument(this, m_selected, statementPeriod(), format,
        format == QLatin1String("html") ? Language::current() : QString(), std::move(done));
}

void CustomersPage::exportCsv(const QString &path)
{
    statementDocument(QStringLiteral("csv"), [this, path](const ClientResult<QByteArray> &csv) {
        if (!csv.ok()) {
            setMessage(tr("Not exported: %1").arg(errorText(csv.error())), true);
            Q_EMIT exported(path, false);
            return;
        }
        reportExport(path, QtConcurrent::run(writeFile, path, csv.value()));
    });
}

void CustomersPage::exportPdf(const QString &path)
{
    statementDocument(QStringLiteral("html"), [this, path](const ClientResult<QByteArray> &document) {
        if (!document.ok()) {
            setMessage(tr("Not exported: %1").arg(errorText(document.error())), true);
            Q_EMIT exported(path, false);
            return;
        }
        const QString html = QString::fromUtf8(document.value());
        reportExport(path, QtConcurrent::run([html, path] {
            QPdfWriter writer(path);
            writer.setPageSize(QPageSize(QPageSize::A4));
            writer.setTitle(QStringLiteral("ByteSpike statement"));
            writer.setCreator(QStringLiteral("ByteSpike"));
            return renderHtml(html, &writer) && QFile(path).size() > 0;
        }));
    });
}

void CustomersPage::print()
{
    statementDocument(QStringLiteral("html"), [this](const ClientResult<QByteArray> &document) {
        if (!document.ok()) {
            setMessage(tr("Cannot print: %1").arg(errorText(document.error())), true);
            return;
        }
        auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
        auto *dialog = new QPrintDialog(printer.get(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        const QString html = QString::fromUtf8(document.value());
        connect(dialog, qOverload<>(&QDialog::accepted), this, [this, printer, html] {
            // Spooling happens on a worker thread; the window stays live.
            auto *watcher = new QFutureWatcher<bool>(this);
            connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher] {
                const bool ok = watcher->result();
                setMessage(ok ? tr("Sent to the printer.") : tr("The printer refused the statement."), !ok);
                watcher->deleteLater();
            });
            watcher->setFuture(QtConcurrent::run([printer, html] { return renderHtml(html, printer.get()); }));
        });
        dialog->open();
    });
}

} // namespace bytespike
