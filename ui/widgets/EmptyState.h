#pragma once

#include <QWidget>

class QAbstractItemModel;
class QAbstractItemView;
class QLabel;
class QPushButton;

namespace bytespike {

// What an empty table says: a line of text and, where there is one, the action that fills it,
// centred over the view while the model it shows (model, the one given: a proxy's rows are what
// the view shows) has no row, and hidden as soon as it has one. The page
// sets the words from its retranslate() and connects the action's clicked() (an empty action
// text hides the button). Its object name is the view's with "Empty" added.
class EmptyState : public QWidget
{
    Q_OBJECT
public:
    EmptyState(QAbstractItemView *view, QAbstractItemModel *model);

    void setTexts(const QString &text, const QString &action = {});
    QPushButton *action() const { return m_action; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow();
    void place();

    QAbstractItemView *m_view;
    QAbstractItemModel *m_model;
    QLabel *m_text;
    QPushButton *m_action;
};

} // namespace bytespike
