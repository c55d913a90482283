// The customer-key digest: HMAC-SHA256 under the installation's pepper, computed with
// precomputed pads (auth/KeyDigest.cpp). Checked against RFC 4231's vectors and Qt's own HMAC.
#include "auth/KeyDigest.h"
#include "base/Ids.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace bytespike;

class TestKeyDigest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc4231_data();
    void rfc4231();
    void matchesQtForEveryLength();
    void copiesShareThePepper();
    void threadsDigestAtOnce();
    void tokensAreUniformBase62_data();
    void tokensAreUniformBase62();
    void uniqueTokensDifferAcrossThreads();
    void requestIdsSortByTime();
};

void TestKeyDigest::rfc4231_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("mac");
    QTest::newRow("case 1") << QByteArray(20, '\x0b') << QByteArray("Hi There")
                            << QByteArray("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    QTest::newRow("case 2, short key") << QByteArray("Jefe") << QByteArray("what do ya want for nothing?")
                                       << QByteArray(
                                              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    QTest::newRow("case 3") << QByteArray(20, '\xaa') << QByteArray(50, '\xdd')
                            << QByteArray("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    QTest::newRow("case 6, key longer than a block")
        << QByteArray(131, '\xaa') << QByteArray("Test Using Larger Than Block-Size Key - Hash Key First")
        << QByteArray("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    QTest::newRow("case 7, long key and data")
        << QByteArray(131, '\xaa')
        << QByteArray("This is a test using a larger than block-size key and a larger than block-size data. The key "
                      "needs to be hashed before being used by the HMAC algorithm.")
        << QByteArray("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

void TestKeyDigest::rfc4231()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, mac);
    const KeyDigest digest(key);
    QCOMPARE(digest.digest(data).toHex(), mac);
    QCOMPARE(digest.digest(data).toHex(), mac); // the pads are not consumed by a digest
}

void TestKeyDigest::matchesQtForEveryLength()
{
    auto *rng = QRandomGenerator::global();
    for (int pepperSize : {0, 1, 32, 63, 64, 65, 200}) {
        QByteArray pepper(pepperSize, Qt::Uninitialized);
        for (char &c : pepper)
            c = char(rng->bounded(256));
        const KeyDigest digest(pepper);
        for (int keySize = 0; keySize <= 300; keySize += keySize < 70 ? 1 : 23) {
            QByteArray key(keySize, Qt::Uninitialized);
            for (char &c : key)
                c = char(rng->bounded(256));
            QCOMPARE(digest.digest(key), QMessageAuthenticationCode::hash(key, pepper, QCryptographicHash::Sha256));
        }
    }
}

void TestKeyDigest::copiesShareThePepper()
{
    const QByteArray key = "bsk-0123456789";
    KeyDigest copy;
    QCOMPARE(copy.digest(key), QMessageAuthenticationCode::hash(key, QByteArray(), QCryptographicHash::Sha256));
    {
        const KeyDigest original(QByteArray("pepper"));
        copy = original;
    }
    QCOMPARE(copy.digest(key), QMessageAuthenticationCode::hash(key, "pepper", QCryptographicHash::Sha256));
    QVERIFY(copy.digest(key) != KeyDigest(QByteArray("Pepper")).digest(key));
}

void TestKeyDigest::threadsDigestAtOnce()
{
    const KeyDigest digest(QByteArray(32, 'p'));
    const QByteArray expected
        = QMessageAuthenticationCode::hash("bsk-key", QByteArray(32, 'p'), QCryptographicHash::Sha256);
    std::atomic<int> wrong {0};
    QList<QThread *> threads;
    for (int t = 0; t < 4; ++t) {
        threads.append(QThread::create([&] {
            for (int i = 0; i < 5000; ++i) {
                if (digest.digest("bsk-key") != expected)
                    ++wrong;
            }
        }));
        threads.last()->start();
    }
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(wrong.load(), 0);
}

void TestKeyDigest::tokensAreUniformBase62_data()
{
    QTest::addColumn<bool>("secret");
    QTest::newRow("randomToken (system generator)") << true;
    QTest::newRow("uniqueToken (the thread's generator)") << false;
}

void TestKeyDigest::tokensAreUniformBase62()
{
    QFETCH(bool, secret);
    const auto draw = [secret](int length) { return secret ? Ids::randomToken(length) : Ids::uniqueToken(length); };
    static const QByteArray alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QHash<char, int> counts;
    constexpr int kTokens = 3000;
    for (int t = 0; t < kTokens; ++t) {
        const QByteArray token = draw(40);
        QCOMPARE(token.size(), 40);
        for (char c : token) {
            QVERIFY2(alphabet.contains(c), token.constData());
            ++counts[c];
        }
    }
    // 120,000 draws over 62 characters: about 1,935 each, with a standard deviation near 44.
    QCOMPARE(counts.size(), 62);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QVERIFY2(it.value() > 1935 - 300 && it.value() < 1935 + 300, qPrintable(QString(QLatin1Char(it.key()))));
    QCOMPARE(draw(0), QByteArray(""));
    QCOMPARE(draw(1000).size(), 1000);
}

// Each thread's generator is seeded on its own from the system generator: threads started at
// the same moment never draw the same ids.
void TestKeyDigest::uniqueTokensDifferAcrossThreads()
{
    constexpr int kThreads = 8;
    QList<QByteArray> tokens(kThreads);
    QList<QThread *> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.append(QThread::create([&tokens, t] { tokens[t] = Ids::uniqueToken(24) + Ids::uniqueToken(24); }));
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    tokens.append(Ids::uniqueToken(48));
    const QSet<QByteArray> distinct(tokens.cbegin(), tokens.cend());
    QCOMPARE(distinct.size(), kThreads + 1);
}

void TestKeyDigest::requestIdsSortByTime()
{
    const QByteArray first = Ids::requestId();
    QTest::qWait(3);
    const QByteArray second = Ids::requestId();
    QVERIFY(first.startsWith("req_"));
    QCOMPARE(first.size(), 28);
    QVERIFY2(first.mid(4, 8) < second.mid(4, 8), QByteArray(first + " " + second).constData());
    QVERIFY(first != second);
}

QTEST_GUILESS_MAIN(TestKeyDigest)
#include "tst_keydigest.moc"
