// Tests for the French and English stop-word lists.
#include "relais/engine/stop_words.h"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>

#include "relais/engine/text_fold.h"

using namespace relais::engine;

TEST_CASE("Stop-word lists are sorted, unique and folded", "[stop_words]") {
  for (auto list : {EnglishStopWords(), FrenchStopWords()}) {
    REQUIRE(!list.empty());
    CHECK(std::is_sorted(list.begin(), list.end()));
    CHECK(std::adjacent_find(list.begin(), list.end()) == list.end());
    for (std::string_view w : list) CHECK(FoldText(w) == w);
  }
}

TEST_CASE("English function words are stop words", "[stop_words]") {
  for (const char* w : {"the", "a", "an", "is", "are", "of", "to", "my", "your", "and"}) {
    CHECK(IsEnglishStopWord(w));
  }
  CHECK_FALSE(IsEnglishStopWord("passport"));
}

TEST_CASE("French function words are stop words", "[stop_words]") {
  for (const char* w : {"le", "la", "les", "de", "des", "du", "un", "une", "et", "mon", "est"}) {
    CHECK(IsFrenchStopWord(w));
  }
  CHECK(IsFrenchStopWord(FoldText("été")));
  // Every form of the auxiliaries, like "am", "is" and "was" in English: in "je me
  // suis fait voler", "suis" says nothing of the topic.
  for (const char* w : {"suis", "sommes", "sera", "serait", "soit", "aura", "aurait"}) {
    CHECK(IsFrenchStopWord(w));
  }
  CHECK_FALSE(IsFrenchStopWord("passeport"));
}

TEST_CASE("Question words and negations are kept", "[stop_words]") {
  for (const char* w : {"what", "where", "when", "how", "why", "who", "which", "not", "no", "never",
                        "nothing", "without"}) {
    CHECK_FALSE(IsEnglishStopWord(w));
  }
  for (const char* w : {"quoi", "ou", "quand", "comment", "pourquoi", "qui", "quel", "quelle",
                        "combien", "ne", "pas", "jamais", "rien", "aucun", "sans"}) {
    CHECK_FALSE(IsFrenchStopWord(w));
  }
}

TEST_CASE("Unknown language uses the union of both lists", "[stop_words]") {
  CHECK(IsStopWord("the", TextLanguage::kUnknown));
  CHECK(IsStopWord("les", TextLanguage::kUnknown));
  CHECK_FALSE(IsStopWord("les", TextLanguage::kEnglish));
  CHECK_FALSE(IsStopWord("the", TextLanguage::kFrench));
  CHECK_FALSE(IsStopWord("passport", TextLanguage::kUnknown));
}
