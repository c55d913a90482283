#pragma once

#include "HttpRequestHead.h"
#include "wire/BodyParser.h"

#include <QList>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>

#include <charconv>
#include <cstdint>
#include <strings.h>

namespace bytespike {

// Boost.Beast's HTTP/1.1 request parser (a proven parser, as for upstream responses in
// HttpUpstreamCall), collecting one request's head and body. HttpConnection builds a new one in place
// per request; the fuzz target (tests/fuzz) feeds it arbitrary bytes.
class RequestParser : public BodyParser<true>
{
public:
    // The largest head accepted. The whole head must fit HttpConnection's input buffer (64 KiB):
    // Beast parses a head only once it has all of it.
    static constexpr std::uint32_t kHeadLimit = 60 * 1024;

    explicit RequestParser(std::uint64_t bodyLimit)
    {
        eager(true);
        body_limit(bodyLimit);
        header_limit(kHeadLimit);
    }

    HttpRequestHead head;
    qint64 declaredLength = -1; // Content-Length, when the request has one
    bool expectContinue = false;
    bool headDone = false;

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;

    // The length a Content-Length field declares as Beast reads it: a decimal number, or a list
    // of the same number ("8, 8", which Beast accepts and frames the body by); -1 otherwise.
    static qint64 contentLength(string_view value)
    {
        qint64 length = -1;
        const char *const end = value.data() + value.size();
        if (const auto [stop, error] = std::from_chars(value.data(), end, length);
            error == std::errc() && stop == end && length >= 0)
            return length; // the usual: digits only
        length = -1;
        for (const QByteArray &item : QByteArray::fromRawData(value.data(), qsizetype(value.size())).split(',')) {
            bool ok = false;
            const qint64 n = item.trimmed().toLongLong(&ok);
            if (!ok || n < 0 || (length >= 0 && n != length))
                return -1;
            length = n;
        }
        return length;
    }

    void on_request_impl(
        boost::beast::http::verb verb, string_view method, string_view target, int, error_code &) override
    {
        head.fieldBytes.reserve(1024); // a client's usual fields in one allocation
        // Known verbs point at Beast's static names: no copy.
        if (verb != boost::beast::http::verb::unknown) {
            const string_view name = boost::beast::http::to_string(verb);
            head.method = QByteArray::fromRawData(name.data(), qsizetype(name.size()));
        } else {
            head.method = QByteArray(method.data(), qsizetype(method.size()));
        }
        head.target = QByteArray(target.data(), qsizetype(target.size()));
    }
    void on_response_impl(int, string_view, int, error_code &) override { }
    void on_field_impl(boost::beast::http::field field, string_view name, string_view value, error_code &) override
    {
        if (field == boost::beast::http::field::expect && value.size() == 12
            && strncasecmp(value.data(), "100-continue", 12) == 0)
            expectContinue = true;
        else if (field == boost::beast::http::field::content_length)
            declaredLength = contentLength(value);
        head.addField(name.data(), qsizetype(name.size()), value.data(), qsizetype(value.size()));
    }
    void on_header_impl(error_code &) override
    {
        headDone = true;
        head.keepAlive = keep_alive();
    }
    void on_body_init_impl(boost::optional<std::uint64_t> const &length, error_code &) override
    {
        if (length)
            body.reserve(qsizetype(*length));
    }
    void on_finish_impl(error_code &) override { }
};

} // namespace bytespike
