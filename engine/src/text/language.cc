#include "relais/engine/language.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>

#include "relais/engine/language_registry.h"
#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"
#include "text/analyzed_question.h"
#include "text/signal_words.h"

namespace relais::engine {
namespace {

// Below this margin the text is kUnknown.
constexpr double kMinMargin = 1.0;
// Below this margin (less than one distinctive function word) a hint decides.
constexpr double kHintMargin = 2.0;
// Scale of the logistic that turns a margin into a confidence: a margin of 3 (one
// function word) gives 0.88, 6 gives 0.98.
constexpr double kConfidenceScale = 1.5;

bool AllDigits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One candidate language while the evidence is counted.
struct Candidate {
  TextLanguage language;
  const LanguageModule* module;
  std::size_t registry_index;  // spelling evidence is tried in registry order
  double score = 0.0;
};

// The candidates' modules: kUnknown and repeats skipped, at most kMaxCandidateLanguages.
std::vector<Candidate> CandidatesOf(std::span<const TextLanguage> languages) {
  const std::span<const LanguageModule* const> registry = LanguageModules();
  std::vector<Candidate> candidates;
  for (const TextLanguage& language : languages) {
    if (candidates.size() == kMaxCandidateLanguages) break;
    if (language == TextLanguage::kUnknown ||
        std::any_of(candidates.begin(), candidates.end(),
                    [&](const Candidate& c) { return c.language == language; })) {
      continue;
    }
    const LanguageModule& module = LanguageModuleFor(language);
    const std::size_t index = static_cast<std::size_t>(
        std::find(registry.begin(), registry.end(), &module) - registry.begin());
    candidates.push_back({language, &module, index});
  }
  return candidates;
}

// The best candidate's index and its lead over the next one (0 when fewer than two
// have evidence). Ties go to the first candidate.
std::pair<std::size_t, double> Leader(const std::vector<Candidate>& candidates) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    if (candidates[i].score > candidates[best].score) best = i;
  }
  double runner_up = 0.0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (i != best) runner_up = std::max(runner_up, candidates[i].score);
  }
  return {best, candidates[best].score - runner_up};
}

// DetectLanguage of `input` (at most kMaxLanguageInputBytes) whose folded words are
// `folded_words`, among `languages`, hint included.
LanguageDetection DetectInWords(std::string_view input,
                                std::span<const std::string_view> folded_words, Language hint,
                                std::span<const TextLanguage> languages) {
  LanguageDetection result;
  std::vector<Candidate> candidates = CandidatesOf(languages);
  if (candidates.empty()) return result;
  // Spelling evidence goes to the first module in registry order that sees some.
  std::vector<Candidate*> by_registry;
  for (Candidate& c : candidates) by_registry.push_back(&c);
  std::stable_sort(
      by_registry.begin(), by_registry.end(),
      [](const Candidate* a, const Candidate* b) { return a->registry_index < b->registry_index; });

  for (Candidate& c : candidates) c.score = c.module->TextEvidence(input);
  for (std::string_view word : folded_words) {
    bool known = false;
    for (Candidate& c : candidates) {
      if (const std::optional<double> weight = c.module->WordWeight(word)) {
        known = true;
        c.score += *weight;
      }
    }
    if (known || AllDigits(word)) continue;
    for (Candidate* c : by_registry) {
      if (const double weight = c->module->SpellingWeight(word); weight > 0) {
        c->score += weight;
        break;
      }
    }
  }

  for (const Candidate& c : candidates) {
    result.scores.push_back({c.language, c.score});
    if (c.language == TextLanguage::kFrench) result.french_score = c.score;
    if (c.language == TextLanguage::kEnglish) result.english_score = c.score;
  }
  const auto [best, margin] = Leader(candidates);
  if (margin >= kMinMargin) {
    result.language = candidates[best].language;
    result.confidence = 1.0 / (1.0 + std::exp(-margin / kConfidenceScale));
  }

  // The hint decides when the text alone is not clear, if it is a candidate.
  const auto hinted = std::find_if(candidates.begin(), candidates.end(),
                                   [&](const Candidate& c) { return c.language == hint; });
  if (hint == TextLanguage::kUnknown || hinted == candidates.end() || margin >= kHintMargin) {
    return result;
  }
  double others = 0.0;
  for (const Candidate& c : candidates) {
    if (&c != &*hinted) others = std::max(others, c.score);
  }
  const double toward_hint = hinted->score - others;
  result.language = hint;
  result.from_hint = true;
  result.confidence = 1.0 / (1.0 + std::exp(-toward_hint / kConfidenceScale));
  return result;
}

}  // namespace

std::span<const TextLanguage> DefaultCandidateLanguages() {
  static constexpr TextLanguage kDefault[] = {TextLanguage::kEnglish, TextLanguage::kFrench};
  return kDefault;
}

LanguageDetection DetectLanguage(std::string_view text) {
  return DetectLanguage(text, TextLanguage::kUnknown, DefaultCandidateLanguages());
}

LanguageDetection DetectLanguage(std::string_view text, Language hint) {
  return DetectLanguage(text, hint, DefaultCandidateLanguages());
}

LanguageDetection DetectLanguage(std::string_view text, Language hint,
                                 std::span<const TextLanguage> candidates) {
  const std::string_view input = TruncateUtf8(text, kMaxLanguageInputBytes);
  const std::string folded = FoldText(input);
  return DetectInWords(input, signal_words::SplitWords(folded), hint, candidates);
}

LanguageDetection DetectLanguageOfWords(std::string_view text,
                                        std::span<const std::string_view> folded_words,
                                        Language hint, std::span<const TextLanguage> candidates) {
  return DetectInWords(text, folded_words, hint, candidates);
}

}  // namespace relais::engine
