#pragma once

// What the fuzz targets share: how a broken property stops the run, and the JSON checks of the
// translators' output.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace bytespike::fuzz {

// A broken property: says which, with the bytes involved, and aborts, which libFuzzer reports as
// a crash and saves the input for (artifacts/crash-*).
[[noreturn]] inline void fail(const char *what, QByteArrayView bytes = {})
{
    std::fprintf(stderr, "fuzz property broken: %s\n--- bytes (%lld) ---\n%.*s\n--- end ---\n", what,
        static_cast<long long>(bytes.size()), int(bytes.size()), bytes.data());
    std::abort();
}

inline void require(bool holds, const char *what, QByteArrayView bytes = {})
{
    if (!holds)
        fail(what, bytes);
}

// The text is one JSON object, as QJsonDocument reads it.
inline bool isJsonObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    return error.error == QJsonParseError::NoError && doc.isObject();
}

// The input as a byte array of its own (a request body or a stream as the gateway holds one).
inline QByteArray bytesOf(const std::uint8_t *data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace bytespike::fuzz
