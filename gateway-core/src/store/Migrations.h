#pragma once

#include <QString>

namespace bytespike {

class Database;

// Numbered schema migrations; PRAGMA user_version records the applied number. Each migration
// runs in its own transaction, so a crash leaves the database at a whole version.
class Migrations
{
public:
    static int latestVersion();
    static int currentVersion(Database &db);
    // Applies every migration above the current version up to and including target.
    static bool migrate(Database &db, int target, QString *error);
};

} // namespace bytespike
