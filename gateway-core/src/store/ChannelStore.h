#pragma once

#include "bytespike/AdminTypes.h"
#include "bytespike/Channel.h"

#include <QJsonArray>

namespace bytespike {

class Database;

// SQL for the channel registry. Runs on the writer thread.
namespace ChannelStore {

QList<Channel> loadAll(Database &db, QString *error);
// Every model whose prices are new or changed gets a new immutable price version by author;
// the channel's models come back with their versions filled in.
// duplicate, when given, is set when a channel with this id exists (told by SQLite's extended
// result code, SQLITE_CONSTRAINT_PRIMARYKEY or _UNIQUE).
bool insert(Database &db, Channel *channel, const QString &author, QString *error, bool *duplicate = nullptr);

enum class Outcome { Ok, NotFound, Conflict, Failed };
// Replaces the channel when expectedVersion is current; the stored version becomes +1 and is
// written back into channel->version (on Conflict it holds the current version).
Outcome replace(Database &db, Channel *channel, qint64 expectedVersion, const QString &author, QString *error);
Outcome remove(Database &db, const QString &id, QString *error);

// Price history, newest first (all channels when channelId is empty).
QList<PriceVersion> priceHistory(Database &db, const QString &channelId, QString *error);

} // namespace ChannelStore
} // namespace bytespike
