// Plain records shared by the domain and storage layers: conversations,
// messages, agents, follow-ups, surveys and audit events. No behaviour here.
#ifndef RELAIS_SERVER_MODEL_H_
#define RELAIS_SERVER_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/server/clock.h"
#include "relais/vocabulary.h"

namespace relais::server {

// The enumerations are names of the vocabulary (vocabulary/vocabulary.json):
// vocabulary::Name(value) gives the wire and storage name, Parse<Enum> the value.
using vocabulary::AgentStatus;
using vocabulary::AuthorKind;
using vocabulary::FollowUpKind;
using vocabulary::HandoffReason;
using vocabulary::Priority;  // queue order: higher first

// Conversation lifecycle: bot -> queued -> assigned -> closed, plus the side
// exits. "transferred" is recorded in the audit log; the conversation itself goes
// back to "queued" in the target queue (or is offered to the named agent).
using vocabulary::ConversationState;
// Whether no further chat can happen (closed, abandoned, callback/message).
bool IsTerminal(ConversationState state);

struct Conversation {
  std::string id;          // 22-char url-safe random id
  std::string token_hash;  // hex BLAKE2b of the visitor token; the token is never stored
  ConversationState state = ConversationState::kBot;
  std::string queue;
  std::string language = "fr";
  Priority priority = Priority::kNormal;
  std::string reason;  // the engine's hand-off reason
  std::string page_url;
  std::string entities_json = "{}";  // engine entities, JSON object text
  std::string skill;                 // suggested skill ("" = any)
  int64_t agent_id = 0;              // assigned agent (0 = none)
  std::string outcome;               // close outcome
  std::string visitor_ip;
  TimeMs created_ms = 0;
  TimeMs updated_ms = 0;
  TimeMs queued_ms = 0;  // when it (last) entered a queue
  TimeMs assigned_ms = 0;
  TimeMs closed_ms = 0;
};

struct Message {
  std::string conversation_id;
  int64_t seq = 0;        // assigned by storage, 1, 2, 3... per conversation
  std::string client_id;  // chosen by the client; unique per conversation and author
  AuthorKind author = AuthorKind::kVisitor;
  std::string author_id;    // agent id as text, "" for visitor/bot/system
  std::string author_name;  // display name at the time of writing
  std::string text;
  TimeMs created_ms = 0;
};

struct Agent {
  int64_t id = 0;
  std::string email;
  std::string display_name;
  std::string password_hash;  // argon2id, crypto_pwhash_str format
  std::vector<std::string> skills;
  std::vector<std::string> languages;
  std::vector<std::string> queues;
  bool disabled = false;
  TimeMs created_ms = 0;
};

struct FollowUp {
  int64_t id = 0;
  std::string conversation_id;
  FollowUpKind kind = FollowUpKind::kCallback;
  std::string name;
  std::string phone;           // callback
  std::string preferred_time;  // callback, free text ("demain matin")
  std::string contact;         // message: e-mail or phone to answer to
  std::string text;            // message
  std::string queue;
  std::string language;
  std::string state = "open";  // "open" or "done"
  TimeMs created_ms = 0;
  TimeMs done_ms = 0;
  int64_t done_by = 0;
};

struct Survey {
  std::string conversation_id;
  int rating = 0;  // 1..5
  std::string comment;
  TimeMs created_ms = 0;
};

// One append-only audit log entry (agent actions and state changes).
struct AuditEvent {
  TimeMs at_ms = 0;
  std::string actor_kind;  // "agent", "visitor", "system"
  std::string actor_id;
  std::string action;  // "conversation.accept", "conversation.transfer"...
  std::string conversation_id;
  std::string detail_json = "{}";
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_MODEL_H_
