#pragma once

#include <QStyledItemDelegate>
#include <QValidator>

class QLineEdit;

namespace bytespike {

// Accepts what parseDollars() reads in the UI locale; a half-typed amount ("3." or "") is
// Intermediate, anything that can never become a price is refused as it is typed.
class DollarValidator : public QValidator
{
    Q_OBJECT
public:
    using QValidator::QValidator;
    State validate(QString &input, int &position) const override;
};

// Gives line (which has a DollarValidator) its words for what it refuses: a keystroke the
// validator turns away shows why, at the field, instead of doing nothing.
void explainDollarRefusals(QLineEdit *line);

// The price columns' editor: a line edit with the DollarValidator, so a price is checked on
// every keystroke; other columns get the default editor.
class DollarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace bytespike
