// docs/openapi.json against the route table, both ways: every route the gateway serves is
// documented with the same access (admin token or not, and for an admin route the role it needs,
// x-bytespike-role), every documented operation is served, and GET /openapi.json serves exactly
// the document in the repository.
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

// How a route is reached: "public", or "admin token, role R".
QString access(bool adminToken, const QString &role)
{
    return adminToken ? QStringLiteral("admin token, role ") + role : QStringLiteral("public");
}

// "GET /admin/channels/{channel_id}" -> how the operation is reached (access()).
QHash<QString, QString> documentedOperations(const QJsonObject &document)
{
    QHash<QString, QString> operations;
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
            operations.insert(QString::fromLatin1(QByteArray(method).toUpper()) + QLatin1Char(' ') + path.key(),
                access(admin, operation.value(QStringLiteral("x-bytespike-role")).toString()));
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
    const QHash<QString, QString> documented = documentedOperations(document.object());
    QHash<QString, QString> served;
    for (const RouteInfo &route : gatewayRoutes())
        served.insert(QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern,
            access(route.adminToken, route.role ? roleName(*route.role) : QString()));
    QVERIFY(served.size() > 20);

    QStringList undocumented, unserved, wrongAccess;
    for (auto it = served.begin(); it != served.end(); ++it) {
        if (!documented.contains(it.key()))
            undocumented << it.key();
        else if (documented.value(it.key()) != it.value())
            wrongAccess << it.key() + QStringLiteral(" (served: ") + it.value() + QStringLiteral("; documented: ")
                    + documented.value(it.key()) + QLatin1Char(')');
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
        qPrintable(QStringLiteral("access documented differently from the route table: ")
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
