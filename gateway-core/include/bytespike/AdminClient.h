#pragma once

#include "bytespike/AdminTypes.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace bytespike {

struct RouteSpec;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One request in flight over an AdminTransport. It lives on the thread that sent it, reports the
// response as it arrives (a stream piece by piece) and deletes itself after finished().
class TransportReply : public QObject
{
    Q_OBJECT
public:
    // The request-id the gateway gave the request (empty until known).
    QByteArray requestId() const { return m_requestId; }
    int status() const { return m_status; }
    const HeaderList &headers() const { return m_headers; }
    QByteArray header(const QByteArray &lowerCaseName) const;
    const QByteArray &body() const { return m_body; }
    // Whether the whole response arrived (false when it was cut off or cancelled).
    bool complete() const { return m_complete; }
    bool ok() const { return m_complete && m_status >= 200 && m_status < 300; }
    // Whether body() gathers what arrives (the default). An endless stream turns it off once its
    // head is in, so that a subscription holds no more than its current event. A kept body larger
    // than kMaxBodyBytes ends the request (cancel()): no answer of the API comes near it.
    void keepBody(bool keep) { m_keepBody = keep; }
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

public Q_SLOTS:
    // Gives up on the request; finished() still follows.
    virtual void cancel() = 0;

Q_SIGNALS:
    void headReceived(int status);
    void dataReceived(const QByteArray &data);
    void finished();

protected:
    explicit TransportReply(QObject *parent = nullptr)
        : QObject(parent)
    { }
    // For the implementations: record what arrived and tell the listeners.
    void setRequestId(const QByteArray &id) { m_requestId = id; }
    void reportHead(int status, const HeaderList &headers);
    void reportData(const QByteArray &data);
    void reportEnd(bool complete);
    bool ended() const { return m_ended; }

private:
    QByteArray m_requestId;
    int m_status = 0;
    HeaderList m_headers;
    QByteArray m_body;
    bool m_complete = false;
    bool m_ended = false;
    bool m_keepBody = true;
};

// How an AdminClient reaches a gateway: in-process (InProcessTransport.h) or over HTTP
// (HttpAdminTransport below). send() never blocks; the reply lives on the calling thread.
class AdminTransport
{
public:
    virtual ~AdminTransport() = default;
    virtual TransportReply *send(
        const QByteArray &method, const QString &target, const QByteArray &body, const HeaderList &headers)
        = 0;
};

// Admin calls over HTTP to a running gateway's admin address, with its admin token.
class HttpAdminTransport : public AdminTransport
{
public:
    HttpAdminTransport(QString baseUrl, QByteArray adminToken);
    ~HttpAdminTransport() override;
    TransportReply *send(
        const QByteArray &method, const QString &target, const QByteArray &body, const HeaderList &headers) override;

private:
    QString m_baseUrl;
    QByteArray m_token;
};

// A failed call: the HTTP status (0 when no response arrived) and the error envelope's type and
// message.
struct ClientError
{
    int status = 0;
    QString type;
    QString message;

    AdminError code() const { return adminErrorForStatus(status); }
};

