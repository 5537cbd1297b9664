// Internal: the SQLite schema and conversions between result rows and model
// records (column order is the SELECT order used in sqlite_repository.cc).
#ifndef RELAIS_SERVER_SRC_SQLITE_ROWS_H_
#define RELAIS_SERVER_SRC_SQLITE_ROWS_H_

#include <string>
#include <vector>

#include "relais/server/model.h"
#include "sqlite_db.h"

namespace relais::server::internal {

// The schema version this server writes (PRAGMA user_version). History:
//   1  messages UNIQUE (conversation_id, client_id)
//   2  messages UNIQUE (conversation_id, author_kind, author_id, client_id): a
//      client id is an idempotence key of its author only; table `health`.
inline constexpr int kSchemaVersion = 2;

// CREATE TABLE/INDEX/TRIGGER IF NOT EXISTS statements of schema kSchemaVersion.
std::string Schema();

// Rebuilds a version-1 `messages` table with the version-2 key (SQLite cannot
// change a table constraint in place): creates the new table, copies the rows,
// drops the old one and renames the new one. Run inside a transaction.
std::string MigrateMessagesV1ToV2();

// id, token_hash, state, queue, language, priority, reason, page_url, entities,
// skill, agent_id, outcome, visitor_ip, created_ms, updated_ms, queued_ms,
// assigned_ms, closed_ms.
Conversation ReadConversation(Query& q);
// id, email, display_name, password_hash, skills, languages, queues, disabled, created_ms.
Agent ReadAgent(Query& q);
// seq, client_id, author_kind, author_id, author_name, text, created_ms (a
// message of conversation `conversation_id`).
Message ReadMessage(Query& q, const std::string& conversation_id);
// id, conversation_id, kind, name, phone, preferred_time, contact, text, queue,
// language, state, created_ms, done_ms, done_by.
FollowUp ReadFollowUp(Query& q);

// JSON array text <-> list of strings (agents' skills, languages, queues).
std::string ToJson(const std::vector<std::string>& v);
std::vector<std::string> FromJson(const std::string& text);

}  // namespace relais::server::internal

#endif  // RELAIS_SERVER_SRC_SQLITE_ROWS_H_
