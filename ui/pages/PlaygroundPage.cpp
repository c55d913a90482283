#include "PlaygroundPage.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace bytespike {

namespace {

QByteArray readKeyFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

QString shellQuote(const QString &text)
{
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
}

} // namespace

PlaygroundPage::PlaygroundPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_protocol(new QComboBox(this))
    , m_key(new QLineEdit(this))
    , m_model(new QComboBox(this))
    , m_system(new QLineEdit(this))
    , m_messages(new QPlainTextEdit(this))
    , m_maxTokens(new QSpinBox(this))
    , m_stream(new QCheckBox(this))
    , m_tools(new QPlainTextEdit(this))
    , m_send(new QPushButton(this))
    , m_cancel(new QPushButton(this))
    , m_copyCurl(new QPushButton(this))
    , m_problem(new QLabel(this))
    , m_rawRequest(new QPlainTextEdit(this))
    , m_headers(new QPlainTextEdit(this))
    , m_events(new QListWidget(this))
    , m_text(new QTextBrowser(this))
    , m_outcome(new QLabel(this))
{
    setUpWidgets();
    buildLayout();
    connectSignals();
    retranslate();
}

void PlaygroundPage::setUpWidgets()
{
    m_protocol->setObjectName(QStringLiteral("protocolBox"));
    m_key->setObjectName(QStringLiteral("keyEdit"));
    m_model->setObjectName(QStringLiteral("modelBox"));
    m_system->setObjectName(QStringLiteral("systemEdit"));
    m_messages->setObjectName(QStringLiteral("messagesEdit"));
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_stream->setObjectName(QStringLiteral("streamBox"));
    m_tools->setObjectName(QStringLiteral("toolsEdit"));
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    m_problem->setObjectName(QStringLiteral("playgroundProblem"));
    m_rawRequest->setObjectName(QStringLiteral("rawRequest"));
    m_headers->setObjectName(QStringLiteral("responseHeaders"));
    m_events->setObjectName(QStringLiteral("sseEvents"));
    m_text->setObjectName(QStringLiteral("renderedText"));
    m_outcome->setObjectName(QStringLiteral("outcomeLabel"));

    m_protocol->addItem(QString(), int(Protocol::Anthropic));
    m_protocol->addItem(QString(), int(Protocol::OpenAI));
    m_key->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_model->setEditable(true);
    m_model->addItem(QStringLiteral("bytespike-simulator"));
    m_messages->setPlainText(QStringLiteral("Hello! What can you do?"));
    m_messages->setTabChangesFocus(true);
    m_tools->setTabChangesFocus(true);
    m_maxTokens->setRange(1, 1000000);
    m_maxTokens->setValue(256);
    m_stream->setChecked(true);
    m_problem->setWordWrap(true);
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    for (QPlainTextEdit *pane : {m_rawRequest, m_headers})
        pane->setReadOnly(true);
    m_cancel->setEnabled(false);
}

