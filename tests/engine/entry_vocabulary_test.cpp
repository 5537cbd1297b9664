// Tests for EntryVocabulary: the share of a question's words found in an entry's
// text, and the agreement that weighs each classifier candidate.
#include "relais/engine/entry_vocabulary.h"

#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <string>
#include <vector>

namespace relais::engine {
namespace {

constexpr TextLanguage kEn = TextLanguage::kEnglish;
constexpr TextLanguage kFr = TextLanguage::kFrench;

// Entry 0: passport renewal; 1: office hours; 2: passport documents, whose
// answer mentions driver's licences; 3: payments (its only word is "pay").
EntryVocabulary Fixture() {
  static const std::vector<VocabularyText> texts = {
      {0, "How do I renew my passport?", kEn},
      {0, "renew passport online", kEn},
      {0, "Comment renouveler mon passeport ?", kFr},
      {0, "Renew your passport", kEn},
      {0, "Sign in to [My Account](https://example.org/conduire) to renew it.", kEn},
      {1, "What are your office hours?", kEn},
      {1, "à quelle heure ferme le bureau des passeports", kFr},
      {1, "Offices are open Monday to Friday.", kEn},
      {2, "Which documents do I need for a passport?", kEn},
      {2, "Bring one ID: a driver's licence or a health card.", kEn},
      {3, "pay", kEn},
  };
  return EntryVocabulary::Build(4, texts);
}

LexicalAgreement Measure(const EntryVocabulary& vocabulary, std::string_view question,
                         std::uint32_t intent, TextLanguage language = kEn) {
  return vocabulary.Measure(Normalize(question, language), intent);
}

// A classification ranking the given intents (probabilities do not matter here).
Classification Ranking(std::initializer_list<std::uint32_t> intents) {
  Classification classification;
  for (std::uint32_t intent : intents) classification.ranked.push_back({intent, 0.5, 0.5, 0.5});
  return classification;
}

TEST_CASE("a question made of the entry's words agrees fully") {
  const EntryVocabulary vocabulary = Fixture();
  const LexicalAgreement agreement = Measure(vocabulary, "renew my passport", 0);
  CHECK(agreement.share == 1.0);
  CHECK(agreement.missing.empty());
  // Stemming in the entry's language, and the title and answer count as text.
  CHECK(Measure(vocabulary, "renouvellement du passeport", 0, kFr).share == 1.0);
  CHECK(Measure(vocabulary, "sign in", 0).share == 1.0);
}

TEST_CASE("a word the entry never uses lowers the share and is named") {
  const EntryVocabulary vocabulary = Fixture();
  const LexicalAgreement agreement =
      Measure(vocabulary, "comment renouveler mon permis de conduire", 0, kFr);
  // Four words as rare as each other (each in one entry or in none): two found.
  CHECK(agreement.share == 0.5);
  CHECK(agreement.missing == std::vector<std::string>{"permis", "conduire"});
}

TEST_CASE("rare words weigh more than words several entries use") {
  const EntryVocabulary vocabulary = Fixture();
  // "passport" is in two entries, "renew" in one: entry 2, which lacks "renew",
  // holds less than half of "renew passport".
  const LexicalAgreement agreement = Measure(vocabulary, "renew passport", 2);
  CHECK(agreement.share > 0);
  CHECK(agreement.share < 0.5);
  CHECK(agreement.missing == std::vector<std::string>{"renew"});
  // A word no entry uses weighs as much as the rarest ("car": in none, "renew": in one).
  CHECK(Measure(vocabulary, "renew car", 0).share == 0.5);
}

TEST_CASE("typos of the entry's words count, stop words and numbers do not") {
  const EntryVocabulary vocabulary = Fixture();
  CHECK(Measure(vocabulary, "renw my pasport", 0).share == 1.0);
  CHECK(Measure(vocabulary, "renew it in 2026 for the 3 of us", 0).share == 1.0);
  CHECK(Measure(vocabulary, "the and of", 0).share == 1.0);  // no content word at all
  CHECK(Measure(vocabulary, "", 3).share == 1.0);
}

TEST_CASE("a Markdown link target lends no word to the entry") {
  const EntryVocabulary vocabulary = Fixture();
  CHECK(Measure(vocabulary, "conduire", 0, kFr).share == 0.0);
  CHECK(Measure(vocabulary, "account", 0).share == 1.0);  // the link text does count
}

TEST_CASE("an intent out of range shares nothing") {
  const EntryVocabulary vocabulary = Fixture();
  CHECK(Measure(vocabulary, "renew passport", 4).share == 0.0);
  CHECK(vocabulary.intent_count() == 4);
}

TEST_CASE("the agreement also drops when another entry holds the words better") {
  const EntryVocabulary vocabulary = Fixture();
  // Entry 0 holds "renew" only; entry 2 holds "driver" and "licence".
  const std::string_view question = "renew my driver's licence";
  Classification c = Ranking({0, 2, 1});
  vocabulary.Annotate(Normalize(question, kEn), &c);
  const double share0 = Measure(vocabulary, question, 0).share;
  const double share2 = Measure(vocabulary, question, 2).share;
  REQUIRE(share2 > share0);
  CHECK(c.ranked[0].agreement == share0 * share0 / share2);  // share x relative share
  CHECK(std::abs(c.ranked[1].agreement - share2) < 1e-12);   // the best keeps its share
  CHECK(c.ranked[2].agreement == 0.0);                       // office hours: none of them
  // Confidences are left for ApplyMix to recompute.
  CHECK(c.ranked[0].confidence == 0.5);
}

TEST_CASE("a question no entry shares a word with agrees with none") {
  const EntryVocabulary vocabulary = Fixture();
  Classification c = Ranking({0, 1});
  vocabulary.Annotate(Normalize("banana bread recipe", kEn), &c);
  CHECK(c.ranked[0].agreement == 0.0);
  CHECK(c.ranked[1].agreement == 0.0);
}

TEST_CASE("building is deterministic and ignores texts of unknown intents") {
  std::vector<VocabularyText> texts = {{0, "renew passport", kEn}, {7, "weather", kEn}};
  const EntryVocabulary vocabulary = EntryVocabulary::Build(1, texts);
  CHECK(Measure(vocabulary, "weather", 0).share == 0.0);
  const EntryVocabulary again = EntryVocabulary::Build(1, texts);
  CHECK(Measure(again, "renew weather", 0).share == Measure(vocabulary, "renew weather", 0).share);
}

}  // namespace
}  // namespace relais::engine
