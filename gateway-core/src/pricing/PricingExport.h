#pragma once

#include "bytespike/AdminTypes.h"
#include "routing/RoutingSnapshot.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace bytespike {

// The public rate card (issue 5, item 5), generated from the one pricing source: the routing
// snapshot, which is the /admin/channels registry as last committed. Every model of every
// enabled channel, with its customer prices and price version; never an upstream cost, a base
// URL or a secret reference.
namespace PricingExport {

// One model of the rate card: the admin API's PricingRow.
using Row = PricingRow;

// Sorted by model, then channel name.
QList<Row> rows(const RoutingSnapshot &snapshot);

QByteArray json(const QList<Row> &rows);
QByteArray csv(const QList<Row> &rows);
// One self-contained page (no external request of any kind), styled from
// resources/design-tokens.json and worded from the translation catalogue in locale.
QByteArray html(const QList<Row> &rows, const QString &locale);

} // namespace PricingExport
} // namespace bytespike