// A call's outcome: its value, or the error.
template <typename T> class ClientResult
{
public:
    ClientResult(T value)
        : m_value(std::move(value))
    { }
    ClientResult(ClientError error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    const T &value() const { return *m_value; }
    const ClientError &error() const { return m_error; }

private:
    std::optional<T> m_value;
    ClientError m_error;
};

// Which public protocol a playground request speaks.
enum class ApiProtocol { Anthropic, OpenAI };

// A public model request (the playground's), typed: AdminClient::modelRequestBody writes it as
// the request body of its protocol (Messages or Chat Completions).
struct ModelPrompt
{
    ApiProtocol protocol = ApiProtocol::Anthropic;
    QString model;
    int maxTokens = 256;
    QString system; // empty: none
    QString userText; // one user message, used when messages is empty
    QJsonArray messages; // or a conversation, as the caller wrote it in the protocol's own form
    std::optional<QJsonArray> tools; // as the caller wrote them; none: left out
    bool stream = false;
};

// What a model answer says, read from a whole answer or from one server-sent event of a stream,
// in either protocol. What the answer (or the event) does not carry stays empty.
struct ModelAnswerPart
{
    QString text; // a whole answer's text, or the text an event adds
    QString stopReason; // why the answer ended
    std::optional<qint64> inputTokens; // a whole answer always has both counts (0 when absent)
    std::optional<qint64> outputTokens;
    QString errorMessage; // an error envelope's message

    static ModelAnswerPart fromAnswer(ApiProtocol protocol, const QByteArray &body);
    // One event as it came ("event: ...\ndata: ..."), without the blank line that ends it.
    static ModelAnswerPart fromEvent(ApiProtocol protocol, const QByteArray &event);
};

// Splits a streamed answer into its server-sent events as the bytes arrive, and reads each.
class ModelStreamReader
{
public:
    struct Event
    {
        QByteArray text; // the event as it came
        ModelAnswerPart part;
    };

    explicit ModelStreamReader(ApiProtocol protocol = ApiProtocol::Anthropic)
        : m_protocol(protocol)
    { }
    // The events the bytes complete, in order; a partial event waits for the rest.
    QList<Event> feed(const QByteArray &data);

private:
    ApiProtocol m_protocol;
    QByteArray m_pending; // bytes not yet split into events
};

// The console's typed way to the gateway's HTTP API: one method per operation, paths from
// AdminRoutes.h, bodies and answers read and written by AdminTypes. Every callback runs on the
// thread of `context` and only while it exists; no method ever blocks. Mutations are recorded in
// the audit log under the caller the gateway knows from the transport: the operator its token
// names, or "console" in process.
class AdminClient
{
public:
    template <typename T> using Callback = std::function<void(const ClientResult<T> &)>;

    explicit AdminClient(std::shared_ptr<AdminTransport> transport);

    // Channels. A channel goes to the server as channelToJson writes it; the server checks it.
    // createChannel takes an empty id as "make one up"; replaceChannel sends the version the
    // channel was read at, and a newer one on the server answers Conflict.
    void listChannels(QObject *context, Callback<QList<ChannelView>> done) const;
    void getChannel(QObject *context, const QString &id, Callback<ChannelView> done) const;
    void createChannel(QObject *context, const Channel &channel, Callback<ChannelView> done) const;
    void replaceChannel(QObject *context, const Channel &channel, Callback<ChannelView> done) const;
    void deleteChannel(QObject *context, const QString &id, Callback<ChannelDeleted> done) const;
    void testChannel(QObject *context, const QString &id, Callback<ChannelTestResult> done) const;
    void storeSecret(QObject *context, const QString &name, const QString &value, Callback<SecretStored> done) const;
    void deleteSecret(QObject *context, const QString &name, Callback<SecretStored> done) const;

    // Customers and the ledger.
    void listCustomers(QObject *context, Callback<QList<Customer>> done) const;
    void getCustomer(QObject *context, const QString &id, Callback<Customer> done) const;
    void createCustomer(QObject *context, const NewCustomer &customer, Callback<Customer> done) const;
    void updateCustomer(
        QObject *context, const QString &customerId, const CustomerSettings &settings, Callback<Customer> done) const;
    void createKey(QObject *context, const QString &customerId, const NewKey &key, Callback<CreatedKey> done) const;
    // Replaces the key's limits (and its name, when given); answers the key as listed.
    void updateKey(QObject *context, const QString &customerId, const QString &keyId, const KeySettings &settings,
        Callback<ApiKey> done) const;
    void revokeKey(QObject *context, const QString &customerId, const QString &keyId, Callback<KeyRevoked> done) const;
    void addCredit(
        QObject *context, const QString &customerId, const NewCredit &credit, Callback<LedgerEntry> done) const;
    void statement(QObject *context, const QString &customerId, const StatementQuery &query,
        Callback<AccountStatement> done) const;
    // A statement in another format (csv, html...) as the server renders it; locale (optional)
    // picks the language of an html one.
    void statementDocument(QObject *context, const QString &customerId, const StatementQuery &query,
        const QString &format, const QString &locale, Callback<QByteArray> done) const;
    void holds(QObject *context, const HoldQuery &query, Callback<QList<Hold>> done) const;
    void requests(QObject *context, const RequestQuery &query, Callback<QList<RequestLogItem>> done) const;
    void audit(QObject *context, const AuditQuery &query, Callback<QList<AuditEntry>> done) const;
    void usage(QObject *context, const UsageQuery &query, Callback<UsageSummary> done) const;

    // Pricing.
    void priceHistory(QObject *context, const QString &channelId, Callback<QList<PriceVersion>> done) const;
    void pricingExport(QObject *context, Callback<PricingCard> done) const;
    void margins(QObject *context, Callback<Margins> done) const;
    void publicPricing(QObject *context, Callback<PricingCard> done) const;

    void metrics(QObject *context, Callback<MetricsSnapshot> done) const;
    // GET /admin/events: onSnapshot gets each `metrics` event's snapshot as it arrives (the shape
    // of GET /admin/metrics, customers null), on the thread of context. The reply says when the
    // stream ended (finished(), with its status and, for a refusal, its error body); cancel()
    // ends it. An event larger than kMaxEventBytes ends it too.
    static constexpr qsizetype kMaxEventBytes = 4 * 1024 * 1024;
    TransportReply *events(QObject *context, std::function<void(const QJsonObject &)> onSnapshot) const;

    // Named operators (the admin role only).
    void listOperators(QObject *context, Callback<QList<Operator>> done) const;
    void createOperator(QObject *context, const NewOperator &op, Callback<CreatedOperator> done) const;
    void revokeOperator(QObject *context, const QString &id, Callback<OperatorRevoked> done) const;

    // A public model request (the playground's): the body as given, authenticated by a customer
    // key. The reply reports the head, each piece of the body as it streams, and the end, on the
    // caller's thread; cancel() on it gives up. The caller listens to its signals.
    TransportReply *sendModelRequest(ApiProtocol protocol, const QByteArray &customerKey, const QByteArray &body) const;
    // A typed prompt, sent as modelRequestBody writes it.
    TransportReply *sendModelPrompt(const QByteArray &customerKey, const ModelPrompt &prompt) const;
    static QByteArray modelRequestBody(const ModelPrompt &prompt);
    // The path and the headers (the key among them) such a request carries.
    static QString modelRequestPath(ApiProtocol protocol);
    static HeaderList modelRequestHeaders(ApiProtocol protocol, const QByteArray &customerKey);

    // The error a finished reply stands for (status, envelope type and message).
    static ClientError errorOf(const TransportReply &reply);

private:
    template <typename T>
    void call(QObject *context, const RouteSpec &route, const QStringList &params, const QString &query,
        const QJsonObject &body, std::function<T(const QJsonObject &)> read, Callback<T> done) const;
    void send(QObject *context, const RouteSpec &route, const QStringList &params, const QString &query,
        const QJsonObject &body, std::function<void(const TransportReply &)> finished) const;

    std::shared_ptr<AdminTransport> m_transport;
};

} // namespace bytespike
