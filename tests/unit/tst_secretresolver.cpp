// Channel secrets by reference (SecretResolver): a file: reference to anything inside the data
// directory is refused, when saved and when resolved, however it gets there (the path itself, a
// symlink outside pointing in, a symlinked data directory, a hard link); a value with a control
// character is never used ("invalid characters"); and every other reason a file cannot be read
// gets one answer, so the reason cannot tell which paths exist.
#include "secrets/SecretResolver.h"

#include <QDir>
#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace bytespike;

class TestSecretResolver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void readsAnOwnerOnlyFile();
    void insideTheDataDirectoryIsRefused_data();
    void insideTheDataDirectoryIsRefused();
    void controlCharactersMakeTheSecretInvalid_data();
    void controlCharactersMakeTheSecretInvalid();
    void unreadableFilesAllGetOneAnswer();
    void theGatewaysOwnVariablesAreNoSecret();
    void validValue_data();
    void validValue();

private:
    QString write(const QString &path, const QByteArray &content, QFile::Permissions permissions);

    std::unique_ptr<QTemporaryDir> m_root;
    QString m_data; // the gateway's data directory
    QString m_outside; // where operators keep secret files
};

void TestSecretResolver::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
    m_data = m_root->filePath(QStringLiteral("data"));
    m_outside = m_root->filePath(QStringLiteral("secrets"));
    QVERIFY(QDir().mkpath(m_data));
    QVERIFY(QDir().mkpath(m_outside));
    const auto owner = QFile::ReadOwner | QFile::WriteOwner;
    write(m_data + QStringLiteral("/key-pepper"), "pepper-that-must-never-leave", owner);
    write(m_data + QStringLiteral("/admin-token"), "bsa-admin-token", owner);
}

QString TestSecretResolver::write(const QString &path, const QByteArray &content, QFile::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content);
    file.close();
    file.setPermissions(permissions);
    return path;
}

void TestSecretResolver::readsAnOwnerOnlyFile()
{
    const QString path
        = write(m_outside + QStringLiteral("/key"), "  sk-upstream-123\n", QFile::ReadOwner | QFile::WriteOwner);
    const SecretResolver::Result r = SecretResolver::resolve(QStringLiteral("file:") + path, m_data);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.secret, QByteArray("sk-upstream-123"));
    QString error;
    QVERIFY(SecretResolver::acceptable(QStringLiteral("file:") + path, m_data, &error));
}

void TestSecretResolver::insideTheDataDirectoryIsRefused_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("the key pepper") << QStringLiteral("pepper");
    QTest::newRow("the admin token") << QStringLiteral("token");
    QTest::newRow("through ..") << QStringLiteral("dotdot");
    QTest::newRow("a symlink outside pointing in") << QStringLiteral("symlink");
    QTest::newRow("a symlinked data directory") << QStringLiteral("linked-dir");
    QTest::newRow("the data directory given through a symlink") << QStringLiteral("data-via-link");
    QTest::newRow("a file that does not exist yet") << QStringLiteral("missing");
    QTest::newRow("a relative path") << QStringLiteral("relative");
}

void TestSecretResolver::insideTheDataDirectoryIsRefused()
{
    QFETCH(QString, how);
    QString path;
    QString dataDir = m_data;
    if (how == QLatin1String("pepper"))
        path = m_data + QStringLiteral("/key-pepper");
    else if (how == QLatin1String("token"))
        path = m_data + QStringLiteral("/admin-token");
    else if (how == QLatin1String("dotdot"))
        path = m_outside + QStringLiteral("/../data/key-pepper");
    else if (how == QLatin1String("symlink")) {
        path = m_outside + QStringLiteral("/innocent-looking");
        QVERIFY(QFile::link(m_data + QStringLiteral("/key-pepper"), path));
    } else if (how == QLatin1String("linked-dir")) {
        QVERIFY(QFile::link(m_data, m_outside + QStringLiteral("/dir")));
        path = m_outside + QStringLiteral("/dir/key-pepper");
    } else if (how == QLatin1String("data-via-link")) {
        // The gateway was started with a symlink as its data directory; the reference names the
        // real directory.
        dataDir = m_root->filePath(QStringLiteral("data-link"));
        QVERIFY(QFile::link(m_data, dataDir));
        path = m_data + QStringLiteral("/key-pepper");
    } else if (how == QLatin1String("missing"))
        path = m_data + QStringLiteral("/not-yet/secret");
    else if (how == QLatin1String("relative")) {
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_data));
        QString error;
        QVERIFY(!SecretResolver::acceptable(QStringLiteral("file:key-pepper"), m_data, &error));
        const SecretResolver::Result r = SecretResolver::resolve(QStringLiteral("file:key-pepper"), m_data);
        QDir::setCurrent(before);
        QVERIFY(!r.ok);
        QVERIFY(r.secret.isEmpty());
        return;
    }
    const QString reference = QStringLiteral("file:") + path;
    QString error;
    QVERIFY(!SecretResolver::acceptable(reference, dataDir, &error));
    QVERIFY2(error.startsWith(QLatin1String("secret_ref must not name a file inside the gateway's data directory")),
        qPrintable(error));
    const SecretResolver::Result r = SecretResolver::resolve(reference, dataDir);
    QVERIFY(!r.ok);
    QVERIFY(r.secret.isEmpty());
    QVERIFY2(
        r.error.startsWith(QLatin1String("secret file is inside the gateway's data directory")), qPrintable(r.error));
    QVERIFY(!r.error.contains(QLatin1String("pepper-that")));
}

