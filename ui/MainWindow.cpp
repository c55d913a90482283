#include "MainWindow.h"

#include "Attach.h"
#include "Language.h"
#include "Theme.h"
#include "pages/ChannelsPage.h"
#include "pages/CustomersPage.h"
#include "pages/LedgerPage.h"
#include "pages/OperatorsPage.h"
#include "pages/OverviewPage.h"
#include "pages/PlaygroundPage.h"
#include "pages/RatesPage.h"
#include "pages/RequestsPage.h"
#include "pages/SettingsPage.h"
#include "widgets/ConnectDialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMetaMethod>
#include <QShortcut>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bytespike {

MainWindow::MainWindow(EmbeddedGateway &gateway, ConsoleSettings settings, QString settingsPath, QWidget *parent)
    : QMainWindow(parent)
    , m_gateway(gateway)
    , m_pages(new QTabWidget(this))
    , m_settings(new SettingsPage(gateway, std::move(settings), std::move(settingsPath), m_pages))
    , m_languageLabel(new QLabel(this))
    , m_language(new QComboBox(this))
{
    m_pages->setObjectName(QStringLiteral("pages"));
    auto *overview = new OverviewPage(gateway, m_pages);
    auto *channels = new ChannelsPage(gateway, m_pages);
    auto *playground = new PlaygroundPage(gateway, m_pages);
    m_pages->addTab(overview, QString());
    m_pages->addTab(channels, QString());
    auto *ledger = new LedgerPage(gateway, m_pages);
    auto *customers = new CustomersPage(gateway, m_pages);
    auto *requests = new RequestsPage(gateway, m_pages);
    m_pages->addTab(new RatesPage(gateway, m_pages), QString());
    m_pages->addTab(ledger, QString());
    m_pages->addTab(customers, QString());
    m_pages->addTab(requests, QString());
    m_pages->addTab(playground, QString());
    m_pages->addTab(new OperatorsPage(gateway, m_pages), QString());
    m_pages->addTab(m_settings, QString());
    connect(overview, &OverviewPage::linkOpened, this, &MainWindow::followLink);
    connect(ledger, &LedgerPage::linkOpened, this, &MainWindow::followLink);
    connect(customers, &CustomersPage::linkOpened, this, &MainWindow::followLink);
    connect(requests, &RequestsPage::linkOpened, this, &MainWindow::followLink);
    setCentralWidget(m_pages);
    // The sidebar: a fixed dock on the pages' left, without a title bar.
    auto *dock = new QDockWidget(this);
    dock->setObjectName(QStringLiteral("sidebarDock"));
    dock->setFeatures(QDockWidget::NoDockWidgetFeatures);
    dock->setTitleBarWidget(new QWidget(dock));
    dock->setWidget(buildSidebar(dock));
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    connectOverview(overview, channels, playground);

    // The interface language, switched at run time; each entry in its own language.
    m_language->setObjectName(QStringLiteral("languageBox"));
    for (const QString &locale : Language::available()) {
        const QString name = QLocale(locale).nativeLanguageName();
        m_language->addItem(name.isEmpty() ? locale : name, locale);
    }
    m_language->setCurrentIndex(std::max(0, m_language->findData(Language::current())));
    connect(m_language, &QComboBox::activated, this,
        [this](int index) { m_settings->chooseLanguage(m_language->itemData(index).toString()); });
    m_languageLabel->setBuddy(m_language);
    statusBar()->addPermanentWidget(m_languageLabel);
    statusBar()->addPermanentWidget(m_language);

    // Keyboard: Tab moves between controls everywhere; the arrow keys move inside a table.
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>())
        view->setTabKeyNavigation(false);
    installShortcuts();
    setMinimumSize(960, 600); // below it the pages' forms no longer fit

    // The tray icon, where the desktop has a tray: the gateway's state, and a way back.
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        // The application's icon (from the icon theme when installed), else the built-in one.
        const QIcon icon = QApplication::windowIcon().isNull()
            ? QIcon(QStringLiteral(":/icons/io.bytespike.Console.png"))
            : QApplication::windowIcon();
        m_tray = new QSystemTrayIcon(icon, this);
        auto *menu = new QMenu(this);
        menu->addAction(tr("Show ByteSpike"), this, &MainWindow::bringToFront);
        menu->addAction(tr("Quit"), this, [this] {
            m_quitting = true;
            close();
            QApplication::quit();
        });
        m_tray->setContextMenu(menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, &MainWindow::bringToFront);
        m_tray->show();
    }
    connect(&m_gateway, &EmbeddedGateway::stateChanged, this, &MainWindow::showGatewayState);

    retranslate();
    resize(1100, 720);
}

