// Internal: the SQLite schema, defined once as a list of numbered migrations.
//
// Migration N takes a database from schema version N-1 to N (version 0: a new,
// empty file); the latest version is the number of migrations, and a file's
// version is its PRAGMA user_version. A new database runs them all, an older
// one those above its version, each in its own transaction together with its
// `PRAGMA user_version=N`, so a migration that fails leaves the file at the
// version before it.
//
// A migration's text is frozen once released: "version N" is what that
// release wrote, and tests/server/data/schema_vN.sql keeps a copy of such a
// file that the tests upgrade. To change the schema, append a migration (and
// freeze the last version in tests/server/data/), then change the record's
// columns in sqlite_rows.cc.
//
// History:
//   1  the first schema: conversations, messages UNIQUE (conversation_id,
//      client_id), events (append-only), agents, followups, surveys.
//   2  messages UNIQUE (conversation_id, author_kind, author_id, client_id):
//      a client id is an idempotence key of its author only (the table is
//      rebuilt: SQLite cannot change a constraint in place); table `health`.
#ifndef RELAIS_SERVER_SRC_SQLITE_SCHEMA_H_
#define RELAIS_SERVER_SRC_SQLITE_SCHEMA_H_

#include <span>
#include <string>

#include "relais/server/status.h"
#include "sqlite_db.h"

namespace relais::server::internal {

struct Migration {
  const char* sql;  // one or more statements; no transaction control
};

// Every migration, in order: element i takes version i to i + 1.
std::span<const Migration> Migrations();

// The schema version this server writes: Migrations().size().
int LatestSchemaVersion();

// Brings the database of `db` to the last version of `migrations` (by default
// every migration), one migration per transaction (BEGIN IMMEDIATE; the
// version is read again inside it, so two processes opening one file do not
// both run a step). At that version already: changes nothing. `path` names
// the file in messages. Call before any other use of the connection.
//
// Fails with kInternal, leaving the file at the last version it reached, when
// its version is newer than the last one ("... is newer than this server's
// (N): run a newer relais-server") or when a migration fails (the message
// names the step and SQLite's error).
//
// A file at version 0 that already has tables is a version-1 file whose
// user_version was never written (version 1 wrote it after creating its
// tables, outside any transaction) or a copy salvaged with the sqlite3 shell
// (.dump and .recover keep no user_version). It is upgraded from 0 like a new
// file: migration 1 is CREATE ... IF NOT EXISTS, as version 1 was, so it only
// adds what is missing, and migration 2 rebuilds `messages` whatever its key.
Status MigrateSchema(Db& db, const std::string& path);
Status MigrateSchema(Db& db, const std::string& path, std::span<const Migration> migrations);

}  // namespace relais::server::internal

#endif  // RELAIS_SERVER_SRC_SQLITE_SCHEMA_H_
