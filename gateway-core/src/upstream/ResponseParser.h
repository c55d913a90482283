#pragma once

#include "wire/BodyParser.h"
#include "wire/HeaderPairs.h"

#include <QByteArrayView>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/basic_parser.hpp>

#include <limits>

namespace bytespike {

// Boost.Beast's HTTP/1.1 response parser (the project never parses HTTP itself), collecting the
// status, the headers the gateway reads (names lower-cased) and the body bytes of each put() for
// the call to emit. A proxy's answer to CONNECT is read with skip(true): a 2xx there has no body.
//
// The headers kept are those AnswerRelay relays or looks at (kept()); an answer's other headers
// (a provider's account rate limits, its cookies, its caching) are never copied: on a short
// answer they cost more than its body.
class ResponseParser : public BodyParser<false>
{
public:
    ResponseParser()
    {
        eager(true);
        // Streams are unbounded: the gateway relays, it does not buffer. (Not boost::none: Boost
        // 1.74 compares a Content-Length against the optional limit and then refuses every body.)
        body_limit(std::numeric_limits<std::uint64_t>::max());
        header_limit(64 * 1024);
        headers.reserve(4);
    }

    // The lower-case name under which a field is kept, or an empty view for one that is dropped.
    static QByteArrayView kept(boost::beast::http::field f, boost::beast::string_view name)
    {
        using boost::beast::http::field;
        if (f == field::content_type)
            return "content-type";
        if (f == field::retry_after)
            return "retry-after";
        if (f != field::unknown)
            return {};
        for (const QByteArrayView known : {"request-id", "retry-after-ms", "x-should-retry"}) {
            if (boost::beast::iequals(name, boost::beast::string_view(known.data(), std::size_t(known.size()))))
                return known;
        }
        return {};
    }

    int status = 0;
    HeaderPairs headers;
    bool headerDone = false;
    bool finished = false;

private:
    using string_view = boost::beast::string_view;
    using error_code = boost::beast::error_code;
    static QByteArray bytes(string_view s) { return QByteArray(s.data(), qsizetype(s.size())); }

    void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code &) override { }
    void on_response_impl(int code, string_view, int, error_code &) override { status = code; }
    void on_field_impl(boost::beast::http::field field, string_view name, string_view value, error_code &) override
    {
        const QByteArrayView lower = kept(field, name);
        if (!lower.isEmpty()) // a literal: no copy of the name
            headers.append({QByteArray::fromRawData(lower.data(), lower.size()), bytes(value)});
    }
    void on_header_impl(error_code &) override { headerDone = true; }
    void on_body_init_impl(boost::optional<std::uint64_t> const &, error_code &) override { }
    void on_finish_impl(error_code &) override { finished = true; }
};

} // namespace bytespike
