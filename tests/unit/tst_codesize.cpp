// The size limits of the core and the console (docs/architecture.md, "Size limits"): no source
// file over 600 lines and no function over 80 in gateway-core/src and ui/, unless that section
// names the file or function and says why. A listed exception that is back under the limit
// fails too, so the list never goes stale.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

constexpr int kMaxFileLines = 600;
constexpr int kMaxFunctionLines = 80;

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
}

int indentOf(const QString &line)
{
    int n = 0;
    while (n < line.size() && line.at(n) == QLatin1Char(' '))
        ++n;
    return n;
}

// The first line of the declaration whose body opens at lines[open] (a brace alone on its line,
// as the code style puts a function's): the nearest earlier line at the brace's indent that does
// not continue a parameter or initialiser list.
int declarationStart(const QStringList &lines, int open)
{
    const int indent = indentOf(lines[open]);
    int start = open - 1;
    while (start > 0) {
        const QString &line = lines[start];
        const QString text = line.trimmed();
        if (!text.isEmpty() && indentOf(line) <= indent && !text.startsWith(QLatin1Char(','))
            && !text.startsWith(QLatin1Char(':')))
            break;
        --start;
    }
    return start;
}

// The qualified name in a declaration's first lines.
QString functionName(const QStringList &lines, int start, int open)
{
    QString declaration;
    for (int i = start; i < open; ++i)
        declaration += lines[i].trimmed() + QLatin1Char(' ');
    static const QRegularExpression name(QStringLiteral("([A-Za-z_~][A-Za-z0-9_:~]*)\\s*\\("));
    const QRegularExpressionMatch m = name.match(declaration);
    return m.hasMatch() ? m.captured(1) : declaration.left(60).trimmed();
}

bool opensType(const QString &declaration)
{
    static const QRegularExpression type(
        QStringLiteral("^\\s*(template\\s*<.*>\\s*)?(struct|class|enum|union|namespace)\\b"));
    return type.match(declaration).hasMatch() || declaration.trimmed().endsWith(QLatin1Char('='));
}

// "path" for a file over the limit, "path function" for each function over it, counted from the
// declaration's first line to the closing brace. Member functions defined in a class count too.
QSet<QString> offenders(const QString &root)
{
    static const QRegularExpression openBrace(QStringLiteral("^ *\\{$"));
    static const QRegularExpression closeBrace(QStringLiteral("^ *\\};?$"));
    QSet<QString> found;
    for (const char *top : {"gateway-core/src", "ui"}) {
        QDirIterator files(root + QLatin1String(top), {QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files,
            QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            const QString relative = path.mid(root.size());
            const QStringList lines = readLines(path);
            if (lines.size() - 1 > kMaxFileLines)
                found << relative;
            QList<int> open; // the lines of the braces still open
            for (int i = 1; i < lines.size(); ++i) {
                if (openBrace.match(lines[i]).hasMatch()) {
                    open << i;
                } else if (!open.isEmpty() && closeBrace.match(lines[i]).hasMatch()
                    && indentOf(lines[i]) == indentOf(lines[open.last()])) {
                    const int brace = open.takeLast();
                    const int start = declarationStart(lines, brace);
                    if (!opensType(lines[start]) && i - start + 1 > kMaxFunctionLines)
                        found << relative + QLatin1Char(' ') + functionName(lines, start, brace);
                }
            }
        }
    }
    return found;
}

// The exceptions: every list item of the section that starts with `path` or `path` `function`.
QSet<QString> exceptions(const QString &architecture)
{
    const QStringList lines = readLines(architecture);
    const int start = lines.indexOf(QStringLiteral("## Size limits"));
    static const QRegularExpression item(QStringLiteral("^- `([^`]+)`(?: `([^`]+)`)?:"));
    QSet<QString> listed;
    for (int i = start + 1; start >= 0 && i < lines.size() && !lines[i].startsWith(QLatin1String("## ")); ++i) {
        const QRegularExpressionMatch m = item.match(lines[i]);
        if (m.hasMatch())
            listed << (m.captured(2).isEmpty() ? m.captured(1) : m.captured(1) + QLatin1Char(' ') + m.captured(2));
    }
    return listed;
}

} // namespace

class TestCodeSize : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyOversizedPartIsExplained();
    void detectsWhatItShould();
};

void TestCodeSize::everyOversizedPartIsExplained()
{
    const QString root = QStringLiteral(BYTESPIKE_SOURCE_DIR "/");
    const QSet<QString> found = offenders(root);
    const QSet<QString> listed = exceptions(root + QStringLiteral("docs/architecture.md"));
    QStringList unexplained = (found - listed).values();
    unexplained.sort();
    QVERIFY2(unexplained.isEmpty(),
        qPrintable(QStringLiteral("over the size limit and not in docs/architecture.md \"Size limits\": ")
            + unexplained.join(QStringLiteral(", "))));
    QStringList stale = (listed - found).values();
    stale.sort();
    QVERIFY2(stale.isEmpty(),
        qPrintable(
            QStringLiteral("listed in \"Size limits\" but within the limit now: ") + stale.join(QStringLiteral(", "))));
}

// The scanner itself: a long function, a long class body with a long inline member function,
// and a long file.
void TestCodeSize::detectsWhatItShould()
{
    QStringList lines {QStringLiteral("#include <x>"), QString(), QStringLiteral("int Long::body(int a,"),
        QStringLiteral("    int b) const"), QStringLiteral("{")};
    for (int i = 0; i < kMaxFunctionLines - 3; ++i) // 81 lines with the declaration and braces
        lines << QStringLiteral("    ++a;");
    lines << QStringLiteral("}") << QStringLiteral("void Short::body()") << QStringLiteral("{");
    for (int i = 0; i < kMaxFunctionLines - 3; ++i) // 80 lines: within the limit
        lines << QStringLiteral("    ++a;");
    lines << QStringLiteral("}") << QStringLiteral("class Big") << QStringLiteral("{") << QStringLiteral("public:")
          << QStringLiteral("    Big()") << QStringLiteral("        : m(0)") << QStringLiteral("    {");
    for (int i = 0; i < kMaxFunctionLines; ++i)
        lines << QStringLiteral("        ++m;");
    lines << QStringLiteral("    }") << QStringLiteral("    int m;") << QStringLiteral("};");
    QCOMPARE(declarationStart(lines, 4), 2);
    QCOMPARE(functionName(lines, 2, 4), QStringLiteral("Long::body"));
    QVERIFY(!opensType(lines[2]));
    QVERIFY(opensType(QStringLiteral("class Big")));
    QVERIFY(opensType(QStringLiteral("const Row rows[] =")));

    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("gateway-core/src/x")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("ui")));
    QFile file(dir.filePath(QStringLiteral("gateway-core/src/x/Long.cpp")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    while (lines.size() <= kMaxFileLines + 1)
        lines << QString();
    file.write(lines.join(QLatin1Char('\n')).toUtf8());
    file.close();
    const QSet<QString> found = offenders(dir.path() + QLatin1Char('/'));
    QCOMPARE(found,
        QSet<QString>(
            {QStringLiteral("gateway-core/src/x/Long.cpp"), QStringLiteral("gateway-core/src/x/Long.cpp Long::body"),
                QStringLiteral("gateway-core/src/x/Long.cpp Big")}));
}

QTEST_GUILESS_MAIN(TestCodeSize)
#include "tst_codesize.moc"
