#pragma once

#include <QMainWindow>

namespace bytespike {

class EmbeddedGateway;

// The console's main window. It only assembles pages; each page owns its area.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(EmbeddedGateway &gateway, QWidget *parent = nullptr);
};

} // namespace bytespike