void MainWindow::connectOverview(OverviewPage *overview, ChannelsPage *channels, PlaygroundPage *playground)
{
    // The Overview's checklist: its actions open pages, and what the operator did is remembered.
    overview->setStepsDone(m_settings->settings().gettingStarted);
    connect(overview, &OverviewPage::connectRequested, this, [this] { openConnectDialog(QString()); });
    connect(overview, &OverviewPage::stepDone, m_settings, &SettingsPage::rememberStep);
    connect(
        overview, &OverviewPage::channelsRequested, this, [this, channels] { m_pages->setCurrentWidget(channels); });
    connect(overview, &OverviewPage::playgroundRequested, this,
        [this, playground] { m_pages->setCurrentWidget(playground); });
    connect(channels, &ChannelsPage::connectionTested, overview, &OverviewPage::channelTested);
    connect(playground, &PlaygroundPage::settled, overview, &OverviewPage::playgroundSent);
}

QWidget *MainWindow::buildSidebar(QWidget *parent)
{
    auto *sidebar = new QWidget(parent);
    m_sidebarState = new QLabel(sidebar);
    m_navigation = new QListWidget(sidebar);
    // One entry per page, in the pages' order, each with an icon of the style's own set.
    static const QStyle::StandardPixmap icons[]
        = {QStyle::SP_ComputerIcon, QStyle::SP_DriveNetIcon, QStyle::SP_MediaPlay, QStyle::SP_FileDialogDetailedView,
            QStyle::SP_DirHomeIcon, QStyle::SP_FileDialogContentsView, QStyle::SP_ArrowRight,
            QStyle::SP_DialogApplyButton, QStyle::SP_FileDialogInfoView};
    // The sidebar stands for the tab bar. Hidden, it must leave the focus chain too: with its
    // focus policy kept, Tab stopped at a page's last control (Qt 6.4).
    m_pages->tabBar()->setFocusPolicy(Qt::NoFocus);
    m_pages->tabBar()->hide();
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Out of the Tab chain, which goes round the page's own controls; Ctrl+Page Up and Ctrl+Page
    // Down move between the pages from the keyboard (installShortcuts).
    m_navigation->setFocusPolicy(Qt::ClickFocus);
    for (int i = 0; i < m_pages->count(); ++i)
        m_navigation->addItem(new QListWidgetItem(style()->standardIcon(icons[i % std::size(icons)]), QString()));
    m_navigation->setCurrentRow(0);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QTabWidget::setCurrentIndex);
    connect(
        m_pages, &QTabWidget::currentChanged, m_navigation, [this](int index) { m_navigation->setCurrentRow(index); });
    m_sidebarState->setObjectName(QStringLiteral("sidebarState"));
    m_sidebarState->setMargin(8);
    m_sidebarState->setWordWrap(true); // a long attached address wraps
    sidebar->setObjectName(QStringLiteral("sidebar"));
    auto *column = new QVBoxLayout(sidebar);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(m_sidebarState);
    column->addWidget(m_navigation, 1);
    sidebar->setFixedWidth(190);
    return sidebar;
}

void MainWindow::followLink(const QString &link)
{
    const QString kind = link.section(QLatin1Char(':'), 0, 0);
    const QString id = link.section(QLatin1Char(':'), 1);
    if (id.isEmpty())
        return;
    if (kind == u"customer") {
        auto *page = m_pages->findChild<CustomersPage *>();
        page->openCustomer(id);
        m_pages->setCurrentWidget(page);
    } else if (kind == u"channel") {
        auto *page = m_pages->findChild<ChannelsPage *>();
        page->openChannel(id);
        m_pages->setCurrentWidget(page);
    } else if (kind == u"request") {
        auto *page = m_pages->findChild<RequestsPage *>();
        page->openRequest(id);
        m_pages->setCurrentWidget(page);
    } else if (kind == u"page" && id == u"playground") {
        m_pages->setCurrentWidget(m_pages->findChild<PlaygroundPage *>());
    } else if (kind == u"holds") {
        auto *page = m_pages->findChild<LedgerPage *>();
        page->openHolds(id);
        m_pages->setCurrentWidget(page);
    }
}

