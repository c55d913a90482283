#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace bytespike {

// A customer statement (GET /admin/customers/{id}/statement) rendered for files and for people:
// csv keeps integer micro-dollars for machines (text cells through Document::csvField); html is a printable page in a
// locale (its numbers, money and dates), worded from the catalogue and styled from the design tokens, like the rate
// card.
QByteArray statementCsv(const QJsonObject &statement);
QByteArray statementHtml(const QJsonObject &statement, const QString &locale);

} // namespace bytespike
