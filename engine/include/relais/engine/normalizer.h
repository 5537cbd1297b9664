// Normalisation of text into tokens for matching: the one place that decides what
// a "word" is for features, retrieval and matching. What is language-specific (stop
// words, stems, word expansions) comes from the language's module
// (language_module.h); a language without one is folded and split only.
#ifndef RELAIS_ENGINE_NORMALIZER_H_
#define RELAIS_ENGINE_NORMALIZER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "relais/engine/text_language.h"

namespace relais::engine {

// Budget: only the first kMaxNormalizeInputBytes bytes of a text are read (cut
// on a character boundary) and at most kMaxTokens tokens are produced. Longer
// input is truncated, not rejected, so a 1 MB paste costs the same as 4 KB.
inline constexpr std::size_t kMaxNormalizeInputBytes = 4096;
inline constexpr std::size_t kMaxTokens = 256;

// One normalised word.
struct Token {
  std::string word;      // folded surface word: "ecole", "not", "email", "2024"
  std::string stem;      // stem in the text's language (English stem when unknown)
  std::string alt_stem;  // kUnknown only: the French stem when it differs from `stem`
  bool stop_word = false;
};

// Splits text into folded words, applying, in order:
//  1. FoldText (lowercase, accents, ligatures, quotes, dashes, invalid bytes);
//  2. word boundaries: letters and digits form words; an apostrophe or hyphen
//     between two word characters stays inside the word for steps 3–5, any other
//     punctuation, symbol or emoji separates words;
//  3. a few words with an inner apostrophe are joined: aujourd'hui → aujourdhui,
//     quelqu'un → quelquun, prud'homme, presqu'ile;
//  4. hyphens split words (assurance-maladie → assurance maladie, peut-on → peut on),
//     except a single letter before one hyphen, which is joined (e-mail → email);
//  5. words with an apostrophe, by the forms of every registered module whatever the
//     text's language (ApostropheForms): French elision restores the elided word
//     (l' → le, d' → de, qu' → que, j' → je, n' → ne, s' → se, c' → ce, m' → me,
//     t' → te, lorsqu' → lorsque, puisqu' → puisque, jusqu' → jusque, quoiqu' →
//     quoique); English contractions
//     expand (can't → can not, won't → will not, n't → not, 're → are, 've → have,
//     'll → will, 'm → am, 'd → would, 's dropped); other apostrophes split;
//  6. digits and letters are split apart (10am → 10 am) and digit runs kept as tokens;
//  7. runs of three or more identical letters shrink to two (helllooo → helloo);
//  8. the text's language's bare expansions (LanguageModule::BareExpansion): English
//     contractions typed without an apostrophe expand (dont → do not, im → i am) in
//     English, and in unknown text except a word French knows too ("dont").
// Thread-safe; the result is owned by the caller. Never fails: invalid UTF-8
// becomes separators, and input over budget is truncated (see above).
std::vector<std::string> SplitWords(std::string_view text, TextLanguage language);

// SplitWords, then marks stop words and stems each word by the language's module
// (stop_words.h, stemmer.h; a language without a module: no stop words, a word is
// its own stem). For kUnknown, stop words of English and French are marked and
// `alt_stem` carries the French stem when it differs from the English one.
std::vector<Token> Normalize(std::string_view text, TextLanguage language);

// The stems of the non-stop-word tokens, in order (plus alt stems for kUnknown):
// the terms used for lexical retrieval (BM25).
std::vector<std::string> NormalizeToTerms(std::string_view text, TextLanguage language);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_NORMALIZER_H_
