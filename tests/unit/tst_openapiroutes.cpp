// docs/openapi.json against the route table, both ways: every route the gateway serves is
// documented with the same access (admin token or not), every documented operation is served,
// and GET /openapi.json serves exactly the document in the repository.
#include "service/Router.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace bytespike;

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// "GET /admin/channels/{channel_id}" -> whether the operation asks for the admin token.
QHash<QString, bool> documentedOperations(const QJsonObject &document)
{
    QHash<QString, bool> operations;
    const QJsonObject paths = document.value(QStringLiteral("paths")).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (const char *method : {"get", "put", "post", "delete", "patch", "head", "options"}) {
            const QJsonObject operation = item.value(QLatin1String(method)).toObject();
            if (operation.isEmpty())
                continue;
            bool admin = false;
            for (const QJsonValue &requirement : operation.value(QStringLiteral("security")).toArray())
                admin = admin || requirement.toObject().contains(QStringLiteral("adminToken"));
            operations.insert(QString::fromLatin1(QByteArray(method).toUpper()) + QLatin1Char(' ') + path.key(), admin);
        }
    }
    return operations;
}

} // namespace

class TestOpenApiRoutes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyRouteIsDocumentedAndEveryOperationServed();
    void servedDocumentIsTheRepositorysOne();
};

void TestOpenApiRoutes::everyRouteIsDocumentedAndEveryOperationServed()
{
    const QJsonDocument document
        = QJsonDocument::fromJson(readFile(QStringLiteral(BYTESPIKE_SOURCE_DIR "/docs/openapi.json")));
    QVERIFY(document.isObject());
    const QHash<QString, bool> documented = documentedOperations(document.object());
    QHash<QString, bool> served;
    for (const RouteInfo &route : gatewayRoutes())
        served.insert(QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern, route.adminToken);
    QVERIFY(served.size() > 20);

    QStringList undocumented, unserved, wrongAccess;
    for (auto it = served.begin(); it != served.end(); ++it) {
        if (!documented.contains(it.key()))
            undocumented << it.key();
        else if (documented.value(it.key()) != it.value())
            wrongAccess << it.key();
    }
    for (auto it = documented.begin(); it != documented.end(); ++it) {
        if (!served.contains(it.key()))
            unserved << it.key();
    }
    QVERIFY2(undocumented.isEmpty(),
        qPrintable(QStringLiteral("served, not in docs/openapi.json: ") + undocumented.join(QStringLiteral(", "))));
    QVERIFY2(unserved.isEmpty(),
        qPrintable(QStringLiteral("in docs/openapi.json, not served: ") + unserved.join(QStringLiteral(", "))));
    QVERIFY2(wrongAccess.isEmpty(),
        qPrintable(QStringLiteral("admin token documented differently from the route table: ")
            + wrongAccess.join(QStringLiteral(", "))));
}

void TestOpenApiRoutes::servedDocumentIsTheRepositorysOne()
{
    const QByteArray compiledIn = readFile(QStringLiteral(":/bytespike/openapi.json"));
    QVERIFY(!compiledIn.isEmpty());
    QCOMPARE(compiledIn, readFile(QStringLiteral(BYTESPIKE_SOURCE_DIR "/docs/openapi.json")));
}

QTEST_GUILESS_MAIN(TestOpenApiRoutes)
#include "tst_openapiroutes.moc"
