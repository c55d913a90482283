#include "StatementDocument.h"

#include "Document.h"
#include "bytespike/Catalogue.h"
#include "bytespike/DesignTokens.h"
#include "bytespike/MoneyFormat.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QStringList>

namespace bytespike {

namespace {

constexpr const char *kContext = "Statement";

QString tr(const QString &locale, const char *source)
{
    return Catalogue::text(locale, kContext, source).toHtmlEscaped();
}

QString when(const QString &iso, const QLocale &locale)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? locale.toString(t.toUTC(), QLocale::ShortFormat) : iso;
}

} // namespace

QByteArray statementCsv(const QJsonObject &statement)
{
    static const char *columns[] = {"time", "kind", "request_id", "endpoint", "input_tokens", "output_tokens",
        "cache_write_tokens", "cache_read_tokens", "price_version", "amount_micros", "memo"};
    QStringList rows;
    QStringList header;
    for (const char *column : columns)
        header << QLatin1String(column);
    rows << header.join(QLatin1Char(','));
    const QString customer = statement.value(QStringLiteral("customer")).toString();
    rows << QStringLiteral("%1,opening,,,,,,,,%2,%3")
                .arg(statement.value(QStringLiteral("from")).toString())
                .arg(Document::csvNumber(statement.value(QStringLiteral("opening_micros")).toInteger()))
                .arg(Document::csvField(customer));
    for (const QJsonValue &value : statement.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject line = value.toObject();
        QStringList fields;
        for (const char *column : columns) {
            const QJsonValue v = line.value(QLatin1String(column));
            fields << (v.isDouble() ? Document::csvNumber(v.toInteger()) : Document::csvField(v.toString()));
        }
        rows << fields.join(QLatin1Char(','));
    }
    rows << QStringLiteral("%1,closing,,,,,,,,%2,%3")
                .arg(statement.value(QStringLiteral("to")).toString())
                .arg(Document::csvNumber(statement.value(QStringLiteral("closing_micros")).toInteger()))
                .arg(Document::csvField(customer));
    return rows.join(QLatin1Char('\n')).toUtf8() + '\n';
}

