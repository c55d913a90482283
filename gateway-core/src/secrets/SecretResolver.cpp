#include "SecretResolver.h"

#include "protocol/InputRules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bytespike {

namespace {

// A secret is a key or a token: anything longer is not one, and is not read into memory.
constexpr qint64 kMaxSecretFileBytes = 64 * 1024;

// Every way a file: secret can fail to be read gives this one answer: missing, not a regular
// file, no permission, readable by group or others, empty or too long. The admin API is reachable
// over the network with the admin token while the file system is the machine's: if the answers
// differed, a token holder could point a channel at any path and learn from the channel's reason
// whether it exists, what kind of file it is and how it is protected. The operator at the machine
// sees the cause with ls; the answer states every requirement.
QString unreadable()
{
    return QStringLiteral("secret file cannot be read (it must be a regular, non-empty file of at most 64 KiB,"
                          " readable only by its owner, outside the gateway's data directory)");
}

QString insideDataDir()
{
    return QStringLiteral("secret file is inside the gateway's data directory, whose files (the key pepper, the"
                          " admin token, the database) are never a channel secret");
}

// The path as the file system resolves it: every symlink of its existing part followed (realpath);
// a part that does not exist (yet) is appended as written.
QString resolvedPath(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QString canonical = QFileInfo(absolute).canonicalFilePath();
    if (!canonical.isEmpty())
        return canonical;
    QString existing = absolute;
    QString rest;
    while (true) {
        const qsizetype slash = existing.lastIndexOf(QLatin1Char('/'));
        if (slash < 0)
            return QDir::cleanPath(absolute);
        rest.prepend(existing.mid(slash));
        existing.truncate(slash);
        const QString parent = QFileInfo(existing.isEmpty() ? QStringLiteral("/") : existing).canonicalFilePath();
        if (!parent.isEmpty())
            return QDir::cleanPath(parent + rest);
    }
}

bool within(const QString &path, const QString &dir)
{
    if (dir.isEmpty())
        return false;
    return path == dir || path.startsWith(dir.endsWith(QLatin1Char('/')) ? dir : dir + QLatin1Char('/'));
}

// Whether a resolved path lies in the data directory: compared with the directory as written and
// as resolved (a symlink to it, or a symlinked data directory, both count).
bool insideData(const QString &resolved, const QString &dataDir)
{
    if (dataDir.isEmpty())
        return false;
    return within(resolved, resolvedPath(dataDir))
        || within(resolved, QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath()));
}

// Whether an opened file is one of the data directory's own files under another name (a hard link).
bool sameFileInData(const struct stat &opened, const QString &dataDir)
{
    const QDir dir(dataDir);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System)) {
        struct stat own
        {
        };
        if (::stat(QFile::encodeName(dir.filePath(name)).constData(), &own) == 0 && own.st_dev == opened.st_dev
            && own.st_ino == opened.st_ino)
            return true;
    }
    return false;
}

SecretResolver::Result failed(const QString &why)
{
    SecretResolver::Result result;
    result.error = why;
    return result;
}

SecretResolver::Result readSecretFile(const QString &path, const QString &dataDir)
{
    if (insideData(resolvedPath(path), dataDir))
        return failed(insideDataDir());
    // Non-blocking, so that a FIFO cannot stall the gateway thread; refused below as not regular.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return failed(unreadable());
    struct Closer
    {
        int fd;
        ~Closer() { ::close(fd); }
    } closer {fd};
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO)) != 0
        || st.st_size > kMaxSecretFileBytes)
        return failed(unreadable());
    // What was really opened (symlinks may have changed since the check above): its own path, as
    // the kernel knows it, and its identity against the data directory's files.
    char target[PATH_MAX];
    const QByteArray link = "/proc/self/fd/" + QByteArray::number(fd);
    const ssize_t length = ::readlink(link.constData(), target, sizeof target - 1);
    if ((length > 0 && insideData(QFile::decodeName(QByteArray(target, length)), dataDir))
        || sameFileInData(st, dataDir))
        return failed(insideDataDir());
    QByteArray value(kMaxSecretFileBytes + 1, Qt::Uninitialized);
    qsizetype size = 0;
    while (size < value.size()) {
        const ssize_t n = ::read(fd, value.data() + size, size_t(value.size() - size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return failed(unreadable());
        if (n == 0)
            break;
        size += n;
    }
    value.truncate(size);
    value = value.trimmed();
    if (value.isEmpty() || size > kMaxSecretFileBytes)
        return failed(unreadable());
    if (!SecretResolver::validValue(value))
        return failed(SecretResolver::invalidCharacters());
    SecretResolver::Result result;
    result.ok = true;
    result.secret = value;
    return result;
}

} // namespace

bool SecretResolver::validValue(const QByteArray &value)
{
    for (const char c : value) {
        if (uchar(c) < 0x20 || uchar(c) == 0x7F)
            return false;
    }
    // C1 controls and the Unicode line separators arrive as UTF-8.
    return !InputRules::hasControl(QString::fromUtf8(value));
}

namespace {

// The gateway's own settings (its admin token among them) live in BYTESPIKE_* variables: none of
// them is a channel secret, so none can be sent upstream.
bool ownSetting(const QString &reference)
{
    return reference.startsWith(QLatin1String("env:BYTESPIKE_"), Qt::CaseInsensitive);
}

} // namespace

bool SecretResolver::acceptable(const QString &reference, const QString &dataDir, QString *error)
{
    if (ownSetting(reference)) {
        *error = QStringLiteral("secret_ref must not name one of the gateway's own BYTESPIKE_ variables (its admin"
                                " token is one)");
        return false;
    }
    if (!reference.startsWith(QLatin1String("file:")))
        return true;
    if (!insideData(resolvedPath(reference.mid(5)), dataDir))
        return true;
    *error = QStringLiteral("secret_ref must not name a file inside the gateway's data directory (its key pepper,"
                            " admin token and database are never a channel secret)");
    return false;
}

SecretResolver::Result SecretResolver::resolve(const QString &reference, const QString &dataDir)
{
    Result result;
    if (reference.isEmpty()) {
        result.ok = true;
        return result;
    }
    if (ownSetting(reference)) {
        result.error = QStringLiteral("the gateway's own settings are never a channel secret");
        return result;
    }
    if (reference.startsWith(QLatin1String("env:"))) {
        const QString name = reference.mid(4);
        const QByteArray value = qgetenv(name.toLocal8Bit().constData()).trimmed();
        if (value.isEmpty()) {
            result.error = QStringLiteral("environment variable %1 is not set").arg(name);
            return result;
        }
        if (!validValue(value)) {
            result.error = invalidCharacters();
            return result;
        }
        result.ok = true;
        result.secret = value;
        return result;
    }
    if (reference.startsWith(QLatin1String("file:")))
        return readSecretFile(reference.mid(5), dataDir);
    result.error = QStringLiteral("unsupported secret reference scheme");
    return result;
}

} // namespace bytespike
