// Benchmark (run by hand): the client-side cost of one upstream HTTP client, libcurl's multi
// interface or the gateway's own UpstreamClient, driven as fast as it goes against one upstream
// (a TLS 1.3 keep-alive server in tests/bench/client-compare.sh). It keeps --concurrency Anthropic
// Messages POSTs in flight until --requests completed after a warm-up, reads every answer to its
// end and prints requests/s, CPU per request (this process, every thread), p50/p99 latency and,
// for curl, the connections it opened.
//   build/tests/bench/bench_upstream_probe --client curl|gateway --url URL --ca FILE
//       [--concurrency 32] [--requests 20000] [--warmup 500] [--stream] [--body FILE] [--http2]
#include "routing/UpstreamPolicy.h"
#include "upstream/UpstreamCall.h"
#include "upstream/UpstreamClient.h"

#include "bytespike/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QFile>
#include <QUrl>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#if BYTESPIKE_HAVE_CURL
#include <curl/curl.h>
#endif

namespace {

struct Options
{
    std::string client, url, ca, bodyFile;
    int concurrency = 32;
    int requests = 20000;
    int warmup = 500;
    bool stream = false;
    bool http2 = false;
};

bool parseOptions(int argc, char **argv, Options &o)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--stream")
            o.stream = true;
        else if (a == "--http2")
            o.http2 = true;
        else if (!hasValue)
            return false;
        else if (a == "--client")
            o.client = argv[++i];
        else if (a == "--url")
            o.url = argv[++i];
        else if (a == "--ca")
            o.ca = argv[++i];
        else if (a == "--body")
            o.bodyFile = argv[++i];
        else if (a == "--concurrency")
            o.concurrency = std::atoi(argv[++i]);
        else if (a == "--requests")
            o.requests = std::atoi(argv[++i]);
        else if (a == "--warmup")
            o.warmup = std::atoi(argv[++i]);
        else
            return false;
    }
    return (o.client == "curl" || o.client == "gateway") && !o.url.empty() && o.concurrency > 0 && o.requests > 0
        && o.warmup >= 0;
}

