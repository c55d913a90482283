#pragma once

#include <QByteArray>
#include <QString>

namespace bytespike::Ids {

// Random base62 text from the system CSPRNG (tokens, epochs, marks).
QByteArray randomToken(int length);
// Random base62 text for ids that are public (request, message and tool-use ids): from a
// generator of the calling thread, seeded from the system CSPRNG. Never for a secret.
QByteArray uniqueToken(int length);
// A request id: "req_", 8 base62 characters of the time in milliseconds, then random ones. Ids
// sort by time, so the ledger's and the request log's indexes on them grow at one end instead of
// touching a random page per request.
QByteArray requestId();
// A customer key: "bsk-" + 40 base62 characters.
QString newCustomerKey();
// A record id: prefix + 16 base62 characters, e.g. newId("cus_").
QString newId(const char *prefix);

} // namespace bytespike::Ids
