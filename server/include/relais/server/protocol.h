// The wire protocol: one vocabulary of message types (defined once, here and in
// server/PROTOCOL.md), the JSON frame codec and its validation. No sockets.
//
// A frame is one JSON object per WebSocket text message:
//   {"type": "message.create", "v": 1, ...fields}
// "v" (protocol major version) is optional from clients and always sent by the
// server. Unknown fields are ignored (forward compatibility); unknown types,
// missing or mistyped fields and over-budget strings are rejected.
#ifndef RELAIS_SERVER_PROTOCOL_H_
#define RELAIS_SERVER_PROTOCOL_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "relais/server/status.h"

namespace relais::server::protocol {

inline constexpr int kVersion = 1;

// ---- the vocabulary ----
namespace type {
// visitor -> server
inline constexpr std::string_view kHandoff = "conversation.handoff";
inline constexpr std::string_view kResume = "conversation.resume";
inline constexpr std::string_view kLeave = "conversation.leave";
inline constexpr std::string_view kFollowUpRequest = "followup.request";
inline constexpr std::string_view kSurveySubmit = "survey.submit";
// agent -> server
inline constexpr std::string_view kAgentStatus = "agent.status";
inline constexpr std::string_view kAccept = "conversation.accept";
inline constexpr std::string_view kDecline = "conversation.decline";
inline constexpr std::string_view kView = "conversation.view";
inline constexpr std::string_view kTransfer = "conversation.transfer";
inline constexpr std::string_view kClose = "conversation.close";
inline constexpr std::string_view kNoteCreate = "note.create";
inline constexpr std::string_view kFollowUpList = "followup.list";
inline constexpr std::string_view kFollowUpComplete = "followup.complete";
inline constexpr std::string_view kKbSearch = "kb.search";
// both -> server
inline constexpr std::string_view kMessageCreate = "message.create";
inline constexpr std::string_view kTyping = "typing";
inline constexpr std::string_view kPing = "ping";
// server -> clients
inline constexpr std::string_view kHello = "hello";
inline constexpr std::string_view kCreated = "conversation.created";
inline constexpr std::string_view kQueued = "conversation.queued";
inline constexpr std::string_view kUnavailable = "conversation.unavailable";
inline constexpr std::string_view kOffered = "conversation.offered";
inline constexpr std::string_view kOfferRevoked = "conversation.offer_revoked";
inline constexpr std::string_view kAssigned = "conversation.assigned";
inline constexpr std::string_view kDetail = "conversation.detail";
inline constexpr std::string_view kTransferred = "conversation.transferred";
inline constexpr std::string_view kClosed = "conversation.closed";
inline constexpr std::string_view kState = "conversation.state";
inline constexpr std::string_view kMessageCreated = "message.created";
inline constexpr std::string_view kMessageAck = "message.ack";
inline constexpr std::string_view kAgentJoined = "agent.joined";
inline constexpr std::string_view kAgentLeft = "agent.left";
inline constexpr std::string_view kAgentState = "agent.state";
inline constexpr std::string_view kQueuePosition = "queue.position";
inline constexpr std::string_view kQueueSnapshot = "queue.snapshot";
inline constexpr std::string_view kFollowUpCreated = "followup.created";
inline constexpr std::string_view kFollowUps = "followup.items";
inline constexpr std::string_view kFollowUpDone = "followup.completed";
inline constexpr std::string_view kSurveySubmitted = "survey.submitted";
inline constexpr std::string_view kKbResults = "kb.results";
inline constexpr std::string_view kPong = "pong";
inline constexpr std::string_view kPresence = "presence";
inline constexpr std::string_view kError = "error";
}  // namespace type

// ---- error codes carried by "error" frames ----
namespace code {
inline constexpr std::string_view kBadJson = "bad_json";
inline constexpr std::string_view kBadFrame = "bad_frame";
inline constexpr std::string_view kUnknownType = "unknown_type";
inline constexpr std::string_view kMissingField = "missing_field";
inline constexpr std::string_view kInvalidField = "invalid_field";
inline constexpr std::string_view kTooLarge = "too_large";
inline constexpr std::string_view kRateLimited = "rate_limited";
inline constexpr std::string_view kUnsupportedVersion = "unsupported_version";
inline constexpr std::string_view kNotAllowed = "not_allowed";  // wrong role for this type
inline constexpr std::string_view kUnauthenticated = "unauthenticated";
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kInvalidState = "invalid_state";
inline constexpr std::string_view kUnavailable = "unavailable";
inline constexpr std::string_view kInternal = "internal";
}  // namespace code

enum class Role { kVisitor, kAgent };

// A decoded, validated client frame.
struct ClientFrame {
  std::string type;     // one of the client types above
  nlohmann::json body;  // the whole object; required fields present and well-typed
};

// A frame-level failure: the error code and a message for a person.
struct FrameError {
  std::string_view code;
  std::string message;
  std::string request_type;  // the offending type when known
};

// Budgets for decoding; the server fills them from Config::limits.
struct DecodeLimits {
  size_t max_frame_bytes = 65536;
  size_t max_text_bytes = 4000;  // "text" fields of chat messages
  int max_transcript = 100;
  int max_depth = 8;
};

// Decodes and validates one client frame for `role`. On failure fills *error
// and returns false; never throws. Validation is table-driven (protocol.cc).
bool DecodeClientFrame(std::string_view text, Role role, const DecodeLimits& limits,
                       ClientFrame* frame, FrameError* error);

// Builds a server frame {"type": ..., "v": 1, ...data}. `data` must be an object.
std::string EncodeFrame(std::string_view type, const nlohmann::json& data);

// Builds an "error" frame.
std::string EncodeError(const FrameError& error);

// Maps a Status to a wire error code.
std::string_view CodeFor(StatusCode code);

}  // namespace relais::server::protocol

#endif  // RELAIS_SERVER_PROTOCOL_H_
