// Word splitting and typo-tolerant word comparison shared by the signal units
// (language detection, hand-off requests, frustration, sensitive topics) and the
// entries' vocabulary (TypoMatch). In text/ because it is text processing on folded
// words that every later stage uses. Internal to the engine. Every function is pure
// and thread-safe.
#ifndef RELAIS_ENGINE_SRC_TEXT_SIGNAL_WORDS_H_
#define RELAIS_ENGINE_SRC_TEXT_SIGNAL_WORDS_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace relais::engine::signal_words {

// Splits folded text (see FoldText) into words: maximal runs of [a-z0-9'], with
// leading and trailing apostrophes dropped. Everything else (spaces, hyphens,
// punctuation, emoji, other scripts) separates words, so "rendez-vous" gives
// "rendez", "vous". French elisions are split off with their apostrophe:
// "l'adresse" gives "l'", "adresse"; "qu'est" gives "qu'", "est". Whole words in
// which the apostrophe belongs ("quelqu'un", "aujourd'hui") and English
// contractions ("don't", "i'm") stay whole. The views point into `folded`.
std::vector<std::string_view> SplitWords(std::string_view folded);

// True for the French elided forms SplitWords splits off: "l'", "d'", "j'", "m'",
// "t'", "s'", "c'", "n'", "qu'", "jusqu'", "lorsqu'", "puisqu'".
bool IsFrenchElision(std::string_view word);

// Optimal-string-alignment distance (insertions, deletions, substitutions and
// transpositions of adjacent characters), stopping early past `limit`: returns
// limit + 1 when the distance is larger.
int EditDistance(std::string_view a, std::string_view b, int limit);

// True when `word` is `target` or a likely typo of it: equal for targets of up to
// 4 characters; otherwise same first letter and at most 1 edit (targets of 5 to 8
// characters) or 2 edits (9 and more).
bool TypoMatch(std::string_view word, std::string_view target);

// A message prepared for the signal lexicons: truncated to `max_bytes`, folded, split
// into words, and with common chat spellings replaced by the word they stand for
// ("qqn" → "quelqu'un", "pls" → "please", "u" → "you", "cant" → "can't").
struct MessageWords {
  std::vector<std::string> words;
  // Index in `words` of the first word of each clause, in order, starting with 0 when
  // there are words: a clause ends at , . ; : ! or ?.
  std::vector<std::size_t> clause_starts;
};
MessageWords PrepareMessage(std::string_view text, std::size_t max_bytes);

// PrepareMessage after its fold and split: `folded` is FoldText of the text (cut to
// the budget) and `words` is SplitWords(folded), so that a caller that also needs
// those words (AnalyzeQuestion: language detection) folds and splits once.
MessageWords PrepareFoldedMessage(std::string_view folded, std::span<const std::string_view> words);

// True when `words`, from index `at`, start with `phrase` (words separated by single
// spaces). With `fuzzy`, each word of five letters or more may be a typo (TypoMatch).
// Sets *end to the index past the match.
bool MatchPhraseAt(const std::vector<std::string>& words, std::size_t at, std::string_view phrase,
                   bool fuzzy, std::size_t* end);

// Joins words[begin, end) with spaces (for evidence strings).
std::string JoinWords(const std::vector<std::string>& words, std::size_t begin, std::size_t end);

}  // namespace relais::engine::signal_words

#endif  // RELAIS_ENGINE_SRC_TEXT_SIGNAL_WORDS_H_
