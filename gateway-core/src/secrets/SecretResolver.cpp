#include "SecretResolver.h"

#include <QFile>
#include <QFileInfo>

namespace bytespike {

SecretResolver::Result SecretResolver::resolve(const QString &reference)
{
    Result result;
    if (reference.isEmpty()) {
        result.ok = true;
        return result;
    }
    if (reference.startsWith(QLatin1String("env:"))) {
        const QString name = reference.mid(4);
        const QByteArray value = qgetenv(name.toLocal8Bit().constData()).trimmed();
        if (value.isEmpty()) {
            result.error = QStringLiteral("environment variable %1 is not set").arg(name);
            return result;
        }
        result.ok = true;
        result.secret = value;
        return result;
    }
    if (reference.startsWith(QLatin1String("file:"))) {
        const QString path = reference.mid(5);
        const QFileInfo info(path);
        if (!info.exists() || !info.isFile()) {
            result.error = QStringLiteral("secret file %1 does not exist").arg(path);
            return result;
        }
        const auto loose = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        if (info.permissions() & loose) {
            result.error = QStringLiteral("secret file %1 is readable by others; chmod 600 it").arg(path);
            return result;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error = QStringLiteral("cannot read secret file %1").arg(path);
            return result;
        }
        const QByteArray value = file.readAll().trimmed();
        if (value.isEmpty()) {
            result.error = QStringLiteral("secret file %1 is empty").arg(path);
            return result;
        }
        result.ok = true;
        result.secret = value;
        return result;
    }
    result.error = QStringLiteral("unsupported secret reference scheme");
    return result;
}

} // namespace bytespike
