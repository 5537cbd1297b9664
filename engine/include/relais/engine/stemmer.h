// Light stemmers over folded words (lowercase ASCII after FoldText): English and
// French by name; every language's through its module (language_module.h).
//
// Both are pure functions: thread-safe, no allocation beyond the result. Words
// that contain anything but ASCII letters (digits, other scripts) are returned
// unchanged, so numbers and foreign words pass through untouched.
#ifndef RELAIS_ENGINE_STEMMER_H_
#define RELAIS_ENGINE_STEMMER_H_

#include <string>
#include <string_view>

#include "relais/engine/text_language.h"

namespace relais::engine {

// English: the Porter (1980) algorithm. passports→passport, renewal→renew,
// renewing→renew, applications→applic, cancelled→cancel.
std::string StemEnglish(std::string_view folded_word);

// French: a light stemmer after J. Savoy ("A stemming procedure and stopword
// list for general French corpora", 1999) as refined in Lucene's
// FrenchLightStemmer, adapted to accent-folded input: removes plural marks,
// common derivational suffixes (-ement, -ation, -ateur, -euse, -ique...) and the
// final -r/-e/-ee, and collapses doubled letters.
// renouvellement, renouveler, renouvelle, renouvelé → renouvel.
std::string StemFrench(std::string_view folded_word);

// The stem by `language`'s module (language_registry.h: a code without a module
// is its own stem); for kUnknown the English stem (callers that need both
// languages call both stemmers, see Normalize).
std::string Stem(std::string_view folded_word, TextLanguage language);

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_STEMMER_H_
