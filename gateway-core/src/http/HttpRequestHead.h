#pragma once

#include <QByteArray>
#include <QVarLengthArray>

#include <cstring>

namespace bytespike {

// A request's method, target and header fields as parsed: every name (lower-cased) and value
// packed into one byte array with their spans beside it, so a request's head costs two
// allocations however many fields it has.
struct HttpRequestHead
{
    struct Field
    {
        int nameAt;
        int nameSize;
        int valueAt;
        int valueSize;
    };

    QByteArray method;
    QByteArray target;
    QByteArray fieldBytes;
    QVarLengthArray<Field, 16> fields;
    bool keepAlive = true;

    void addField(const char *name, qsizetype nameSize, const char *value, qsizetype valueSize)
    {
        const int nameAt = int(fieldBytes.size());
        fieldBytes.append(name, nameSize);
        char *lower = fieldBytes.data() + nameAt;
        for (qsizetype i = 0; i < nameSize; ++i) {
            if (lower[i] >= 'A' && lower[i] <= 'Z')
                lower[i] = char(lower[i] - 'A' + 'a');
        }
        const int valueAt = int(fieldBytes.size());
        fieldBytes.append(value, valueSize);
        fields.append({nameAt, int(nameSize), valueAt, int(valueSize)});
    }

    // The first field of that name; lowerCaseName must be lower case.
    const Field *find(const char *lowerCaseName) const
    {
        const size_t size = std::strlen(lowerCaseName);
        for (const Field &f : fields) {
            if (size_t(f.nameSize) == size && std::memcmp(fieldBytes.constData() + f.nameAt, lowerCaseName, size) == 0)
                return &f;
        }
        return nullptr;
    }

    QByteArray value(const char *lowerCaseName) const
    {
        const Field *f = find(lowerCaseName);
        return f ? QByteArray(fieldBytes.constData() + f->valueAt, f->valueSize) : QByteArray();
    }
};

} // namespace bytespike
