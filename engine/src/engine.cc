// Engine::Ask — how the engine's signals combine into one decision.
//
// Order of precedence (first that applies wins):
//   1. a sensitive topic (danger, self-harm, abuse)      → hand-off, urgent
//   2. an explicit request for a person                  → hand-off
//   3. an editor's pattern that matches                  → that entry
//   4. the classifier's decision (calibrated thresholds) → answer / clarify / hand-off;
//      a short question that fails alone is retried as a follow-up of the previous
//      question ("et pour les enfants ?")
//   5. an entry marked `handoff: always` (complaints)    → hand-off, routed by the entry
//   6. a frustrated visitor the engine cannot answer     → hand-off
// Frustration never blocks a good answer; it raises the priority the server uses.
#include "relais/engine/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <optional>

#include "relais/engine/intent_classifier.h"
#include "relais/engine/language.h"
#include "relais/engine/normalizer.h"
#include "relais/engine/utf8.h"

namespace relais::engine {

struct Engine::State {
  KnowledgeBase knowledge_base;
  IntentClassifier classifier;
  EntityExtractor entities;
  std::unique_ptr<RE2::Set> patterns;          // null when the bundle has none
  std::vector<std::string> pattern_entry_ids;  // by pattern index
};

namespace {

// A question of at most this many words that fails alone is retried together
// with the previous question, as a follow-up.
constexpr std::size_t kMaxFollowUpWords = 6;
// RE2 memory budget for all of a knowledge base's patterns together.
constexpr int64_t kPatternMemoryBudget = 8 << 20;

std::string Percent(double confidence) {
  return std::to_string(static_cast<int>(confidence * 100 + 0.5)) + "%";
}

bool IsRealLanguage(TextLanguage language) { return language != TextLanguage::kUnknown; }

}  // namespace

Result<Engine> Engine::Create(const KnowledgeBase& knowledge_base) {
  std::string_view model_bytes = knowledge_base.Model(kClassifierModelName);
  if (model_bytes.empty()) {
    return Status::Error(StatusCode::kCorrupt,
                         "the knowledge-base bundle has no trained model: rebuild it with relais-kb build");
  }
  auto classifier = IntentClassifier::Deserialize(model_bytes);
  if (!classifier.ok()) return classifier.status();
  auto entities = EntityExtractor::Create();
  if (!entities.ok()) return entities.status();

  auto state = std::make_shared<State>(State{knowledge_base, std::move(classifier).value(),
                                             std::move(entities).value(), nullptr, {}});
  for (const std::string& intent : state->classifier.intents()) {
    if (knowledge_base.FindEntry(intent) == nullptr) {
      return Status::Error(StatusCode::kCorrupt, "the model knows an entry the bundle lacks: " + intent);
    }
  }

  if (!knowledge_base.patterns().empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kPatternMemoryBudget);
    state->patterns = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const KbPattern& pattern : knowledge_base.patterns()) {
      std::string error;
      if (state->patterns->Add(pattern.re2, &error) < 0) {
        return Status::Error(StatusCode::kInvalidArgument,
                             "pattern of entry " + pattern.entry_id + " does not compile: " + error);
      }
      state->pattern_entry_ids.push_back(pattern.entry_id);
    }
    if (!state->patterns->Compile()) {
      return Status::Error(StatusCode::kResourceExhausted,
                           "the knowledge base's patterns exceed their memory budget");
    }
  }
  return Engine(std::move(state));
}

const KnowledgeBase& Engine::knowledge_base() const { return state_->knowledge_base; }

