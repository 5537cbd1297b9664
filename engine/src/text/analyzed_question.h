// The visitor's question, analysed once per Engine::Ask (engine.cc) for every stage:
// folded once, split once into the signals' words and once into the classifier's
// tokens, its language detected on those same words. Internal to the engine.
//
// Why two word lists from one fold: language detection and the signals' lexicons
// (hand-off, frustration, sensitive topics) match surface words with their elisions
// ("l'", "qu'") and chat spellings ("qqn", "pls") (signal_words.h), while the
// classifier and the entries' vocabulary read stems in the question's language
// (normalizer.h), which is only known once the first list has been read.
#ifndef RELAIS_ENGINE_SRC_TEXT_ANALYZED_QUESTION_H_
#define RELAIS_ENGINE_SRC_TEXT_ANALYZED_QUESTION_H_

#include <cstddef>
#include <span>
#include <string_view>

#include "relais/engine/analyzed_text.h"
#include "relais/engine/language.h"
#include "relais/engine/normalizer.h"
#include "relais/engine/text_language.h"
#include "text/signal_words.h"

namespace relais::engine {

// The longest question analysed whole. Every stage's own budget is at least this
// (kMaxSignalInputBytes too, checked in engine.cc), so each reads exactly what it
// would have read from the text itself, and one fold serves them all.
inline constexpr std::size_t kMaxAnalyzedQuestionBytes = 4096;
static_assert(kMaxAnalyzedQuestionBytes <= kMaxNormalizeInputBytes);
static_assert(kMaxAnalyzedQuestionBytes <= kMaxLanguageInputBytes);

struct AnalyzedQuestion {
  // The question as asked (borrowed: valid as long as the caller's text), for what
  // reads raw characters: capitals and "!!!" (frustration), entities and the
  // editors' patterns (RE2).
  std::string_view text;
  // DetectLanguage(text, page_language, candidates): among the knowledge base's
  // languages.
  LanguageDetection language;
  // signal_words::PrepareMessage(text, kMaxAnalyzedQuestionBytes): for the signals.
  signal_words::MessageWords message;
  // AnalyzeText(text, language.language), kUnknown normalising for English and
  // French (normalizer.h): for the classifier, the entries' vocabulary and the
  // follow-up rule.
  AnalyzedText words;
};

// Analyses a question (untrusted UTF-8) cut to kMaxAnalyzedQuestionBytes at a
// character boundary; `page_language` is the language detection's hint and
// `candidates` the languages it chooses among (Engine: the knowledge base's). Every
// part equals what the string functions named above give for the cut text. Never
// fails. Pure and thread-safe.
AnalyzedQuestion AnalyzeQuestion(
    std::string_view text, TextLanguage page_language,
    std::span<const TextLanguage> candidates = DefaultCandidateLanguages());

// The pieces AnalyzeQuestion puts together: the work of a text unit on a text that
// FoldText has already folded, each defined beside its string form.

// AnalyzeText after FoldText (normalizer.cc): `folded` is FoldText of at most
// kMaxNormalizeInputBytes bytes; `truncated` says whether the text was longer.
AnalyzedText AnalyzeFoldedText(std::string_view folded, TextLanguage language, bool truncated);

// DetectLanguage(text, hint, candidates) (language.cc) when `folded_words` is
// signal_words::SplitWords(FoldText(text)); `text` is at most kMaxLanguageInputBytes.
LanguageDetection DetectLanguageOfWords(std::string_view text,
                                        std::span<const std::string_view> folded_words,
                                        Language hint, std::span<const TextLanguage> candidates);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_SRC_TEXT_ANALYZED_QUESTION_H_
