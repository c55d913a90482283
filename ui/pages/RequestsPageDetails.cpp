// The request log's drill-down: the selected request, its hold and its ledger entry, each a
// section of read-only values, some of them links to other pages.
#include "RequestsPage.h"

#include "GatewayCalls.h"
#include "NameBook.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
#include "widgets/Widgets.h"

#include <QDateTime>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace bytespike {

namespace {

QString timeText(qint64 epochMs)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime(), QLocale::ShortFormat);
}

QString moneyText(qint64 micros)
{
    return formatMoney(micros, QLocale());
}

// The statement window around a request: its log row is written in the same ledger job as its
// debit, so the entry is within milliseconds of the row's time; the window keeps the statement
// small for a busy customer.
StatementQuery statementWindow(qint64 epochMs)
{
    constexpr qint64 kWindowMs = 3600 * 1000;
    StatementQuery query;
    query.fromMs = epochMs - kWindowMs;
    query.toMs = epochMs + kWindowMs;
    return query;
}

} // namespace

RequestsPage::Section RequestsPage::makeSection(const QString &objectName, const QStringList &valueNames)
{
    Section section;
    section.box = new QGroupBox(this);
    section.box->setObjectName(objectName);
    auto *grid = new QGridLayout(section.box);
    grid->setColumnStretch(1, 1);
    int row = 0;
    for (const QString &name : valueNames) {
        auto *title = new QLabel(section.box);
        auto *value = new QLabel(section.box);
        value->setObjectName(name);
        value->setWordWrap(true);
        // Plain text (a memo or a reason is never markup); the values that link to another page
        // are set as rich text built by pageLink().
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(
            Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        connect(value, &QLabel::linkActivated, this, &RequestsPage::linkOpened);
        grid->addWidget(title, row, 0, Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(value, row, 1);
        section.titles << title;
        section.values << value;
        ++row;
    }
    section.note = new QLabel(section.box);
    section.note->setObjectName(objectName + QStringLiteral("Note"));
    section.note->setWordWrap(true);
    grid->addWidget(section.note, row, 0, 1, 2);
    return section;
}

void RequestsPage::setLink(QLabel *value, const QString &kind, const QString &id, const QString &text)
{
    if (id.isEmpty()) {
        value->setTextFormat(Qt::PlainText);
        value->setText(text);
        value->setToolTip(QString());
        return;
    }
    value->setTextFormat(Qt::RichText);
    value->setText(pageLink(kind, id, text));
    value->setToolTip(id);
}

void RequestsPage::setRowTitles(Section &section, const QStringList &titles)
{
    for (int i = 0; i < section.titles.size() && i < titles.size(); ++i)
        section.titles[i]->setText(titles[i]);
}

void RequestsPage::setRowShown(Section &section, QLabel *value, bool shown)
{
    const qsizetype i = section.values.indexOf(value);
    if (i < 0)
        return;
    section.titles[i]->setVisible(shown);
    value->setVisible(shown);
}

void RequestsPage::showNote(Section &section, const QString &note)
{
    for (QLabel *value : std::as_const(section.values))
        setRowShown(section, value, note.isEmpty());
    section.note->setVisible(!note.isEmpty());
    section.note->setText(note);
    section.box->show();
}

void RequestsPage::select(const QModelIndex &current)
{
    std::optional<RequestLogItem> request;
    if (current.isValid())
        request = m_requests->item(m_proxy->mapToSource(current).row());
    if (request && m_selected && request->requestId == m_selected->requestId)
        return; // the same request, moved by a refresh
    m_selected = request;
    m_hint->setVisible(!request);
    for (Section *section : {&m_request, &m_hold, &m_entry})
        section->box->hide();
    if (!request)
        return;
    showRequest();
    loadHold();
    loadEntry();
}

void RequestsPage::showRequest()
{
    const RequestLogItem &r = *m_selected;
    const QLocale locale;
    const QStringList values {r.requestId, timeText(r.timeMs), m_names->customer(r.customer),
        m_names->endpoint(r.endpoint), QString::number(r.status),
        tr("%1 in, %2 out, %3 cache write, %4 cache read")
            .arg(locale.toString(r.usage.inputTokens), locale.toString(r.usage.outputTokens),
                locale.toString(r.usage.cacheWriteTokens), locale.toString(r.usage.cacheReadTokens)),
        moneyText(r.costMicros), JsonTableModel::reasonText(r.notBilledCode, r.notBilledReason)};
    for (int i = 0; i < values.size(); ++i)
        m_request.values[i]->setText(values[i]);
    // The customer and the channel link to their pages, their ids as the tooltips.
    setLink(m_request.values[2], QStringLiteral("customer"), r.customer, values[2]);
    setLink(m_request.values[3], QStringLiteral("channel"), r.endpoint.section(QLatin1Char('/'), 0, 0), values[3]);
    m_request.values[3]->setToolTip(r.endpoint);
    m_request.values.last()->setToolTip(r.notBilledReason); // the server's own words
    showNote(m_request, {});
    setRowShown(m_request, m_request.values.last(), !r.billed);
}

// The request's hold, asked by request id (and customer, which the holds index starts with).
void RequestsPage::loadHold()
{
    const QString requestId = m_selected->requestId;
    const QString customer = m_selected->customer;
    if (!m_selected->holdId || customer.isEmpty()) {
        showNote(m_hold, tr("No hold was taken."));
        return;
    }
    HoldQuery query;
    query.customer = customer;
    query.request = requestId;
    adminClient(m_gateway).holds(this, query, [this, requestId](const ClientResult<QList<Hold>> &holds) {
        if (!holds.ok() || !m_selected || m_selected->requestId != requestId)
            return; // failed, or another request is shown by now
        if (holds.value().isEmpty())
            showNote(m_hold, tr("No hold was taken."));
        else
            showHold(holds.value().first());
    });
}

void RequestsPage::showHold(const Hold &hold)
{
    const bool posted = hold.state == QLatin1String("posted");
    const QStringList values {QString::number(hold.id), JsonTableModel::codeText(hold.state),
        moneyText(hold.amountMicros), JsonTableModel::reasonText(hold.reasonCode, hold.reason),
        moneyText(hold.debitMicros), hold.resolvedMs ? timeText(*hold.resolvedMs) : QString()};
    for (int i = 0; i < values.size(); ++i)
        m_hold.values[i]->setText(values[i]);
    setLink(m_hold.values[0], QStringLiteral("holds"), hold.requestId, values[0]); // to the ledger
    m_hold.values[3]->setToolTip(hold.reason);
    showNote(m_hold, {});
    setRowShown(m_hold, m_hold.values[3], !hold.reason.isEmpty());
    setRowShown(m_hold, m_hold.values[4], posted);
    setRowShown(m_hold, m_hold.values[5], hold.resolvedMs.has_value());
}

// The request's line on its customer's statement; a request that was not billed has none.
void RequestsPage::loadEntry()
{
    const QString requestId = m_selected->requestId;
    const QString customer = m_selected->customer;
    if (!m_selected->billed || customer.isEmpty()) {
        showNote(m_entry,
            tr("Not billed: %1")
                .arg(JsonTableModel::reasonText(m_selected->notBilledCode, m_selected->notBilledReason)));
        return;
    }
    adminClient(m_gateway).statement(this, customer, statementWindow(m_selected->timeMs),
        [this, requestId](const ClientResult<AccountStatement> &statement) {
            if (!statement.ok() || !m_selected || m_selected->requestId != requestId)
                return;
            for (const StatementLine &line : statement.value().lines) {
                if (line.kind == QLatin1String("debit") && line.requestId == requestId) {
                    showEntry(line);
                    return;
                }
            }
            showNote(m_entry, tr("No ledger entry found."));
        });
}

void RequestsPage::showEntry(const StatementLine &line)
{
    const QStringList values {timeText(line.timeMs), moneyText(line.amountMicros), line.endpoint,
        QLocale().toString(line.priceVersion), line.memo};
    for (int i = 0; i < values.size(); ++i)
        m_entry.values[i]->setText(values[i]);
    if (m_selected) // the entry is a line of its customer's statement
        setLink(m_entry.values[0], QStringLiteral("customer"), m_selected->customer, values[0]);
    showNote(m_entry, {});
    setRowShown(m_entry, m_entry.values.last(), !values.last().isEmpty());
}

} // namespace bytespike
