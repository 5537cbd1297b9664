// The engine's front door: ask a question against a knowledge base, get a decision.
//
//   auto kb = KnowledgeBase::FromBundle(bytes);          // once
//   auto engine = Engine::Create(kb.value());             // once: compiles patterns, loads model
//   AskResult r = engine.value().Ask("passeport perdu", context);
//
// Pure: no files, clock, threads or logging. The same bundle and the same input
// give the same AskResult natively and in WebAssembly.
#ifndef RELAIS_ENGINE_ENGINE_H_
#define RELAIS_ENGINE_ENGINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relais/engine/calibration.h"
#include "relais/engine/entities.h"
#include "relais/engine/knowledge_base.h"
#include "relais/engine/signals.h"
#include "relais/engine/status.h"
#include "relais/engine/text_language.h"

namespace relais::engine {

// What the caller knows beyond the question. The engine keeps no state: the
// caller passes the recent history back on each call (the visitor's earlier
// messages with what the engine did, oldest first; only the last kMaxHistoryTurns
// are used). Decision and HandoffReason: calibration.h; ConversationTurn: signals.h.
struct AskContext {
  TextLanguage page_language = TextLanguage::kUnknown;  // the host page's language, a hint
  std::vector<ConversationTurn> history;
};

inline constexpr std::size_t kMaxHistoryTurns = 10;
// Queries longer than this many bytes are cut (at a character boundary) before use.
inline constexpr std::size_t kMaxQueryBytes = 2048;

struct RankedEntry {
  std::string entry_id;
  double confidence = 0;  // in [0, 1]
};

struct AskResult {
  Decision decision = Decision::kHandoff;
  HandoffReason reason = HandoffReason::kNone;
  TextLanguage language = TextLanguage::kUnknown;  // of the question (or the page's when unclear)
  // The best entry, also when not answered (to route and to brief the agent);
  // empty when none is plausible at all.
  std::string entry_id;
  double confidence = 0;                 // of entry_id, in [0, 1]
  std::vector<RankedEntry> suggestions;  // for kClarify: 2–3 entries to offer
  std::vector<Entity> entities;          // extracted from the question
  int urgency = 0;  // Urgency (signals.h), 0 normal … 3 urgent: "priority" in the JSON
  // Reason kOtherLanguage: the languages the visitor likely writes in (script.h),
  // likeliest first; empty otherwise.
  std::vector<std::string> visitor_languages;
  bool frustrated = false;
  std::vector<std::string> explanation;  // what decided, one short line each
};

// An engine bound to one knowledge base. Immutable after Create: Ask is const and
// thread-safe; copies share state.
class Engine {
 public:
  // Loads the classifier from the bundle's model bytes and compiles the entries'
  // patterns once. The entries' vocabulary and call-back entries are read from
  // the bundle's precomputed models (BuildDerivedModels) or, in a bundle without
  // them, built from its content; the results are the same. Fails with kCorrupt
  // when a model is missing or damaged and kInvalidArgument when a pattern does
  // not compile (relais-kb validates both).
  static Result<Engine> Create(const KnowledgeBase& knowledge_base);

  // Decides what to do with one visitor message. Never fails: empty, oversized,
  // invalid UTF-8 or emoji-only input gets a defined decision (a hand-off or a
  // clarification), never a crash.
  AskResult Ask(std::string_view query, const AskContext& context) const;

  const KnowledgeBase& knowledge_base() const;

 private:
  struct State;
  explicit Engine(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// What Engine::Create derives from a bundle's content (the entries' vocabulary,
// kEntryVocabularyModelName; the entries written for call-back requests,
// kCallbackEntriesModelName), serialised for the bundle's `model` table: (name,
// bytes) pairs sorted by name. relais-kb stores them at build time so that
// Create, in the visitor's browser, only reads them. Deterministic. Fails like
// Create when the bundle's classifier is missing or damaged. Thread-safe.
Result<std::vector<std::pair<std::string, std::string>>> BuildDerivedModels(
    const KnowledgeBase& knowledge_base);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_ENGINE_H_
