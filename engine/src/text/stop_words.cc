#include "relais/engine/stop_words.h"

#include <algorithm>
#include <array>

#include "relais/engine/language_registry.h"

namespace relais::engine {
namespace {

using namespace std::string_view_literals;

// Sorted (checked by a test): looked up by binary search. Question words and
// negations are intentionally absent (see the header).
constexpr std::array kEnglish = {
    "a"sv,       "about"sv,    "above"sv,      "against"sv, "also"sv,      "am"sv,
    "an"sv,      "and"sv,      "any"sv,        "are"sv,     "as"sv,        "at"sv,
    "be"sv,      "because"sv,  "been"sv,       "being"sv,   "below"sv,     "between"sv,
    "both"sv,    "but"sv,      "by"sv,         "can"sv,     "could"sv,     "d"sv,
    "did"sv,     "do"sv,       "does"sv,       "doing"sv,   "during"sv,    "each"sv,
    "few"sv,     "for"sv,      "from"sv,       "further"sv, "had"sv,       "has"sv,
    "have"sv,    "having"sv,   "he"sv,         "her"sv,     "here"sv,      "hers"sv,
    "herself"sv, "him"sv,      "himself"sv,    "his"sv,     "i"sv,         "if"sv,
    "in"sv,      "into"sv,     "is"sv,         "it"sv,      "its"sv,       "itself"sv,
    "just"sv,    "let"sv,      "ll"sv,         "m"sv,       "me"sv,        "more"sv,
    "most"sv,    "my"sv,       "myself"sv,     "of"sv,      "once"sv,      "only"sv,
    "or"sv,      "other"sv,    "our"sv,        "ours"sv,    "ourselves"sv, "own"sv,
    "re"sv,      "s"sv,        "same"sv,       "she"sv,     "should"sv,    "so"sv,
    "some"sv,    "such"sv,     "than"sv,       "that"sv,    "the"sv,       "their"sv,
    "theirs"sv,  "them"sv,     "themselves"sv, "then"sv,    "there"sv,     "these"sv,
    "they"sv,    "this"sv,     "those"sv,      "through"sv, "to"sv,        "too"sv,
    "until"sv,   "us"sv,       "ve"sv,         "very"sv,    "was"sv,       "we"sv,
    "were"sv,    "will"sv,     "with"sv,       "would"sv,   "you"sv,       "your"sv,
    "yours"sv,   "yourself"sv, "yourselves"sv,
};

constexpr std::array kFrench = {
    "a"sv,      "ai"sv,      "aie"sv,      "aient"sv,    "aies"sv,    "ait"sv,    "as"sv,
    "au"sv,     "aura"sv,    "aurai"sv,    "auraient"sv, "aurais"sv,  "aurait"sv, "auras"sv,
    "aurez"sv,  "auriez"sv,  "aurions"sv,  "aurons"sv,   "auront"sv,  "aux"sv,    "avaient"sv,
    "avais"sv,  "avait"sv,   "avec"sv,     "avez"sv,     "aviez"sv,   "avions"sv, "avons"sv,
    "c"sv,      "car"sv,     "ce"sv,       "ceci"sv,     "cela"sv,    "celle"sv,  "celles"sv,
    "celui"sv,  "ces"sv,     "cet"sv,      "cette"sv,    "ceux"sv,    "d"sv,      "dans"sv,
    "de"sv,     "des"sv,     "donc"sv,     "du"sv,       "elle"sv,    "elles"sv,  "en"sv,
    "es"sv,     "est"sv,     "et"sv,       "etaient"sv,  "etais"sv,   "etait"sv,  "etant"sv,
    "ete"sv,    "etes"sv,    "etiez"sv,    "etions"sv,   "etre"sv,    "eu"sv,     "eux"sv,
    "fut"sv,    "il"sv,      "ils"sv,      "j"sv,        "je"sv,      "l"sv,      "la"sv,
    "le"sv,     "les"sv,     "leur"sv,     "leurs"sv,    "lorsque"sv, "lui"sv,    "m"sv,
    "ma"sv,     "me"sv,      "meme"sv,     "mes"sv,      "moi"sv,     "mon"sv,    "n"sv,
    "nos"sv,    "notre"sv,   "nous"sv,     "on"sv,       "ont"sv,     "or"sv,     "par"sv,
    "pour"sv,   "puisque"sv, "qu"sv,       "que"sv,      "s"sv,       "sa"sv,     "se"sv,
    "sera"sv,   "serai"sv,   "seraient"sv, "serais"sv,   "serait"sv,  "seras"sv,  "serez"sv,
    "seriez"sv, "serions"sv, "serons"sv,   "seront"sv,   "ses"sv,     "soi"sv,    "soient"sv,
    "sois"sv,   "soit"sv,    "sommes"sv,   "son"sv,      "sont"sv,    "soyez"sv,  "soyons"sv,
    "suis"sv,   "sur"sv,     "t"sv,        "ta"sv,       "te"sv,      "tes"sv,    "toi"sv,
    "ton"sv,    "tu"sv,      "un"sv,       "une"sv,      "vos"sv,     "votre"sv,  "vous"sv,
    "y"sv,
};

template <typename List>
bool Contains(const List& list, std::string_view word) {
  return std::binary_search(list.begin(), list.end(), word);
}

}  // namespace

bool IsEnglishStopWord(std::string_view folded_word) { return Contains(kEnglish, folded_word); }

bool IsFrenchStopWord(std::string_view folded_word) { return Contains(kFrench, folded_word); }

bool IsStopWord(std::string_view folded_word, TextLanguage language) {
  const std::span<const LanguageModule* const> modules = NormalizingModules(language);
  return std::any_of(modules.begin(), modules.end(),
                     [&](const LanguageModule* module) { return module->IsStopWord(folded_word); });
}

std::span<const std::string_view> EnglishStopWords() { return kEnglish; }

std::span<const std::string_view> FrenchStopWords() { return kFrench; }

}  // namespace relais::engine
