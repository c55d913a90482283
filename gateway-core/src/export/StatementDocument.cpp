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

// What the page says about the period besides its lines: the credits and debits, and the debits
// per day (UTC, as the lines' times are shown) and per model, in the order they first appear.
struct Totals
{
    qint64 credits = 0;
    qint64 debits = 0;
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
        if (line.value(QStringLiteral("kind")).toString() == QLatin1String("credit")) {
            t.credits += amount;
            continue;
        }
        t.debits += amount;
        const QDateTime time = QDateTime::fromString(line.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
        t.perDay[time.toUTC().date()] += amount;
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

// A bar as wide as share of the widest, in the first chart colour: a table cell, which every html
// engine draws, Qt's rich text included.
QString bar(qint64 amount, qint64 widest)
{
    const qint64 percent = widest > 0 ? std::max<qint64>(1, amount * 100 / widest) : 0;
    const QString color = DesignTokens::builtIn().color(QStringLiteral("light"), QStringLiteral("chart_1"));
    QString out = QStringLiteral("<table class=\"bar\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr>");
    out += QStringLiteral("<td width=\"%1%\" bgcolor=\"%2\" style=\"background: var(--color-chart-1)\">&nbsp;</td>")
               .arg(percent)
               .arg(color);
    if (percent < 100)
        out += QStringLiteral("<td width=\"%1%\">&nbsp;</td>").arg(100 - percent);
    return out + QStringLiteral("</tr></table>");
}

QString summaryAndTotals(const QJsonObject &statement, const Totals &t, const QString &locale, const QLocale &numbers)
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
    body += QStringLiteral("</table>\n");
    if (t.perDay.isEmpty())
        return body;
    qint64 widest = 0;
    for (const qint64 amount : t.perDay)
        widest = std::max(widest, amount);
    body += QStringLiteral("<h2>%1</h2>\n<table class=\"wide\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n")
                .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Debits per day")));
    for (auto it = t.perDay.cbegin(); it != t.perDay.cend(); ++it)
        body += row({cell(numbers.toString(it.key(), QLocale::ShortFormat).toHtmlEscaped()),
            QStringLiteral("<td class=\"chart\" width=\"60%\">") + bar(it.value(), widest) + QStringLiteral("</td>"),
            cell(money(it.value()), true)});
    body += QStringLiteral(
        "</table>\n<h2>%1</h2>\n<table class=\"wide\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\">\n<thead>")
                .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Debits per model")));
    body += row({QStringLiteral("<th>%1</th>").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Model"))),
        QStringLiteral("<th class=\"num\">%1</th>").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Requests"))),
        QStringLiteral("<th class=\"num\">%1</th>").arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Amount")))});
    body += QStringLiteral("</thead>\n");
    for (const QString &model : t.models)
        body += row({cell(model.toHtmlEscaped()), cell(numbers.toString(t.requestsPerModel.value(model)), true),
            cell(money(t.perModel.value(model)), true)});
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
            QStringLiteral("<td class=\"id\">%1</td>").arg(what), cell(count("input_tokens"), true),
            cell(count("output_tokens"), true), cell(count("price_version"), true),
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
        = QStringLiteral("<h1>%1</h1>\n<p>%2: <b>%3</b> (%4)<br>%5: %6 – %7</p>\n")
              .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Statement")),
                  tr(locale, QT_TRANSLATE_NOOP("Statement", "Customer")), (name.isEmpty() ? id : name).toHtmlEscaped(),
                  id.toHtmlEscaped(), tr(locale, QT_TRANSLATE_NOOP("Statement", "Period")),
                  when(statement.value(QStringLiteral("from")).toString(), numbers).toHtmlEscaped(),
                  when(statement.value(QStringLiteral("to")).toString(), numbers).toHtmlEscaped());
    body += summaryAndTotals(statement, totalsOf(statement.value(QStringLiteral("lines")).toArray()), locale, numbers);
    body += linesTable(statement, locale, numbers);
    const QString rules = QStringLiteral(
        "h2 { font-size: var(--type-size-body); font-weight: var(--type-weight-bold);"
        " margin: var(--space-l) 0 var(--space-s); }\n"
        "table.wide { width: 100%; }\n"
        "table.bar { border: none; background: transparent; }\n"
        "table.bar td { padding: 0; border: none; }\n"
        "td.chart { width: 60%; }\n"
        "td.id { font-family: var(--type-mono); font-size: var(--type-size-small); white-space: nowrap; }\n"
        "table.lines td, table.lines th { font-size: var(--type-size-small); }\n"
        "table.summary { width: 50%; }\n");
    return Document::htmlPage(locale, tr(locale, QT_TRANSLATE_NOOP("Statement", "Statement")), body, rules).toUtf8();
}

} // namespace bytespike
