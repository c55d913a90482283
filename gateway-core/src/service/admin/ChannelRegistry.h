#pragma once

#include "AdminJobs.h"
#include "routing/RoutingSnapshot.h"

#include <optional>

class QObject;

namespace bytespike {

class GatewayRuntime;

// The channel registry: channels with their model prices and live state, keychain secrets and
// channel tests. Reads come from the routing snapshot (what the last
// committed write left); writes run on the ledger writer with their audit row, and the snapshot
// is swapped only after they committed, so the next request sees exactly what the database holds.
class ChannelRegistry
{
public:
    explicit ChannelRegistry(GatewayRuntime &runtime);

    QList<ChannelView> list() const;
    AdminResult<ChannelView> get(const QString &id) const;
    // A stored channel whose id was saved before ids had a rule and breaks it: still read, tested
    // and deleted by its exact id.
    bool isLegacyId(const QString &id) const;
    // Such a channel cannot be replaced (it is created again under a valid id).
    static AdminFailure legacyReplaceRefusal();

    // Creates the channel (an id is generated when it has none). Refused when its secret
    // reference or its target is not allowed, or a channel with its id exists.
    void create(Channel channel, const QString &author, QObject *context, AdminDone<ChannelView> done);
    // Replaces channel id when channel.version is the current one (else Conflict).
    void replace(
        const QString &id, Channel channel, const QString &author, QObject *context, AdminDone<ChannelView> done);
    void remove(const QString &id, const QString &author, QObject *context, AdminDone<ChannelDeleted> done);
    // One max_tokens 1 request to model (the first model when empty), outside any account.
    void test(const QString &id, const QString &model, QObject *context, AdminDone<ChannelTestResult> done);

    // Stores (value given) or deletes a keychain secret; audited by name, the value never kept.
    void setSecret(const QString &name, const std::optional<QString> &value, const QString &author, QObject *context,
        AdminDone<SecretStored> done);

private:
    bool referencesAcceptable(const Channel &channel, QString *error) const;
    ChannelView view(const ChannelRuntime &runtime) const;
    void save(Channel channel, bool create, const QString &author, QObject *context, AdminDone<ChannelView> done);
    void reloadThen(const QString &id, QObject *context, std::function<void()> then);

    GatewayRuntime &m_runtime;
};

} // namespace bytespike
