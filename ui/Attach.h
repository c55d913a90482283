#pragma once

#include "bytespike/GatewayConfig.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace bytespike::Attach {

// An admin token is at most this long; its characters are printable ASCII.
constexpr qsizetype kMaxTokenBytes = 512;

// The gateway address an operator typed: http:// or https://, a host, an optional port and
// nothing else (no credentials, path, query or fragment), written back without a trailing slash;
// nullopt with the reason otherwise.
std::optional<QString> gatewayUrl(const QString &text, QString *error);

// Whether a token is acceptable (not empty, not too long, printable ASCII only).
bool validToken(const QByteArray &token);

// --admin-token-file: the token in the file, trimmed; nullopt with the reason otherwise. Read
// once at start-up, before any window is shown.
std::optional<QByteArray> readTokenFile(const QString &path, QString *error);

// The operator's token for url in the system keychain (service "bytespike-console"). done runs on
// context's thread: the token, or empty when there is none or no keychain answers; storeToken's
// done gets an error message, empty on success. Neither ever blocks.
void loadToken(const QString &url, QObject *context, std::function<void(const QByteArray &)> done);
void storeToken(
    const QString &url, const QByteArray &token, QObject *context, std::function<void(const QString &)> done);

// The data directory's own gateway when it already runs (the user service): the configured
// admin address (or the shared listener) asked for GET /admin/metrics with the data directory's
// admin token (BYTESPIKE_ADMIN_TOKEN, else DATA_DIR/admin-token, read off this thread), for at
// most kProbeMs. done gets its URL and the token, or an empty URL when none answers as that
// gateway.
constexpr int kProbeMs = 2000;
void findRunningGateway(const GatewayConfig &config, QObject *context,
    std::function<void(const QString &url, const QByteArray &token)> done);

} // namespace bytespike::Attach
