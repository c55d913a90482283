#include "KeyEditorDialog.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "widgets/DollarDelegate.h"
#include "widgets/Widgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace bytespike {

namespace {

constexpr KeyLimits::Period kPeriods[] {
    KeyLimits::Period::Day, KeyLimits::Period::Week, KeyLimits::Period::Month, KeyLimits::Period::Total};

// The gateway's rule for an ip_allow entry: an address alone, or an address with a prefix.
bool isAddressOrBlock(const QString &text)
{
    if (text.size() > 64)
        return false;
    if (text.contains(QLatin1Char('/')))
        return !QHostAddress::parseSubnet(text).first.isNull();
    return !QHostAddress(text).isNull();
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

KeyEditorDialog::KeyEditorDialog(
    EmbeddedGateway &gateway, QString customerId, std::optional<ApiKey> key, const QString &name, QWidget *parent)
    : QDialog(parent)
    , m_gateway(gateway)
    , m_customerId(std::move(customerId))
    , m_keyId(key ? key->id : QString())
    , m_name(new QLineEdit(key ? key->name : name, this))
    , m_models(new QListWidget(this))
    , m_modelsNote(new QLabel(this))
    , m_expires(new QCheckBox(this))
    , m_expiry(new QDateTimeEdit(this))
    , m_rpm(makeCountBox(QStringLiteral("keyRpm"), KeyLimits::kMaxRpm, this))
    , m_tpm(makeCountBox(QStringLiteral("keyTpm"), KeyLimits::kMaxTpm, this))
    , m_concurrent(makeCountBox(QStringLiteral("keyConcurrent"), KeyLimits::kMaxConcurrent, this))
    , m_hasBudget(new QCheckBox(this))
    , m_budget(new QLineEdit(this))
    , m_period(new QComboBox(this))
    , m_ipAllow(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("keyEditor"));
    m_name->setObjectName(QStringLiteral("keyEditorName"));
    m_models->setObjectName(QStringLiteral("keyModels"));
    m_expires->setObjectName(QStringLiteral("keyExpires"));
    m_expiry->setObjectName(QStringLiteral("keyExpiry"));
    m_hasBudget->setObjectName(QStringLiteral("keyHasBudget"));
    m_budget->setObjectName(QStringLiteral("keyBudget"));
    m_period->setObjectName(QStringLiteral("keyBudgetPeriod"));
    m_ipAllow->setObjectName(QStringLiteral("keyIpAllow"));
    m_error->setObjectName(QStringLiteral("keyEditorError"));
    m_buttons->setObjectName(QStringLiteral("keyEditorButtons"));
    m_modelsNote->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setProperty("problem", true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Expiry is a moment in UTC, to the second, as the gateway keeps it.
    m_expiry->setTimeSpec(Qt::UTC);
    m_expiry->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    m_expiry->setCalendarPopup(true);
    m_expiry->setDateTime(utc(QDateTime::currentMSecsSinceEpoch()).addDays(30));
    m_budget->setValidator(new DollarValidator(m_budget));
    explainDollarRefusals(m_budget);
    for (KeyLimits::Period period : kPeriods)
        m_period->addItem(QString(), int(period));
    m_ipAllow->setTabChangesFocus(true);
    m_ipAllow->setMinimumHeight(72);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildForm());
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_expires, &QCheckBox::toggled, m_expiry, &QWidget::setEnabled);
    connect(m_hasBudget, &QCheckBox::toggled, m_budget, &QWidget::setEnabled);
    connect(m_hasBudget, &QCheckBox::toggled, m_period, &QWidget::setEnabled);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &KeyEditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    retranslate();
    setLimits(key ? key->limits : KeyLimits());
    loadModels();
}

QWidget *KeyEditorDialog::buildForm()
{
    const auto label = [this](QWidget *buddy) {
        auto *l = new QLabel(this);
        l->setBuddy(buddy);
        m_labels.append(l);
        return l;
    };
    auto *expiry = new QHBoxLayout;
    expiry->addWidget(m_expires);
    expiry->addWidget(m_expiry, 1);
    auto *budget = new QHBoxLayout;
    budget->addWidget(m_hasBudget);
    budget->addWidget(m_budget, 1);
    budget->addWidget(m_period);
    auto *models = new QVBoxLayout;
    models->addWidget(m_models);
    models->addWidget(m_modelsNote);
    auto *form = new QWidget(this);
    auto *rows = new QFormLayout(form);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->addRow(label(m_name), m_name);
    rows->addRow(label(m_models), models);
    rows->addRow(label(m_expires), expiry);
    rows->addRow(label(m_rpm), m_rpm);
    rows->addRow(label(m_tpm), m_tpm);
    rows->addRow(label(m_concurrent), m_concurrent);
    rows->addRow(label(m_hasBudget), budget);
    rows->addRow(label(m_ipAllow), m_ipAllow);
    return form;
}

