#pragma once

#include "AdminJobs.h"

class QObject;

namespace bytespike {

class GatewayRuntime;

// What the ledger, the request log and the audit log hold, read on the ledger writer: holds (with
// the open ones from the hold book, most of which have no row yet), statements, requests and
// admin mutations, and the request log summed up (usage).
class LedgerQueries
{
public:
    explicit LedgerQueries(GatewayRuntime &runtime);

    void holds(const HoldQuery &query, QObject *context, AdminDone<QList<Hold>> done);
    // NotFound for a customer that does not exist. query has both ends filled in.
    void statement(
        const QString &customerId, const StatementQuery &query, QObject *context, AdminDone<AccountStatement> done);
    void requests(const RequestQuery &query, QObject *context, AdminDone<QList<RequestLogItem>> done);
    void audit(const AuditQuery &query, QObject *context, AdminDone<QList<AuditEntry>> done);
    void usage(const UsageQuery &query, QObject *context, AdminDone<UsageSummary> done);

private:
    GatewayRuntime &m_runtime;
};

} // namespace bytespike
