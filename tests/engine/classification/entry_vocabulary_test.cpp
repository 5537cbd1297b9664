// Tests for EntryVocabulary: the share of a question's words found in an entry's
// text, and the agreement that weighs each classifier candidate.
#include "relais/engine/entry_vocabulary.h"

#include <catch2/catch_test_macros.hpp>
#include <cmath>
#include <cstdint>
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

// The serialised vocabulary's trailing checksum (FNV-1a of the bytes before it),
// recomputed so that a test can alter the content behind the checksum's back.
std::string WithChecksum(std::string bytes) {
  bytes.resize(bytes.size() - 4);
  std::uint32_t h = 2166136261u;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>(h >> (8 * i)));
  return bytes;
}

TEST_CASE("a serialised vocabulary reads back measuring exactly the same") {
  const EntryVocabulary vocabulary = Fixture();
  const std::string bytes = vocabulary.Serialize();
  Result<EntryVocabulary> read = EntryVocabulary::Deserialize(bytes);
  REQUIRE(read.ok());
  CHECK(read.value() == vocabulary);
  CHECK(read.value().intent_count() == 4);
  CHECK(read.value().Serialize() == bytes);  // deterministic
  for (const char* question :
       {"renew my passport", "comment renouveler mon permis de conduire", "renw my pasport",
        "renew my driver's licence", "", "pay", "banana bread recipe", "office hours passport"}) {
    for (std::uint32_t intent = 0; intent <= 4; ++intent) {
      const LexicalAgreement built = Measure(vocabulary, question, intent, kFr);
      const LexicalAgreement loaded = Measure(read.value(), question, intent, kFr);
      CHECK(built.share == loaded.share);
      CHECK(built.missing == loaded.missing);
    }
    Classification built = Ranking({0, 1, 2, 3});
    Classification loaded = Ranking({0, 1, 2, 3});
    vocabulary.Annotate(Normalize(question, kEn), &built);
    read.value().Annotate(Normalize(question, kEn), &loaded);
    for (std::size_t i = 0; i < built.ranked.size(); ++i) {
      CHECK(built.ranked[i].agreement == loaded.ranked[i].agreement);
    }
  }
}

TEST_CASE("empty vocabularies round-trip too") {
  for (const EntryVocabulary& vocabulary :
       {EntryVocabulary(), EntryVocabulary::Build(3, std::vector<VocabularyText>{})}) {
    Result<EntryVocabulary> read = EntryVocabulary::Deserialize(vocabulary.Serialize());
    REQUIRE(read.ok());
    CHECK(read.value() == vocabulary);
  }
}

TEST_CASE("a truncated or damaged vocabulary is corrupt, never a crash") {
  const std::string bytes = Fixture().Serialize();
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    Result<EntryVocabulary> read = EntryVocabulary::Deserialize(bytes.substr(0, size));
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().code() == StatusCode::kCorrupt);
  }
  CHECK(EntryVocabulary::Deserialize(bytes + '\0').status().code() == StatusCode::kCorrupt);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5A);
    CHECK(EntryVocabulary::Deserialize(damaged).status().code() == StatusCode::kCorrupt);
    // The same change behind a valid checksum: rejected or read, never out of bounds.
    if (i + 4 < bytes.size()) {
      for (std::uint8_t value : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
        damaged = bytes;
        damaged[i] = static_cast<char>(value);
        Result<EntryVocabulary> read = EntryVocabulary::Deserialize(WithChecksum(damaged));
        if (!read.ok()) CHECK(read.status().code() == StatusCode::kCorrupt);
      }
    }
  }
}

TEST_CASE("a vocabulary of another format version or with unsorted content is corrupt") {
  const std::string bytes = Fixture().Serialize();
  std::string version_2 = bytes;
  version_2[4] = 2;
  CHECK(EntryVocabulary::Deserialize(WithChecksum(version_2)).status().code() ==
        StatusCode::kCorrupt);
  CHECK(EntryVocabulary::Deserialize("not a vocabulary at all").status().code() ==
        StatusCode::kCorrupt);
  // Version 1, one intent, one stem (hash 7), the intent's stem indexes, no
  // long word, then room for the checksum.
  const auto vocabulary = [](std::string intent_stems) {
    return WithChecksum(std::string("RLEV\x01\0\0\0\x01\x01\x07", 11) + intent_stems +
                        std::string("\0\0\0\0\0", 5));
  };
  CHECK(EntryVocabulary::Deserialize(vocabulary(std::string("\x01\0", 2))).ok());
  // A stem that no intent lists (Build never writes one), an index out of range,
  // a second index where there is one stem.
  for (const std::string& intent_stems :
       {std::string(1, '\0'), std::string("\x01\x01", 2), std::string("\x02\0\0", 3)}) {
    CHECK(EntryVocabulary::Deserialize(vocabulary(intent_stems)).status().code() ==
          StatusCode::kCorrupt);
  }
}

}  // namespace
}  // namespace relais::engine
