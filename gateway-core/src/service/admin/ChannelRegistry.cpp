#include "ChannelRegistry.h"

#include "base/Ids.h"
#include "base/ReasonCodes.h"
#include "protocol/InputRules.h"
#include "secrets/Keychain.h"
#include "secrets/SecretResolver.h"
#include "service/ChannelProbe.h"
#include "service/ChannelTarget.h"
#include "service/GatewayRuntime.h"
#include "store/ChannelStore.h"
#include "store/StoreWriter.h"
#include "upstream/TlsContexts.h"

#include <QPointer>

namespace bytespike {

namespace {

std::optional<Channel> findChannel(Database &db, const QString &id)
{
    QString why;
    for (const Channel &c : ChannelStore::loadAll(db, &why)) {
        if (c.id == id)
            return c;
    }
    return std::nullopt;
}

AdminResult<Channel> insertChannel(Database &db, Channel channel, const QString &author, QJsonValue *after)
{
    QString why;
    bool duplicate = false;
    if (!ChannelStore::insert(db, &channel, author, &why, &duplicate))
        return duplicate ? AdminFailure {AdminError::Conflict, QStringLiteral("a channel with this id exists")}
                         : storeFailure(why);
    *after = channelToJson(channel);
    return channel;
}

AdminResult<Channel> replaceChannel(
    Database &db, Channel channel, const QString &author, QJsonValue *before, QJsonValue *after)
{
    if (const std::optional<Channel> current = findChannel(db, channel.id))
        *before = channelToJson(*current);
    QString why;
    const qint64 sent = channel.version;
    switch (ChannelStore::replace(db, &channel, sent, author, &why)) {
    case ChannelStore::Outcome::Ok: *after = channelToJson(channel); return channel;
    case ChannelStore::Outcome::NotFound:
        return AdminFailure {AdminError::NotFound, QStringLiteral("no channel %1").arg(channel.id)};
    case ChannelStore::Outcome::Conflict:
        return AdminFailure {AdminError::Conflict,
            QStringLiteral("channel %1 was changed by someone else (version %2 now, you sent %3);"
                           " reload and apply your edit again")
                .arg(channel.id)
                .arg(channel.version)
                .arg(sent)};
    case ChannelStore::Outcome::Failed: break;
    }
    return storeFailure(why);
}

} // namespace

ChannelRegistry::ChannelRegistry(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

ChannelView ChannelRegistry::view(const ChannelRuntime &c) const
{
    const QString status = !c.channel.enabled ? QStringLiteral("disabled")
        : c.pending                           ? QStringLiteral("pending")
        : c.unavailableReason.isEmpty()       ? QStringLiteral("ready")
                                              : QStringLiteral("unavailable");
    return ChannelView {c.channel,
        ChannelState {status, c.unavailableReason, m_runtime.breakers().state(c.channel.id),
            ReasonCodes::unavailable(c.unavailableReason)}};
}

QList<ChannelView> ChannelRegistry::list() const
{
    QList<ChannelView> out;
    for (const ChannelRuntime &c : m_runtime.snapshot()->channels())
        out.append(view(c));
    return out;
}

AdminResult<ChannelView> ChannelRegistry::get(const QString &id) const
{
    for (const ChannelRuntime &c : m_runtime.snapshot()->channels()) {
        if (c.channel.id == id)
            return view(c);
    }
    return AdminFailure {AdminError::NotFound, QStringLiteral("no channel %1").arg(id)};
}

AdminFailure ChannelRegistry::legacyReplaceRefusal()
{
    return AdminFailure {AdminError::BadInput,
        QStringLiteral("this channel's id was saved before ids had a rule and cannot be replaced; create the"
                       " channel again under an id of A-Z a-z 0-9 . _ - and delete this one")};
}

bool ChannelRegistry::isLegacyId(const QString &id) const
{
    if (InputRules::isId(id))
        return false;
    for (const ChannelRuntime &c : m_runtime.snapshot()->channels()) {
        if (c.channel.id == id)
            return true;
    }
    return false;
}

// What a channel names on this machine: its secret references and its ca_file, which must hold
// at least one certificate (a typo would otherwise surface only as failed requests).
bool ChannelRegistry::referencesAcceptable(const Channel &channel, QString *error) const
{
    const QString &dataDir = m_runtime.config().dataDir;
    if (!SecretResolver::acceptable(channel.secretRef, dataDir, error))
        return false;
    if (!SecretResolver::acceptable(channel.proxySecretRef, dataDir, error)) {
        error->prepend(QStringLiteral("proxy_secret_ref: "));
        return false;
    }
    return channel.caFile.isEmpty() || TlsContexts::checkCaFile(channel.caFile, error);
}

void ChannelRegistry::create(Channel channel, const QString &author, QObject *context, AdminDone<ChannelView> done)
{
    QString error;
    if (!referencesAcceptable(channel, &error))
        return done(AdminFailure {AdminError::BadInput, error});
    if (channel.id.isEmpty())
        channel.id = Ids::newId("ch_");
    channel.version = 1;
    save(std::move(channel), true, author, context, std::move(done));
}

void ChannelRegistry::replace(
    const QString &id, Channel channel, const QString &author, QObject *context, AdminDone<ChannelView> done)
{
    QString error;
    if (!referencesAcceptable(channel, &error))
        return done(AdminFailure {AdminError::BadInput, error});
    if (!InputRules::isId(id))
        return done(legacyReplaceRefusal());
    if (!channel.id.isEmpty() && channel.id != id)
        return done(AdminFailure {AdminError::BadInput, QStringLiteral("id in the body does not match the path")});
    channel.id = id;
    save(std::move(channel), false, author, context, std::move(done));
}

void ChannelRegistry::save(
    Channel channel, bool create, const QString &author, QObject *context, AdminDone<ChannelView> done)
{
    // Where the channel would connect is checked before it is written (UpstreamPolicy): for a host
    // name that takes a lookup, so the write waits for its answer.
    checkChannelTarget(m_runtime.upstreamPolicy(), channel, context,
        [this, channel, create, author, context, done = std::move(done)](const QString &refusal) {
            if (!refusal.isEmpty())
                return done(AdminFailure {AdminError::BadInput, refusal});
            m_runtime.store().submit<AdminResult<Channel>>(
                context,
                [channel, create, author](Database &db) {
                    return audited<Channel>(db, author,
                        create ? QStringLiteral("channel.create") : QStringLiteral("channel.replace"),
                        QStringLiteral("channel/") + channel.id, [&](QJsonValue *before, QJsonValue *after) {
                            return create ? insertChannel(db, channel, author, after)
                                          : replaceChannel(db, channel, author, before, after);
                        });
                },
                [this, context, done](AdminResult<Channel> saved) {
                    if (!saved.ok())
                        return done(saved.failure());
                    const Channel channel = saved.value();
                    reloadThen(channel.id, context, [this, channel, done] {
                        // The view from the new snapshot, with its live state.
                        const AdminResult<ChannelView> now = get(channel.id);
                        done(now.ok() ? now.value() : ChannelView {channel, {}});
                    });
                });
        });
}

void ChannelRegistry::remove(const QString &id, const QString &author, QObject *context, AdminDone<ChannelDeleted> done)
{
    m_runtime.store().submit<AdminResult<ChannelDeleted>>(
        context,
        [id, author](Database &db) {
            return audited<ChannelDeleted>(db, author, QStringLiteral("channel.delete"),
                QStringLiteral("channel/") + id, [&](QJsonValue *before, QJsonValue *) -> AdminResult<ChannelDeleted> {
                    if (const std::optional<Channel> current = findChannel(db, id))
                        *before = channelToJson(*current);
                    QString why;
                    switch (ChannelStore::remove(db, id, &why)) {
                    case ChannelStore::Outcome::Ok: return ChannelDeleted {id};
                    case ChannelStore::Outcome::NotFound:
                        return AdminFailure {AdminError::NotFound, QStringLiteral("no channel %1").arg(id)};
                    default: return storeFailure(why);
                    }
                });
        },
        [this, id, context, done](AdminResult<ChannelDeleted> result) {
            if (!result.ok())
                return done(result);
            reloadThen(id, context, [done, result] { done(result); });
        });
}

void ChannelRegistry::reloadThen(const QString &id, QObject *context, std::function<void()> then)
{
    Q_UNUSED(id)
    m_runtime.store().submit<QList<Channel>>(
        context,
        [](Database &db) {
            QString why;
            return ChannelStore::loadAll(db, &why);
        },
        [this, then = std::move(then)](QList<Channel> channels) {
            m_runtime.setChannels(channels);
            then();
        });
}

void ChannelRegistry::test(const QString &id, const QString &model, QObject *context, AdminDone<ChannelTestResult> done)
{
    const SnapshotPtr snapshot = m_runtime.snapshot();
    for (const ChannelRuntime &c : snapshot->channels()) {
        if (c.channel.id != id)
            continue;
        for (const ModelRoute &route : c.channel.models) {
            if (model.isEmpty() || route.model == model) {
                ChannelProbe::run(m_runtime, snapshot, c, route, context,
                    [done](ChannelTestResult result) { done(std::move(result)); });
                return;
            }
        }
        return done(AdminFailure {AdminError::NotFound,
            model.isEmpty() ? QStringLiteral("channel %1 has no models to test").arg(id)
                            : QStringLiteral("channel %1 does not serve model %2").arg(id, model)});
    }
    done(AdminFailure {AdminError::NotFound, QStringLiteral("no channel %1").arg(id)});
}

void ChannelRegistry::setSecret(const QString &name, const std::optional<QString> &value, const QString &author,
    QObject *context, AdminDone<SecretStored> done)
{
    const bool remove = !value.has_value();
    const QByteArray bytes = value.value_or(QString()).toUtf8();
    // It is sent as a header: a line break or other control character is refused here rather
    // than leaving a channel unavailable later. The value is never echoed.
    if (!remove && !SecretResolver::validValue(bytes))
        return done(AdminFailure {
            AdminError::BadInput, QStringLiteral("value must not contain control characters or line breaks")});
    // The keychain answers first; then the change is audited (by name, never the value) and the
    // channels that use it are rebuilt by the keychain's changed() signal.
    QPointer<QObject> guard(context);
    auto written = [this, guard, name, remove, author, done](QString error) {
        if (!guard)
            return;
        if (!error.isEmpty())
            return done(AdminFailure {AdminError::Unavailable, error});
        m_runtime.store().submit<AdminResult<SecretStored>>(
            guard,
            [name, remove, author](Database &db) {
                return audited<SecretStored>(db, author,
                    remove ? QStringLiteral("secret.delete") : QStringLiteral("secret.store"),
                    QStringLiteral("secret/") + name, [&](QJsonValue *, QJsonValue *after) {
                        *after = QJsonObject {{QStringLiteral("keychain"), name}, {QStringLiteral("stored"), !remove}};
                        return AdminResult<SecretStored>(SecretStored {name, !remove});
                    });
            },
            done);
    };
    if (remove)
        m_runtime.keychain().remove(name, written);
    else
        m_runtime.keychain().store(name, bytes, written);
}

} // namespace bytespike
