#include "UpstreamCall.h"

#include <QTimer>

namespace bytespike {

void armTimeouts(QObject *owner, const UpstreamRequest &request, QTimer &connect, QTimer &firstByte, QTimer &idle,
    const std::function<void(UpstreamFailure, const QString &)> &fail)
{
    for (QTimer *timer : {&connect, &firstByte, &idle}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    QObject::connect(&connect, &QTimer::timeout, owner, [fail, ms = request.connectTimeoutMs] {
        fail(UpstreamFailure::Connect, QStringLiteral("connect timeout after %1 ms").arg(ms));
    });
    QObject::connect(&firstByte, &QTimer::timeout, owner, [fail, ms = request.firstByteTimeoutMs] {
        fail(UpstreamFailure::FirstByteTimeout, QStringLiteral("no response within %1 ms").arg(ms));
    });
    QObject::connect(&idle, &QTimer::timeout, owner, [fail, ms = request.idleTimeoutMs] {
        fail(UpstreamFailure::IdleTimeout, QStringLiteral("the response stalled for %1 ms").arg(ms));
    });
}

} // namespace bytespike
