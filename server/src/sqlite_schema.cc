// Internal: the schema migrations (see sqlite_schema.h). Frozen text: never
// edit a released migration, append one.
#include "sqlite_schema.h"

#include <array>

namespace relais::server::internal {

namespace {

// 1: the schema as the first release created it (the statements of its
// kSchema, verbatim). IF NOT EXISTS: see "version 0" in sqlite_schema.h.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  queue TEXT NOT NULL,
  language TEXT NOT NULL,
  priority TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  page_url TEXT NOT NULL DEFAULT '',
  entities TEXT NOT NULL DEFAULT '{}',
  skill TEXT NOT NULL DEFAULT '',
  agent_id INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',
  visitor_ip TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  queued_ms INTEGER NOT NULL DEFAULT 0,
  assigned_ms INTEGER NOT NULL DEFAULT 0,
  closed_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS conversations_state ON conversations(state);
CREATE TABLE IF NOT EXISTS messages (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  author_kind TEXT NOT NULL,
  author_id TEXT NOT NULL DEFAULT '',
  author_name TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  conversation_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_conversation ON events(conversation_id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS agents (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '[]',
  languages TEXT NOT NULL DEFAULT '[]',
  queues TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'offline',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS followups (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('callback', 'message')),
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  preferred_time TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  queue TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  created_ms INTEGER NOT NULL,
  done_ms INTEGER NOT NULL DEFAULT 0,
  done_by INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS followups_open ON followups(state, queue);
CREATE TABLE IF NOT EXISTS surveys (
  conversation_id TEXT PRIMARY KEY,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
)sql";

// 2: a client id is unique per author, not per conversation. SQLite cannot
// change a table's constraint in place: the table is rebuilt beside the old
// one, the rows copied, the old one dropped and the new one renamed (with
// foreign keys on, a message whose conversation is missing fails the copy and
// so the migration). Then the `health` table of the idle write probe.
constexpr const char* kVersion2 = R"sql(
CREATE TABLE IF NOT EXISTS messages_v2 (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  author_kind TEXT NOT NULL,
  author_id TEXT NOT NULL DEFAULT '',
  author_name TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, author_kind, author_id, client_id)
) WITHOUT ROWID;
INSERT INTO messages_v2 (conversation_id, seq, client_id, author_kind, author_id, author_name,
  text, created_ms)
  SELECT conversation_id, seq, client_id, author_kind, author_id, author_name, text, created_ms
  FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;
CREATE TABLE IF NOT EXISTS health (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  probe_ms INTEGER NOT NULL
);
)sql";

constexpr std::array kMigrations = {
    Migration{kVersion1},
    Migration{kVersion2},
};

// The file's PRAGMA user_version, or an error.
Status ReadVersion(Db& db, int64_t& version) {
  Query q(db, "PRAGMA user_version");
  if (q.Step() != SQLITE_ROW) return db.Error("schema version");
  version = q.Int(0);
  return Status::Ok();
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Status MigrateSchema(Db& db, const std::string& path) {
  return MigrateSchema(db, path, Migrations());
}

Status MigrateSchema(Db& db, const std::string& path, std::span<const Migration> migrations) {
  const int64_t latest = static_cast<int64_t>(migrations.size());
  for (;;) {
    int64_t version = 0;
    if (Status s = ReadVersion(db, version); !s.ok()) return s;
    if (version > latest) {
      return Status::Error(StatusCode::kInternal,
                           path + ": database schema version " + std::to_string(version) +
                               " is newer than this server's (" + std::to_string(latest) +
                               "): run a newer relais-server");
    }
    if (version == latest) return Status::Ok();
    const std::string was = std::to_string(version);
    const std::string next = std::to_string(version + 1);
    Status s = db.Exec("BEGIN IMMEDIATE");
    if (!s.ok()) {
      return Status::Error(
          StatusCode::kInternal,
          path + ": cannot start the schema upgrade from version " + was + ": " + s.message());
    }
    int64_t now = 0;
    s = ReadVersion(db, now);
    if (s.ok() && now != version) {
      db.Exec("ROLLBACK");  // another process upgraded it meanwhile: look again
      continue;
    }
    if (s.ok()) s = db.Exec(migrations[static_cast<size_t>(version)].sql);
    if (s.ok()) s = db.Exec(("PRAGMA user_version=" + next).c_str());
    if (s.ok()) s = db.Exec("COMMIT");
    if (!s.ok()) {
      if (!sqlite3_get_autocommit(db.raw())) db.Exec("ROLLBACK");
      const std::string what = "schema upgrade from version " + was + " to " + next +
                               " failed (the file was left at version " + was + "): ";
      return Status::Error(StatusCode::kInternal, path + ": " + what + s.message());
    }
  }
}

}  // namespace relais::server::internal
