#include "JsonTableModel.h"

#include "bytespike/MoneyFormat.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QSet>

namespace bytespike {

JsonTableModel::JsonTableModel(QList<Column> columns, QString keyField, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(std::move(columns))
    , m_keyField(std::move(keyField))
{ }

void JsonTableModel::setHeaders(const QStringList &titles)
{
    m_headers = titles;
    if (!m_columns.isEmpty())
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, int(m_columns.size()) - 1);
}

QJsonValue JsonTableModel::field(const QJsonObject &row, const QString &path)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return row.value(path);
    return row.value(path.left(dot)).toObject().value(path.mid(dot + 1));
}

QString JsonTableModel::keyOf(const QJsonObject &row) const
{
    const QJsonValue v = field(row, m_keyField);
    return v.isString() ? v.toString() : QString::number(v.toInteger());
}

void JsonTableModel::setRows(const QJsonArray &array)
{
    QList<QJsonObject> incoming;
    incoming.reserve(array.size());
    for (const QJsonValue &v : array)
        incoming.append(v.toObject());
    if (m_keyField.isEmpty()) {
        beginResetModel();
        m_rows = std::move(incoming);
        endResetModel();
        return;
    }
    // Merge by key: drop rows that left, then walk the new order moving, inserting or updating.
    // The keys of the rows shown are kept beside them, so a refresh compares strings only.
    QStringList incomingKeys;
    incomingKeys.reserve(incoming.size());
    for (const QJsonObject &r : std::as_const(incoming))
        incomingKeys.append(keyOf(r));
    const QSet<QString> wanted(incomingKeys.cbegin(), incomingKeys.cend());
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!wanted.contains(m_keys[i])) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            m_keys.removeAt(i);
            endRemoveRows();
        }
    }
    for (int i = 0; i < int(incoming.size()); ++i) {
        const int at = int(m_keys.indexOf(incomingKeys[i], i));
        if (at < 0) {
            beginInsertRows({}, i, i);
            m_rows.insert(i, incoming[i]);
            m_keys.insert(i, incomingKeys[i]);
            endInsertRows();
            continue;
        }
        if (at != i) {
            beginMoveRows({}, at, at, {}, i);
            m_rows.move(at, i);
            m_keys.move(at, i);
            endMoveRows();
        }
        if (m_rows[i] != incoming[i]) {
            m_rows[i] = incoming[i];
            Q_EMIT dataChanged(index(i, 0), index(i, int(m_columns.size()) - 1));
        }
    }
    // Duplicated keys in the input would leave extra rows behind: trim to the input's length.
    if (m_rows.size() > incoming.size()) {
        beginRemoveRows({}, int(incoming.size()), int(m_rows.size()) - 1);
        m_rows.resize(incoming.size());
        m_keys.resize(incoming.size());
        endRemoveRows();
    }
}

qint64 JsonTableModel::sum(const QString &fieldName) const
{
    qint64 total = 0;
    for (const QJsonObject &r : m_rows)
        total += field(r, fieldName).toInteger();
    return total;
}

int JsonTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JsonTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QString JsonTableModel::codeText(const QString &code)
{
    // The API's words as it writes them (docs/api.md), each with its text for the operator.
    static const QHash<QString, const char *> words {{QStringLiteral("credit"), QT_TR_NOOP("credit")},
        {QStringLiteral("debit"), QT_TR_NOOP("debit")}, {QStringLiteral("pending"), QT_TR_NOOP("pending")},
        {QStringLiteral("posted"), QT_TR_NOOP("posted")}, {QStringLiteral("voided"), QT_TR_NOOP("voided")},
        {QStringLiteral("expired"), QT_TR_NOOP("expired")}, {QStringLiteral("ready"), QT_TR_NOOP("ready")},
        {QStringLiteral("unavailable"), QT_TR_NOOP("unavailable")},
        {QStringLiteral("disabled"), QT_TR_NOOP("disabled")}, {QStringLiteral("closed"), QT_TR_NOOP("closed")},
        {QStringLiteral("open"), QT_TR_NOOP("open")}, {QStringLiteral("half_open"), QT_TR_NOOP("half open")}};
    const auto it = words.constFind(code);
    return it == words.constEnd() ? code : tr(*it);
}