namespace {

// What the page says about the period besides its lines: the credits and debits, what every day
// with lines moved the balance by, and the debits per day (UTC, as the lines' times are shown) and
// per model, in the order they first appear.
struct Totals
{
    qint64 credits = 0;
    qint64 debits = 0;
    QMap<QDate, qint64> netPerDay;
    QMap<QDate, qint64> perDay;
    QStringList models;
    QHash<QString, qint64> perModel;
    QHash<QString, qint64> requestsPerModel;
};

Totals totalsOf(const QJsonArray &lines)
{
    Totals t;
    for (const QJsonValue &value : lines) {
        const QJsonObject line = value.toObject();
        const qint64 amount = line.value(QStringLiteral("amount_micros")).toInteger();
        const QDateTime time = QDateTime::fromString(line.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        const QDate day = time.toUTC().date();
        if (line.value(QStringLiteral("kind")).toString() == QLatin1String("credit")) {
            t.credits += amount;
            t.netPerDay[day] += amount;
            continue;
        }
        t.debits += amount;
        t.netPerDay[day] -= amount;
        t.perDay[day] += amount;
        const QString endpoint = line.value(QStringLiteral("endpoint")).toString();
        const QString model = endpoint.mid(endpoint.indexOf(QLatin1Char('/')) + 1);
        if (!t.perModel.contains(model))
            t.models << model;
        t.perModel[model] += amount;
        ++t.requestsPerModel[model];
    }
    return t;
}

QString row(const QStringList &cells, const QString &rowClass = {})
{
    QString out = rowClass.isEmpty() ? QStringLiteral("<tr>") : QStringLiteral("<tr class=\"%1\">").arg(rowClass);
    for (const QString &cell : cells)
        out += cell;
    return out + QStringLiteral("</tr>\n");
}

QString cell(const QString &html, bool number = false)
{
    return (number ? QStringLiteral("<td class=\"num\">") : QStringLiteral("<td>")) + html + QStringLiteral("</td>");
}

// An id or a model name: set in the monospaced face (rule td.id).
QString idCell(const QString &html)
{
    return QStringLiteral("<td class=\"id\">") + html + QStringLiteral("</td>");
}

// A bar as wide as share of the widest, in the first chart colour: a table cell, which every html
// engine draws, Qt's rich text included. Nothing (an empty cell) for an amount of zero or less, as
// a width cannot be negative.
QString bar(qint64 amount, qint64 widest)
{
    const qint64 percent = amount > 0 && widest > 0 ? std::max<qint64>(1, amount * 100 / widest) : 0;
    const QString color = DesignTokens::builtIn().color(QStringLiteral("light"), QStringLiteral("chart_1"));
    QString out = QStringLiteral("<table class=\"bar\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr>");
    if (percent > 0)
        out += QStringLiteral("<td width=\"%1%\" bgcolor=\"%2\" style=\"background: var(--color-chart-1)\">&nbsp;</td>")
                   .arg(percent)
                   .arg(color);
    if (percent < 100)
        out += QStringLiteral("<td width=\"%1%\">&nbsp;</td>").arg(100 - percent);
    return out + QStringLiteral("</tr></table>");
}

QString summary(const QJsonObject &statement, const Totals &t, const QString &locale, const QLocale &numbers)
{
    const auto money = [&](qint64 micros) { return formatMoney(micros, numbers).toHtmlEscaped(); };
    QString body = QStringLiteral("<h2>%1</h2>\n<table class=\"summary\" cellpadding=\"4\" cellspacing=\"0\">\n")
                       .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Summary")));
    body += row({cell(tr(locale, QT_TRANSLATE_NOOP("Statement", "Opening balance"))),
        cell(money(statement.value(QStringLiteral("opening_micros")).toInteger()), true)});
    body += row({cell(tr(locale, QT_TRANSLATE_NOOP("Statement", "Credits"))), cell(money(t.credits), true)});
    body += row({cell(tr(locale, QT_TRANSLATE_NOOP("Statement", "Debits"))), cell(money(-t.debits), true)});
    body += row({cell(tr(locale, QT_TRANSLATE_NOOP("Statement", "Closing balance"))),
                    cell(money(statement.value(QStringLiteral("closing_micros")).toInteger()), true)},
        QStringLiteral("total"));
    return body + QStringLiteral("</table>\n");
}

// One row a day: the day, a bar as wide as its share of the widest, and the amount.
QString dayRow(QDate day, qint64 amount, qint64 widest, const QLocale &numbers)
{
    return row({cell(numbers.toString(day, QLocale::ShortFormat).toHtmlEscaped()),
        QStringLiteral("<td class=\"chart\" width=\"60%\">") + bar(amount, widest) + QStringLiteral("</td>"),
        cell(formatMoney(amount, numbers).toHtmlEscaped(), true)});
}

// At most this many rows of balances: two months of days, so that a long period stays a page.
constexpr qsizetype kBalanceRows = 62;

// The balance at the end of each day from the first line's to the last's (UTC days, as the debits
// per day), a day without lines keeping the one before. A span longer than kBalanceRows shows the
// days with lines only, at most the last kBalanceRows of them, and says so.
QString balancePerDay(const QJsonObject &statement, const Totals &t, const QString &locale, const QLocale &numbers)
{
    if (t.netPerDay.isEmpty())
        return {};
    const QDate first = t.netPerDay.firstKey();
    const QDate last = t.netPerDay.lastKey();
    const bool everyDay = first.daysTo(last) < kBalanceRows;
    QList<QPair<QDate, qint64>> days;
    qint64 balance = statement.value(QStringLiteral("opening_micros")).toInteger();
    if (everyDay) {
        for (QDate day = first; day <= last; day = day.addDays(1)) {
            balance += t.netPerDay.value(day);
            days.append({day, balance});
        }
    } else {
        for (auto it = t.netPerDay.cbegin(); it != t.netPerDay.cend(); ++it) {
            balance += it.value();
            days.append({it.key(), balance});
        }
        days = days.mid(std::max<qsizetype>(0, days.size() - kBalanceRows));
    }
    qint64 widest = 0;
    for (const auto &day : std::as_const(days))
        widest = std::max(widest, day.second);
    QString body = QStringLiteral("<h2>%1</h2>\n").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Balance per day")));
    if (!everyDay)
        body += QStringLiteral("<p>%1</p>\n")
                    .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Days with lines only, at most the last %1."))
                             .arg(numbers.toString(kBalanceRows)));
    body += QStringLiteral("<table class=\"wide balance\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n");
    for (const auto &day : std::as_const(days))
        body += dayRow(day.first, day.second, widest, numbers);
    return body + QStringLiteral("</table>\n");
}

QString debitTotals(const Totals &t, const QString &locale, const QLocale &numbers)
{
    if (t.perDay.isEmpty())
        return {};
    qint64 widest = 0;
    for (const qint64 amount : t.perDay)
        widest = std::max(widest, amount);
    QString body
        = QStringLiteral("<h2>%1</h2>\n<table class=\"wide\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n")
              .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Debits per day")));
    for (auto it = t.perDay.cbegin(); it != t.perDay.cend(); ++it)
        body += dayRow(it.key(), it.value(), widest, numbers);
    body += QStringLiteral(
        "</table>\n<h2>%1</h2>\n<table class=\"wide\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n<thead>")
                .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Debits per model")));
    body += row({QStringLiteral("<th>%1</th>").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Model"))),
        QStringLiteral("<th class=\"num\">%1</th>").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Requests"))),
        QStringLiteral("<th class=\"num\">%1</th>").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Amount")))});
    body += QStringLiteral("</thead>\n");
    for (const QString &model : t.models)
        body += row({idCell(model.toHtmlEscaped()), cell(numbers.toString(t.requestsPerModel.value(model)), true),
            cell(formatMoney(t.perModel.value(model), numbers).toHtmlEscaped(), true)});
    return body + QStringLiteral("</table>\n");
}

QString linesTable(const QJsonObject &statement, const QString &locale, const QLocale &numbers)
{
    QString body = QStringLiteral(
        "<h2>%1</h2>\n<table class=\"wide lines\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n<thead><tr>")
                       .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Lines")));
    for (const char *header : {QT_TRANSLATE_NOOP("Statement", "Date"), QT_TRANSLATE_NOOP("Statement", "Kind"),
             QT_TRANSLATE_NOOP("Statement", "Request"), QT_TRANSLATE_NOOP("Statement", "Input tokens"),
             QT_TRANSLATE_NOOP("Statement", "Output tokens"), QT_TRANSLATE_NOOP("Statement", "Price version"),
             QT_TRANSLATE_NOOP("Statement", "Amount")})
        body += QStringLiteral("<th>%1</th>").arg(tr(locale, header));
    body += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (const QJsonValue &value : statement.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject line = value.toObject();
        const bool credit = line.value(QStringLiteral("kind")).toString() == QLatin1String("credit");
        const QString what = credit ? line.value(QStringLiteral("memo")).toString().toHtmlEscaped()
                                    : line.value(QStringLiteral("request_id")).toString().toHtmlEscaped();
        const qint64 amount = line.value(QStringLiteral("amount_micros")).toInteger();
        const auto count = [&](const char *field) {
            return credit ? QString() : numbers.toString(line.value(QLatin1String(field)).toInteger());
        };
        body += row({cell(when(line.value(QStringLiteral("time")).toString(), numbers).toHtmlEscaped()),
            cell(credit ? tr(locale, QT_TRANSLATE_NOOP("Statement", "Credit"))
                        : tr(locale, QT_TRANSLATE_NOOP("Statement", "Debit"))),
            idCell(what), cell(count("input_tokens"), true), cell(count("output_tokens"), true),
            cell(count("price_version"), true),
            cell(formatMoney(credit ? amount : -amount, numbers).toHtmlEscaped(), true)});
    }
    return body + QStringLiteral("</tbody>\n</table>\n");
}

} // namespace

QByteArray statementHtml(const QJsonObject &statement, const QString &locale)
{
    const QLocale numbers = Document::documentLocale(locale);
    const QString id = statement.value(QStringLiteral("customer")).toString();
    const QString name = statement.value(QStringLiteral("customer_name")).toString();
    QString body
        = QStringLiteral("<h1>%1</h1>\n<p>%2: <b>%3</b> (<span class=\"id\">%4</span>)<br>%5: %6 – %7</p>\n")
              .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Statement")),
                  tr(locale, QT_TRANSLATE_NOOP("Statement", "Customer")), (name.isEmpty() ? id : name).toHtmlEscaped(),
                  id.toHtmlEscaped(), tr(locale, QT_TRANSLATE_NOOP("Statement", "Period")),
                  when(statement.value(QStringLiteral("from")).toString(), numbers).toHtmlEscaped(),
                  when(statement.value(QStringLiteral("to")).toString(), numbers).toHtmlEscaped());
    const Totals totals = totalsOf(statement.value(QStringLiteral("lines")).toArray());
    body += summary(statement, totals, locale, numbers);
    body += balancePerDay(statement, totals, locale, numbers);
    body += debitTotals(totals, locale, numbers);
    body += linesTable(statement, locale, numbers);
    const QString rules = QStringLiteral(
        "h2 { font-size: var(--type-size-body); font-weight: var(--type-weight-bold);"
        " margin: var(--space-l) 0 var(--space-s); }\n"
        "table.wide { width: 100%; }\n"
        "table.bar { border: none; background: transparent; }\n"
        "table.bar td { padding: 0; border: none; }\n"
        "td.chart { width: 60%; }\n"
        // Ids and model names are copied from a statement: a monospaced face has no ligatures, so
        // "fi" stays two letters in a PDF reader's text as on the page.
        "td.id { font-family: var(--type-mono); font-size: var(--type-size-small); white-space: nowrap; }\n"
        "span.id { font-family: var(--type-mono); }\n"
        "table.lines td, table.lines th { font-size: var(--type-size-small); }\n"
        "table.summary { width: 50%; }\n");
    return Document::htmlPage(locale, tr(locale, QT_TRANSLATE_NOOP("Statement", "Statement")), body, rules).toUtf8();
}

} // namespace bytespike
