// Engine::Ask — how the engine's signals combine into one decision.
//
// Order of precedence (first that applies wins):
//   1. a sensitive topic (danger, self-harm, abuse)      → hand-off, urgent
//   2. an explicit request for a person                  → hand-off; but a call-back
//      request ("rappelez-moi") is answered when the classifier finds an entry
//      written for call-back requests (one whose examples are such requests), since
//      that entry tells how to get the call
//   3. an editor's pattern that matches                  → that entry
//   4. the classifier's decision (calibrated thresholds) → answer / clarify / hand-off;
//      each candidate's confidence is weighed by its lexical agreement with the
//      question (entry_vocabulary.h), so that a question borrowing an entry's words
//      but about something else ("renouveler mon permis de conduire") goes to a
//      person as out of scope; a short question that fails alone is retried as a
//      follow-up of the previous question ("et pour les enfants ?")
//   5. an entry marked `handoff: always` (complaints)    → hand-off, routed by the entry
//   6. a frustrated visitor the engine cannot answer     → hand-off
// Frustration never blocks a good answer; it raises the urgency the server queues by.
//
// The question is analysed once (text/analyzed_question.h: one fold, the signals'
// words, the language, the classifier's tokens) and every stage reads that
// analysis; only the follow-up retry analyses one more text, the previous question
// joined to this one.
#include "relais/engine/engine.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <optional>

#include "byte_io.h"
#include "relais/engine/analyzed_text.h"
#include "relais/engine/entry_vocabulary.h"
#include "relais/engine/intent_classifier.h"
#include "relais/engine/language.h"
#include "relais/engine/script.h"
#include "relais/engine/utf8.h"
#include "signals/prepared_signals.h"
#include "text/analyzed_question.h"