void KeyEditorDialog::retranslate()
{
    setWindowTitle(m_keyId.isEmpty() ? tr("New key") : tr("Key limits"));
    const QStringList labels {tr("&Name:"), tr("&Models:"), tr("E&xpiry:"), tr("&Requests per minute:"),
        tr("&Tokens per minute:"), tr("Requests at &once:"), tr("&Budget:"), tr("&IP allow-list:")};
    for (qsizetype i = 0; i < m_labels.size(); ++i)
        m_labels[i]->setText(labels.value(i));
    m_modelsNote->setText(tr("None checked: the key may call every model."));
    m_expires->setText(tr("Expires"));
    m_hasBudget->setText(tr("Limit to"));
    for (QDoubleSpinBox *box : {m_rpm, m_tpm, m_concurrent})
        box->setSpecialValueText(tr("no limit"));
    for (int i = 0; i < m_period->count(); ++i)
        m_period->setItemText(i, periodText(KeyLimits::Period(m_period->itemData(i).toInt())));
    m_budget->setPlaceholderText(tr("dollars, for example 25 or 12.50"));
    m_ipAllow->setPlaceholderText(tr("Any address. Or one per line: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7"));
    m_buttons->button(QDialogButtonBox::Save)->setText(tr("&Save"));
    m_name->setAccessibleName(tr("Key name"));
    m_models->setAccessibleName(tr("Models the key may call"));
    m_expires->setAccessibleName(tr("The key expires"));
    m_expiry->setAccessibleName(tr("Expiry time in UTC"));
    m_rpm->setAccessibleName(tr("Requests per minute, 0 for no limit"));
    m_tpm->setAccessibleName(tr("Tokens per minute, 0 for no limit"));
    m_concurrent->setAccessibleName(tr("Requests at once, 0 for no limit"));
    m_hasBudget->setAccessibleName(tr("The key has a budget"));
    m_budget->setAccessibleName(tr("Budget in dollars"));
    m_period->setAccessibleName(tr("Budget period"));
    m_ipAllow->setAccessibleName(tr("Addresses and CIDR blocks the key may be used from, one per line"));
    m_error->setAccessibleName(tr("Key editor messages"));
}

void KeyEditorDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

QString KeyEditorDialog::periodText(KeyLimits::Period period)
{
    switch (period) {
    case KeyLimits::Period::Day: return tr("per day");
    case KeyLimits::Period::Week: return tr("per week");
    case KeyLimits::Period::Month: return tr("per month");
    case KeyLimits::Period::Total: return tr("in total");
    }
    return {};
}

QString KeyEditorDialog::summary(const KeyLimits &limits)
{
    const QLocale locale;
    QStringList parts;
    if (!limits.models.isEmpty())
        parts << tr("models: %1").arg(limits.models.join(QLatin1String(", ")));
    if (limits.expiresAtMs)
        parts << tr("expires %1 UTC").arg(utc(*limits.expiresAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    if (limits.rpm > 0)
        parts << tr("%1 requests/min").arg(locale.toString(limits.rpm));
    if (limits.tpm > 0)
        parts << tr("%1 tokens/min").arg(locale.toString(limits.tpm));
    if (limits.maxConcurrent > 0)
        parts << tr("%1 at once").arg(locale.toString(limits.maxConcurrent));
    if (limits.budgetMicros)
        parts << tr("budget %1 %2").arg(formatMoney(*limits.budgetMicros, locale), periodText(limits.budgetPeriod));
    if (!limits.ipAllow.isEmpty())
        parts << tr("from %1").arg(limits.ipAllow.join(QLatin1String(", ")));
    return parts.isEmpty() ? tr("no limits") : parts.join(QLatin1String("; "));
}

void KeyEditorDialog::setLimits(const KeyLimits &limits)
{
    for (int i = 0; i < m_models->count(); ++i)
        m_models->item(i)->setCheckState(Qt::Unchecked);
    addModels(limits.models, true);
    m_expires->setChecked(limits.expiresAtMs.has_value());
    m_expiry->setEnabled(limits.expiresAtMs.has_value());
    if (limits.expiresAtMs)
        m_expiry->setDateTime(utc(*limits.expiresAtMs));
    setCount(m_rpm, limits.rpm);
    setCount(m_tpm, limits.tpm);
    setCount(m_concurrent, limits.maxConcurrent);
    m_hasBudget->setChecked(limits.budgetMicros.has_value());
    m_budget->setEnabled(limits.budgetMicros.has_value());
    m_period->setEnabled(limits.budgetMicros.has_value());
    m_budget->setText(limits.budgetMicros ? dollarsText(*limits.budgetMicros, QLocale()) : QString());
    m_period->setCurrentIndex(std::max(0, m_period->findData(int(limits.budgetPeriod))));
    m_ipAllow->setPlainText(limits.ipAllow.join(QLatin1Char('\n')));
}

void KeyEditorDialog::loadModels()
{
    // The routed models' public names; a model the key already names stays listed, checked.
    adminClient(m_gateway).listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (!channels.ok()) {
            showError(tr("Cannot list the models: %1").arg(errorText(channels.error())));
            return;
        }
        QStringList names;
        for (const ChannelView &view : channels.value()) {
            for (const ModelRoute &route : view.channel.models)
                names << route.model;
        }
        addModels(names, false);
    });
}