void PlaygroundPage::buildLayout()
{
    auto *form = new QFormLayout;
    for (QWidget *field : std::initializer_list<QWidget *> {
             m_protocol, m_key, m_model, m_system, m_messages, m_maxTokens, m_stream, m_tools}) {
        auto *label = new QLabel(this);
        label->setBuddy(field);
        m_labels.append(label);
        form->addRow(label, field);
    }
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_copyCurl);
    buttons->addStretch();
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(form);
    leftLayout->addWidget(m_problem);
    leftLayout->addLayout(buttons);

    auto *wire = new QTabWidget(this);
    wire->setObjectName(QStringLiteral("wireTabs"));
    wire->addTab(m_rawRequest, QString());
    wire->addTab(m_headers, QString());
    wire->addTab(m_events, QString());
    auto *rightSplit = new QSplitter(Qt::Vertical, this);
    rightSplit->addWidget(m_text);
    rightSplit->addWidget(wire);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(rightSplit, 1);
    rightLayout->addWidget(m_outcome);
    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void PlaygroundPage::connectSignals()
{
    for (QObject *field : std::initializer_list<QObject *> {m_key, m_system})
        connect(qobject_cast<QLineEdit *>(field), &QLineEdit::textChanged, this, &PlaygroundPage::validate);
    connect(m_messages, &QPlainTextEdit::textChanged, this, &PlaygroundPage::validate);
    connect(m_tools, &QPlainTextEdit::textChanged, this, &PlaygroundPage::validate);
    connect(m_model, &QComboBox::currentTextChanged, this, &PlaygroundPage::validate);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &PlaygroundPage::validate);
    connect(m_send, &QPushButton::clicked, this, &PlaygroundPage::send);
    connect(m_cancel, &QPushButton::clicked, this, &PlaygroundPage::cancel);
    connect(m_copyCurl, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(curlCommand());
        m_outcome->setText(tr("Copied. The key is left out: set BYTESPIKE_KEY before running it."));
    });
    connect(&m_gateway, &EmbeddedGateway::started, this, [this](const QString &publicUrl) {
        m_publicUrl = publicUrl;
        // The demo key (written by a fresh gateway), read off the GUI thread; a gateway that runs
        // elsewhere has its own, which the operator types.
        if (!m_gateway.sharesDataDirectory() && m_keyFromFile) {
            m_key->clear();
            m_keyFromFile = false;
        }
        if (m_key->text().isEmpty() && m_gateway.sharesDataDirectory()) {
            auto *watcher = new QFutureWatcher<QByteArray>(this);
            connect(watcher, &QFutureWatcher<QByteArray>::finished, this, [this, watcher] {
                if (m_key->text().isEmpty() && m_gateway.sharesDataDirectory()) {
                    m_key->setText(QString::fromLatin1(watcher->result()));
                    m_keyFromFile = !m_key->text().isEmpty();
                }
                watcher->deleteLater();
            });
            watcher->setFuture(
                QtConcurrent::run(readKeyFile, QDir(m_gateway.config().dataDir).filePath(QStringLiteral("demo-key"))));
        }
        // The models on offer, from the one pricing source.
        adminClient(m_gateway).publicPricing(this, [this](const ClientResult<PricingCard> &card) {
            const QString current = m_model->currentText();
            QStringList models;
            for (const PricingRow &row : card.ok() ? card.value().models : QList<PricingRow>())
                models << row.model;
            models.removeDuplicates();
            if (models.isEmpty())
                return;
            m_model->clear();
            m_model->addItems(models);
            m_model->setCurrentText(models.contains(current) ? current : models.first());
        });
    });
}

void PlaygroundPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void PlaygroundPage::retranslate()
{
    const QStringList labels {tr("P&rotocol:"), tr("&Key:"), tr("&Model:"), tr("S&ystem prompt:"), tr("M&essage:"),
        tr("Max &tokens:"), tr("Stream:"), tr("T&ools (JSON):")};
    for (qsizetype i = 0; i < m_labels.size(); ++i)
        m_labels[i]->setText(labels.value(i));
    m_protocol->setItemText(0, tr("Anthropic Messages"));
    m_protocol->setItemText(1, tr("OpenAI Chat Completions"));
    m_stream->setText(tr("&Stream the answer"));
    m_messages->setPlaceholderText(tr("A user message, or a JSON array of messages"));
    m_tools->setPlaceholderText(tr("Optional: a JSON array of tools"));
    m_key->setPlaceholderText(tr("A customer key (the demo key by default)"));
    m_send->setText(tr("Se&nd"));
    m_cancel->setText(tr("&Cancel"));
    m_copyCurl->setText(tr("Copy as c&url"));
    if (auto *wire = findChild<QTabWidget *>(QStringLiteral("wireTabs"))) {
        wire->setTabText(0, tr("Request"));
        wire->setTabText(1, tr("Response headers"));
        wire->setTabText(2, tr("Events"));
    }
    m_protocol->setAccessibleName(tr("Protocol"));
    m_key->setAccessibleName(tr("Customer key"));
    m_model->setAccessibleName(tr("Model"));
    m_system->setAccessibleName(tr("System prompt"));
    m_messages->setAccessibleName(tr("Message or messages"));
    m_maxTokens->setAccessibleName(tr("Maximum output tokens"));
    m_stream->setAccessibleName(tr("Stream the answer"));
    m_tools->setAccessibleName(tr("Tools as JSON"));
    m_send->setAccessibleName(tr("Send the request"));
    m_cancel->setAccessibleName(tr("Cancel the request"));
    m_copyCurl->setAccessibleName(tr("Copy the request as a curl command"));
    m_problem->setAccessibleName(tr("Problems with the request"));
    m_rawRequest->setAccessibleName(tr("The raw request"));
    m_headers->setAccessibleName(tr("The response headers"));
    m_events->setAccessibleName(tr("Server-sent events as they arrive"));
    m_text->setAccessibleName(tr("The answer"));
    m_outcome->setAccessibleName(tr("Status, usage, hold and billing"));
    validate();
}