void TestSecretResolver::controlCharactersMakeTheSecretInvalid_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("CR LF and a header") << QByteArray("sk-abc\r\nx-evil: 1");
    QTest::newRow("LF") << QByteArray("sk-abc\ndef");
    QTest::newRow("CR") << QByteArray("sk-abc\rdef");
    QTest::newRow("NUL") << QByteArray("sk-abc\0def", 10);
    QTest::newRow("TAB inside") << QByteArray("sk-abc\tdef");
    QTest::newRow("DEL") << QByteArray("sk-abc\x7f");
    QTest::newRow("C1 NEL") << QByteArray("sk-abc\xc2\x85");
    QTest::newRow("U+2028") << QByteArray("sk-abc\xe2\x80\xa8z");
}

void TestSecretResolver::controlCharactersMakeTheSecretInvalid()
{
    QFETCH(QByteArray, value);
    QVERIFY(!SecretResolver::validValue(value));
    // From a file ...
    const QString path = write(m_outside + QStringLiteral("/bad"), "\n" + value + "\n", QFile::ReadOwner);
    SecretResolver::Result r = SecretResolver::resolve(QStringLiteral("file:") + path, m_data);
    QVERIFY(!r.ok);
    QVERIFY(r.secret.isEmpty());
    QCOMPARE(r.error, QStringLiteral("invalid characters"));
    // ... and from the environment (a NUL cannot be in an environment variable).
    if (!value.contains('\0')) {
        qputenv("TEST_BAD_SECRET", value);
        r = SecretResolver::resolve(QStringLiteral("env:TEST_BAD_SECRET"), m_data);
        qunsetenv("TEST_BAD_SECRET");
        QVERIFY(!r.ok);
        QCOMPARE(r.error, QStringLiteral("invalid characters"));
    }
}

void TestSecretResolver::unreadableFilesAllGetOneAnswer()
{
    // Missing, a directory, a FIFO (which must not block), an empty file, one of only white
    // space, one readable by the group, one by others, one too long, and (when not root, who reads
    // everything) one its owner may not read: the reasons are all the same sentence.
    QStringList references;
    references << QStringLiteral("file:") + m_outside + QStringLiteral("/does-not-exist");
    references << QStringLiteral("file:/nonexistent-dir/secret");
    references << QStringLiteral("file:") + m_outside;
    const QString fifo = m_outside + QStringLiteral("/fifo");
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    references << QStringLiteral("file:") + fifo;
    const auto owner = QFile::ReadOwner | QFile::WriteOwner;
    references << QStringLiteral("file:") + write(m_outside + QStringLiteral("/empty"), "", owner);
    references << QStringLiteral("file:") + write(m_outside + QStringLiteral("/blank"), " \n\t\n", owner);
    references << QStringLiteral("file:")
            + write(m_outside + QStringLiteral("/group"), "sk-group", owner | QFile::ReadGroup);
    references << QStringLiteral("file:")
            + write(m_outside + QStringLiteral("/others"), "sk-others", owner | QFile::ReadOther);
    references << QStringLiteral("file:")
            + write(m_outside + QStringLiteral("/long"), QByteArray(64 * 1024 + 1, 'k'), owner);
    if (::geteuid() != 0)
        references << QStringLiteral("file:")
                + write(m_outside + QStringLiteral("/no-permission"), "sk-hidden", QFile::WriteOwner);
    QSet<QString> reasons;
    for (const QString &reference : std::as_const(references)) {
        const SecretResolver::Result r = SecretResolver::resolve(reference, m_data);
        QVERIFY2(!r.ok, qPrintable(reference));
        QVERIFY(r.secret.isEmpty());
        reasons.insert(r.error);
    }
    QCOMPARE(reasons.size(), 1);
    QVERIFY2(reasons.begin()->startsWith(QLatin1String("secret file cannot be read")), qPrintable(*reasons.begin()));
    QVERIFY(!reasons.begin()->contains(m_outside)); // not even the path is repeated
}

void TestSecretResolver::theGatewaysOwnVariablesAreNoSecret()
{
    // env:BYTESPIKE_ADMIN_TOKEN would send the admin token upstream as the channel's key.
    qputenv("BYTESPIKE_ADMIN_TOKEN", "bsa-the-admin-token");
    QString why;
    QVERIFY(!SecretResolver::acceptable(QStringLiteral("env:BYTESPIKE_ADMIN_TOKEN"), m_data, &why));
    QVERIFY(why.contains(QLatin1String("BYTESPIKE_")));
    QVERIFY(!SecretResolver::acceptable(QStringLiteral("env:bytespike_admin_token"), m_data, &why));
    const SecretResolver::Result r = SecretResolver::resolve(QStringLiteral("env:BYTESPIKE_ADMIN_TOKEN"), m_data);
    QVERIFY(!r.ok);
    QVERIFY(r.secret.isEmpty());
    QVERIFY(!r.error.contains(QLatin1String("bsa-")));
    qunsetenv("BYTESPIKE_ADMIN_TOKEN");
    QVERIFY(SecretResolver::acceptable(QStringLiteral("env:ANTHROPIC_API_KEY"), m_data, &why));
}

void TestSecretResolver::validValue_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("key") << QByteArray("sk-ant-api03-abc_DEF-123") << true;
    QTest::newRow("spaces inside") << QByteArray("Bearer abc") << true;
    QTest::newRow("UTF-8 text") << QByteArray("caf\xc3\xa9") << true;
    QTest::newRow("NBSP") << QByteArray("a\xc2\xa0z") << true;
    QTest::newRow("LF") << QByteArray("a\nb") << false;
    QTest::newRow("ESC") << QByteArray("a\x1b") << false;
    QTest::newRow("U+2029") << QByteArray("a\xe2\x80\xa9") << false;
}

void TestSecretResolver::validValue()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, valid);
    QCOMPARE(SecretResolver::validValue(value), valid);
}

QTEST_GUILESS_MAIN(TestSecretResolver)
#include "tst_secretresolver.moc"