QString JsonTableModel::reasonText(const QString &code, const QString &text)
{
    // The codes of docs/api.md, "Reason codes": why a request was not billed or a hold voided, why
    // an attempt on a channel failed, why a channel is unavailable.
    static const QHash<QString, const char *> reasons {{QStringLiteral("refusal"), QT_TR_NOOP("the model refused")},
        {QStringLiteral("client_disconnected"), QT_TR_NOOP("the client disconnected")},
        {QStringLiteral("count_tokens"), QT_TR_NOOP("token counts are not billed")},
        {QStringLiteral("hold_deadline"), QT_TR_NOOP("ran past its hold deadline")},
        {QStringLiteral("shutting_down"), QT_TR_NOOP("the gateway was shutting down")},
        {QStringLiteral("not_delivered"), QT_TR_NOOP("not delivered in full")},
        {QStringLiteral("no_hold"), QT_TR_NOOP("no hold was taken")},
        {QStringLiteral("debit_failed"), QT_TR_NOOP("the debit failed")},
        {QStringLiteral("gateway_stopped"), QT_TR_NOOP("the gateway stopped before it finished")},
        {QStringLiteral("operator_loss"), QT_TR_NOOP("delivered after its lease ended (operator loss)")},
        {QStringLiteral("upstream_error"), QT_TR_NOOP("the provider answered with an error")},
        {QStringLiteral("upstream_failed"), QT_TR_NOOP("no channel could answer")},
        {QStringLiteral("stream_interrupted"), QT_TR_NOOP("the stream was cut short")},
        {QStringLiteral("invalid_request"), QT_TR_NOOP("invalid request")},
        {QStringLiteral("authentication"), QT_TR_NOOP("authentication failed")},
        {QStringLiteral("insufficient_balance"), QT_TR_NOOP("balance or budget too low")},
        {QStringLiteral("not_allowed"), QT_TR_NOOP("not allowed for this key")},
        {QStringLiteral("no_route"), QT_TR_NOOP("no channel serves the model")},
        {QStringLiteral("client_timeout"), QT_TR_NOOP("the client was too slow")},
        {QStringLiteral("rate_limited"), QT_TR_NOOP("rate limited")},
        {QStringLiteral("upstream_timeout"), QT_TR_NOOP("the provider timed out")},
        {QStringLiteral("overloaded"), QT_TR_NOOP("overloaded")},
        {QStringLiteral("tls_certificate"), QT_TR_NOOP("the provider's certificate was refused")},
        {QStringLiteral("tls"), QT_TR_NOOP("TLS failed")}, {QStringLiteral("proxy"), QT_TR_NOOP("the proxy failed")},
        {QStringLiteral("upstream_status"), QT_TR_NOOP("the provider answered with an error status")},
        {QStringLiteral("timeout"), QT_TR_NOOP("the provider timed out")},
        {QStringLiteral("dropped"), QT_TR_NOOP("the provider dropped the connection")},
        {QStringLiteral("connect"), QT_TR_NOOP("cannot connect to the provider")},
        {QStringLiteral("secret_unavailable"), QT_TR_NOOP("its key cannot be read")},
        {QStringLiteral("proxy_secret_unavailable"), QT_TR_NOOP("its proxy credentials cannot be read")}};
    const auto it = reasons.constFind(code);
    return it == reasons.constEnd() ? text : tr(*it);
}

QVariant JsonTableModel::cell(Kind kind, const QVariant &value, int role)
{
    if (kind == Kind::Reason || kind == Kind::Name) {
        const QStringList pair = value.toStringList();
        if (role == Qt::ToolTipRole)
            return pair.value(1);
        if (role != Qt::DisplayRole && role != Qt::UserRole)
            return role == Qt::TextAlignmentRole ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant();
        if (kind == Kind::Name)
            return pair.value(0).isEmpty() ? pair.value(1) : pair.value(0);
        return reasonText(pair.value(0), pair.value(1));
    }
    const bool money = kind == Kind::Money || kind == Kind::Balance || kind == Kind::Amount;
    const bool numeric = money || kind == Kind::Integer || kind == Kind::Milliseconds;
    if (role == Qt::UserRole)
        return numeric ? QVariant(value.toLongLong()) : value;
    const bool fractional = kind == Kind::Decimal || kind == Kind::Percent;
    if (role == Qt::TextAlignmentRole)
        return numeric || fractional ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                     : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (!value.isValid() || value.isNull())
        return QString();
    const QLocale locale;
    if (money && role == Qt::ToolTipRole)
        return formatMoney(value.toLongLong(), locale);
    if (kind == Kind::Code && role == Qt::ToolTipRole)
        return value.toString();
    switch (kind) {
    case Kind::Text: return value.toString();
    case Kind::Integer: return locale.toString(value.toLongLong());
    case Kind::Money: return formatMoney(value.toLongLong(), locale);
    case Kind::Balance: return formatBalance(value.toLongLong(), locale);
    case Kind::Amount: return formatAmount(value.toLongLong(), locale);
    case Kind::Milliseconds: return tr("%1 ms").arg(locale.toString(value.toLongLong()));
    case Kind::Decimal: return locale.toString(value.toDouble(), 'f', 2);
    case Kind::Percent: return QString(locale.toString(100.0 * value.toDouble(), 'f', 1) + locale.percent());
    case Kind::Bool: return value.toBool() ? tr("yes") : tr("no");
    case Kind::Code: return codeText(value.toString());
    case Kind::Reason:
    case Kind::Name: break; // above
    case Kind::Time: {
        const QDateTime time = value.typeId() == QMetaType::QString
            ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs)
            : QDateTime::fromMSecsSinceEpoch(value.toLongLong());
        if (!time.isValid())
            return value.toString();
        // The locale's short date and its time with seconds, without the time zone.
        static thread_local QHash<QString, QString> formats;
        QString &format = formats[locale.name()];
        if (format.isEmpty()) {
            QString clock = locale.timeFormat(QLocale::LongFormat);
            clock.remove(QLatin1Char('t'));
            format = locale.dateFormat(QLocale::ShortFormat) + QLatin1Char(' ') + clock.trimmed();
        }
        return locale.toString(time.toLocalTime(), format);
    }
    }
    return {};
}

QVariant JsonTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Column &column = m_columns[index.column()];
    const QJsonValue value = field(m_rows[index.row()], column.field);
    if (value.isDouble()) // integers exactly (toVariant would give a double)
        return cell(
            column.kind, value.toInteger() == value.toDouble() ? QVariant(value.toInteger()) : value.toVariant(), role);
    return cell(column.kind, value.isNull() || value.isUndefined() ? QVariant() : value.toVariant(), role);
}

QVariant JsonTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return section < m_headers.size() ? m_headers[section] : m_columns[section].field;
}

} // namespace bytespike