std::string requestBody(const Options &o)
{
    if (o.bodyFile.empty())
        return std::string(R"({"model":"mock-model","max_tokens":16,"stream":)") + (o.stream ? "true" : "false")
            + R"(,"messages":[{"role":"user","content":"benchmark"}]})";
    std::ifstream in(o.bodyFile, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_upstream_probe: cannot read %s\n", o.bodyFile.c_str());
        std::exit(2);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

double nowUs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

// User plus system time of the whole process: libcurl works on this thread, but Qt's network
// access manager does its HTTP work on a thread of its own, and both must count.
double cpuUs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto us = [](const timeval &t) { return double(t.tv_sec) * 1e6 + double(t.tv_usec); };
    return us(usage.ru_utime) + us(usage.ru_stime);
}

// What both drivers record. The first `warmup` completions are left out, so connection set-up,
// TLS handshakes and first-use allocations do not count; the measured phase runs from the
// warm-up's last completion to the last request's.
class Tally
{
public:
    Tally(const Options &o)
        : m_warmup(o.warmup)
        , m_total(o.warmup + o.requests)
    {
        m_latenciesUs.reserve(std::size_t(o.requests));
        if (m_warmup == 0)
            startMeasuring();
    }

    bool wantsMore() const { return m_launched < m_total; }
    bool done() const { return m_completed >= m_total; }
    void onLaunch() { ++m_launched; }
    void addBytes(std::size_t n) { m_bytes += n; }
    void addConnections(long n) { (measuring() ? m_connections : m_warmupConnections) += n; }
    void setProtocol(const std::string &protocol) { m_protocol = protocol; }

    void complete(double startedUs, bool ok)
    {
        const double now = nowUs();
        if (measuring()) {
            m_latenciesUs.push_back(now - startedUs);
            m_errors += ok ? 0 : 1;
        } else {
            m_warmupErrors += ok ? 0 : 1;
        }
        if (++m_completed == m_warmup)
            startMeasuring();
        if (done()) {
            m_wallEnd = now;
            m_cpuEnd = cpuUs();
        }
    }

    void print(const std::string &client, bool stream, int concurrency, bool connectionsKnown);

private:
    bool measuring() const { return m_completed >= m_warmup; }
    void startMeasuring()
    {
        m_wallStart = nowUs();
        m_cpuStart = cpuUs();
    }

    int m_warmup;
    int m_total;
    int m_launched = 0;
    int m_completed = 0;
    int m_errors = 0;
    int m_warmupErrors = 0;
    long m_connections = 0;
    long m_warmupConnections = 0;
    unsigned long long m_bytes = 0;
    double m_wallStart = 0, m_cpuStart = 0, m_wallEnd = 0, m_cpuEnd = 0;
    std::vector<double> m_latenciesUs;
    std::string m_protocol;
};

double percentile(std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto i = std::size_t(std::ceil(p * double(sorted.size()))) - 1;
    return sorted[std::min(i, sorted.size() - 1)];
}

void Tally::print(const std::string &client, bool stream, int concurrency, bool connectionsKnown)
{
    std::sort(m_latenciesUs.begin(), m_latenciesUs.end());
    const int measured = int(m_latenciesUs.size());
    const double wallS = (m_wallEnd - m_wallStart) / 1e6;
    const double cpuPerRequest = measured ? (m_cpuEnd - m_cpuStart) / measured : 0;
    const double p50 = percentile(m_latenciesUs, 0.50);
    const double p99 = percentile(m_latenciesUs, 0.99);
    std::printf("client:              %s\n", client.c_str());
    std::printf("stream:              %s\n", stream ? "yes" : "no");
    std::printf("concurrency:         %d\n", concurrency);
    std::printf("requests:            %d (after %d warm-up requests)\n", measured, m_warmup);
    std::printf("errors:              %d (warm-up: %d)\n", m_errors, m_warmupErrors);
    std::printf("wall seconds:        %.3f\n", wallS);
    std::printf("requests/s:          %.0f\n", wallS > 0 ? measured / wallS : 0);
    std::printf("CPU us/request:      %.1f (user+sys, whole process)\n", cpuPerRequest);
    std::printf("latency p50 / p99:   %.0f / %.0f us\n", p50, p99);
    std::printf("body bytes read:     %llu\n", m_bytes);
    if (!m_protocol.empty())
        std::printf("protocol:            %s\n", m_protocol.c_str());
    if (connectionsKnown)
        std::printf("connections opened:  %ld measured, %ld in warm-up\n", m_connections, m_warmupConnections);
    // One line for scripts (client-compare.sh); "-" where a figure is not observable.
    std::printf("RESULT client=%s stream=%d concurrency=%d requests=%d errors=%d wall_s=%.3f rps=%.0f cpu_us=%.1f"
                " p50_us=%.0f p99_us=%.0f conns=%s protocol=%s\n",
        client.c_str(), stream ? 1 : 0, concurrency, measured, m_errors + m_warmupErrors, wallS,
        wallS > 0 ? measured / wallS : 0, cpuPerRequest, p50, p99,
        connectionsKnown ? std::to_string(m_connections + m_warmupConnections).c_str() : "-",
        m_protocol.empty() ? "-" : m_protocol.c_str());
    std::fflush(stdout);
}

// Reports the first failure of each kind only: a broken set-up fails every request alike.
void reportOnce(const std::string &message)
{
    static std::set<std::string> seen;
    if (seen.insert(message).second)
        std::fprintf(stderr, "bench_upstream_probe: request failed: %s\n", message.c_str());
}

#if BYTESPIKE_HAVE_CURL

// libcurl's multi interface driven by an epoll loop of its own, the way an event-driven gateway
// would embed it: curl says which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to call back
// (CURLMOPT_TIMERFUNCTION), and is told about readiness through curl_multi_socket_action; no
// curl_multi_perform polling. One easy handle per concurrent request, reused for the next one so
// its connection (kept in the multi's cache) and TLS session are reused.
class CurlDriver
{
public:
    CurlDriver(const Options &o, const std::string &body, Tally &tally);
    ~CurlDriver();
    bool run();

private:
    struct Transfer
    {
        CURL *easy = nullptr;
        double startedUs = 0;
    };

    static int onSocket(CURL *, curl_socket_t s, int what, void *self, void *socketp);
    static int onTimer(CURLM *, long timeoutMs, void *self);
    static size_t onWrite(char *, size_t size, size_t count, void *tally);
    CURL *newEasy(Transfer &transfer);
    void launch(Transfer &transfer);
    void action(curl_socket_t s, int mask);
    void collectDone();

    const Options &m_options;
    const std::string &m_body;
    Tally &m_tally;
    int m_epoll = -1;
    CURLM *m_multi = nullptr;
    curl_slist *m_headers = nullptr;
    std::vector<Transfer> m_transfers;
    double m_deadlineUs = -1; // when curl wants CURL_SOCKET_TIMEOUT; -1: no timer
};

CurlDriver::CurlDriver(const Options &o, const std::string &body, Tally &tally)
    : m_options(o)
    , m_body(body)
    , m_tally(tally)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_multi(curl_multi_init())
    , m_transfers(std::size_t(o.concurrency))
{
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlDriver::onSocket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlDriver::onTimer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    // The cache keeps one connection per concurrent request; more are never needed.
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, long(o.concurrency));
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, long(o.concurrency));
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, o.http2 ? CURLPIPE_MULTIPLEX : CURLPIPE_NOTHING);
    for (const char *h : {"content-type: application/json", "anthropic-version: 2023-06-01", "x-api-key: sk-bench",
             "Expect:"}) // no 100-continue round trip for bodies over 1 KiB
        m_headers = curl_slist_append(m_headers, h);
    for (Transfer &t : m_transfers)
        t.easy = newEasy(t);
}