void KeyEditorDialog::addModels(const QStringList &models, bool checked)
{
    QStringList names;
    for (int i = 0; i < m_models->count(); ++i)
        names << m_models->item(i)->text();
    QStringList wanted = checkedModels();
    for (const QString &model : models) {
        if (!names.contains(model))
            names << model;
        if (checked && !wanted.contains(model))
            wanted << model;
    }
    names.sort();
    m_models->clear();
    for (const QString &name : std::as_const(names)) {
        auto *item = new QListWidgetItem(name, m_models);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(wanted.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList KeyEditorDialog::checkedModels() const
{
    QStringList out;
    for (int i = 0; i < m_models->count(); ++i) {
        if (m_models->item(i)->checkState() == Qt::Checked)
            out << m_models->item(i)->text();
    }
    return out;
}

std::optional<QStringList> KeyEditorDialog::readCidrs(QString *error) const
{
    QStringList out;
    const QStringList lines = m_ipAllow->toPlainText().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        if (!isAddressOrBlock(line)) {
            *error = tr("Line %1 of the IP allow-list is not an address or a CIDR block (10.0.0.0/8, 2001:db8::/32).")
                         .arg(i + 1);
            return std::nullopt;
        }
        if (!out.contains(line))
            out << line;
    }
    if (out.size() > KeyLimits::kMaxCidrs) {
        *error = tr("The IP allow-list holds at most %1 entries.").arg(KeyLimits::kMaxCidrs);
        return std::nullopt;
    }
    return out;
}

std::optional<KeyLimits> KeyEditorDialog::readLimits(QString *error) const
{
    KeyLimits limits;
    limits.models = checkedModels();
    if (m_expires->isChecked())
        limits.expiresAtMs = m_expiry->dateTime().toMSecsSinceEpoch();
    limits.rpm = countOf(m_rpm);
    limits.tpm = countOf(m_tpm);
    limits.maxConcurrent = countOf(m_concurrent);
    if (m_hasBudget->isChecked()) {
        limits.budgetMicros = parseDollars(m_budget->text(), QLocale());
        if (!limits.budgetMicros) {
            *error = tr("Type the budget in dollars, for example 25 or 12.50.");
            return std::nullopt;
        }
        limits.budgetPeriod = KeyLimits::Period(m_period->currentData().toInt());
    }
    const std::optional<QStringList> cidrs = readCidrs(error);
    if (!cidrs)
        return std::nullopt;
    limits.ipAllow = *cidrs;
    return limits;
}

void KeyEditorDialog::showError(const QString &text)
{
    m_error->setText(text);
}

void KeyEditorDialog::save()
{
    QString error;
    const std::optional<KeyLimits> limits = readLimits(&error);
    if (!limits) {
        showError(error);
        return;
    }
    showError({});
    m_buttons->setEnabled(false);
    const QString name = m_name->text().trimmed();
    if (m_keyId.isEmpty()) {
        const NewKey key {name.isEmpty() ? tr("console") : name, *limits};
        adminClient(m_gateway).createKey(this, m_customerId, key, [this](const ClientResult<CreatedKey> &created) {
            if (created.ok())
                Q_EMIT keyCreated(created.value());
            sent(created.ok() ? std::nullopt : std::optional(created.error()));
        });
        return;
    }
    const KeySettings settings {name.isEmpty() ? std::nullopt : std::optional(name), *limits};
    adminClient(m_gateway).updateKey(this, m_customerId, m_keyId, settings, [this](const ClientResult<ApiKey> &saved) {
        if (saved.ok())
            Q_EMIT keySaved(saved.value());
        sent(saved.ok() ? std::nullopt : std::optional(saved.error()));
    });
}

void KeyEditorDialog::sent(const std::optional<ClientError> &error)
{
    m_buttons->setEnabled(true);
    if (!error) {
        accept();
        return;
    }
    // The gateway's refusal names the field; the dialog stays open to fix it.
    showError(tr("Not saved: %1").arg(error->message));
}

} // namespace bytespike