void MainWindow::bringToFront()
{
    show();
    setWindowState((windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    raise();
    activateWindow();
}

void MainWindow::connectTo(const QString &url)
{
    Attach::loadToken(url, this, [this, url](const QByteArray &token) {
        if (token.isEmpty())
            openConnectDialog(url);
        else
            attach(url, token, false);
    });
}

void MainWindow::openConnectDialog(const QString &url)
{
    auto *dialog = new ConnectDialog(m_settings->settings().recentGateways, url, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
        [this, dialog] { attach(dialog->url(), dialog->token(), dialog->keepToken()); });
    dialog->open();
}

void MainWindow::attach(const QString &url, const QByteArray &token, bool keepToken)
{
    m_gateway.attach(url, token);
    m_gateway.start();
    m_settings->rememberGateway(url);
    if (!keepToken)
        return;
    Attach::storeToken(url, token, this, [this](const QString &error) {
        if (!error.isEmpty())
            statusBar()->showMessage(tr("The admin token was not kept in the keychain: %1").arg(error));
    });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_quitting && m_settings->settings().keepRunningWhenClosed) {
        // The gateway goes on serving; the tray or a second launch brings the window back.
        hide();
        if (m_tray)
            m_tray->showMessage(tr("ByteSpike"), tr("The gateway keeps running in the background."));
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
    QApplication::quit();
}

void MainWindow::installShortcuts()
{
    // The page's own button, clicked as a person would (only when it is enabled).
    const auto click = [this](std::initializer_list<const char *> names) {
        for (const char *name : names) {
            auto *button = m_pages->currentWidget()->findChild<QAbstractButton *>(QLatin1String(name));
            if (button && button->isEnabled() && button->isVisible()) {
                button->click();
                return;
            }
        }
    };
    const auto add = [this](const QKeySequence &keys, std::function<void()> run) {
        auto *shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WindowShortcut);
        connect(shortcut, &QShortcut::activated, this, std::move(run));
    };
    add(QKeySequence(Qt::CTRL | Qt::Key_PageDown),
        [this] { m_pages->setCurrentIndex((m_pages->currentIndex() + 1) % m_pages->count()); });
    add(QKeySequence(Qt::CTRL | Qt::Key_PageUp),
        [this] { m_pages->setCurrentIndex((m_pages->currentIndex() + m_pages->count() - 1) % m_pages->count()); });
    add(QKeySequence::Refresh, [this] {
        QWidget *page = m_pages->currentWidget();
        for (const char *slot : {"reload()", "refresh()"}) {
            const int index = page->metaObject()->indexOfSlot(slot);
            if (index >= 0) {
                page->metaObject()->method(index).invoke(page);
                return;
            }
        }
    });
    add(QKeySequence::Save, [click] { click({"saveButton", "applySettingsButton"}); });
    add(QKeySequence(Qt::CTRL | Qt::Key_Return), [click] { click({"sendButton"}); });
    add(QKeySequence(Qt::CTRL | Qt::Key_Enter), [click] { click({"sendButton"}); });
    add(QKeySequence::Find, [this] {
        QWidget *page = m_pages->currentWidget();
        if (page->metaObject()->indexOfSlot("find()") >= 0)
            QMetaObject::invokeMethod(page, "find");
    });
}

void MainWindow::showGatewayState(GatewayService::State state)
{
    m_state = state;
    static const char *const names[] = {QT_TR_NOOP("stopped"), QT_TR_NOOP("starting"), QT_TR_NOOP("running"),
        QT_TR_NOOP("stopping"), QT_TR_NOOP("failed")};
    static const char *const roles[] = {"text_muted", "warning", "positive", "warning", "negative"};
    const QString where = m_gateway.isAttached() ? m_gateway.attachedUrl() : tr("embedded");
    m_sidebarState->setText(QStringLiteral("<span style=\"color:%1\">\u25CF</span> %2<br><small>%3</small>")
                                .arg(themeColor(QLatin1String(roles[int(state)])).name(),
                                    tr(names[int(state)]).toHtmlEscaped(), where.toHtmlEscaped()));
    m_sidebarState->setAccessibleName(tr("ByteSpike gateway: %1").arg(tr(names[int(state)])));
    if (m_tray)
        m_tray->setToolTip(tr("ByteSpike gateway: %1").arg(tr(names[int(state)])));
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("ByteSpike"));
    m_pages->setAccessibleName(tr("Console pages"));
    const QStringList titles {tr("Overview"), tr("Channels and pricing"), tr("Live rates"), tr("Ledger"),
        tr("Customers"), tr("Requests"), tr("Playground"), tr("Operators"), tr("Settings")};
    for (int i = 0; i < titles.size(); ++i) {
        m_pages->setTabText(i, titles[i]);
        m_navigation->item(i)->setText(titles[i]);
    }
    m_navigation->setAccessibleName(tr("Pages"));
    m_languageLabel->setText(tr("&Language:"));
    m_language->setAccessibleName(tr("Interface language"));
    const int index = m_language->findData(Language::current());
    if (index >= 0)
        m_language->setCurrentIndex(index);
    showGatewayState(m_state);
}

} // namespace bytespike
