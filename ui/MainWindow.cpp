#include "MainWindow.h"

#include "Language.h"
#include "pages/ChannelsPage.h"
#include "pages/CustomersPage.h"
#include "pages/LedgerPage.h"
#include "pages/OverviewPage.h"
#include "pages/PlaygroundPage.h"
#include "pages/RatesPage.h"
#include "pages/RequestsPage.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStatusBar>
#include <QTabWidget>

namespace bytespike {

MainWindow::MainWindow(EmbeddedGateway &gateway, QWidget *parent)
    : QMainWindow(parent)
    , m_pages(new QTabWidget(this))
    , m_languageLabel(new QLabel(this))
    , m_language(new QComboBox(this))
{
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addTab(new OverviewPage(gateway, m_pages), QString());
    m_pages->addTab(new ChannelsPage(gateway, m_pages), QString());
    m_pages->addTab(new RatesPage(gateway, m_pages), QString());
    m_pages->addTab(new LedgerPage(gateway, m_pages), QString());
    m_pages->addTab(new CustomersPage(gateway, m_pages), QString());
    m_pages->addTab(new RequestsPage(gateway, m_pages), QString());
    m_pages->addTab(new PlaygroundPage(gateway, m_pages), QString());
    setCentralWidget(m_pages);

    // The interface language, switched at run time; each entry in its own language.
    m_language->setObjectName(QStringLiteral("languageBox"));
    for (const QString &locale : Language::available()) {
        const QString name = QLocale(locale).nativeLanguageName();
        m_language->addItem(name.isEmpty() ? locale : name, locale);
    }
    m_language->setCurrentIndex(std::max(0, m_language->findData(Language::current())));
    connect(m_language, &QComboBox::activated, this,
        [this](int index) { Language::apply(m_language->itemData(index).toString()); });
    m_languageLabel->setBuddy(m_language);
    statusBar()->addPermanentWidget(m_languageLabel);
    statusBar()->addPermanentWidget(m_language);

    retranslate();
    resize(900, 600);
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
        tr("Customers"), tr("Requests"), tr("Playground")};
    for (int i = 0; i < titles.size(); ++i)
        m_pages->setTabText(i, titles[i]);
    m_languageLabel->setText(tr("&Language:"));
    m_language->setAccessibleName(tr("Interface language"));
    const int index = m_language->findData(Language::current());
    if (index >= 0)
        m_language->setCurrentIndex(index);
}

} // namespace bytespike
