#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace bytespike {

// HTTP header fields as name and value, in order (names lower case where the gateway made them).
using HeaderPairs = QList<QPair<QByteArray, QByteArray>>;

} // namespace bytespike
