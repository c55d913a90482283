#include "bytespike/Logging.h"

#include "protocol/ClientText.h"

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
    // One message, one line: whatever a message quotes (a name, an upstream's words), a line break
    // in it is written as \n and cannot start a line that looks like the gateway's own.
    static constexpr qsizetype kMaxMessageBytes = 8192;
    const QByteArray line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' ' + label(type)
        + ' ' + (context.category ? context.category : "default") + ": "
        + ClientText::quote(message, kMaxMessageBytes).toUtf8() + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void installLogHandler(LogLevel level)
{
    g_level = int(level);
    // Qt's own categories default to debug off; ours follow the chosen level. Turning a category's
    // level off (not only dropping its lines in the handler) spares the caller formatting them:
    // the per-request access line at info costs the gateway thread when the level is below it.
    QStringList rules {level >= LogLevel::Debug ? QStringLiteral("bytespike.*.debug=true")
                                                : QStringLiteral("bytespike.*.debug=false")};
    if (level < LogLevel::Info)
        rules << QStringLiteral("bytespike.*.info=false");
    if (level < LogLevel::Warn)
        rules << QStringLiteral("bytespike.*.warning=false");
    QLoggingCategory::setFilterRules(rules.join(QLatin1Char('\n')));
    qInstallMessageHandler(handler);
}

} // namespace bytespike