CurlDriver::~CurlDriver()
{
    for (Transfer &t : m_transfers) {
        curl_multi_remove_handle(m_multi, t.easy);
        curl_easy_cleanup(t.easy);
    }
    curl_multi_cleanup(m_multi);
    curl_slist_free_all(m_headers);
    ::close(m_epoll);
}

CURL *CurlDriver::newEasy(Transfer &transfer)
{
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, m_options.url.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, m_body.data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(m_body.size()));
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, m_headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CurlDriver::onWrite);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &m_tally);
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
    if (!m_options.ca.empty())
        curl_easy_setopt(easy, CURLOPT_CAINFO, m_options.ca.c_str());
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, m_options.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    // Over HTTP/2 the first requests wait for the one connection to say it multiplexes, rather
    // than each opening a connection of its own.
    if (m_options.http2)
        curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
    return easy;
}

int CurlDriver::onSocket(CURL *, curl_socket_t s, int what, void *self, void *socketp)
{
    auto *driver = static_cast<CurlDriver *>(self);
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(driver->m_epoll, EPOLL_CTL_DEL, s, nullptr); // EBADF when curl closed it first
        return 0;
    }
    epoll_event event {};
    event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    event.data.fd = s;
    // socketp marks a socket already in the epoll set (curl forgets it on CURL_POLL_REMOVE).
    if (socketp) {
        epoll_ctl(driver->m_epoll, EPOLL_CTL_MOD, s, &event);
    } else {
        if (epoll_ctl(driver->m_epoll, EPOLL_CTL_ADD, s, &event) != 0 && errno == EEXIST)
            epoll_ctl(driver->m_epoll, EPOLL_CTL_MOD, s, &event);
        curl_multi_assign(driver->m_multi, s, driver);
    }
    return 0;
}

