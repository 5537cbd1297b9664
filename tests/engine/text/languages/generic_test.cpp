// Tests for the generic language module (text/languages/generic.cc): a language
// without a module keeps its code and is only folded and split.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "relais/engine/language.h"
#include "relais/engine/language_registry.h"
#include "relais/engine/normalizer.h"
#include "relais/engine/stemmer.h"
#include "relais/engine/stop_words.h"

using namespace relais::engine;

TEST_CASE("a language without a module keeps its code", "[generic]") {
  const TextLanguage italian = TextLanguageFromCode("it-IT");
  CHECK(TextLanguageCode(italian) == "it");
  CHECK(italian.code() == "it");
  CHECK(italian != TextLanguageFromCode("pa"));
  CHECK(TextLanguageCode(TextLanguageFromCode("IU")) == "iu");
}

TEST_CASE("the generic module folds and splits, without stop words or stems", "[generic]") {
  const TextLanguage italian = TextLanguageFromCode("it");
  CHECK(SplitWords("Come rinnovare il passaporto?", italian) ==
        std::vector<std::string>{"come", "rinnovare", "il", "passaporto"});
  for (const Token& token : Normalize("I passaporti della città", italian)) {
    CHECK_FALSE(token.stop_word);
    CHECK(token.stem == token.word);
    CHECK(token.alt_stem.empty());
  }
  CHECK(Stem("passaporti", italian) == "passaporti");
  CHECK_FALSE(IsStopWord("il", italian));
  CHECK(GenericLanguageModule().StopWords().empty());
  // Bare contractions are English only: not expanded.
  CHECK(SplitWords("dont im", italian) == std::vector<std::string>{"dont", "im"});
}

TEST_CASE("a language without a module gives no evidence, only the hint chooses it", "[generic]") {
  const TextLanguage italian = TextLanguageFromCode("it");
  const TextLanguage candidates[] = {TextLanguage::kEnglish, TextLanguage::kFrench, italian};
  LanguageDetection d = DetectLanguage("passaporto scaduto", TextLanguage::kUnknown, candidates);
  CHECK(d.language == TextLanguage::kUnknown);
  d = DetectLanguage("passaporto scaduto", italian, candidates);
  CHECK(d.language == italian);
  CHECK(d.from_hint);
  CHECK(TextLanguageCode(d.language) == "it");
  d = DetectLanguage("lost passport", italian, candidates);  // a clear text still wins
  CHECK(d.language == TextLanguage::kEnglish);
}
