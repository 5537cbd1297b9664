// A text analysed once for every stage that reads its words.
//
// Folding, splitting into words, marking stop words and stemming (normalizer.h)
// are the same work whoever asks for them; a question used to go through them once
// for the classifier, again for the entries' vocabulary, again to count its words
// and again for the explanation. An AnalyzedText is that work done once: the stages
// of the classification (IntentClassifier::Classify, EntryVocabulary::Annotate and
// Measure) take it, or its tokens, instead of the text. Engine::Ask analyses a
// question once (and the previous question joined to it once, when it retries a
// short question as a follow-up).
#ifndef RELAIS_ENGINE_ANALYZED_TEXT_H_
#define RELAIS_ENGINE_ANALYZED_TEXT_H_

#include <string_view>
#include <vector>

#include "relais/engine/normalizer.h"
#include "relais/engine/text_language.h"

namespace relais::engine {

struct AnalyzedText {
  // The language its words were split and stemmed for (kUnknown: English and
  // French, see Normalize).
  TextLanguage language = TextLanguage::kUnknown;
  // Normalize(text, language): folded words, stop words marked, stems (at most
  // kMaxTokens).
  std::vector<Token> tokens;
  // True when the text was longer than kMaxNormalizeInputBytes: only its
  // beginning was read.
  bool truncated = false;
};

// Analyses `text` (untrusted UTF-8) for `language`. Never fails: invalid bytes
// separate words, input over kMaxNormalizeInputBytes is cut (`truncated`). The
// tokens are exactly Normalize(text, language)'s. Pure and thread-safe; the
// result owns its data.
AnalyzedText AnalyzeText(std::string_view text, TextLanguage language);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_ANALYZED_TEXT_H_
