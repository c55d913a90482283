#pragma once

#include "bytespike/AdminClient.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace bytespike {

class EmbeddedGateway;

// The playground: compose a request in either protocol (Anthropic Messages or OpenAI Chat
// Completions) with a customer key (the demo key by default), send it through the gateway's own
// public routes, and watch the raw request, the response headers and each SSE event as it
// arrives beside the rendered text; then the usage, the hold and what was billed (from the
// request log). Cancel mid-stream voids the hold. "Copy as curl" leaves the key out.
class PlaygroundPage : public QWidget
{
    Q_OBJECT
public:
    enum class Protocol { Anthropic, OpenAI };
    static ApiProtocol apiProtocol(Protocol protocol)
    {
        return protocol == Protocol::OpenAI ? ApiProtocol::OpenAI : ApiProtocol::Anthropic;
    }
    Q_ENUM(Protocol)

    explicit PlaygroundPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

    // The request as it would be sent now: path and body (empty body when the form is invalid).
    QString requestPath() const;
    QByteArray requestBody(QString *problem = nullptr) const;
    // The form as a typed prompt; none (and the problem said) when the form is invalid.
    std::optional<ModelPrompt> prompt(QString *problem = nullptr) const;
    QString curlCommand() const;

public Q_SLOTS:
    void send();
    void cancel();

Q_SIGNALS:
    // The request ended and its outcome (billed or not) is on the page.
    void settled();

protected:
    void changeEvent(QEvent *event) override;

private:
    // The constructor's parts.
    void setUpWidgets();
    void buildLayout();
    void connectSignals();
    void retranslate();
    void validate();
    void onHead(int status);
    void onData(const QByteArray &data);
    void onFinished();
    void addSseEvent(const ModelStreamReader::Event &event);
    void showWholeBody();
    void lookUpOutcome(const QString &requestId, int attempt);
    void setRunning(bool running);

    EmbeddedGateway &m_gateway;
    bool m_keyFromFile = false; // the key field holds the data directory's demo key
    QComboBox *m_protocol;
    QLineEdit *m_key;
    QComboBox *m_model;
    QLineEdit *m_system;
    QPlainTextEdit *m_messages;
    QSpinBox *m_maxTokens;
    QCheckBox *m_stream;
    QPlainTextEdit *m_tools;
    QPushButton *m_send;
    QPushButton *m_cancel;
    QPushButton *m_copyCurl;
    QLabel *m_problem;
    QPlainTextEdit *m_rawRequest;
    QPlainTextEdit *m_headers;
    QListWidget *m_events;
    QTextBrowser *m_text;
    QLabel *m_outcome;
    QList<QLabel *> m_labels;

    QString m_publicUrl;
    QPointer<TransportReply> m_call;
    Protocol m_sentProtocol = Protocol::Anthropic;
    ModelStreamReader m_answerStream; // the answer's events, when it streams
    QString m_rendered;
    qint64 m_inputTokens = 0;
    qint64 m_outputTokens = 0;
    QString m_outcomeHead; // status, usage and hold, before the bill is known
};

} // namespace bytespike
