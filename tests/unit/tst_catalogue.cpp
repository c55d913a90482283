// Issue 7, item 3: the catalogues de, ja and zh_CN are complete. Every string the code marks for
// translation (as lupdate finds it in ui/ and the core) has a finished, non-empty translation in
// every catalogue, nothing is left unfinished or obsolete, and the compiled catalogues answer.
#include "bytespike/Catalogue.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace bytespike;

namespace {

struct TsFile
{
    QSet<QString> keys; // context + '\n' + source
    QStringList problems;
};

TsFile readTs(const QString &path)
{
    TsFile out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        out.problems << QStringLiteral("cannot read ") + path;
        return out;
    }
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText();
            out.keys.insert(context + QLatin1Char('\n') + source);
            if (!type.isEmpty())
                out.problems << QStringLiteral("%1 / %2: %3").arg(context, source, type);
            else if (text.trimmed().isEmpty())
                out.problems << QStringLiteral("%1 / %2: empty translation").arg(context, source);
        }
    }
    if (xml.hasError())
        out.problems << xml.errorString();
    return out;
}

} // namespace

class TestCatalogue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyMarkedStringIsTranslated();
    void compiledCataloguesAnswer();
};

void TestCatalogue::everyMarkedStringIsTranslated()
{
    // What the code marks today, as lupdate extracts it.
    QTemporaryDir dir;
    const QString extracted = dir.filePath(QStringLiteral("source.ts"));
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(BYTESPIKE_SOURCE_DIR));
    lupdate.start(QStringLiteral(BYTESPIKE_LUPDATE_PATH),
        {QStringLiteral("-silent"), QStringLiteral("-no-obsolete"), QStringLiteral("ui"), QStringLiteral("app"),
            QStringLiteral("gateway-core/src"), QStringLiteral("-ts"), extracted});
    QVERIFY(lupdate.waitForFinished(60000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    const TsFile marked = readTs(extracted);
    QVERIFY2(marked.keys.size() >= 30, qPrintable(QString::number(marked.keys.size())));

    const QDir translations(QStringLiteral(BYTESPIKE_SOURCE_DIR "/translations"));
    const QStringList files = translations.entryList({QStringLiteral("bytespike_*.ts")}, QDir::Files, QDir::Name);
    QCOMPARE(files,
        QStringList({QStringLiteral("bytespike_de.ts"), QStringLiteral("bytespike_ja.ts"),
            QStringLiteral("bytespike_zh_CN.ts")}));
    for (const QString &file : files) {
        const TsFile catalogue = readTs(translations.filePath(file));
        QVERIFY2(catalogue.problems.isEmpty(),
            qPrintable(file + QLatin1String(": ") + catalogue.problems.join(QLatin1String("; "))));
        const QSet<QString> missing = marked.keys - catalogue.keys;
        const QSet<QString> stale = catalogue.keys - marked.keys;
        QVERIFY2(missing.isEmpty(),
            qPrintable(file + QLatin1String(" misses: ") + QStringList(missing.values()).join(QLatin1String(" | "))));
        QVERIFY2(stale.isEmpty(),
            qPrintable(file + QLatin1String(" has strings the code no longer uses: ")
                + QStringList(stale.values()).join(QLatin1String(" | "))));
    }
}

void TestCatalogue::compiledCataloguesAnswer()
{
    QCOMPARE(Catalogue::locales(), QStringList({QStringLiteral("de"), QStringLiteral("ja"), QStringLiteral("zh_CN")}));
    QCOMPARE(Catalogue::text(QStringLiteral("de"), "PricingExport", "Rate card"), QStringLiteral("Preisliste"));
    QCOMPARE(Catalogue::text(QStringLiteral("ja"), "bytespike::OverviewPage", "Running"), QStringLiteral("実行中"));
    QCOMPARE(Catalogue::text(QStringLiteral("zh_CN"), "bytespike::MainWindow", "Overview"), QStringLiteral("概览"));
    QCOMPARE(Catalogue::text(QStringLiteral("en"), "PricingExport", "Rate card"), QStringLiteral("Rate card"));
    QCOMPARE(Catalogue::text(QStringLiteral("xx"), "PricingExport", "Rate card"), QStringLiteral("Rate card"));
}

QTEST_GUILESS_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
