#pragma once

#include "ConsoleSettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace bytespike {

class EmbeddedGateway;

// Settings: the gateway's listen addresses, log level and request-log retention (applied by
// restarting the embedded gateway), the interface language and theme (applied at once), and
// whether closing the window keeps the gateway running. Saved to the console's settings file.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    // settingsPath empty: nothing is saved (tests).
    SettingsPage(EmbeddedGateway &gateway, ConsoleSettings settings, QString settingsPath, QWidget *parent = nullptr);

    const ConsoleSettings &settings() const { return m_settings; }
    // The interface language was switched elsewhere (the status bar): applied and saved, so the
    // next launch opens in it.
    void chooseLanguage(const QString &locale);
    // The console attached to url: saved first among the recent gateways.
    void rememberGateway(const QString &url);
    // A Get started step the operator did (the Overview's): saved.
    void rememberStep(const QString &name);

public Q_SLOTS:
    void apply();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showSettings(const ConsoleSettings &settings);
    ConsoleSettings edited() const;
    void validate();

    EmbeddedGateway &m_gateway;
    ConsoleSettings m_settings;
    QString m_path;
    QLineEdit *m_listen;
    QLineEdit *m_adminListen;
    QComboBox *m_language;
    QComboBox *m_theme;
    QComboBox *m_logLevel;
    QSpinBox *m_retention;
    QCheckBox *m_keepRunning;
    QPushButton *m_apply;
    QLabel *m_message;
    QList<QLabel *> m_labels;
};

} // namespace bytespike
