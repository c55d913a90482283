#include "EmptyState.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace bytespike {

EmptyState::EmptyState(QAbstractItemView *view, QAbstractItemModel *model)
    : QWidget(view->viewport())
    , m_view(view)
    , m_model(model)
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
{
    setObjectName(view->objectName() + QStringLiteral("Empty"));
    m_text->setObjectName(objectName() + QStringLiteral("Text"));
    m_action->setObjectName(objectName() + QStringLiteral("Action"));
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(m_action, 0, Qt::AlignHCenter);
    view->viewport()->installEventFilter(this);
    connect(model, &QAbstractItemModel::rowsInserted, this, &EmptyState::follow);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &EmptyState::follow);
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyState::follow);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyState::follow);
    follow();
}

void EmptyState::setTexts(const QString &text, const QString &action)
{
    m_text->setText(text);
    m_action->setText(action);
    m_action->setVisible(!action.isEmpty());
    m_action->setAccessibleName(action);
    setAccessibleName(text);
    place();
}

bool EmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        place();
    return QWidget::eventFilter(watched, event);
}

void EmptyState::follow()
{
    setVisible(m_model->rowCount() == 0);
    place();
}

void EmptyState::place()
{
    const QRect area = m_view->viewport()->rect();
    const int width = std::min(area.width() - 16, 420);
    const QSize size(std::max(width, 0), heightForWidth(width) > 0 ? heightForWidth(width) : sizeHint().height());
    setGeometry(QRect(QPoint(area.center().x() - size.width() / 2, area.center().y() - size.height() / 2), size));
}

} // namespace bytespike
