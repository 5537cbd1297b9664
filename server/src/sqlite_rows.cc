// Internal: the SQLite schema and row <-> record conversions.
#include "sqlite_rows.h"

#include <nlohmann/json.hpp>

namespace relais::server::internal {

namespace {

// The messages table under `name` (the migration builds it beside the old one).
std::string MessagesTable(const std::string& name) {
  return "CREATE TABLE IF NOT EXISTS " + name + R"sql( (
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
)sql";
}

const char* const kTables = R"sql(
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
CREATE TABLE IF NOT EXISTS health (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  probe_ms INTEGER NOT NULL
);
)sql";

}  // namespace

std::string Schema() { return kTables + MessagesTable("messages"); }

std::string MigrateMessagesV1ToV2() {
  return MessagesTable("messages_v2") +
         "INSERT INTO messages_v2 (conversation_id, seq, client_id, author_kind, author_id, "
         "author_name, text, created_ms) SELECT conversation_id, seq, client_id, author_kind, "
         "author_id, author_name, text, created_ms FROM messages;"
         "DROP TABLE messages;"
         "ALTER TABLE messages_v2 RENAME TO messages;";
}

Conversation ReadConversation(Query& q) {
  Conversation c;
  c.id = q.Text(0);
  c.token_hash = q.Text(1);
  c.state = ParseState(q.Text(2)).value_or(ConversationState::kClosed);
  c.queue = q.Text(3);
  c.language = q.Text(4);
  c.priority = ParsePriority(q.Text(5)).value_or(Priority::kNormal);
  c.reason = q.Text(6);
  c.page_url = q.Text(7);
  c.entities_json = q.Text(8);
  c.skill = q.Text(9);
  c.agent_id = q.Int(10);
  c.outcome = q.Text(11);
  c.visitor_ip = q.Text(12);
  c.created_ms = q.Int(13);
  c.updated_ms = q.Int(14);
  c.queued_ms = q.Int(15);
  c.assigned_ms = q.Int(16);
  c.closed_ms = q.Int(17);
  return c;
}

std::string ToJson(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }
std::vector<std::string> FromJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

Agent ReadAgent(Query& q) {
  Agent a;
  a.id = q.Int(0);
  a.email = q.Text(1);
  a.display_name = q.Text(2);
  a.password_hash = q.Text(3);
  a.skills = FromJson(q.Text(4));
  a.languages = FromJson(q.Text(5));
  a.queues = FromJson(q.Text(6));
  a.disabled = q.Int(7) != 0;
  a.created_ms = q.Int(8);
  return a;
}

Message ReadMessage(Query& q, const std::string& conversation_id) {
  Message m;
  m.conversation_id = conversation_id;
  m.seq = q.Int(0);
  m.client_id = q.Text(1);
  m.author = ParseAuthor(q.Text(2)).value_or(AuthorKind::kSystem);
  m.author_id = q.Text(3);
  m.author_name = q.Text(4);
  m.text = q.Text(5);
  m.created_ms = q.Int(6);
  return m;
}

FollowUp ReadFollowUp(Query& q) {
  FollowUp f;
  f.id = q.Int(0);
  f.conversation_id = q.Text(1);
  f.kind = q.Text(2);
  f.name = q.Text(3);
  f.phone = q.Text(4);
  f.preferred_time = q.Text(5);
  f.contact = q.Text(6);
  f.text = q.Text(7);
  f.queue = q.Text(8);
  f.language = q.Text(9);
  f.state = q.Text(10);
  f.created_ms = q.Int(11);
  f.done_ms = q.Int(12);
  f.done_by = q.Int(13);
  return f;
}

}  // namespace relais::server::internal
