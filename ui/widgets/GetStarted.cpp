#include "GetStarted.h"

#include "Theme.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

namespace bytespike {

QString GetStarted::stepName(Step step)
{
    static const char *const names[kSteps]
        = {"copy_key", "add_provider", "store_key", "test_channel", "set_prices", "first_request"};
    return QLatin1String(names[int(step)]);
}

GetStarted::GetStarted(QWidget *parent)
    : QGroupBox(parent)
    , m_done(kSteps, false)
    , m_copyKey(new QPushButton(this))
    , m_channels(new QPushButton(this))
    , m_playground(new QPushButton(this))
    , m_hide(new QPushButton(this))
{
    setObjectName(QStringLiteral("getStarted"));
    m_copyKey->setObjectName(QStringLiteral("copyDemoKeyButton"));
    m_channels->setObjectName(QStringLiteral("openChannelsButton"));
    m_playground->setObjectName(QStringLiteral("openPlaygroundButton"));
    m_hide->setObjectName(QStringLiteral("hideGetStartedButton"));
    auto *grid = new QGridLayout(this);
    for (int i = 0; i < kSteps; ++i) {
        auto *label = new QLabel(this);
        label->setObjectName(QStringLiteral("step_") + stepName(Step(i)));
        label->setWordWrap(true);
        m_labels.append(label);
        grid->addWidget(label, i, 0);
    }
    grid->addWidget(m_copyKey, int(Step::CopyKey), 1);
    grid->addWidget(m_channels, int(Step::AddProvider), 1);
    grid->addWidget(m_playground, int(Step::FirstRequest), 1);
    grid->addWidget(m_hide, kSteps, 1);
    grid->setColumnStretch(0, 1);
    connect(m_copyKey, &QPushButton::clicked, this, &GetStarted::copyKeyRequested);
    connect(m_channels, &QPushButton::clicked, this, &GetStarted::channelsRequested);
    connect(m_playground, &QPushButton::clicked, this, &GetStarted::playgroundRequested);
    connect(m_hide, &QPushButton::clicked, this, &GetStarted::dismissed);
    retranslate();
}

void GetStarted::setDone(Step step, bool done)
{
    if (m_done[int(step)] == done)
        return;
    m_done[int(step)] = done;
    render(step);
}

bool GetStarted::allDone() const
{
    return !m_done.contains(false);
}

void GetStarted::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void GetStarted::retranslate()
{
    setTitle(tr("Get started"));
    m_copyKey->setText(tr("&Copy the demo key"));
    m_channels->setText(tr("Open C&hannels"));
    m_playground->setText(tr("Open the &Playground"));
    m_hide->setText(tr("Hide this list"));
    m_copyKey->setAccessibleName(tr("Copy the demo customer key"));
    m_channels->setAccessibleName(tr("Open the Channels page"));
    m_playground->setAccessibleName(tr("Open the Playground page"));
    m_hide->setAccessibleName(tr("Hide the get-started list"));
    for (int i = 0; i < kSteps; ++i)
        render(Step(i));
}

void GetStarted::render(Step step)
{
    static const char *const texts[kSteps] = {
        QT_TR_NOOP("Copy the demo key: a customer key with a credit, for a first request from any client."),
        QT_TR_NOOP("Add a provider: a channel of the Anthropic or OpenAI protocol with its base URL."),
        QT_TR_NOOP("Store its key: paste the provider key on the channel to keep it in the keychain."),
        QT_TR_NOOP("Test it: Test connection on the channel sends it one small request."),
        QT_TR_NOOP("Set prices: what customers pay per million tokens for each model of the channel."),
        QT_TR_NOOP("Send a first request from the Playground and see it billed."),
    };
    const bool done = m_done[int(step)];
    QLabel *label = m_labels[int(step)];
    label->setText((done ? QStringLiteral("\u2714 ") : QStringLiteral("\u25CB ")) + tr(texts[int(step)]));
    label->setProperty("done", done);
    label->setAccessibleName((done ? tr("Done: %1") : tr("To do: %1")).arg(tr(texts[int(step)])));
    label->setStyleSheet(
        done ? QStringLiteral("color: %1").arg(themeColor(QStringLiteral("text_muted")).name()) : QString());
}

} // namespace bytespike
