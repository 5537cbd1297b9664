// The built-in word lists behind DetectLanguage (see language.h). Internal.
#ifndef RELAIS_ENGINE_SRC_TEXT_LANGUAGE_LEXICON_H_
#define RELAIS_ENGINE_SRC_TEXT_LANGUAGE_LEXICON_H_

#include <optional>
#include <string_view>

namespace relais::engine::language_lexicon {

// The weight of a folded word as evidence: positive for French, negative for
// English, 3 for a function word found only in that language ("les", "the"), 2 for
// a common word of one language only ("passeport", "password"), 1 for weak
// evidence, 0 for a word known to be used in both ("taxes", "agent", "ok").
// nullopt when the word is not in the lexicon. Thread-safe (static tables).
std::optional<int> WordWeight(std::string_view folded_word);

// Weak evidence from the spelling of a word absent from the lexicon (suffixes
// and letter groups typical of one language: "-eux", "-ique", "eau" for French;
// "-ing", "w", "-ght", "-th" for English): +1 French, -1 English, 0 none.
int SpellingWeight(std::string_view folded_word);

}  // namespace relais::engine::language_lexicon

#endif  // RELAIS_ENGINE_SRC_TEXT_LANGUAGE_LEXICON_H_