QString PlaygroundPage::requestPath() const
{
    return AdminClient::modelRequestPath(apiProtocol(Protocol(m_protocol->currentData().toInt())));
}

std::optional<ModelPrompt> PlaygroundPage::prompt(QString *problem) const
{
    const auto fail = [problem](const QString &why) -> std::optional<ModelPrompt> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    ModelPrompt out;
    out.protocol = apiProtocol(Protocol(m_protocol->currentData().toInt()));
    const QString text = m_messages->toPlainText().trimmed();
    if (text.startsWith(QLatin1Char('['))) {
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (!doc.isArray())
            return fail(tr("The messages are not a JSON array."));
        out.messages = doc.array();
    } else {
        out.userText = text;
    }
    if (out.messages.isEmpty() && out.userText.isEmpty())
        return fail(tr("Write a message."));
    out.model = m_model->currentText().trimmed();
    if (out.model.isEmpty())
        return fail(tr("Choose a model."));
    out.maxTokens = m_maxTokens->value();
    out.system = m_system->text().trimmed();
    out.stream = m_stream->isChecked();
    const QString tools = m_tools->toPlainText().trimmed();
    if (!tools.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(tools.toUtf8());
        if (!doc.isArray())
            return fail(tr("The tools are not a JSON array."));
        out.tools = doc.array();
    }
    if (problem)
        problem->clear();
    return out;
}

QByteArray PlaygroundPage::requestBody(QString *problem) const
{
    const std::optional<ModelPrompt> asked = prompt(problem);
    return asked ? AdminClient::modelRequestBody(*asked) : QByteArray();
}

QString PlaygroundPage::curlCommand() const
{
    const bool openai = Protocol(m_protocol->currentData().toInt()) == Protocol::OpenAI;
    const QString url = (m_publicUrl.isEmpty() ? QStringLiteral("http://127.0.0.1:8787") : m_publicUrl) + requestPath();
    QStringList parts {QStringLiteral("curl -sN %1").arg(shellQuote(url)),
        openai ? QStringLiteral("-H \"Authorization: Bearer $BYTESPIKE_KEY\"")
               : QStringLiteral("-H \"x-api-key: $BYTESPIKE_KEY\" -H 'anthropic-version: 2023-06-01'"),
        QStringLiteral("-H 'content-type: application/json'"),
        QStringLiteral("-d %1").arg(shellQuote(QString::fromUtf8(requestBody())))};
    return parts.join(QStringLiteral(" \\\n  "));
}

void PlaygroundPage::validate()
{
    QString problem;
    requestBody(&problem);
    if (m_key->text().trimmed().isEmpty() && problem.isEmpty())
        problem = tr("A customer key is needed.");
    m_problem->setText(problem);
    m_send->setEnabled(problem.isEmpty() && !m_call);
    m_copyCurl->setEnabled(problem.isEmpty());
}

void PlaygroundPage::setRunning(bool running)
{
    m_cancel->setEnabled(running);
    validate();
}

void PlaygroundPage::send()
{
    const std::optional<ModelPrompt> asked = prompt();
    if (!asked || m_call)
        return;
    const QByteArray body = AdminClient::modelRequestBody(*asked);
    m_sentProtocol = Protocol(m_protocol->currentData().toInt());
    const QByteArray key = m_key->text().trimmed().toUtf8();
    const HeaderList headers = AdminClient::modelRequestHeaders(asked->protocol, key);
    // What goes on the wire, with the key masked.
    QString raw = QStringLiteral("POST %1\n").arg(requestPath());
    for (const auto &h : std::as_const(headers)) {
        const bool secret = h.first == "x-api-key" || h.first == "authorization";
        raw += QString::fromLatin1(h.first) + QStringLiteral(": ")
            + (secret ? QStringLiteral("•••") : QString::fromLatin1(h.second)) + QLatin1Char('\n');
    }
    raw += QLatin1Char('\n') + QString::fromUtf8(QJsonDocument::fromJson(body).toJson(QJsonDocument::Indented));
    m_rawRequest->setPlainText(raw);
    m_headers->clear();
    m_events->clear();
    m_text->clear();
    m_rendered.clear();
    m_inputTokens = 0;
    m_outputTokens = 0;
    m_answerStream = ModelStreamReader(asked->protocol);
    m_outcome->setText(tr("Sending…"));

    m_call = adminClient(m_gateway).sendModelPrompt(key, *asked);
    connect(m_call, &TransportReply::headReceived, this, &PlaygroundPage::onHead);
    connect(m_call, &TransportReply::dataReceived, this, &PlaygroundPage::onData);
    connect(m_call, &TransportReply::finished, this, &PlaygroundPage::onFinished);
    setRunning(true);
}

