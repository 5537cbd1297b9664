// A language as the engine's text units know it: one language module each.
//
// Everything the engine knows about one language sits behind this interface: its
// stop words and stemmer (what Normalize marks and stems), its word expansions
// (what SplitWords rewrites: French elisions, English contractions) and its
// detection lexicon (what DetectLanguage counts as evidence). The registry
// (language_registry.h) lists the modules; a code without a module gets the
// generic module, which only folds and splits words. Adding a language to the
// engine is a module (its file under engine/src/text/languages/, its source line in
// engine/CMakeLists.txt) and its line in the registry (engine/src/README.md).
//
// Modules are immutable singletons with static storage: every function is pure
// and thread-safe, and views they return stay valid for the whole program.
#ifndef RELAIS_ENGINE_LANGUAGE_MODULE_H_
#define RELAIS_ENGINE_LANGUAGE_MODULE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "relais/engine/text_language.h"

namespace relais::engine {

// One rewriting of a folded word: `to` is one or more words separated by one space
// (or empty: the matched part is dropped).
struct WordMapping {
  std::string_view from;
  std::string_view to;
};

// A module's words with an apostrophe (normalizer.h, steps 3 and 5). SplitWords
// applies the forms of every registered module whatever the text's language, as
// it always has: an apostrophe form belongs to one language, and a French name in
// an English question splits the same way.
struct ApostropheForms {
  std::span<const WordMapping> whole_words;  // the whole word: "can't" → "can not"
  std::span<const WordMapping> prefixes;     // an elided word before it: "l'" → "le"
  std::span<const WordMapping> joined;       // the apostrophe belongs to the word:
                                             // "aujourd'hui" → "aujourdhui"
  std::span<const WordMapping> suffixes;     // a contracted word after it: "n't" → "not"
};

class LanguageModule {
 public:
  virtual ~LanguageModule() = default;

  // The module's language (its code and stored number), with static storage. The
  // generic module's has no code: it serves every code the registry has no module for.
  virtual const TextLanguage& language() const = 0;

  // --- Normalisation (normalizer.h), on folded words (FoldText) ---

  // True when `folded_word` is a stop word. The lists keep question words and
  // negations (stop_words.h).
  virtual bool IsStopWord(std::string_view folded_word) const = 0;
  // The stop words, sorted byte-wise (for tests and documentation).
  virtual std::span<const std::string_view> StopWords() const = 0;
  // The stem of `folded_word`; words that are not lowercase ASCII letters come
  // back unchanged.
  virtual std::string Stem(std::string_view folded_word) const = 0;
  // Words with an apostrophe (see ApostropheForms), static. None by default.
  virtual const ApostropheForms& apostrophe_forms() const {
    static constexpr ApostropheForms kNone{{}, {}, {}, {}};
    return kNone;
  }
  // What a word typed without its apostrophe stands for, applied only to text in
  // this language ("dont" → "do not", normalizer.h step 8); empty when nothing.
  virtual std::string_view BareExpansion(std::string_view folded_word) const { return {}; }

  // --- Detection evidence (language.h); none by default ---

  // Evidence read from the raw text before folding (accented letters, "¿"), >= 0.
  virtual double TextEvidence(std::string_view utf8_text) const { return 0; }
  // The weight (>= 0) of a folded word its lexicon knows: 3 for a function word,
  // 2 for a common word of this language, 1 for weak evidence, 0 for a word known
  // to be common in other languages too. nullopt when the lexicon does not know it:
  // a word that any candidate's lexicon knows gives no spelling evidence.
  virtual std::optional<double> WordWeight(std::string_view folded_word) const {
    return std::nullopt;
  }
  // Weak evidence (>= 0) from the spelling of a word no candidate's lexicon knows
  // ("-ing", "-eux", contractions such as "john's"). Only the first module in
  // registry order that sees some counts it.
  virtual double SpellingWeight(std::string_view folded_word) const { return 0; }
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_LANGUAGE_MODULE_H_
