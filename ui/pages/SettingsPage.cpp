#include "SettingsPage.h"

#include "Language.h"
#include "Theme.h"
#include "bytespike/GatewayService.h"
#include "bytespike/Logging.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace bytespike {

SettingsPage::SettingsPage(EmbeddedGateway &gateway, ConsoleSettings settings, QString settingsPath, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_settings(std::move(settings))
    , m_path(std::move(settingsPath))
    , m_listen(new QLineEdit(this))
    , m_adminListen(new QLineEdit(this))
    , m_language(new QComboBox(this))
    , m_theme(new QComboBox(this))
    , m_logLevel(new QComboBox(this))
    , m_retention(new QSpinBox(this))
    , m_keepRunning(new QCheckBox(this))
    , m_apply(new QPushButton(this))
    , m_message(new QLabel(this))
{
    m_listen->setObjectName(QStringLiteral("listenEdit"));
    m_adminListen->setObjectName(QStringLiteral("adminListenEdit"));
    m_language->setObjectName(QStringLiteral("settingsLanguageBox"));
    m_theme->setObjectName(QStringLiteral("themeBox"));
    m_logLevel->setObjectName(QStringLiteral("logLevelBox"));
    m_retention->setObjectName(QStringLiteral("retentionSpin"));
    m_keepRunning->setObjectName(QStringLiteral("keepRunningBox"));
    m_apply->setObjectName(QStringLiteral("applySettingsButton"));
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setWordWrap(true);
    for (const QString &locale : Language::available()) {
        const QString name = QLocale(locale).nativeLanguageName();
        m_language->addItem(name.isEmpty() ? locale : name, locale);
    }
    for (const char *theme : {"light", "dark", "system"})
        m_theme->addItem(QString(), QLatin1String(theme));
    for (const char *level : {"error", "warn", "info", "debug"})
        m_logLevel->addItem(QLatin1String(level), QLatin1String(level));
    m_retention->setRange(1, 3650);

    auto *form = new QFormLayout;
    for (QWidget *field : std::initializer_list<QWidget *> {
             m_listen, m_adminListen, m_language, m_theme, m_logLevel, m_retention, m_keepRunning}) {
        auto *label = new QLabel(this);
        label->setBuddy(field);
        m_labels.append(label);
        form->addRow(label, field);
    }
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(m_listen, &QLineEdit::textChanged, this, &SettingsPage::validate);
    connect(m_adminListen, &QLineEdit::textChanged, this, &SettingsPage::validate);
    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::apply);
    showSettings(m_settings);
    retranslate();
}

void SettingsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SettingsPage::retranslate()
{
    const QStringList labels {tr("&Public API address:"), tr("&Admin API address:"), tr("&Language:"), tr("&Theme:"),
        tr("Log le&vel:"), tr("&Keep the request log:"), tr("When the window closes:")};
    for (qsizetype i = 0; i < m_labels.size(); ++i)
        m_labels[i]->setText(labels.value(i));
    m_listen->setPlaceholderText(QStringLiteral("127.0.0.1:8787"));
    m_adminListen->setPlaceholderText(tr("Empty: the public address serves the admin API too"));
    m_theme->setItemText(0, tr("Light"));
    m_theme->setItemText(1, tr("Dark"));
    m_theme->setItemText(2, tr("As the system"));
    m_retention->setSuffix(tr(" days"));
    m_keepRunning->setText(tr("Keep the gateway &running in the background"));
    m_apply->setText(tr("A&pply"));
    m_listen->setAccessibleName(tr("Public API address, host and port"));
    m_adminListen->setAccessibleName(tr("Admin API address, host and port"));
    m_language->setAccessibleName(tr("Interface language"));
    m_theme->setAccessibleName(tr("Colour theme"));
    m_logLevel->setAccessibleName(tr("Log level"));
    m_retention->setAccessibleName(tr("Days the request log is kept"));
    m_keepRunning->setAccessibleName(tr("Keep the gateway running when the window closes"));
    m_apply->setAccessibleName(tr("Apply the settings"));
    m_message->setAccessibleName(tr("Settings messages"));
    const int index = m_language->findData(Language::current());
    if (index >= 0)
        m_language->setCurrentIndex(index);
}

void SettingsPage::showSettings(const ConsoleSettings &s)
{
    m_listen->setText(s.listen);
    m_adminListen->setText(s.adminListen);
    m_language->setCurrentIndex(
        std::max(0, m_language->findData(s.language.isEmpty() ? Language::current() : s.language)));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(s.theme)));
    m_logLevel->setCurrentIndex(std::max(0, m_logLevel->findData(s.logLevel)));
    m_retention->setValue(s.retentionDays);
    m_keepRunning->setChecked(s.keepRunningWhenClosed);
}

void SettingsPage::chooseLanguage(const QString &locale)
{
    Language::apply(locale);
    m_settings.language = Language::current();
    if (!m_path.isEmpty())
        m_settings.saveInBackground(m_path);
}

void SettingsPage::rememberGateway(const QString &url)
{
    m_settings.rememberGateway(url);
    if (!m_path.isEmpty())
        m_settings.saveInBackground(m_path);
}

void SettingsPage::rememberStep(const QString &name)
{
    if (m_settings.gettingStarted.contains(name))
        return;
    m_settings.gettingStarted.append(name);
    if (!m_path.isEmpty())
        m_settings.saveInBackground(m_path);
}

ConsoleSettings SettingsPage::edited() const
{
    ConsoleSettings s = m_settings;
    s.listen = m_listen->text().trimmed();
    s.adminListen = m_adminListen->text().trimmed();
    s.language = m_language->currentData().toString();
    s.theme = m_theme->currentData().toString();
    s.logLevel = m_logLevel->currentData().toString();
    s.retentionDays = m_retention->value();
    s.keepRunningWhenClosed = m_keepRunning->isChecked();
    return s;
}

void SettingsPage::validate()
{
    GatewayConfig probe = m_gateway.config();
    QString error;
    const bool ok = edited().applyTo(&probe, &error);
    m_message->setText(ok ? QString() : error);
    m_message->setProperty("problem", !ok);
    m_apply->setEnabled(ok);
}

void SettingsPage::apply()
{
    const ConsoleSettings next = edited();
    GatewayConfig config = m_gateway.config();
    QString error;
    if (!next.applyTo(&config, &error)) {
        m_message->setText(error);
        return;
    }
    const bool restart = next.listen != m_settings.listen || next.adminListen != m_settings.adminListen
        || next.retentionDays != m_settings.retentionDays || next.logLevel != m_settings.logLevel;
    if (next.language != Language::current())
        Language::apply(next.language);
    if (next.theme != chosenTheme())
        applyTheme(next.theme);
    installLogHandler(config.logLevel);
    m_settings = next;
    if (!m_path.isEmpty())
        m_settings.saveInBackground(m_path);
    if (restart && m_gateway.isAttached()) {
        m_gateway.setConfig(config);
        m_message->setText(tr("Saved. The addresses and log settings are the console's own gateway's; the gateway"
                              " it is attached to keeps its own."));
    } else if (restart) {
        m_gateway.setConfig(config);
        m_gateway.restart();
        m_message->setText(tr("Saved. The gateway restarts with the new addresses and log settings."));
    } else {
        m_message->setText(tr("Saved."));
    }
}

} // namespace bytespike
