// Tests for hashed features: stable hashes, n-grams, weighting, typo tolerance.
#include "relais/engine/features.h"

#include <algorithm>
#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace relais::engine;

namespace {

SparseVector Vec(std::string_view text, TextLanguage language = TextLanguage::kEnglish,
                 FeatureOptions options = {}) {
  return WeighFeatures(CountFeatures(text, language, options), options,
                       [](std::uint32_t) { return 1.0f; });
}

bool HasHash(const std::vector<FeatureCount>& counts, std::uint32_t hash) {
  return std::any_of(counts.begin(), counts.end(),
                     [&](const FeatureCount& c) { return c.hash == hash; });
}

}  // namespace

TEST_CASE("FeatureHash is FNV-1a over the kind byte and the text", "[features]") {
  // Pinned values: must never change (models store these hashes), and must be
  // the same natively and in WebAssembly.
  CHECK(FeatureHash(FeatureKind::kUnigram, "passport") == 0xaa2746e6u);
  CHECK(FeatureHash(FeatureKind::kBigram, "renew passport") == 0xae82eca4u);
  CHECK(FeatureHash(FeatureKind::kCharGram, "<pa") == 0xc567243du);
  CHECK(FeatureHash(FeatureKind::kUnigram, "x") != FeatureHash(FeatureKind::kCharGram, "x"));
}

TEST_CASE("CountFeatures has unigrams, bigrams and boundary-marked n-grams", "[features]") {
  FeatureOptions options;
  const auto counts = CountFeatures("renew passport", TextLanguage::kEnglish, options);
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kUnigram, "renew")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kUnigram, "passport")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kBigram, "renew passport")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kCharGram, "<pa")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kCharGram, "port>")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kCharGram, "ssp")));
  CHECK_FALSE(HasHash(counts, FeatureHash(FeatureKind::kCharGram, "sport>")));  // 6 > max
  CHECK(std::is_sorted(counts.begin(), counts.end(),
                       [](const auto& a, const auto& b) { return a.hash < b.hash; }));

  options.word_bigrams = false;
  options.char_min = 0;
  const auto words_only = CountFeatures("renew passport", TextLanguage::kEnglish, options);
  CHECK(words_only.size() == 2);
}

TEST_CASE("Repeated features are counted once with their count", "[features]") {
  const auto counts = CountFeatures("visa visa visa", TextLanguage::kEnglish, {});
  const auto it = std::find_if(counts.begin(), counts.end(), [](const FeatureCount& c) {
    return c.hash == FeatureHash(FeatureKind::kUnigram, "visa");
  });
  REQUIRE(it != counts.end());
  CHECK(it->count == 3);
}

TEST_CASE("Stop words can be left out of word features", "[features]") {
  FeatureOptions options;
  options.stop_words_in_words = false;
  options.stop_words_in_chars = false;
  const auto counts = CountFeatures("renew my passport", TextLanguage::kEnglish, options);
  CHECK_FALSE(HasHash(counts, FeatureHash(FeatureKind::kUnigram, "my")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kBigram, "renew passport")));
  options.stop_words_in_words = true;
  const auto with = CountFeatures("renew my passport", TextLanguage::kEnglish, options);
  CHECK(HasHash(with, FeatureHash(FeatureKind::kUnigram, "my")));
  CHECK(HasHash(with, FeatureHash(FeatureKind::kBigram, "my passport")));
}

TEST_CASE("Character n-grams are cut on code points", "[features]") {
  FeatureOptions options;
  const auto counts = CountFeatures("東京", TextLanguage::kUnknown, options);
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kCharGram, "<東京")));
  CHECK(HasHash(counts, FeatureHash(FeatureKind::kCharGram, "<東京>")));
}

TEST_CASE("Weighted vectors are unit length and aligned with counts", "[features]") {
  const auto counts = CountFeatures("How do I renew my passport?", TextLanguage::kEnglish, {});
  const SparseVector v = WeighFeatures(counts, {}, [](std::uint32_t) { return 2.0f; });
  REQUIRE(v.size() == counts.size());
  for (std::size_t i = 0; i < v.size(); ++i) CHECK(v[i].hash == counts[i].hash);
  CHECK(Dot(v, v) == Catch::Approx(1.0).epsilon(1e-6));
  CHECK(Vec("").empty());
  CHECK(Vec("!!! 😀").empty());
}

TEST_CASE("LogCount is 1 + ln(count)", "[features]") {
  for (std::uint16_t n = 1; n <= 16; ++n) {
    CHECK(LogCount(n) == Catch::Approx(1.0 + std::log(static_cast<double>(n))).epsilon(1e-6));
  }
  CHECK(LogCount(100) > LogCount(16));
}

TEST_CASE("Typos keep most of the similarity through character n-grams", "[features]") {
  const SparseVector right = Vec("renew my passport");
  const SparseVector typo = Vec("renw my pasport");
  const SparseVector other = Vec("book a table for dinner");
  CHECK(Dot(right, typo) > 0.35);
  CHECK(Dot(right, other) < 0.1);
  CHECK(Dot(right, typo) > 3 * Dot(right, other));
}

TEST_CASE("French typos keep most of the similarity too", "[features]") {
  const SparseVector right = Vec("renouveler mon passeport", TextLanguage::kFrench);
  const SparseVector typo = Vec("renouvler mon pasport", TextLanguage::kFrench);
  const SparseVector other = Vec("réserver une table pour le souper", TextLanguage::kFrench);
  CHECK(Dot(right, typo) > 0.35);
  CHECK(Dot(right, other) < 0.1);
  CHECK(Dot(right, typo) > 3 * Dot(right, other));
}

TEST_CASE("French variants meet through elision, accents and stemming", "[features]") {
  const SparseVector a = Vec("Renouvellement de l'assurance-maladie", TextLanguage::kFrench);
  const SparseVector b = Vec("renouveler l assurance maladie", TextLanguage::kFrench);
  const SparseVector c = Vec("Où payer mes impôts?", TextLanguage::kFrench);
  CHECK(Dot(a, b) > 0.5);
  CHECK(Dot(a, c) < 0.1);
}
