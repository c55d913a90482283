#include "DollarDelegate.h"

#include "bytespike/MoneyFormat.h"
#include "models/ChannelModelsModel.h"

#include <QLineEdit>
#include <QLocale>
#include <QToolTip>

namespace bytespike {

QValidator::State DollarValidator::validate(QString &input, int &) const
{
    const QLocale locale;
    if (parseDollars(input, locale))
        return Acceptable;
    const QString trimmed = input.trimmed();
    if (trimmed.isEmpty() || trimmed == QLatin1String("$"))
        return Intermediate;
    // "3." is on its way to "3.5".
    for (const QString &point : {locale.decimalPoint(), QStringLiteral(".")}) {
        if (trimmed.endsWith(point) && parseDollars(trimmed.chopped(point.size()), locale))
            return Intermediate;
    }
    return Invalid;
}

void explainDollarRefusals(QLineEdit *line)
{
    const QString why = DollarValidator::tr("Dollars only, with at most six decimals: for example 3.75");
    line->setToolTip(why);
    QObject::connect(line, &QLineEdit::inputRejected, line,
        [line, why] { QToolTip::showText(line->mapToGlobal(QPoint(0, line->height())), why, line); });
}

QWidget *DollarDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto *line = qobject_cast<QLineEdit *>(editor); line && ChannelModelsModel::isPriceColumn(index.column())) {
        line->setValidator(new DollarValidator(line));
        explainDollarRefusals(line);
        line->setAccessibleName(tr("Price in dollars per million tokens"));
    }
    return editor;
}

} // namespace bytespike
