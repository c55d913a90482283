#pragma once

#include "bytespike/AdminClient.h"
#include "models/ItemTableModel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace bytespike {

class EmbeddedGateway;

// Named operators of the admin API: the list (name, role, created, revoked), a new operator
// (name and role; its token is shown once, read-only and copyable, and never again) and revoking
// one after a confirmation. Only admins manage operators: the embedded console is one, but when
// the gateway answers 403 the page says so and its controls stay disabled.
class OperatorsPage : public QWidget
{
    Q_OBJECT
public:
    explicit OperatorsPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

    // Whether the gateway lets this console manage operators (false after a 403).
    bool available() const { return m_available; }
    static QString roleText(OperatorRole role);

public Q_SLOTS:
    void reload();
    void createOperator();
    // Asks first; revokes the operator chosen in the list when confirmed.
    void revokeOperator();

Q_SIGNALS:
    void availabilityChanged(bool available);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildLayout();
    void retranslate();
    void setMessage(const QString &text, bool problem = false);
    void setAvailable(bool available);
    void revokeConfirmed(const QString &id, const QString &name);
    void updateButtons();

    EmbeddedGateway &m_gateway;
    ItemTableModel<Operator> *m_operators;
    QTableView *m_view;
    QLineEdit *m_name;
    QComboBox *m_role;
    QPushButton *m_create;
    QPushButton *m_revoke;
    QPushButton *m_reload;
    QLineEdit *m_token;
    QPushButton *m_copyToken;
    QLabel *m_tokenWarning;
    QLabel *m_message;
    QList<QLabel *> m_labels;
    bool m_available = true;
    bool m_loadFailed = false; // the message on show says the last read failed
};

} // namespace bytespike
