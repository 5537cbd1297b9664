// Typed client commands: each client frame type of the vocabulary
// (vocabulary/vocabulary.json, client_frame) as a struct with its fields already
// validated, and how it is read from the frame. The Hub handles a Command by
// overload (Hub::On), so a command without a handler does not compile; which
// roles may send a command is stated once, in the vocabulary.
//
// Adding a frame type: its name and roles in vocabulary.json, a struct here
// (kFrame, fields, Decode) added to Command in the vocabulary's order, and its
// handler in the Hub.
#ifndef RELAIS_SERVER_COMMANDS_H_
#define RELAIS_SERVER_COMMANDS_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "relais/server/field_reader.h"
#include "relais/server/model.h"
#include "relais/vocabulary.h"

namespace relais::server {
namespace command {

using vocabulary::ClientFrame;

// Budgets of identifiers and short fields (bytes).
inline constexpr size_t kIdBytes = 64;
inline constexpr size_t kLanguageBytes = 8;
inline constexpr size_t kQueueBytes = 32;

struct TranscriptLine {
  AuthorKind author = AuthorKind::kVisitor;  // visitor or bot
  std::string text;
};

struct Handoff {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationHandoff;
  std::string language;
  // The languages the visitor writes in when the engine saw a script the
  // knowledge base cannot read (likeliest first): served in one of them when a
  // queue is (router.h ServedLanguage).
  std::vector<std::string> visitor_languages;
  std::string queue;  // "" = the first queue for the language
  std::string skill;
  HandoffReason reason = HandoffReason::kNone;
  Priority priority = Priority::kNormal;
  std::string page_url;
  std::string entities_json = "{}";
  std::vector<TranscriptLine> transcript;

  static Handoff Decode(FieldReader& r) {
    Handoff c;
    c.language = r.String("language", Need::kRequired, kLanguageBytes);
    c.visitor_languages = r.Strings("visitor_languages", 4, kLanguageBytes);
    c.queue = r.String("queue", Need::kOptional, kQueueBytes);
    c.skill = r.String("skill", Need::kOptional, kQueueBytes);
    c.reason = r.Enum("reason", HandoffReason::kNone, vocabulary::ParseHandoffReason,
                      vocabulary::kHandoffReasonNames);
    c.priority = r.Enum("priority", Priority::kNormal, vocabulary::ParsePriority,
                        vocabulary::kPriorityNames);
    c.page_url = r.String("page_url", Need::kOptional, 2048);
    c.entities_json = r.ObjectJson("entities", 8192);
    r.ForEachObject("transcript", r.limits().max_transcript, [&c](FieldReader& line) {
      TranscriptLine t;
      t.author =
          line.RequiredEnum("author", vocabulary::ParseAuthorKind, vocabulary::kAuthorKindNames);
      if (line.ok() && t.author != AuthorKind::kVisitor && t.author != AuthorKind::kBot) {
        line.Fail(vocabulary::ErrorCode::kInvalidField, "author", "\"visitor\" or \"bot\"");
      }
      t.text = line.String("text", Need::kRequired, kTextBudget);
      c.transcript.push_back(std::move(t));
    });
    return c;
  }
};

struct Resume {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationResume;
  std::string conversation_id;
  std::string token;
  int64_t last_seq = 0;  // the highest seq the visitor has

  static Resume Decode(FieldReader& r) {
    Resume c;
    c.conversation_id = r.String("conversation_id", Need::kRequired, kIdBytes);
    c.token = r.String("token", Need::kRequired, 128);
    c.last_seq = r.Int("last_seq", Need::kOptional, 0);
    return c;
  }
};

struct Leave {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationLeave;
  static Leave Decode(FieldReader&) { return {}; }
};

struct FollowUpRequest {
  static constexpr ClientFrame kFrame = ClientFrame::kFollowupRequest;
  FollowUpKind kind = FollowUpKind::kCallback;
  std::string name;
  std::string phone;           // required for a callback
  std::string preferred_time;  // callback, free text ("demain matin")
  std::string contact;         // message: e-mail or phone to answer to
  std::string text;            // required for a message

  static FollowUpRequest Decode(FieldReader& r) {
    FollowUpRequest c;
    c.kind = r.RequiredEnum("kind", vocabulary::ParseFollowUpKind, vocabulary::kFollowUpKindNames);
    c.name = r.String("name", Need::kOptional, 200);
    c.phone = r.String("phone", Need::kOptional, 40);
    c.preferred_time = r.String("preferred_time", Need::kOptional, 200);
    c.contact = r.String("contact", Need::kOptional, 320);
    c.text = r.String("text", Need::kOptional, kTextBudget);
    if (c.kind == FollowUpKind::kCallback && c.phone.empty()) {
      r.Fail(vocabulary::ErrorCode::kMissingField, "phone", "required for a callback");
    } else if (c.kind == FollowUpKind::kMessage && c.text.empty()) {
      r.Fail(vocabulary::ErrorCode::kMissingField, "text", "required for a message");
    }
    return c;
  }
};

struct SurveySubmit {
  static constexpr ClientFrame kFrame = ClientFrame::kSurveySubmit;
  int rating = 0;  // 1..5
  std::string comment;

  static SurveySubmit Decode(FieldReader& r) {
    SurveySubmit c;
    c.rating = static_cast<int>(r.Int("rating", Need::kRequired, 1, 5));
    c.comment = r.String("comment", Need::kOptional, kTextBudget);
    return c;
  }
};

// A chat message: the visitor's (one conversation per connection) or an agent's
// reply (conversation_id required).
struct MessageCreate {
  static constexpr ClientFrame kFrame = ClientFrame::kMessageCreate;
  std::string conversation_id;
  std::string client_id;
  std::string text;

