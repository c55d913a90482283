#pragma once

#include "bytespike/AdminClient.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace bytespike {

class EmbeddedGateway;

// Creates a customer key with limits, or edits an existing key's name and limits: the models it
// may call (checkable, from the routed channels; none checked allows every model), an expiry
// (UTC), requests and tokens per minute and requests at once (0: no limit), a budget typed in
// dollars and kept as integer micro-dollars per day, week, month or in total, and the IP blocks
// it may come from (one address or CIDR block per line). The fields are checked before sending;
// a refusal of the gateway shows in the dialog, which then stays open. Every call is
// asynchronous: open() it, never exec().
class KeyEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // Without a key: a new key for the customer, named `name` at first.
    KeyEditorDialog(EmbeddedGateway &gateway, QString customerId, std::optional<ApiKey> key, const QString &name = {},
        QWidget *parent = nullptr);

    // The limits as the fields say, or nothing with *error set when a field is wrong.
    std::optional<KeyLimits> readLimits(QString *error) const;
    void setLimits(const KeyLimits &limits);

    // A line summing up what limits a key (empty limits: "no limits").
    static QString summary(const KeyLimits &limits);
    static QString periodText(KeyLimits::Period period);

public Q_SLOTS:
    // Checks the fields and sends them; the dialog closes when the gateway has them.
    void save();

Q_SIGNALS:
    void keyCreated(const CreatedKey &key);
    void keySaved(const ApiKey &key);

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *buildForm();
    void retranslate();
    void loadModels();
    void addModels(const QStringList &models, bool checked);
    QStringList checkedModels() const;
    std::optional<QStringList> readCidrs(QString *error) const;
    void showError(const QString &text);
    void sent(const std::optional<ClientError> &error);

    EmbeddedGateway &m_gateway;
    QString m_customerId;
    QString m_keyId; // empty for a new key
    QLineEdit *m_name;
    QListWidget *m_models;
    QLabel *m_modelsNote;
    QCheckBox *m_expires;
    QDateTimeEdit *m_expiry;
    QDoubleSpinBox *m_rpm;
    QDoubleSpinBox *m_tpm;
    QDoubleSpinBox *m_concurrent;
    QCheckBox *m_hasBudget;
    QLineEdit *m_budget;
    QComboBox *m_period;
    QPlainTextEdit *m_ipAllow;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QList<QLabel *> m_labels;
};

} // namespace bytespike
