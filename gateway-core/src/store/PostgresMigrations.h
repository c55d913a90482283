#pragma once

namespace bytespike::PostgresMigrations {

// The PostgreSQL form of migration `version` (1..count()), to run in one transaction. Script N
// leaves the schema that Migrations' script N leaves on SQLite (tst_schemaparity compares them
// after every version). The version itself is recorded by the caller, not by the script.
const char *sql(int version);
// Equal to Migrations::latestVersion(): the numbering is shared by both engines.
int count();

} // namespace bytespike::PostgresMigrations