void PlaygroundPage::cancel()
{
    if (m_call)
        m_call->cancel();
}

void PlaygroundPage::onHead(int status)
{
    QString text = QStringLiteral("HTTP %1\n").arg(status);
    for (const auto &h : m_call->headers())
        text += QString::fromLatin1(h.first) + QStringLiteral(": ") + QString::fromLatin1(h.second) + QLatin1Char('\n');
    m_headers->setPlainText(text);
}

void PlaygroundPage::onData(const QByteArray &data)
{
    if (!m_call || !m_call->header("content-type").startsWith("text/event-stream"))
        return; // a whole body is shown when it is complete
    for (const ModelStreamReader::Event &event : m_answerStream.feed(data))
        addSseEvent(event);
}

void PlaygroundPage::addSseEvent(const ModelStreamReader::Event &event)
{
    m_events->addItem(QString::fromUtf8(event.text));
    m_events->scrollToBottom();
    m_rendered += event.part.text;
    if (event.part.inputTokens)
        m_inputTokens = *event.part.inputTokens;
    if (event.part.outputTokens)
        m_outputTokens = *event.part.outputTokens;
    m_text->setPlainText(m_rendered);
}

void PlaygroundPage::showWholeBody()
{
    const ModelAnswerPart answer = ModelAnswerPart::fromAnswer(apiProtocol(m_sentProtocol), m_call->body());
    m_rendered = answer.text;
    m_inputTokens = answer.inputTokens.value_or(0);
    m_outputTokens = answer.outputTokens.value_or(0);
    m_text->setPlainText(m_call->ok() ? m_rendered : QString::fromUtf8(m_call->body()));
    m_events->addItem(tr("(not a stream: the whole body arrived at once)"));
}

void PlaygroundPage::onFinished()
{
    if (!m_call->header("content-type").startsWith("text/event-stream"))
        showWholeBody();
    const QString requestId = QString::fromLatin1(m_call->requestId());
    const QLocale locale;
    const qint64 hold = m_call->header("bytespike-hold").toLongLong();
    const qint64 input = m_inputTokens;
    const qint64 output = m_outputTokens;
    const QString status = m_call->complete() ? tr("HTTP %1").arg(m_call->status()) : tr("cancelled");
    m_outcomeHead = tr("%1 · %2 input and %3 output tokens · hold %4")
                        .arg(status, locale.toString(input), locale.toString(output), formatMoney(hold, locale));
    m_outcome->setText(m_outcomeHead);
    m_call = nullptr;
    setRunning(false);
    if (!requestId.isEmpty())
        lookUpOutcome(requestId, 0);
    else
        Q_EMIT settled();
}

void PlaygroundPage::lookUpOutcome(const QString &requestId, int attempt)
{
    // The request log row is written when the request's hold is resolved, just after the end.
    RequestQuery query;
    query.request = requestId;
    adminClient(m_gateway).requests(
        this, query, [this, requestId, attempt](const ClientResult<QList<RequestLogItem>> &rows) {
            if (!rows.ok() || rows.value().isEmpty()) {
                if (attempt < 50)
                    QTimer::singleShot(
                        100, this, [this, requestId, attempt] { lookUpOutcome(requestId, attempt + 1); });
                else
                    Q_EMIT settled();
                return;
            }
            const QLocale locale;
            const QString &head = m_outcomeHead;
            const RequestLogItem &item = rows.value().first();
            m_outcome->setText(item.billed
                    ? tr("%1 · debited %2 (request %3)").arg(head, formatMoney(item.costMicros, locale), requestId)
                    : tr("%1 · not billed, the hold was voided: %2 (request %3)")
                          .arg(head, JsonTableModel::reasonText(item.notBilledCode, item.notBilledReason), requestId));
            Q_EMIT settled();
        });
}

} // namespace bytespike
