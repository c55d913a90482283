#pragma once

#include <QByteArray>

#include <boost/beast/http/basic_parser.hpp>

#include <cstdint>

namespace bytespike {

// Boost.Beast's HTTP/1.1 parser with the body callbacks the gateway's two parsers share: every
// body byte, whether Content-Length delimited, chunked or close-delimited, is appended to body.
// The listener's request parser (HttpConnection) and the upstream response parser
// (HttpUpstreamCall) derive from it and handle the start line, the fields and the end themselves.
template <bool isRequest> class BodyParser : public boost::beast::http::basic_parser<isRequest>
{
public:
    QByteArray body;

private:
    std::size_t on_body_impl(boost::beast::string_view data, boost::beast::error_code &) override
    {
        body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, boost::beast::error_code &) override { }
    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view data, boost::beast::error_code &) override
    {
        body.append(data.data(), qsizetype(data.size()));
        return data.size();
    }
};

} // namespace bytespike
