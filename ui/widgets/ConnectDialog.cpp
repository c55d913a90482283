#include "ConnectDialog.h"

#include "Attach.h"
#include "Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bytespike {

ConnectDialog::ConnectDialog(const QStringList &recentUrls, const QString &url, QWidget *parent)
    : QDialog(parent)
    , m_url(new QComboBox(this))
    , m_token(new QLineEdit(this))
    , m_keep(new QCheckBox(this))
    , m_urlLabel(new QLabel(this))
    , m_tokenLabel(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("connectDialog"));
    m_url->setObjectName(QStringLiteral("connectUrlBox"));
    m_token->setObjectName(QStringLiteral("connectTokenEdit"));
    m_keep->setObjectName(QStringLiteral("keepTokenCheck"));
    m_problem->setObjectName(QStringLiteral("connectProblem"));
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->addItems(recentUrls);
    m_url->setCurrentText(url.isEmpty() && !recentUrls.isEmpty() ? recentUrls.first() : url);
    m_url->lineEdit()->setMaxLength(2048);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setMaxLength(int(Attach::kMaxTokenBytes));
    m_keep->setChecked(true);
    m_problem->setWordWrap(true);
    m_problem->setProperty("problem", true);
    m_problem->setStyleSheet(QStringLiteral("color: %1").arg(themeColor(QStringLiteral("negative")).name()));
    m_urlLabel->setBuddy(m_url);
    m_tokenLabel->setBuddy(m_token);

    auto *form = new QFormLayout;
    form->addRow(m_urlLabel, m_url);
    form->addRow(m_tokenLabel, m_token);
    form->addRow(QString(), m_keep);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!m_url->currentText().isEmpty())
        m_token->setFocus();
    retranslate();
    resize(520, sizeHint().height());
}

QByteArray ConnectDialog::token() const
{
    return m_token->text().trimmed().toLatin1();
}

bool ConnectDialog::keepToken() const
{
    return m_keep->isChecked();
}

void ConnectDialog::accept()
{
    QString error;
    const std::optional<QString> url = Attach::gatewayUrl(m_url->currentText(), &error);
    if (!url) {
        m_problem->setText(error);
        m_url->setFocus();
        return;
    }
    const QString typed = m_token->text().trimmed();
    if (!Attach::validToken(typed.toLatin1()) || typed.toLatin1() != typed.toUtf8()) {
        m_problem->setText(tr("The admin token is the bsa-... text from the gateway's admin-token file or its"
                              " BYTESPIKE_ADMIN_TOKEN: printable characters without spaces."));
        m_token->setFocus();
        return;
    }
    m_acceptedUrl = *url;
    QDialog::accept();
}

void ConnectDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void ConnectDialog::retranslate()
{
    setWindowTitle(tr("Connect to a gateway"));
    m_urlLabel->setText(tr("&Address:"));
    m_tokenLabel->setText(tr("Admin &token:"));
    m_keep->setText(tr("&Keep the token in the system keychain"));
    m_url->setAccessibleName(tr("Gateway address"));
    m_url->lineEdit()->setPlaceholderText(QStringLiteral("http://127.0.0.1:8787"));
    m_token->setAccessibleName(tr("Admin token"));
    m_keep->setAccessibleName(tr("Keep the token in the system keychain"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
}

} // namespace bytespike
