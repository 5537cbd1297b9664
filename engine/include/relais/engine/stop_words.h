// Stop-word lists for French and English, over folded words (see FoldText); other
// languages' are their modules' (language_module.h), chosen the same way.
//
// The lists are deliberately short: they drop function words (articles,
// prepositions, auxiliaries, pronouns) but keep the words that change what a
// question asks or means: question words (what, where, when, how, why, who,
// which, quoi, ou, quand, comment, pourquoi, qui, quel, combien) and negations
// (no, not, never, nothing, without, ne, pas, jamais, rien, aucun, sans).
#ifndef RELAIS_ENGINE_STOP_WORDS_H_
#define RELAIS_ENGINE_STOP_WORDS_H_

#include <span>
#include <string_view>

#include "relais/engine/text_language.h"

namespace relais::engine {

// True when `folded_word` (lowercase, accents folded) is an English stop word.
bool IsEnglishStopWord(std::string_view folded_word);

// True when `folded_word` (lowercase, accents folded: "etre", "ou") is a French stop word.
bool IsFrenchStopWord(std::string_view folded_word);

// Stop word in `language` (its module's list, language_registry.h: none for a code
// without a module); for TextLanguage::kUnknown, a stop word of English or French.
bool IsStopWord(std::string_view folded_word, TextLanguage language);

// The sorted lists themselves (static storage, for tests and documentation).
std::span<const std::string_view> EnglishStopWords();
std::span<const std::string_view> FrenchStopWords();

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_STOP_WORDS_H_