namespace relais::engine {

struct Engine::State {
  KnowledgeBase knowledge_base;
  IntentClassifier classifier;
  EntryVocabulary vocabulary;  // by classifier intent
  EntityExtractor entities;
  std::unique_ptr<RE2::Set> patterns;          // null when the bundle has none
  std::vector<std::string> pattern_entry_ids;  // by pattern index
  std::vector<std::string> callback_entries;   // sorted ids, see CallbackEntries
  std::vector<TextLanguage> languages;         // KbInfo::languages: detection's candidates
};

namespace {

// A question of at most this many words that fails alone is retried together
// with the previous question, as a follow-up.
constexpr std::size_t kMaxFollowUpWords = 6;
// RE2 memory budget for all of a knowledge base's patterns together.
constexpr int64_t kPatternMemoryBudget = 8 << 20;
// Candidates ranked by the classifier, then re-ranked with their agreement.
constexpr std::size_t kCandidates = 10;
// A question is read whole by AnalyzeQuestion, so each stage sees what it would
// have read from the question itself.
static_assert(kMaxQueryBytes <= kMaxAnalyzedQuestionBytes);
static_assert(kMaxAnalyzedQuestionBytes <= kMaxSignalInputBytes);

std::string Percent(double confidence) {
  return std::to_string(static_cast<int>(confidence * 100 + 0.5)) + "%";
}

bool IsRealLanguage(TextLanguage language) { return language != TextLanguage::kUnknown; }

// The knowledge base's languages, which language detection chooses among.
std::vector<TextLanguage> LanguagesOf(const KnowledgeBase& knowledge_base) {
  std::vector<TextLanguage> languages;
  for (const std::string& code : knowledge_base.info().languages) {
    languages.push_back(TextLanguageFromCode(code));
  }
  return languages;
}

// The answer's language: the question's, else the page's, else English, each only
// if the knowledge base has it; else the knowledge base's first language.
TextLanguage AnswerLanguage(TextLanguage detected, TextLanguage page,
                            const std::vector<TextLanguage>& languages) {
  const auto has = [&](TextLanguage language) {
    return IsRealLanguage(language) &&
           std::find(languages.begin(), languages.end(), language) != languages.end();
  };
  if (has(detected)) return detected;
  if (has(page)) return page;
  const auto first = std::find_if(languages.begin(), languages.end(), IsRealLanguage);
  return has(TextLanguage::kEnglish) || first == languages.end() ? TextLanguage::kEnglish : *first;
}

// The words of every entry the model knows: its example questions, titles and
// answers, in both languages (as relais-kb's calibration saw them).
EntryVocabulary BuildVocabulary(const KnowledgeBase& knowledge_base,
                                const std::vector<std::string>& intents) {
  std::vector<VocabularyText> texts;
  const auto add = [&](std::string_view entry_id, std::string_view text, std::string_view code) {
    const auto it = std::lower_bound(intents.begin(), intents.end(), entry_id);
    if (it == intents.end() || *it != entry_id) return;
    texts.push_back(
        {static_cast<std::uint32_t>(it - intents.begin()), text, TextLanguageFromCode(code)});
  };
  for (const KbQuestion& question : knowledge_base.questions()) {
    add(question.entry_id, question.text, question.language);
  }
  for (const KbEntry& entry : knowledge_base.entries()) {
    for (const KbEntryText& text : entry.texts) {
      add(entry.id, text.title, text.language);
      add(entry.id, text.answer_markdown, text.language);
    }
  }
  return EntryVocabulary::Build(intents.size(), texts);
}

// Classify, then weigh each candidate by its lexical agreement and re-rank.
Classification ClassifyInScope(const IntentClassifier& classifier,
                               const EntryVocabulary& vocabulary, const AnalyzedText& text) {
  Classification classification = classifier.Classify(text, kCandidates);
  vocabulary.Annotate(text.tokens, &classification);
  ApplyMix(classifier.thresholds().mix, &classification, classifier.thresholds().agreement_power);
  return classification;
}

// Entries written to answer call-back requests: one of their examples is such a
// request ("Pouvez-vous me rappeler ?"). Sorted ids.
std::vector<std::string> CallbackEntries(const KnowledgeBase& knowledge_base) {
  std::vector<std::string> ids;
  for (const KbQuestion& question : knowledge_base.questions()) {
    if (DetectHandoffRequest(question.text).callback) ids.push_back(question.entry_id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The call-back entries' blob (kCallbackEntriesModelName). Format (version 1):
//   "RLCB" u32:version varint:n, n × bytes:entry id (UTF-8, strictly increasing)
//   u32: FNV-1a of every byte before it
constexpr char kCallbackMagic[4] = {'R', 'L', 'C', 'B'};
constexpr std::uint32_t kCallbackVersion = 1;

std::string SerializeCallbackEntries(const std::vector<std::string>& ids) {
  internal::ByteWriter out;
  internal::StartEnvelope(out, kCallbackMagic, kCallbackVersion);
  out.Varint(ids.size());
  for (const std::string& id : ids) out.Bytes(id);
  internal::SealEnvelope(out);
  return std::move(out.str());
}

Result<std::vector<std::string>> DeserializeCallbackEntries(std::string_view bytes) {
  const auto corrupt = [](const std::string& what) {
    return Status::Error(StatusCode::kCorrupt, "call-back entries: " + what);
  };
  std::optional<internal::Envelope> envelope = internal::OpenEnvelope(bytes, kCallbackMagic);
  if (!envelope) return corrupt("not a list of call-back entries");
  if (envelope->version != kCallbackVersion)
    return corrupt("unknown format version " + std::to_string(envelope->version));
  if (!envelope->checksum_ok) return corrupt("checksum mismatch");
  internal::ByteReader& in = envelope->body;
  std::vector<std::string> ids;
  const std::uint64_t n = in.Count(2);
  for (std::uint64_t i = 0; i < n && in.ok(); ++i) {
    const std::string_view id = in.Bytes(kMaxIntentNameBytes);
    if (!in.ok() || id.empty() || !IsValidUtf8(id) ||
        (i > 0 && id <= std::string_view(ids.back()))) {
      return corrupt("bad entry id");
    }
    ids.emplace_back(id);
  }
  if (!in.ok() || !in.done()) return corrupt("trailing or missing bytes");
  return ids;
}

// An older bundle read without its example questions lacks what it takes to
// derive what newer bundles store.
Status OldBundleWithoutQuestions() {
  return Status::Error(StatusCode::kCorrupt,
                       "this knowledge-base bundle predates the derived models the engine reads; "
                       "rebuild it with relais-kb build");
}

// The vocabulary relais-kb stored, or, in an older bundle, the one built now.
Result<EntryVocabulary> LoadVocabulary(const KnowledgeBase& knowledge_base,
                                       const std::vector<std::string>& intents) {
  const std::string_view bytes = knowledge_base.Model(kEntryVocabularyModelName);
  if (bytes.empty() && !knowledge_base.questions_read()) return OldBundleWithoutQuestions();
  if (bytes.empty()) return BuildVocabulary(knowledge_base, intents);
  Result<EntryVocabulary> vocabulary = EntryVocabulary::Deserialize(bytes);
  if (vocabulary.ok() && vocabulary.value().intent_count() != intents.size()) {
    return Status::Error(StatusCode::kCorrupt,
                         "the entry vocabulary does not match the classifier: rebuild the bundle");
  }
  return vocabulary;
}

// The call-back entries relais-kb stored, or, in an older bundle, found now.
Result<std::vector<std::string>> LoadCallbackEntries(const KnowledgeBase& knowledge_base) {
  const std::string_view bytes = knowledge_base.Model(kCallbackEntriesModelName);
  if (bytes.empty() && !knowledge_base.questions_read()) return OldBundleWithoutQuestions();
  if (bytes.empty()) return CallbackEntries(knowledge_base);
  return DeserializeCallbackEntries(bytes);
}

Result<IntentClassifier> LoadClassifier(const KnowledgeBase& knowledge_base) {
  std::string_view model_bytes = knowledge_base.Model(kClassifierModelName);
  if (model_bytes.empty()) {
    return Status::Error(
        StatusCode::kCorrupt,
        "the knowledge-base bundle has no trained model: rebuild it with relais-kb build");
  }
  return IntentClassifier::Deserialize(model_bytes);
}

// Why the question's words do not fit the entry, for the agent.
std::string ScopeExplanation(const std::string& entry_id, const LexicalAgreement& agreement) {
  if (agreement.missing.empty()) {
    return "scope: another entry than " + entry_id + " uses these words";
  }
  std::string words;
  for (const std::string& word : agreement.missing) {
    words += (words.empty() ? "\"" : ", \"") + word + "\"";
  }
  return "scope: " + entry_id + " never uses " + words;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> BuildDerivedModels(
    const KnowledgeBase& knowledge_base) {
  Result<IntentClassifier> classifier = LoadClassifier(knowledge_base);
  if (!classifier.ok()) return classifier.status();
  return std::vector<std::pair<std::string, std::string>>{
      {std::string(kCallbackEntriesModelName),
       SerializeCallbackEntries(CallbackEntries(knowledge_base))},
      {std::string(kEntryVocabularyModelName),
       BuildVocabulary(knowledge_base, classifier.value().intents()).Serialize()},
  };
}

Result<Engine> Engine::Create(const KnowledgeBase& knowledge_base) {
  auto classifier = LoadClassifier(knowledge_base);
  if (!classifier.ok()) return classifier.status();
  auto vocabulary = LoadVocabulary(knowledge_base, classifier.value().intents());
  if (!vocabulary.ok()) return vocabulary.status();
  auto callback_entries = LoadCallbackEntries(knowledge_base);
  if (!callback_entries.ok()) return callback_entries.status();

  auto state = std::make_shared<State>(State{knowledge_base,
                                             std::move(classifier).value(),
                                             std::move(vocabulary).value(),
                                             EntityExtractor(),
                                             nullptr,
                                             {},
                                             std::move(callback_entries).value(),
                                             LanguagesOf(knowledge_base)});
  for (const std::string& intent : state->classifier.intents()) {
    if (knowledge_base.FindEntry(intent) == nullptr) {
      return Status::Error(StatusCode::kCorrupt,
                           "the model knows an entry the bundle lacks: " + intent);
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
        return Status::Error(StatusCode::kInvalidArgument, "pattern of entry " + pattern.entry_id +
                                                               " does not compile: " + error);
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
  const AnalyzedQuestion question = AnalyzeQuestion(query, context.page_language, s.languages);
  result.language = AnswerLanguage(question.language.language, context.page_language, s.languages);
  result.entities = s.entities.Extract(query);

  const MessageSignals signals = AnalyzeMessage(query, question.message, history);
  result.frustrated = signals.frustration.frustrated;
  result.urgency = static_cast<int>(signals.urgency);
  for (const SignalReason& reason : signals.reasons) {
    result.explanation.push_back("signal: " + reason.code + " (" + reason.evidence + ")");
  }

  auto hand_off = [&](HandoffReason reason) {
    result.decision = Decision::kHandoff;
    result.reason = reason;
    result.suggestions.clear();  // suggestions belong to kClarify only (a frustrated clarify)
    return result;
  };
  if (signals.sensitive.detected) return hand_off(HandoffReason::kSensitiveTopic);
  if (signals.handoff.requested && !signals.handoff.callback) {
    return hand_off(HandoffReason::kAskedForHuman);
  }
  // Written in a script the knowledge base cannot read: a person who reads it
  // (or the other ways to get help), never a guess from the classifier.
  if (const auto script = DetectOtherScript(query)) {
    result.visitor_languages.assign(script->languages.begin(), script->languages.end());
    std::string likely;
    for (std::string_view code : script->languages)
      likely += (likely.empty() ? "" : ", ") + std::string(code);
    result.explanation.push_back("script: " + std::string(script->script) + " (likely " + likely +
                                 "), which the knowledge base is not written in");
    return hand_off(HandoffReason::kOtherLanguage);
  }

  // The classifier always runs: even a pattern match or a hand-off reports the
  // ranking, which routes the conversation and briefs the agent.
  const std::vector<Token>& words = question.words.tokens;  // kUnknown: both languages
  Classification classification = ClassifyInScope(s.classifier, s.vocabulary, question.words);
  DecisionResult decided = s.classifier.Decide(classification);

  // Follow-up: a short question that fails alone may complete the previous one.
  if (decided.decision != Decision::kAnswer && !history.empty() &&
      words.size() <= kMaxFollowUpWords) {
    const ConversationTurn& previous = history.back();
    const AnalyzedText combined =
        AnalyzeText(previous.user_text + " " + std::string(query), question.words.language);
    Classification follow_up = ClassifyInScope(s.classifier, s.vocabulary, combined);
    DecisionResult follow_up_decided = s.classifier.Decide(follow_up);
    if (follow_up_decided.decision == Decision::kAnswer) {
      classification = std::move(follow_up);
      decided = std::move(follow_up_decided);
      result.explanation.push_back("context: read as a follow-up of \"" + previous.user_text +
                                   "\"");
    }
  }

  const auto& intents = s.classifier.intents();
  // A call-back request that no entry written for call-backs answers goes to a
  // person, like any other request (and, like them, with no entry to route by).
  const bool callback_answered =
      decided.decision == Decision::kAnswer &&
      std::binary_search(s.callback_entries.begin(), s.callback_entries.end(),
                         intents[classification.ranked.front().intent]);
  if (signals.handoff.callback && !callback_answered) {
    return hand_off(HandoffReason::kAskedForHuman);
  }
  if (!classification.ranked.empty()) {
    const IntentCandidate& top = classification.ranked.front();
    result.entry_id = intents[top.intent];
    result.confidence = top.confidence;
    result.explanation.push_back("classifier: " + result.entry_id + " " + Percent(top.confidence) +
                                 " (model " + Percent(top.probability) + ", nearest example " +
                                 Percent(top.similarity) + ", words of the entry " +
                                 Percent(top.agreement) + ", out of scope " +
                                 Percent(classification.out_of_scope_probability) + ")");
    if (decided.reason == HandoffReason::kOutOfScope && top.agreement < 1) {
      result.explanation.push_back(
          ScopeExplanation(result.entry_id, s.vocabulary.Measure(words, top.intent)));
    }
  } else {
    result.explanation.push_back("classifier: no word that any entry could match");
  }
  result.decision = decided.decision;
  result.reason = decided.reason;
  if (signals.handoff.callback) {
    result.explanation.push_back("entry: " + result.entry_id + " answers call-back requests");
  }

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
  if (result.decision == Decision::kAnswer && entry != nullptr &&
      entry->handoff == KbHandoff::kAlways) {
    if (entry->priority == vocabulary::Priority::kUrgent)
      result.urgency = static_cast<int>(Urgency::kUrgent);
    result.explanation.push_back("entry: " + entry->id + " always goes to a person");
    return hand_off(HandoffReason::kEntryRequiresPerson);
  }
  if (result.decision != Decision::kAnswer && signals.frustration.frustrated) {
    return hand_off(HandoffReason::kFrustration);
  }
  return result;
}

}  // namespace relais::engine
