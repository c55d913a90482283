#include "MainWindow.h"

#include "pages/OverviewPage.h"

#include <QTabWidget>

namespace bytespike {

MainWindow::MainWindow(EmbeddedGateway &gateway, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("ByteSpike"));
    auto *pages = new QTabWidget(this);
    pages->setObjectName(QStringLiteral("pages"));
    pages->setAccessibleName(tr("Console pages"));
    pages->addTab(new OverviewPage(gateway, pages), tr("Overview"));
    setCentralWidget(pages);
    resize(900, 600);
}

} // namespace bytespike