int CurlDriver::onTimer(CURLM *, long timeoutMs, void *self)
{
    static_cast<CurlDriver *>(self)->m_deadlineUs = timeoutMs < 0 ? -1 : nowUs() + double(timeoutMs) * 1000;
    return 0;
}

size_t CurlDriver::onWrite(char *, size_t size, size_t count, void *tally)
{
    static_cast<Tally *>(tally)->addBytes(size * count);
    return size * count;
}

void CurlDriver::launch(Transfer &transfer)
{
    transfer.startedUs = nowUs();
    m_tally.onLaunch();
    curl_multi_add_handle(m_multi, transfer.easy);
}

void CurlDriver::action(curl_socket_t s, int mask)
{
    int running = 0;
    curl_multi_socket_action(m_multi, s, mask, &running);
}

// Hands every finished transfer to the tally and starts the next request on its easy handle.
void CurlDriver::collectDone()
{
    int left = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *easy = msg->easy_handle;
        const CURLcode result = msg->data.result; // msg is invalid once the handle is removed
        Transfer *transfer = nullptr;
        long status = 0;
        long connects = 0;
        long version = 0;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer);
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
        curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
        curl_multi_remove_handle(m_multi, easy);
        const bool ok = result == CURLE_OK && status >= 200 && status < 300;
        if (result != CURLE_OK)
            reportOnce(curl_easy_strerror(result));
        else if (!ok)
            reportOnce("HTTP status " + std::to_string(status));
        m_tally.addConnections(connects);
        m_tally.setProtocol(version == CURL_HTTP_VERSION_2_0 ? "HTTP/2" : "HTTP/1.1");
        m_tally.complete(transfer->startedUs, ok);
        if (m_tally.wantsMore())
            launch(*transfer);
    }
}

bool CurlDriver::run()
{
    if (m_epoll < 0 || !m_multi)
        return false;
    for (Transfer &t : m_transfers) {
        if (m_tally.wantsMore())
            launch(t);
    }
    epoll_event events[64];
    while (!m_tally.done()) {
        int waitMs = 1000;
        if (m_deadlineUs >= 0)
            waitMs = std::max(0, int(std::ceil((m_deadlineUs - nowUs()) / 1000)));
        const int n = epoll_wait(m_epoll, events, 64, waitMs);
        if (n < 0 && errno != EINTR) {
            std::perror("epoll_wait");
            return false;
        }
        for (int i = 0; i < n; ++i) {
            const std::uint32_t e = events[i].events;
            const int mask = ((e & EPOLLIN) ? CURL_CSELECT_IN : 0) | ((e & EPOLLOUT) ? CURL_CSELECT_OUT : 0)
                | ((e & (EPOLLERR | EPOLLHUP)) ? CURL_CSELECT_ERR : 0);
            action(events[i].data.fd, mask);
        }
        // Cleared before the call: curl may set a new timer from inside it.
        if (m_deadlineUs >= 0 && nowUs() >= m_deadlineUs) {
            m_deadlineUs = -1;
            action(CURL_SOCKET_TIMEOUT, 0);
        }
        collectDone();
    }
    return true;
}

int runCurl(const Options &o)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::string body = requestBody(o);
    Tally tally(o);
    bool ok = false;
    {
        CurlDriver driver(o, body, tally);
        ok = driver.run();
    }
    curl_global_cleanup();
    if (!ok)
        return 1;
    tally.print(o.http2 ? "curl-h2" : "curl-h1", o.stream, o.concurrency, true);
    return 0;
}

#else

int runCurl(const Options &)
{
    std::fputs("bench_upstream_probe: built without libcurl (install its development files, e.g. "
               "libcurl4-openssl-dev, and configure again)\n",
        stderr);
    return 2;
}

#endif

// --- the gateway's own client ------------------------------------------------------------------

