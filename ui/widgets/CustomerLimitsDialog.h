#pragma once

#include "bytespike/AdminClient.h"

#include <QDialog>

class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;

namespace bytespike {

class EmbeddedGateway;

// Edits a customer's limits across all of its keys (requests and tokens per minute, requests at
// once; 0: no limit) and saves them with updateCustomer; a refusal shows in the dialog, which
// then stays open. Asynchronous: open() it, never exec().
class CustomerLimitsDialog : public QDialog
{
    Q_OBJECT
public:
    CustomerLimitsDialog(EmbeddedGateway &gateway, const Customer &customer, QWidget *parent = nullptr);

    CustomerLimits limits() const;
    // A line summing up a customer's limits (none: "no limits").
    static QString summary(const CustomerLimits &limits);

public Q_SLOTS:
    void save();

Q_SIGNALS:
    void saved(const Customer &customer);

private:
    EmbeddedGateway &m_gateway;
    QString m_customerId;
    QDoubleSpinBox *m_rpm;
    QDoubleSpinBox *m_tpm;
    QDoubleSpinBox *m_concurrent;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace bytespike
