#include "PricingExport.h"

#include "bytespike/Catalogue.h"
#include "bytespike/MoneyFormat.h"
#include "export/Document.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace bytespike::PricingExport {

namespace {

constexpr const char *kContext = "PricingExport";

QString tr(const QString &locale, const char *source)
{
    return Catalogue::text(locale, kContext, source);
}

QString escapeHtml(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QList<Row> rows(const RoutingSnapshot &snapshot)
{
    QList<Row> out;
    for (const ChannelRuntime &runtime : snapshot.channels()) {
        const Channel &c = runtime.channel;
        if (!c.enabled)
            continue;
        for (const ModelRoute &m : c.models)
            out.append(Row {m.model, c.id, c.name, m.inputMicrosPerMtok, m.outputMicrosPerMtok,
                m.cacheWriteMicrosPerMtok, m.cacheReadMicrosPerMtok, m.priceVersion});
    }
    std::sort(out.begin(), out.end(), [](const Row &a, const Row &b) {
        return a.model != b.model
            ? a.model < b.model
            : (a.channelName != b.channelName ? a.channelName < b.channelName : a.channelId < b.channelId);
    });
    return out;
}

QByteArray json(const QList<Row> &rows)
{
    PricingCard card;
    card.models = rows;
    return QJsonDocument(card.toJson()).toJson(QJsonDocument::Compact);
}

QByteArray csv(const QList<Row> &rows)
{
    QString out = QStringLiteral("model,channel,channel_name,input_micros_per_mtok,output_micros_per_mtok,"
                                 "cache_write_micros_per_mtok,cache_read_micros_per_mtok,price_version\r\n");
    for (const Row &r : rows) {
        out += QStringList {Document::csvField(r.model), Document::csvField(r.channelId),
                   Document::csvField(r.channelName), Document::csvNumber(r.inputMicrosPerMtok),
                   Document::csvNumber(r.outputMicrosPerMtok), Document::csvNumber(r.cacheWriteMicrosPerMtok),
                   Document::csvNumber(r.cacheReadMicrosPerMtok), Document::csvNumber(r.priceVersion)}
                   .join(QLatin1Char(','))
            + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray html(const QList<Row> &rows, const QString &locale)
{
    // Numbers, money and the date in the page's locale (csv and JSON stay machine formats).
    const QLocale numbers = Document::documentLocale(locale);
    QString page;
    page += QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n")
                .arg(escapeHtml(tr(locale, QT_TRANSLATE_NOOP("PricingExport", "Rate card"))),
                    escapeHtml(
                        tr(locale, QT_TRANSLATE_NOOP("PricingExport", "Prices in US dollars per million tokens"))));
    if (rows.isEmpty()) {
        page
            += QStringLiteral("<p>%1</p>\n")
                   .arg(escapeHtml(tr(locale, QT_TRANSLATE_NOOP("PricingExport", "No models are offered right now."))));
    } else {
        page += QStringLiteral("<table>\n<thead><tr>");
        for (const char *header : {QT_TRANSLATE_NOOP("PricingExport", "Model"),
                 QT_TRANSLATE_NOOP("PricingExport", "Channel"), QT_TRANSLATE_NOOP("PricingExport", "Input"),
                 QT_TRANSLATE_NOOP("PricingExport", "Output"), QT_TRANSLATE_NOOP("PricingExport", "Cache write"),
                 QT_TRANSLATE_NOOP("PricingExport", "Cache read"), QT_TRANSLATE_NOOP("PricingExport", "Price version")})
            page += QStringLiteral("<th>%1</th>").arg(escapeHtml(tr(locale, header)));
        page += QStringLiteral("</tr></thead>\n<tbody>\n");
        for (const Row &r : rows) {
            page += QStringLiteral("<tr><td>%1</td><td>%2</td>").arg(escapeHtml(r.model), escapeHtml(r.channelName));
            for (const qint64 price :
                {r.inputMicrosPerMtok, r.outputMicrosPerMtok, r.cacheWriteMicrosPerMtok, r.cacheReadMicrosPerMtok})
                page += QStringLiteral("<td class=\"num\">%1</td>").arg(escapeHtml(formatMoney(price, numbers)));
            page += QStringLiteral("<td class=\"num\">%1</td></tr>\n").arg(numbers.toString(r.priceVersion));
        }
        page += QStringLiteral("</tbody>\n</table>\n");
    }
    page += QStringLiteral("<footer>%1</footer>\n")
                .arg(escapeHtml(
                    tr(locale, QT_TRANSLATE_NOOP("PricingExport", "Generated %1 from the gateway's channel registry"))
                        .arg(numbers.toString(QDateTime::currentDateTimeUtc(), QLocale::LongFormat))));
    return Document::htmlPage(locale, escapeHtml(tr(locale, QT_TRANSLATE_NOOP("PricingExport", "Rate card"))), page)
        .toUtf8();
}

} // namespace bytespike::PricingExport
