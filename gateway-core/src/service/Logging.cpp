#include "bytespike/Logging.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <atomic>
#include <cstdio>

namespace bytespike {

namespace {

std::atomic<int> g_level {int(LogLevel::Info)};

int rank(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return int(LogLevel::Debug);
    case QtInfoMsg: return int(LogLevel::Info);
    case QtWarningMsg: return int(LogLevel::Warn);
    default: return int(LogLevel::Error);
    }
}

const char *label(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warn";
    case QtCriticalMsg: return "error";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (rank(type) > g_level.load())
        return;
    const QByteArray line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' ' + label(type)
        + ' ' + (context.category ? context.category : "default") + ": " + message.toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void installLogHandler(LogLevel level)
{
    g_level = int(level);
    // Qt's own categories default to debug off; ours follow the chosen level.
    QLoggingCategory::setFilterRules(level == LogLevel::Debug ? QStringLiteral("bytespike.*.debug=true")
                                                              : QStringLiteral("bytespike.*.debug=false"));
    qInstallMessageHandler(handler);
}

} // namespace bytespike
