#include "relais/engine/language.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>

#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"
#include "text/analyzed_question.h"
#include "text/language_lexicon.h"
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
// Each accented letter typical of French (é è ê à â ç ù û ô î ï ë œ) in the raw text,
// up to kMaxAccentEvidence in total: loanwords such as "café" in English stay weak.
constexpr double kAccentWeight = 1.5;
constexpr double kMaxAccentEvidence = 4.5;
// An elided article or pronoun ("l'", "d'", "qu'") is as telling as a function word.
constexpr double kElisionWeight = 3.0;
// An English contraction or possessive not in the lexicon ("we're", "john's").
constexpr double kContractionWeight = 2.0;

bool IsFrenchAccent(char32_t c) {
  switch (c) {
    case U'à':
    case U'â':
    case U'ç':
    case U'é':
    case U'è':
    case U'ê':
    case U'ë':
    case U'î':
    case U'ï':
    case U'ô':
    case U'ù':
    case U'û':
    case U'œ':
    case U'À':
    case U'Â':
    case U'Ç':
    case U'É':
    case U'È':
    case U'Ê':
    case U'Ë':
    case U'Î':
    case U'Ï':
    case U'Ô':
    case U'Ù':
    case U'Û':
    case U'Œ':
      return true;
    default:
      return false;
  }
}

double AccentEvidence(std::string_view text) {
  double evidence = 0;
  for (std::size_t pos = 0; pos < text.size() && evidence < kMaxAccentEvidence;) {
    const Utf8Char c = DecodeUtf8(text, pos);
    if (c.valid && IsFrenchAccent(c.code_point)) evidence += kAccentWeight;
    pos += c.length;
  }
  return std::min(evidence, kMaxAccentEvidence);
}

bool IsEnglishContraction(std::string_view word) {
  const std::size_t apostrophe = word.rfind('\'');
  if (apostrophe == std::string_view::npos || apostrophe == 0) return false;
  static constexpr std::array<std::string_view, 7> kEndings = {"s",  "t",  "m", "re",
                                                               "ve", "ll", "d"};
  const std::string_view ending = word.substr(apostrophe + 1);
  return std::find(kEndings.begin(), kEndings.end(), ending) != kEndings.end();
}

bool AllDigits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// DetectLanguage of `input` (at most kMaxLanguageInputBytes) whose folded words are
// `folded_words`.
LanguageDetection DetectInWords(std::string_view input,
                                std::span<const std::string_view> folded_words) {
  LanguageDetection result;
  result.french_score = AccentEvidence(input);

  for (std::string_view word : folded_words) {
    double weight = 0;  // > 0 French, < 0 English
    if (signal_words::IsFrenchElision(word)) {
      weight = kElisionWeight;
    } else if (const std::optional<int> known = language_lexicon::WordWeight(word)) {
      weight = *known;
    } else if (IsEnglishContraction(word)) {
      weight = -kContractionWeight;
    } else if (!AllDigits(word)) {
      weight = language_lexicon::SpellingWeight(word);
    }
    (weight > 0 ? result.french_score : result.english_score) += std::abs(weight);
  }

  const double margin = result.french_score - result.english_score;
  if (std::abs(margin) < kMinMargin) return result;
  result.language = margin > 0 ? Language::kFrench : Language::kEnglish;
  result.confidence = 1.0 / (1.0 + std::exp(-std::abs(margin) / kConfidenceScale));
  return result;
}

// The hint's part of DetectLanguage(text, hint), given DetectLanguage(text).
LanguageDetection WithHint(LanguageDetection result, Language hint) {
  if (hint == Language::kUnknown) return result;
  const double margin = result.french_score - result.english_score;
  if (std::abs(margin) >= kHintMargin) return result;
  const double toward_hint = hint == Language::kFrench ? margin : -margin;
  result.language = hint;
  result.from_hint = true;
  result.confidence = 1.0 / (1.0 + std::exp(-toward_hint / kConfidenceScale));
  return result;
}

}  // namespace

LanguageDetection DetectLanguage(std::string_view text) {
  const std::string_view input = TruncateUtf8(text, kMaxLanguageInputBytes);
  const std::string folded = FoldText(input);
  return DetectInWords(input, signal_words::SplitWords(folded));
}

LanguageDetection DetectLanguage(std::string_view text, Language hint) {
  return WithHint(DetectLanguage(text), hint);
}

LanguageDetection DetectLanguageOfWords(std::string_view text,
                                        std::span<const std::string_view> folded_words,
                                        Language hint) {
  return WithHint(DetectInWords(text, folded_words), hint);
}

}  // namespace relais::engine
