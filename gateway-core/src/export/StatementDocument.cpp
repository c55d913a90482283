#include "StatementDocument.h"

#include "Document.h"
#include "bytespike/Catalogue.h"
#include "bytespike/MoneyFormat.h"

#include <QDateTime>
#include <QJsonArray>
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

QByteArray statementHtml(const QJsonObject &statement, const QString &locale)
{
    const QLocale numbers = Document::documentLocale(locale);
    const auto money = [&](const QJsonValue &v) { return formatMoney(v.toInteger(), numbers).toHtmlEscaped(); };
    QString body = QStringLiteral("<h1>%1</h1>\n<p>%2: %3<br>%4: %5 – %6</p>\n")
                       .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Statement")),
                           tr(locale, QT_TRANSLATE_NOOP("Statement", "Customer")),
                           statement.value(QStringLiteral("customer")).toString().toHtmlEscaped(),
                           tr(locale, QT_TRANSLATE_NOOP("Statement", "Period")),
                           when(statement.value(QStringLiteral("from")).toString(), numbers).toHtmlEscaped(),
                           when(statement.value(QStringLiteral("to")).toString(), numbers).toHtmlEscaped());
    body += QStringLiteral("<table>\n<thead><tr>");
    for (const char *header : {QT_TRANSLATE_NOOP("Statement", "Date"), QT_TRANSLATE_NOOP("Statement", "Kind"),
             QT_TRANSLATE_NOOP("Statement", "Request"), QT_TRANSLATE_NOOP("Statement", "Input tokens"),
             QT_TRANSLATE_NOOP("Statement", "Output tokens"), QT_TRANSLATE_NOOP("Statement", "Price version"),
             QT_TRANSLATE_NOOP("Statement", "Amount")})
        body += QStringLiteral("<th>%1</th>").arg(tr(locale, header));
    body += QStringLiteral("</tr></thead>\n<tbody>\n");
    body += QStringLiteral("<tr class=\"total\"><td colspan=\"6\">%1</td><td class=\"num\">%2</td></tr>\n")
                .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Opening balance")),
                    money(statement.value(QStringLiteral("opening_micros"))));
    for (const QJsonValue &value : statement.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject line = value.toObject();
        const bool credit = line.value(QStringLiteral("kind")).toString() == QLatin1String("credit");
        const QString what = credit ? line.value(QStringLiteral("memo")).toString().toHtmlEscaped()
                                    : line.value(QStringLiteral("request_id")).toString().toHtmlEscaped();
        const qint64 amount = line.value(QStringLiteral("amount_micros")).toInteger();
        body += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"num\">%4</td>"
                               "<td class=\"num\">%5</td><td class=\"num\">%6</td><td class=\"num\">%7</td></tr>\n")
                    .arg(when(line.value(QStringLiteral("time")).toString(), numbers).toHtmlEscaped(),
                        credit ? tr(locale, QT_TRANSLATE_NOOP("Statement", "Credit"))
                               : tr(locale, QT_TRANSLATE_NOOP("Statement", "Debit")),
                        what,
                        credit ? QString() : numbers.toString(line.value(QStringLiteral("input_tokens")).toInteger()),
                        credit ? QString() : numbers.toString(line.value(QStringLiteral("output_tokens")).toInteger()),
                        credit ? QString() : numbers.toString(line.value(QStringLiteral("price_version")).toInteger()),
                        formatMoney(credit ? amount : -amount, numbers).toHtmlEscaped());
    }
    body += QStringLiteral("<tr class=\"total\"><td colspan=\"6\">%1</td><td class=\"num\">%2</td></tr>\n")
                .arg(tr(locale, QT_TRANSLATE_NOOP("Statement", "Closing balance")),
                    money(statement.value(QStringLiteral("closing_micros"))));
    body += QStringLiteral("</tbody>\n</table>\n");
    return Document::htmlPage(locale, tr(locale, QT_TRANSLATE_NOOP("Statement", "Statement")), body).toUtf8();
}

} // namespace bytespike
