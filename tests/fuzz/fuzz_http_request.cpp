// The listener's request path without a socket: RequestParser (Boost.Beast) fed the bytes a
// client sends, cut into reads, as HttpConnection::parseBuffered feeds it, and every whole request
// made into the HttpExchange the listener dispatches (its target split into path and query, its
// fields read). A malformed request is answered with the 400 envelope HttpConnection writes, which
// must be JSON. Requests follow one another on the connection (pipelining) until one is refused or
// too large. The first input byte chooses the cuts (0: everything in one read; n: reads of 1 to n
// bytes); the rest is what the client sends.
#include "FuzzCheck.h"

#include "http/HttpExchange.h"
#include "http/RequestParser.h"
#include "protocol/anthropic/ApiError.h"

#include <boost/beast/http/error.hpp>

#include <QUrlQuery>

#include <optional>

using namespace bytespike;
using bytespike::fuzz::require;
namespace http = boost::beast::http;

namespace {

// Small, so short inputs reach the limit too (the listener's default is megabytes).
constexpr std::uint64_t kBodyLimit = 2048;

// What the listener's dispatch and the handlers read from an exchange.
void dispatch(RequestParser &parser, bool bodyTooLarge, const QByteArray &input)
{
    const bool chunked = parser.chunked();
    const qint64 declared = parser.declaredLength;
    const bool closeAfter = bodyTooLarge || !parser.head.keepAlive;
    // A Content-Length above the limit stops the parser at that field: the 413's exchange has the
    // head read so far.
    require(parser.headDone || bodyTooLarge, "a request ended before its head", input);
    HttpExchange exchange(std::move(parser.head), std::move(parser.body), nullptr, closeAfter, bodyTooLarge);
    require(!exchange.method().isEmpty(), "a request without a method", input);
    require(exchange.bodyTooLarge() == bodyTooLarge, "bodyTooLarge lost", input);
    if (bodyTooLarge)
        return;
    if (!chunked && declared >= 0)
        require(exchange.body().size() == declared, "body length differs from Content-Length", input);
    require(qint64(exchange.body().size()) <= qint64(kBodyLimit), "a body above the limit was kept", input);
    (void)exchange.path().startsWith(QLatin1String("/v1/"));
    (void)exchange.query().queryItems(QUrl::FullyDecoded);
    (void)exchange.header("content-type");
    (void)exchange.header("x-api-key");
    (void)exchange.header("authorization");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const unsigned longest = data[0];
    const QByteArray input = fuzz::bytesOf(data + 1, size - 1);

    std::optional<RequestParser> parser(std::in_place, kBodyLimit);
    QByteArray buffered; // received and not yet taken by the parser
    std::uint32_t state = longest * 2654435761u + 1; // a fixed sequence of read sizes per first byte
    qsizetype received = 0;
    for (;;) {
        // HttpConnection::parseBuffered: parse what is buffered until the parser wants more.
        bool closed = false;
        while (!buffered.isEmpty()) {
            boost::beast::error_code ec;
            const std::size_t used
                = parser->put(boost::asio::const_buffer(buffered.constData(), std::size_t(buffered.size())), ec);
            require(used <= std::size_t(buffered.size()), "the parser took more bytes than it was given", input);
            buffered.remove(0, qsizetype(used));
            if (ec == http::error::need_more || (!ec && !parser->is_done()))
                break;
            if (ec == http::error::body_limit) {
                // Answered 413 (after the declared body is read and dropped); the connection closes.
                dispatch(*parser, true, input);
                closed = true;
                break;
            }
            if (ec) {
                // Refused with a 400 and closed.
                const ApiError error = ApiError::invalidRequest(
                    QStringLiteral("malformed HTTP request: %1").arg(QString::fromLatin1(ec.message().c_str())));
                require(fuzz::isJsonObject(error.envelope("req_fuzz")), "the 400 envelope is not JSON", input);
                closed = true;
                break;
            }
            dispatch(*parser, false, input);
            parser.emplace(kBodyLimit); // the next request gets a fresh parser
        }
        if (closed || received == input.size())
            break;
        // The next read.
        qsizetype n = input.size() - received;
        if (longest > 0) {
            state = state * 1664525u + 1013904223u;
            n = std::min(n, 1 + qsizetype((state >> 16) % longest));
        }
        buffered.append(input.constData() + received, n);
        received += n;
    }
    return 0;
}
