#include "CustomerLimitsDialog.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"
#include "widgets/Widgets.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace bytespike {

CustomerLimitsDialog::CustomerLimitsDialog(EmbeddedGateway &gateway, const Customer &customer, QWidget *parent)
    : QDialog(parent)
    , m_gateway(gateway)
    , m_customerId(customer.id)
    , m_rpm(makeCountBox(QStringLiteral("customerRpm"), KeyLimits::kMaxRpm, this))
    , m_tpm(makeCountBox(QStringLiteral("customerTpm"), KeyLimits::kMaxTpm, this))
    , m_concurrent(makeCountBox(QStringLiteral("customerConcurrent"), KeyLimits::kMaxConcurrent, this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("customerLimitsEditor"));
    setWindowTitle(tr("Limits of %1").arg(customer.name.isEmpty() ? customer.id : customer.name));
    m_error->setObjectName(QStringLiteral("customerLimitsError"));
    m_error->setWordWrap(true);
    m_error->setProperty("problem", true);
    m_error->setAccessibleName(tr("Customer limits messages"));
    m_buttons->setObjectName(QStringLiteral("customerLimitsButtons"));
    m_buttons->button(QDialogButtonBox::Save)->setText(tr("&Save"));
    const QList<std::pair<QDoubleSpinBox *, qint64>> boxes {
        {m_rpm, customer.limits.rpm}, {m_tpm, customer.limits.tpm}, {m_concurrent, customer.limits.maxConcurrent}};
    for (const auto &[box, value] : boxes) {
        box->setSpecialValueText(tr("no limit"));
        setCount(box, value);
    }
    m_rpm->setAccessibleName(tr("Requests per minute across the customer's keys, 0 for no limit"));
    m_tpm->setAccessibleName(tr("Tokens per minute across the customer's keys, 0 for no limit"));
    m_concurrent->setAccessibleName(tr("Requests at once across the customer's keys, 0 for no limit"));

    auto *note = new QLabel(tr("These limits hold across all of the customer's keys; each key can have its own too."));
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Requests per minute:"), m_rpm);
    form->addRow(tr("&Tokens per minute:"), m_tpm);
    form->addRow(tr("Requests at &once:"), m_concurrent);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CustomerLimitsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

CustomerLimits CustomerLimitsDialog::limits() const
{
    return CustomerLimits {countOf(m_rpm), countOf(m_tpm), countOf(m_concurrent)};
}

QString CustomerLimitsDialog::summary(const CustomerLimits &limits)
{
    const QLocale locale;
    QStringList parts;
    if (limits.rpm > 0)
        parts << tr("%1 requests/min").arg(locale.toString(limits.rpm));
    if (limits.tpm > 0)
        parts << tr("%1 tokens/min").arg(locale.toString(limits.tpm));
    if (limits.maxConcurrent > 0)
        parts << tr("%1 at once").arg(locale.toString(limits.maxConcurrent));
    return parts.isEmpty() ? tr("no limits") : parts.join(QLatin1String("; "));
}

void CustomerLimitsDialog::save()
{
    m_error->clear();
    m_buttons->setEnabled(false);
    adminClient(m_gateway).updateCustomer(
        this, m_customerId, CustomerSettings {std::nullopt, limits()}, [this](const ClientResult<Customer> &done) {
            m_buttons->setEnabled(true);
            if (!done.ok()) {
                m_error->setText(tr("Not saved: %1").arg(errorText(done.error())));
                return;
            }
            Q_EMIT saved(done.value());
            accept();
        });
}

} // namespace bytespike
