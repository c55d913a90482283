// The themes as drawn, not only as written in the tokens: in both themes every kind of control the
// console uses is rendered on the window's background and on a surface panel, and the pixels of
// its border must stand 3:1 or more against the pixels just outside it (WCAG 2.1 SC 1.4.11).
#include "Theme.h"
#include "bytespike/DesignTokens.h"

#include <QApplication>
#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QImage>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace bytespike;

class TestTheme : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void componentPairsMeetNonTextContrast();
    void controlsStandOutFromTheirSurroundings_data();
    void controlsStandOutFromTheirSurroundings();
};

void TestTheme::componentPairsMeetNonTextContrast()
{
    const DesignTokens &tokens = DesignTokens::builtIn();
    QVERIFY(!tokens.componentPairs().isEmpty());
    for (const QString &theme : tokens.themes()) {
        for (const auto &[boundary, around] : tokens.componentPairs()) {
            const double ratio = DesignTokens::contrast(tokens.color(theme, boundary), tokens.color(theme, around));
            QVERIFY2(ratio >= 3.0,
                qPrintable(QStringLiteral("%1: %2 against %3 is only %4:1").arg(theme, boundary, around).arg(ratio)));
        }
    }
}

void TestTheme::controlsStandOutFromTheirSurroundings_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<bool>("onSurface");
    for (const QString &theme : DesignTokens::builtIn().themes()) {
        QTest::addRow("%s on the background", qPrintable(theme)) << theme << false;
        QTest::addRow("%s on a surface", qPrintable(theme)) << theme << true;
    }
}

void TestTheme::controlsStandOutFromTheirSurroundings()
{
    QFETCH(QString, theme);
    QFETCH(bool, onSurface);
    applyTheme(theme);
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *panel = new QFrame;
    if (onSurface) {
        // A panel filled with the surface colour, as the console's group boxes and tables are.
        panel->setAutoFillBackground(true);
        QPalette palette = panel->palette();
        palette.setColor(QPalette::Window, themeColor(QStringLiteral("surface")));
        panel->setPalette(palette);
    }
    layout->addWidget(panel);
    auto *inner = new QHBoxLayout(panel);
    inner->setContentsMargins(12, 12, 12, 12);
    inner->setSpacing(12);
    auto *combo = new QComboBox;
    combo->addItems({QStringLiteral("light"), QStringLiteral("dark")});
    const QList<QWidget *> controls = {new QLineEdit(QStringLiteral("text")), new QSpinBox, combo,
        new QPlainTextEdit(QStringLiteral("text")), new QPushButton(QStringLiteral("Save"))};
    for (QWidget *control : controls) {
        control->setFixedSize(90, 32);
        inner->addWidget(control);
    }
    window.resize(640, 120);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QImage image = window.grab().toImage();
    for (QWidget *control : controls) {
        // The left border's middle pixel, and the pixel three to its left (outside the control).
        const QPoint topLeft = control->mapTo(&window, QPoint(0, 0));
        const int y = topLeft.y() + control->height() / 2;
        const QColor border = image.pixelColor(topLeft.x(), y);
        const QColor outside = image.pixelColor(topLeft.x() - 3, y);
        const double ratio = DesignTokens::contrast(border.name(), outside.name());
        QVERIFY2(ratio >= 3.0,
            qPrintable(
                QStringLiteral("%1: the border of a %2 is %3 on %4, only %5:1")
                    .arg(theme, QString::fromLatin1(control->metaObject()->className()), border.name(), outside.name())
                    .arg(ratio)));
    }
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
