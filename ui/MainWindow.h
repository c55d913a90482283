#pragma once

#include "ConsoleSettings.h"
#include "bytespike/GatewayService.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QListWidget;
class QSystemTrayIcon;
class QTabWidget;

namespace bytespike {

class ChannelsPage;
class EmbeddedGateway;
class OverviewPage;
class PlaygroundPage;
class SettingsPage;

// The console's main window. It only assembles pages; each page owns its area. With the
// "keep running" setting, closing the window hides it and the gateway goes on (the tray icon,
// where the desktop has one, shows its state and brings the window back; so does launching the
// console again).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(
        EmbeddedGateway &gateway, ConsoleSettings settings = {}, QString settingsPath = {}, QWidget *parent = nullptr);

    QSystemTrayIcon *trayIcon() const { return m_tray; }

public Q_SLOTS:
    void bringToFront();
    // Attaches to the gateway at url with the admin token the keychain keeps for it, or asks for
    // the token (the "Connect to a gateway" dialog) when it keeps none.
    void connectTo(const QString &url);
    // The "Connect to a gateway" dialog, with url (or the last gateway) filled in.
    void openConnectDialog(const QString &url);
    // Opens the page a link names ("customer:ID", "channel:ID", "request:ID", "holds:REQUEST_ID",
    // "page:playground"; from pageLink() or a page's linkOpened) showing that thing.
    void followLink(const QString &link);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // F5 reloads the page on show, Ctrl+S saves it, Ctrl+F goes to its find field, Ctrl+Enter
    // sends (the playground): each where the page has that action, and as its button would.
    void installShortcuts();
    void retranslate();
    void showGatewayState(GatewayService::State state);
    QWidget *buildSidebar(QWidget *parent);
    void connectOverview(OverviewPage *overview, ChannelsPage *channels, PlaygroundPage *playground);
    void attach(const QString &url, const QByteArray &token, bool keepToken);

    EmbeddedGateway &m_gateway;
    QTabWidget *m_pages;
    // The pages' sidebar (icons and names, the tab bar hidden) under the gateway's state.
    QListWidget *m_navigation = nullptr;
    QLabel *m_sidebarState = nullptr;
    SettingsPage *m_settings;
    QLabel *m_languageLabel;
    QComboBox *m_language;
    QSystemTrayIcon *m_tray = nullptr;
    GatewayService::State m_state = GatewayService::State::Stopped;
    bool m_quitting = false;
};

} // namespace bytespike
