#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace bytespike {

// "Connect to a gateway": the address of a running bytespike-gatewayd (typed, or one of the
// recent ones) and its admin token, which may be kept in the system keychain. The fields are
// checked before it closes; a wrong one says why under the fields. open() it, never exec().
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectDialog(const QStringList &recentUrls, const QString &url, QWidget *parent = nullptr);

    // After accepted(): the address as Attach::gatewayUrl writes it, the token, and whether to
    // keep the token in the keychain.
    QString url() const { return m_acceptedUrl; }
    QByteArray token() const;
    bool keepToken() const;

public Q_SLOTS:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QComboBox *m_url;
    QLineEdit *m_token;
    QCheckBox *m_keep;
    QLabel *m_urlLabel;
    QLabel *m_tokenLabel;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QString m_acceptedUrl;
};

} // namespace bytespike