AskResult Engine::Ask(std::string_view raw_query, const AskContext& context) const {
  const State& s = *state_;
  const std::string_view query = TruncateUtf8(raw_query, kMaxQueryBytes);
  std::span<const ConversationTurn> history(context.history);
  if (history.size() > kMaxHistoryTurns) history = history.last(kMaxHistoryTurns);

  AskResult result;
  const LanguageDetection detected = DetectLanguage(query, context.page_language);
  result.language = IsRealLanguage(detected.language) ? detected.language
                    : IsRealLanguage(context.page_language) ? context.page_language
                                                            : TextLanguage::kEnglish;
  result.entities = s.entities.Extract(query);

  const MessageSignals signals = AnalyzeMessage(query, history);
  result.frustrated = signals.frustration.frustrated;
  result.priority = static_cast<int>(signals.priority);
  for (const SignalReason& reason : signals.reasons) {
    result.explanation.push_back("signal: " + reason.code + " (" + reason.evidence + ")");
  }

  auto hand_off = [&](HandoffReason reason) {
    result.decision = Decision::kHandoff;
    result.reason = reason;
    return result;
  };
  if (signals.sensitive.detected) return hand_off(HandoffReason::kSensitiveTopic);
  if (signals.handoff.requested) return hand_off(HandoffReason::kAskedForHuman);

  // The classifier always runs: even a pattern match or a hand-off reports the
  // ranking, which routes the conversation and briefs the agent.
  const TextLanguage text_language = detected.language;  // kUnknown normalises for both
  Classification classification = s.classifier.Classify(query, text_language);
  DecisionResult decided = s.classifier.Decide(classification);

  // Follow-up: a short question that fails alone may complete the previous one.
  if (decided.decision != Decision::kAnswer && !history.empty() &&
      SplitWords(query, text_language).size() <= kMaxFollowUpWords) {
    const ConversationTurn& previous = history.back();
    std::string combined = previous.user_text + " " + std::string(query);
    Classification follow_up = s.classifier.Classify(combined, text_language);
    DecisionResult follow_up_decided = s.classifier.Decide(follow_up);
    if (follow_up_decided.decision == Decision::kAnswer) {
      classification = std::move(follow_up);
      decided = std::move(follow_up_decided);
      result.explanation.push_back("context: read as a follow-up of \"" + previous.user_text + "\"");
    }
  }

  const auto& intents = s.classifier.intents();
  if (!classification.ranked.empty()) {
    const IntentCandidate& top = classification.ranked.front();
    result.entry_id = intents[top.intent];
    result.confidence = top.confidence;
    result.explanation.push_back("classifier: " + result.entry_id + " " + Percent(top.confidence) +
                                 " (model " + Percent(top.probability) + ", nearest example " +
                                 Percent(top.similarity) + ")");
  }
  result.decision = decided.decision;
  result.reason = decided.reason;

  // An editor's pattern overrides the classifier (the lowest-index match wins, so
  // the result does not depend on RE2's match order).
  if (s.patterns) {
    std::vector<int> matches;
    if (s.patterns->Match(query, &matches) && !matches.empty()) {
      const int first = *std::min_element(matches.begin(), matches.end());
      result.entry_id = s.pattern_entry_ids[first];
      result.confidence = 1.0;
      result.decision = Decision::kAnswer;
      result.reason = HandoffReason::kNone;
      result.explanation.push_back("pattern: " + s.knowledge_base.patterns()[first].re2);
    }
  }

  if (result.decision == Decision::kClarify) {
    for (std::uint32_t index : decided.candidates) {
      const IntentCandidate& candidate = classification.ranked[index];
      result.suggestions.push_back({intents[candidate.intent], candidate.confidence});
    }
  }

  const KbEntry* entry = s.knowledge_base.FindEntry(result.entry_id);
  if (result.decision == Decision::kAnswer && entry != nullptr && entry->handoff == KbHandoff::kAlways) {
    if (entry->priority == KbPriority::kUrgent) result.priority = static_cast<int>(Priority::kUrgent);
    result.explanation.push_back("entry: " + entry->id + " always goes to a person");
    return hand_off(HandoffReason::kEntryRequiresPerson);
  }
  if (result.decision != Decision::kAnswer && signals.frustration.frustrated) {
    return hand_off(HandoffReason::kFrustration);
  }
  return result;
}

}  // namespace relais::engine
