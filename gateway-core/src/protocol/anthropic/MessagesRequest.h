#pragma once

#include "ApiError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace bytespike {

// What the gateway needs from an Anthropic Messages request, and nothing more: the body is
// forwarded as the customer sent it, with only the model value replaced byte for byte
// (rule 1: unknown fields pass through untouched).
struct MessagesRequest
{
    enum class Endpoint { Messages, CountTokens };

    QString model;
    qint64 maxTokens = 0;
    bool stream = false;
    bool hasTools = false;
    // Byte span of the model value (with its quotes) in the raw body.
    qsizetype modelBegin = -1;
    qsizetype modelEnd = -1;
    // Image blocks anywhere in messages (tool results included) and the length of their base64
    // data in UTF-16 code units, for worstCaseInputTokens.
    qint64 images = 0;
    qint64 imageDataUnits = 0;
    // An assistant turn holds a thinking block without a signature (hasUnsignedThinking).
    bool unsignedThinking = false;

    // Validates the body per protocols.md#anthropic-request, protocols.md#anthropic-count-tokens; on error returns a
    // 400 ApiError naming the field. Tries scan() first and takes parseDocument() when scan() cannot decide.
    static ApiError parse(const QByteArray &body, Endpoint endpoint, MessagesRequest *out);
    // One pass over the bytes without building a document: true when the body is valid and out
    // is filled exactly as parseDocument() would fill it. False when it cannot vouch for that:
    // every invalid body, and rare forms it leaves to QJsonDocument (those JsonScanner refuses,
    // escaped keys or names, a key that matters given twice, numbers written unusually).
    static bool scan(const QByteArray &body, Endpoint endpoint, MessagesRequest *out);
    // Through QJsonDocument: the reference, and the one that words the errors.
    static ApiError parseDocument(const QByteArray &body, Endpoint endpoint, MessagesRequest *out);

    // The parsed body, made on first use (the usual Anthropic request never needs it).
    const QJsonObject &json() const;

    // The raw body with the model value replaced.
    QByteArray bodyWithModel(const QByteArray &body, const QString &upstreamModel) const;

    // True when an assistant turn holds a thinking block without a signature: reasoning that came
    // from an OpenAI-speaking channel. Anthropic refuses such history ("Invalid signature").
    bool hasUnsignedThinking() const { return unsignedThinking; }
    // The body for an anthropic channel when hasUnsignedThinking(): re-serialised from json with
    // those blocks removed (and an assistant turn left empty by that removed too) and the model
    // replaced. The one case where the forwarded body is not the customer's bytes (protocols.md#no-equivalent).
    QByteArray bodyWithoutUnsignedThinking(const QString &upstreamModel) const;

    // A documented local estimate of input tokens: ceil(UTF-8 bytes of all text in system,
    // messages and tool definitions / 4), at least 1. Bytes bound BPE tokens from above, and
    // four bytes per token is the usual average for English text. Made on first use and kept.
    qint64 estimateInputTokens() const;
    // The UTF-8 bytes that estimate counts, from the document (the reference) and straight from
    // the bytes (nullopt when it cannot vouch for the same count: invalid bodies, the forms
    // JsonScanner leaves to QJsonDocument, a counted member given twice).
    static qint64 documentTextBytes(const QJsonObject &body);
    static std::optional<qint64> scanTextBytes(QByteArrayView body);

    // An upper bound on the prompt's tokens for the hold (docs/architecture.md "Ledger"): the UTF-8
    // bytes of the whole body (a BPE token is at least one byte), except that each image's
    // base64 data counts as kImageTokenBound tokens instead of its bytes. Capped at
    // kMaxPromptTokens, beyond which no model accepts a prompt.
    qint64 worstCaseInputTokens(qint64 bodyBytes) const;

    static constexpr qint64 kImageTokenBound = 6400; // Anthropic images cost at most ~1,600 tokens
    static constexpr qint64 kMaxPromptTokens = 2000000;

private:
    QByteArray m_body;
    mutable std::optional<QJsonObject> m_json;
    mutable qint64 m_estimate = 0;
};

} // namespace bytespike
