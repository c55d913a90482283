#pragma once

#include <QMainWindow>

class QComboBox;
class QLabel;
class QTabWidget;

namespace bytespike {

class EmbeddedGateway;

// The console's main window. It only assembles pages; each page owns its area.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(EmbeddedGateway &gateway, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QTabWidget *m_pages;
    QLabel *m_languageLabel;
    QComboBox *m_language;
};

} // namespace bytespike
