// Conversation signals that decide when a visitor should reach a person, and how
// fast: an explicit request for a human (hand-off), frustration, and sensitive
// topics (self-harm, violence, abuse, emergency). French and English, robust to
// missing accents, chat abbreviations ("svp", "qqn", "pls") and common typos.
//
// Everything here is pure: the conversation context is passed in (never kept), the
// lexicons are static tables, and every function is thread-safe. Each function reads
// only the first kMaxSignalInputBytes of a message (cut at a character boundary) and
// only the last kMaxSignalHistoryTurns previous turns; invalid UTF-8 is tolerated.
//
// Trade-offs, stated once:
//  - Hand-off: a request needs either a request verb followed by a person ("parler à
//    un agent", "talk to a real person", "transfer me to a representative"), a short
//    message that is essentially a person ("agent", "un humain svp", "representative
//    please"), or a call-back / live-chat phrase ("call me", "rappelez-moi", "live
//    chat"). A person named inside another request ("how do I become an agent",
//    "travel agent fees", "agent de voyage", "apply in person", "human rights") is not
//    one. Negated requests ("I don't want to talk to an agent"), narration ("j'ai
//    parlé à un agent", "l'agente m'a beaucoup aidé") and the present ("est-ce que je
//    parle à une vraie personne") are not requests. A question about reaching a person
//    ("how can I speak to someone?") is treated as a request: it is one in practice;
//    but a question about when or how fast people or the live chat can be reached
//    ("what hours is the live chat open", "à quelle heure puis-je clavarder avec un
//    agent") is about a contact option, which the knowledge base answers. A call-back
//    request is flagged (`callback`); Engine::Ask answers it with an entry written for
//    call-back requests when there is one.
//  - Frustration: lexicon words and profanity count most; ALL CAPS and "!!!" / "???"
//    alone are only mild. Repeating a question after the engine answered it (or failed
//    to) is frustration: the answer did not help.
//  - Sensitive topics: phrases, not single ambiguous words: "urgence" / "emergency"
//    count unless the message is about a service that carries the word (emergency
//    passport, "prestation d'urgence", emergency contact); "danger" counts,
//    "dangerous" does not. False negatives are possible; the list is meant to be
//    reviewed by people who know the service.
#ifndef RELAIS_ENGINE_SIGNALS_H_
#define RELAIS_ENGINE_SIGNALS_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace relais::engine {

inline constexpr std::size_t kMaxSignalInputBytes = 4096;
inline constexpr std::size_t kMaxSignalHistoryTurns = 8;

// Why a signal fired, for explanations shown to agents and for logs kept by hosts.
struct SignalReason {
  // Stable identifiers: "handoff_request", "callback_request", "live_chat_request",
  // "negative_words", "profanity", "all_caps", "repeated_punctuation",
  // "repeated_question", "repeated_failures", "sensitive_topic".
  std::string code;
  // What triggered it, in folded form ("parler a un agent", "useless", "!!!"), or the
  // sensitive category ("self_harm", "violence", "abuse", "emergency").
  std::string evidence;

  friend bool operator==(const SignalReason&, const SignalReason&) = default;
};

// ---------------------------------------------------------------------------
// Hand-off requests

struct HandoffRequest {
  bool requested = false;
  bool callback = false;   // "call me", "rappelez-moi": the visitor wants a phone call
  bool live_chat = false;  // "live chat", "clavardage en direct"
  std::string evidence;    // the folded words that matched; empty when !requested
};

// Recognises an explicit request to reach a person in `text` (untrusted UTF-8).
// Never fails: requested = false when there is none. Pure, thread-safe.
HandoffRequest DetectHandoffRequest(std::string_view text);

// ---------------------------------------------------------------------------
// Conversation context

// What the engine did with a previous visitor message.
enum class TurnOutcome {
  kAnswered,   // gave an answer (it may still have missed the point)
  kClarified,  // asked the visitor to rephrase or choose between answers
  kNoAnswer,   // had nothing to say
  kHandedOff,  // passed the conversation to a person
};

// One previous visitor message and its outcome. Passed in by the host (the widget
// keeps the conversation); the engine keeps no state between calls.
struct ConversationTurn {
  std::string user_text;
  TurnOutcome outcome = TurnOutcome::kAnswered;
};

// ---------------------------------------------------------------------------
// Frustration

struct Frustration {
  bool frustrated = false;  // level >= 2
  // 0 none; 1 mild (caps or "!!!" alone); 2 frustrated (a complaint word, a repeated
  // question); 3 very frustrated (several signals, profanity with a complaint).
  int level = 0;
  std::vector<SignalReason> reasons;  // in the order found; empty at level 0
};

// Scores the frustration expressed by `text`, given the visitor's previous messages
// in this conversation, oldest first (only the last kMaxSignalHistoryTurns are read;
// pass an empty span for a first message). Never fails. Pure, thread-safe.
Frustration DetectFrustration(std::string_view text,
                              std::span<const ConversationTurn> previous_turns);

// True when two messages ask nearly the same thing: the same content words up to
// typos, stop words, accents, case and punctuation ("how do I renew my passport" /
// "renew passport??"). Exposed for tests and for hosts that group repeats.
bool IsRepeatedQuestion(std::string_view text, std::string_view previous);

// ---------------------------------------------------------------------------
// Sensitive topics

struct SensitiveTopic {
  bool detected = false;
  std::string category;  // "self_harm", "violence", "abuse", "emergency"; empty if none
  std::string evidence;  // the folded words that matched
};

// Looks for a situation that must reach a person quickly. When several categories
// match, the most serious is returned (self_harm, violence, abuse, emergency). Never
// fails. Pure, thread-safe.
SensitiveTopic DetectSensitiveTopic(std::string_view text);

// ---------------------------------------------------------------------------
// All signals of one message

// How fast a person should pick the conversation up, as a level the host maps to
// a queue priority (vocabulary::Priority). Numeric values are stable: the JSON
// answer carries them as "priority".
enum class Urgency { kNormal = 0, kElevated = 1, kHigh = 2, kUrgent = 3 };

struct MessageSignals {
  HandoffRequest handoff;
  Frustration frustration;
  SensitiveTopic sensitive;
  // True when the message itself asks for a person or must reach one (a hand-off
  // request or a sensitive topic). Frustration alone does not set it: whether to
  // hand off a frustrated visitor is the host's policy, informed by `urgency`.
  bool wants_human = false;
  // kUrgent for a sensitive topic; kHigh for frustration level 3; kElevated for
  // frustration level 2; otherwise kNormal.
  Urgency urgency = Urgency::kNormal;
  // Every reason above, hand-off first, then sensitive topic, then frustration.
  std::vector<SignalReason> reasons;
};

// Runs the three detectors on `text` with the given context. Never fails. Pure,
// thread-safe.
MessageSignals AnalyzeMessage(std::string_view text,
                              std::span<const ConversationTurn> previous_turns);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_SIGNALS_H_
