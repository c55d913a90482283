#pragma once

// For the differential tests of the one-pass JSON readers (tst_streamevent, tst_requestscan):
// bytes near valid JSON, where a reader that vouches for too much would show.

#include <QByteArray>
#include <QRandomGenerator>

// Calls check with every prefix of the data and with 20,000 random corruptions of up to three
// bytes each (a byte replaced, inserted or removed, drawn from JSON's punctuation, digits,
// letters of its literals and a few UTF-8 lead, continuation and invalid bytes).
template <typename Check> void jsonMutations(const QByteArray &data, QRandomGenerator &rng, Check check)
{
    const QByteArray alphabet = QByteArray("{}[]\",:\\0123456789.-eEtrufalsn u") + "\xC3\xA9\x80\xFF\x01";
    for (qsizetype n = 0; n <= data.size(); ++n)
        check(data.first(n));
    for (int i = 0; i < 20000; ++i) {
        QByteArray bytes = data;
        const int edits = 1 + int(rng.bounded(3));
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = rng.bounded(int(bytes.size()));
            const char c = alphabet[rng.bounded(int(alphabet.size()))];
            switch (rng.bounded(3)) {
            case 0: bytes[at] = c; break;
            case 1: bytes.insert(at, c); break;
            default: bytes.remove(at, 1); break;
            }
            if (bytes.isEmpty())
                bytes = "{";
        }
        check(bytes);
    }
}