  static MessageCreate Decode(FieldReader& r) {
    MessageCreate c;
    c.conversation_id = r.String("conversation_id", Need::kUnlessVisitor, kIdBytes);
    c.client_id = r.ClientId("client_id");
    c.text = r.Text("text");
    return c;
  }
};

struct Typing {
  static constexpr ClientFrame kFrame = ClientFrame::kTyping;
  std::string conversation_id;  // agents
  bool active = false;

  static Typing Decode(FieldReader& r) {
    Typing c;
    c.active = r.Bool("active", Need::kRequired);
    c.conversation_id = r.String("conversation_id", Need::kUnlessVisitor, kIdBytes);
    return c;
  }
};

struct Ping {
  static constexpr ClientFrame kFrame = ClientFrame::kPing;
  static Ping Decode(FieldReader&) { return {}; }
};

struct SetAgentStatus {
  static constexpr ClientFrame kFrame = ClientFrame::kAgentStatus;
  AgentStatus status = AgentStatus::kAway;

  static SetAgentStatus Decode(FieldReader& r) {
    return {r.RequiredEnum("status", vocabulary::ParseAgentStatus, vocabulary::kAgentStatusNames)};
  }
};

// accept, decline: the pending offer of one conversation.
struct Accept {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationAccept;
  std::string conversation_id;
  static Accept Decode(FieldReader& r) {
    return {r.String("conversation_id", Need::kRequired, kIdBytes)};
  }
};

struct Decline {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationDecline;
  std::string conversation_id;
  static Decline Decode(FieldReader& r) {
    return {r.String("conversation_id", Need::kRequired, kIdBytes)};
  }
};

struct View {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationView;
  std::string conversation_id;
  int64_t before_seq = 0;  // 0: the last page; else the page of messages before this seq

  static View Decode(FieldReader& r) {
    View c;
    c.conversation_id = r.String("conversation_id", Need::kRequired, kIdBytes);
    c.before_seq = r.Int("before_seq", Need::kOptional, 1);
    return c;
  }
};

struct Transfer {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationTransfer;
  std::string conversation_id;
  std::string queue;        // at least one of queue and agent_email
  std::string agent_email;  // lower-cased
  std::string note;

  static Transfer Decode(FieldReader& r) {
    Transfer c;
    c.conversation_id = r.String("conversation_id", Need::kRequired, kIdBytes);
    c.queue = r.String("queue", Need::kOptional, kQueueBytes);
    c.agent_email = r.Email("agent_email");
    c.note = r.String("note", Need::kOptional, kTextBudget);
    if (c.queue.empty() && c.agent_email.empty()) {
      r.Fail(vocabulary::ErrorCode::kMissingField, "queue",
             "queue or agent_email: one is required");
    }
    return c;
  }
};

struct Close {
  static constexpr ClientFrame kFrame = ClientFrame::kConversationClose;
  std::string conversation_id;
  vocabulary::CloseOutcome outcome = vocabulary::CloseOutcome::kResolved;

  static Close Decode(FieldReader& r) {
    Close c;
    c.conversation_id = r.String("conversation_id", Need::kRequired, kIdBytes);
    c.outcome =
        r.RequiredEnum("outcome", vocabulary::ParseCloseOutcome, vocabulary::kCloseOutcomeNames);
    // What the visitor did is the server's to say, not an agent's.
    if (c.outcome == vocabulary::CloseOutcome::kVisitorLeft ||
        c.outcome == vocabulary::CloseOutcome::kVisitorGone) {
      r.Fail(vocabulary::ErrorCode::kInvalidField, "outcome",
             "resolved, redirected, followup or no_response");
    }
    return c;
  }
};

// A private note on a conversation, for agents only.
struct NoteCreate {
  static constexpr ClientFrame kFrame = ClientFrame::kNoteCreate;
  std::string conversation_id;
  std::string client_id;
  std::string text;

  static NoteCreate Decode(FieldReader& r) {
    NoteCreate c;
    c.conversation_id = r.String("conversation_id", Need::kRequired, kIdBytes);
    c.client_id = r.ClientId("client_id");
    c.text = r.Text("text");
    return c;
  }
};

struct FollowUpList {
  static constexpr ClientFrame kFrame = ClientFrame::kFollowupList;
  static FollowUpList Decode(FieldReader&) { return {}; }
};

struct FollowUpComplete {
  static constexpr ClientFrame kFrame = ClientFrame::kFollowupComplete;
  int64_t id = 0;
  static FollowUpComplete Decode(FieldReader& r) { return {r.Int("id", Need::kRequired)}; }
};

struct KbSearch {
  static constexpr ClientFrame kFrame = ClientFrame::kKbSearch;
  std::string query;
  std::string language;         // "" = the agent's first language
  std::string conversation_id;  // echoed back for the console

  static KbSearch Decode(FieldReader& r) {
    KbSearch c;
    c.query = r.String("query", Need::kRequired, 500);
    c.language = r.String("language", Need::kOptional, kLanguageBytes);
    c.conversation_id = r.String("conversation_id", Need::kOptional, kIdBytes);
    return c;
  }
};

}  // namespace command

// One decoded client frame. The alternatives are in the order of
// vocabulary::ClientFrame (checked in protocol.cc).
using Command =
    std::variant<command::Handoff, command::Resume, command::Leave, command::FollowUpRequest,
                 command::SurveySubmit, command::MessageCreate, command::Typing, command::Ping,
                 command::SetAgentStatus, command::Accept, command::Decline, command::View,
                 command::Transfer, command::Close, command::NoteCreate, command::FollowUpList,
                 command::FollowUpComplete, command::KbSearch>;

// The frame type of a command.
vocabulary::ClientFrame FrameOf(const Command& command);

}  // namespace relais::server

#endif  // RELAIS_SERVER_COMMANDS_H_
