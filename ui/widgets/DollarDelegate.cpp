#include "DollarDelegate.h"

#include "bytespike/MoneyFormat.h"
#include "models/ChannelModelsModel.h"

#include <QLineEdit>
#include <QLocale>

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

QWidget *DollarDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto *line = qobject_cast<QLineEdit *>(editor); line && ChannelModelsModel::isPriceColumn(index.column())) {
        line->setValidator(new DollarValidator(line));
        line->setAccessibleName(tr("Price in dollars per million tokens"));
    }
    return editor;
}

} // namespace bytespike
