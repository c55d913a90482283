#pragma once

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

struct Row
{
    QString model;
    QString channelId;
    QString channelName;
    qint64 inputMicrosPerMtok = 0;
    qint64 outputMicrosPerMtok = 0;
    qint64 cacheWriteMicrosPerMtok = 0;
    qint64 cacheReadMicrosPerMtok = 0;
    qint64 priceVersion = 0;
};

// Sorted by model, then channel name.
QList<Row> rows(const RoutingSnapshot &snapshot);

QByteArray json(const QList<Row> &rows);
QByteArray csv(const QList<Row> &rows);
// One self-contained page (no external request of any kind), styled from
// resources/design-tokens.json and worded from the translation catalogue in locale.
QByteArray html(const QList<Row> &rows, const QString &locale);

} // namespace PricingExport
} // namespace bytespike
