#include "ChannelStore.h"

#include "Database.h"
#include "UnitOfWork.h"

#include <QDateTime>
#include <QJsonDocument>

namespace bytespike::ChannelStore {

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Gives each model the price version matching its prices: the channel's current version for
// that model when nothing changed, otherwise a new immutable row that points at its predecessor.
bool assignPriceVersions(Database &db, Channel *channel, const QString &author, QString *error)
{
    Statement current = db.prepare(
        "SELECT pv.id, pv.input_micros_per_mtok, pv.output_micros_per_mtok, pv.cache_write_micros_per_mtok,"
        " pv.cache_read_micros_per_mtok FROM price_versions pv WHERE pv.channel_id = ? AND pv.model = ?"
        " ORDER BY pv.id DESC LIMIT 1");
    Statement add
        = db.prepare("INSERT INTO price_versions (channel_id, model, input_micros_per_mtok, output_micros_per_mtok,"
                     " cache_write_micros_per_mtok, cache_read_micros_per_mtok, previous_id, author, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            Returns::Id);
    for (ModelRoute &m : channel->models) {
        current.reset();
        current.bind(1, channel->id).bind(2, m.model);
        qint64 previous = 0;
        if (current.next()) {
            previous = current.int64(0);
            if (current.int64(1) == m.inputMicrosPerMtok && current.int64(2) == m.outputMicrosPerMtok
                && current.int64(3) == m.cacheWriteMicrosPerMtok && current.int64(4) == m.cacheReadMicrosPerMtok) {
                m.priceVersion = previous;
                continue;
            }
        }
        add.reset();
        add.bind(1, channel->id).bind(2, m.model).bind(3, m.inputMicrosPerMtok).bind(4, m.outputMicrosPerMtok);
        add.bind(5, m.cacheWriteMicrosPerMtok).bind(6, m.cacheReadMicrosPerMtok);
        if (previous)
            add.bind(7, previous);
        else
            add.bindNull(7);
        add.bind(8, author).bind(9, now());
        if (!add.exec()) {
            *error = add.error();
            return false;
        }
        m.priceVersion = add.insertedId();
    }
    return true;
}

bool insertModels(Database &db, const Channel &channel, QString *error)
{
    Statement st
        = db.prepare("INSERT INTO channel_models (channel_id, position, model, upstream_model, input_micros_per_mtok,"
                     " output_micros_per_mtok, cache_write_micros_per_mtok, cache_read_micros_per_mtok, price_version,"
                     " cost_input_micros_per_mtok, cost_output_micros_per_mtok, cost_cache_write_micros_per_mtok,"
                     " cost_cache_read_micros_per_mtok) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (qsizetype i = 0; i < channel.models.size(); ++i) {
        const ModelRoute &m = channel.models[i];
        st.reset();
        st.bind(1, channel.id).bind(2, qint64(i)).bind(3, m.model).bind(4, m.upstreamModel);
        st.bind(5, m.inputMicrosPerMtok).bind(6, m.outputMicrosPerMtok);
        st.bind(7, m.cacheWriteMicrosPerMtok).bind(8, m.cacheReadMicrosPerMtok).bind(9, m.priceVersion);
        const qint64 costs[] = {m.costInputMicrosPerMtok, m.costOutputMicrosPerMtok, m.costCacheWriteMicrosPerMtok,
            m.costCacheReadMicrosPerMtok};
        for (int c = 0; c < 4; ++c) {
            if (m.hasUpstreamCost)
                st.bind(10 + c, costs[c]);
            else
                st.bindNull(10 + c);
        }
        if (!st.exec()) {
            *error = st.error();
            return false;
        }
    }
    return true;
}

} // namespace

QList<Channel> loadAll(Database &db, QString *error)
{
    QList<Channel> channels;
    Statement st = db.prepare("SELECT id, name, protocol, base_url, secret_ref, enabled, priority, weight, version,"
                              " options, ca_file, proxy, proxy_secret_ref FROM channels ORDER BY created_at, id");
    while (st.next()) {
        Channel c;
        c.id = st.text(0);
        c.name = st.text(1);
        parseProtocol(st.text(2), &c.protocol);
        c.baseUrl = st.text(3);
        c.secretRef = st.text(4);
        c.enabled = st.int64(5) != 0;
        c.priority = st.int64(6);
        c.weight = st.int64(7);
        c.version = st.int64(8);
        c.options = QJsonDocument::fromJson(st.text(9).toUtf8()).object();
        c.caFile = st.text(10);
        c.proxy = st.text(11);
        c.proxySecretRef = st.text(12);
        channels.append(c);
    }
    if (!st.error().isEmpty()) {
        *error = st.error();
        return {};
    }
    Statement models = db.prepare(
        "SELECT model, upstream_model, input_micros_per_mtok, output_micros_per_mtok, cache_write_micros_per_mtok,"
        " cache_read_micros_per_mtok, price_version, cost_input_micros_per_mtok, cost_output_micros_per_mtok,"
        " cost_cache_write_micros_per_mtok, cost_cache_read_micros_per_mtok"
        " FROM channel_models WHERE channel_id = ? ORDER BY position");
    for (Channel &c : channels) {
        models.reset();
        models.bind(1, c.id);
        while (models.next()) {
            ModelRoute m {models.text(0), models.text(1), models.int64(2), models.int64(3), models.int64(4),
                models.int64(5), models.int64(6)};
            m.hasUpstreamCost = !models.isNull(7);
            if (m.hasUpstreamCost) {
                m.costInputMicrosPerMtok = models.int64(7);
                m.costOutputMicrosPerMtok = models.int64(8);
                m.costCacheWriteMicrosPerMtok = models.int64(9);
                m.costCacheReadMicrosPerMtok = models.int64(10);
            }
            c.models.append(m);
        }
    }
    return channels;
}

bool insert(Database &db, Channel *channel, const QString &author, QString *error, bool *duplicate)
{
    const auto write = [&] {
        Statement st = db.prepare("INSERT INTO channels (id, name, protocol, base_url, secret_ref, enabled,"
                                  " priority, weight, version, created_at, updated_at, options, ca_file, proxy,"
                                  " proxy_secret_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        st.bind(13, channel->caFile).bind(14, channel->proxy).bind(15, channel->proxySecretRef);
        st.bind(12, QString::fromUtf8(QJsonDocument(channel->options).toJson(QJsonDocument::Compact)));
        st.bind(1, channel->id).bind(2, channel->name).bind(3, protocolName(channel->protocol));
        st.bind(4, channel->baseUrl).bind(5, channel->secretRef).bind(6, qint64(channel->enabled ? 1 : 0));
        st.bind(7, channel->priority).bind(8, channel->weight).bind(9, channel->version);
        st.bind(10, now()).bind(11, now());
        if (!st.exec()) {
            *error = st.error();
            if (duplicate)
                *duplicate = st.isUniqueViolation();
            return false;
        }
        return assignPriceVersions(db, channel, author, error) && insertModels(db, *channel, error);
    };
    UnitOfWork work(db);
    return work.begun(error) && write() && work.commit(error);
}

Outcome replace(Database &db, Channel *channel, qint64 expectedVersion, const QString &author, QString *error)
{
    Outcome outcome = Outcome::Failed;
    const auto write = [&] {
        Statement current = db.prepare("SELECT version FROM channels WHERE id = ?");
        current.bind(1, channel->id);
        if (!current.next()) {
            outcome = current.error().isEmpty() ? Outcome::NotFound : Outcome::Failed;
            *error = current.error();
            return false;
        }
        if (current.int64(0) != expectedVersion) {
            outcome = Outcome::Conflict;
            channel->version = current.int64(0);
            return false;
        }
        Statement st = db.prepare("UPDATE channels SET name = ?1, protocol = ?2, base_url = ?3, secret_ref = ?4,"
                                  " enabled = ?5, priority = ?6, weight = ?7, version = version + 1, updated_at = ?8,"
                                  " options = ?11, ca_file = ?12, proxy = ?13, proxy_secret_ref = ?14"
                                  " WHERE id = ?9 AND version = ?10");
        st.bind(12, channel->caFile).bind(13, channel->proxy).bind(14, channel->proxySecretRef);
        st.bind(11, QString::fromUtf8(QJsonDocument(channel->options).toJson(QJsonDocument::Compact)));
        st.bind(1, channel->name).bind(2, protocolName(channel->protocol)).bind(3, channel->baseUrl);
        st.bind(4, channel->secretRef).bind(5, qint64(channel->enabled ? 1 : 0)).bind(6, channel->priority);
        st.bind(7, channel->weight).bind(8, now()).bind(9, channel->id).bind(10, expectedVersion);
        if (!st.exec() || st.changes() != 1) {
            *error = st.error();
            return false;
        }
        Statement clear = db.prepare("DELETE FROM channel_models WHERE channel_id = ?");
        clear.bind(1, channel->id);
        if (!clear.exec()) {
            *error = clear.error();
            return false;
        }
        if (!assignPriceVersions(db, channel, author, error) || !insertModels(db, *channel, error))
            return false;
        outcome = Outcome::Ok;
        channel->version = expectedVersion + 1;
        return true;
    };
    UnitOfWork work(db);
    if (work.begun(error) && write() && !work.commit(error))
        outcome = Outcome::Failed;
    return outcome;
}

Outcome remove(Database &db, const QString &id, QString *error)
{
    Statement st = db.prepare("DELETE FROM channels WHERE id = ?");
    st.bind(1, id);
    if (!st.exec()) {
        *error = st.error();
        return Outcome::Failed;
    }
    return st.changes() == 1 ? Outcome::Ok : Outcome::NotFound;
}

} // namespace bytespike::ChannelStore

namespace bytespike::ChannelStore {

QList<PriceVersion> priceHistory(Database &db, const QString &channelId, QString *error)
{
    Statement st
        = db.prepare("SELECT pv.id, pv.channel_id, pv.model, pv.input_micros_per_mtok, pv.output_micros_per_mtok,"
                     " pv.cache_write_micros_per_mtok, pv.cache_read_micros_per_mtok, pv.author, pv.created_at,"
                     " prev.input_micros_per_mtok, prev.output_micros_per_mtok, prev.cache_write_micros_per_mtok,"
                     " prev.cache_read_micros_per_mtok, pv.previous_id IS NOT NULL"
                     " FROM price_versions pv LEFT JOIN price_versions prev ON prev.id = pv.previous_id"
                     " WHERE (?1 = '' OR pv.channel_id = ?1) ORDER BY pv.id DESC");
    st.bind(1, channelId);
    QList<PriceVersion> out;
    while (st.next()) {
        auto prices = [&st](int at) {
            return TokenPrices {st.int64(at), st.int64(at + 1), st.int64(at + 2), st.int64(at + 3)};
        };
        PriceVersion v {st.int64(0), st.text(1), st.text(2), prices(3), std::nullopt, st.text(7), st.int64(8)};
        if (st.int64(13))
            v.oldPrices = prices(9);
        out.append(v);
    }
    if (!st.error().isEmpty())
        *error = st.error();
    return out;
}

} // namespace bytespike::ChannelStore
