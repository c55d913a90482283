#pragma once

#include "wire/BodyParser.h"
#include "wire/HeaderPairs.h"

#include <boost/beast/http/basic_parser.hpp>

#include <limits>

namespace bytespike {

// Boost.Beast's HTTP/1.1 response parser (the project never parses HTTP itself), collecting the
// status, the headers (names lower-cased) and the body bytes of each put() for the call to emit.
// A proxy's answer to CONNECT is read with skip(true): a 2xx there has no body.
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
        headers.reserve(16); // an answer's usual headers without growing the list four times
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
    void on_field_impl(boost::beast::http::field, string_view name, string_view value, error_code &) override
    {
        headers.append({bytes(name).toLower(), bytes(value)});
    }
    void on_header_impl(error_code &) override { headerDone = true; }
    void on_body_init_impl(boost::optional<std::uint64_t> const &, error_code &) override { }
    void on_finish_impl(error_code &) override { finished = true; }
};

} // namespace bytespike