// The gateway client trusts the benchmark's throwaway CA as a channel's ca_file does: through the
// request's origin (made once, like a channel's, and shared by every request).
void configureTrust(bytespike::UpstreamRequest &request, const QString &caFile)
{
    static std::shared_ptr<const bytespike::UpstreamOrigin> origin;
    if (!origin)
        origin = bytespike::UpstreamOrigin::make(request.target, caFile);
    request.origin = origin;
}

// Drives bytespike::UpstreamClient as the gateway does: one call object per request, answers
// read through its signals, the same upstream policy check the gateway configures.
class GatewayDriver : public QObject
{
public:
    GatewayDriver(const Options &o, const std::string &body, Tally &tally)
        : m_tally(tally)
    {
        m_client.setPolicy(std::make_shared<const bytespike::UpstreamPolicy>());
        m_request.target = bytespike::UpstreamTarget(QUrl(QString::fromStdString(o.url)));
        m_request.body = QByteArray::fromStdString(body);
        m_request.stream = o.stream;
        m_request.headers
            = {{"content-type", "application/json"}, {"anthropic-version", "2023-06-01"}, {"x-api-key", "sk-bench"}};
        configureTrust(m_request, QString::fromStdString(o.ca));
    }

    void launch();

private:
    bytespike::UpstreamClient m_client;
    bytespike::UpstreamRequest m_request;
    Tally &m_tally;
};

void GatewayDriver::launch()
{
    struct Pending
    {
        double startedUs;
        int status = 0;
    };
    auto pending = std::make_shared<Pending>(Pending {nowUs()});
    m_tally.onLaunch();
    bytespike::UpstreamCall *call = m_client.createCall(m_request, this);
    const auto complete = [this, call, pending](bool ok) {
        call->deleteLater();
        m_tally.complete(pending->startedUs, ok);
        if (m_tally.done())
            QCoreApplication::quit();
        else if (m_tally.wantsMore())
            launch();
    };
    connect(call, &bytespike::UpstreamCall::responseStarted, this,
        [this, pending](int status, const bytespike::HeaderPairs &headers) {
            pending->status = status;
            // The benchmark's nginx names the protocol it served (HTTP/1.1 or HTTP/2.0).
            for (const auto &h : headers) {
                if (h.first.compare("x-served-protocol", Qt::CaseInsensitive) == 0)
                    m_tally.setProtocol(h.second.toStdString());
            }
        });
    connect(call, &bytespike::UpstreamCall::bodyData, this,
        [this](const QByteArray &chunk) { m_tally.addBytes(std::size_t(chunk.size())); });
    connect(call, &bytespike::UpstreamCall::finished, this, [pending, complete] {
        if (pending->status < 200 || pending->status >= 300)
            reportOnce("HTTP status " + std::to_string(pending->status));
        complete(pending->status >= 200 && pending->status < 300);
    });
    connect(
        call, &bytespike::UpstreamCall::failed, this, [complete](bytespike::UpstreamFailure, const QString &message) {
            reportOnce(message.toStdString());
            complete(false);
        });
    call->start();
}

int runGateway(int argc, char **argv, const Options &o)
{
    // The event loop the gateway runs on (app/gatewayd/main.cpp): epoll rather than Qt's
    // poll-based dispatcher, installed before the application object exists.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication::setEventDispatcher(new bytespike::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    const std::string body = requestBody(o);
    Tally tally(o);
    GatewayDriver driver(o, body, tally);
    for (int i = 0; i < o.concurrency && tally.wantsMore(); ++i)
        driver.launch();
    app.exec();
    tally.print("gateway", o.stream, o.concurrency, false);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    if (!parseOptions(argc, argv, options)) {
        std::fputs("usage: bench_upstream_probe --client curl|gateway --url URL --ca FILE [--concurrency 32]\n"
                   "         [--requests 20000] [--warmup 500] [--stream] [--body FILE] [--http2]\n",
            stderr);
        return 2;
    }
    return options.client == "curl" ? runCurl(options) : runGateway(argc, argv, options);
}
