#include "PricingController.h"

#include "AdminResponses.h"
#include "Pricing.h"
#include "export/Document.h"
#include "http/HttpExchange.h"
#include "loop/TurnEnd.h"
#include "pricing/PricingExport.h"

namespace bytespike {

PricingController::PricingController(Pricing &pricing)
    : m_pricing(pricing)
{ }

void PricingController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto read = OperatorRole::Viewer; // every GET of the admin API
    table.add(Routes::PublicPricing, RouteTable::Access::Public, [this](HttpExchange *e, const P &) { publicCard(e); });
    table.add(Routes::PriceHistory, read, [this](HttpExchange *e, const P &) { history(e); });
    table.add(Routes::PricingExport, read, [this](HttpExchange *e, const P &) { exportCard(e); });
    table.add(Routes::PricingMargins, read, [this](HttpExchange *e, const P &) { margins(e); });
}

void PricingController::publicCard(HttpExchange *exchange)
{
    // The public rate card: no key needed, the same export as the admin one.
    exchange->respond(200, "application/json", PricingExport::json(m_pricing.card().models),
        Document::exportHeaders(Document::Format::Json));
    deleteSoon(exchange);
}

void PricingController::exportCard(HttpExchange *exchange)
{
    const QString format = exchange->query().queryItemValue(QStringLiteral("format"));
    const QString locale = exchange->query().queryItemValue(QStringLiteral("locale"));
    if (!checkLocale(exchange, locale))
        return;
    const QList<PricingRow> rows = m_pricing.card().models;
    if (format.isEmpty() || format == QLatin1String("json"))
        exchange->respond(
            200, "application/json", PricingExport::json(rows), Document::exportHeaders(Document::Format::Json));
    else if (format == QLatin1String("csv"))
        exchange->respond(
            200, "text/csv; charset=utf-8", PricingExport::csv(rows), Document::exportHeaders(Document::Format::Csv));
    else if (format == QLatin1String("html"))
        exchange->respond(200, "text/html; charset=utf-8", PricingExport::html(rows, locale),
            Document::exportHeaders(Document::Format::Html));
    else
        return respondAdminError(exchange, 400, QStringLiteral("format must be json, csv or html"));
    exchange->deleteLater();
}

void PricingController::margins(HttpExchange *exchange)
{
    respondJson(exchange, 200, m_pricing.margins().toJson());
}

void PricingController::history(HttpExchange *exchange)
{
    m_pricing.history(exchange->query().queryItemValue(QStringLiteral("channel")), exchange,
        [exchange](
            AdminResult<QList<PriceVersion>> versions) { respondJson(exchange, 200, toJsonList(versions.value())); });
}

} // namespace bytespike
