// Tests for SplitWords / Normalize: every rule with French and English examples.
#include "relais/engine/normalizer.h"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "relais/engine/stemmer.h"

using namespace relais::engine;
using Words = std::vector<std::string>;

namespace {
Words En(std::string_view s) { return SplitWords(s, TextLanguage::kEnglish); }
Words Fr(std::string_view s) { return SplitWords(s, TextLanguage::kFrench); }
Words Any(std::string_view s) { return SplitWords(s, TextLanguage::kUnknown); }
}  // namespace

TEST_CASE("Words are folded and split on punctuation", "[normalizer]") {
  CHECK(Fr("Où est l'ÉCOLE?!") == Words{"ou", "est", "le", "ecole"});
  CHECK(En("Hello, world... (really)") == Words{"hello", "world", "really"});
  CHECK(En("") == Words{});
  CHECK(En("   ...  !!! ") == Words{});
}

TEST_CASE("French elision restores the elided word", "[normalizer]") {
  CHECK(Fr("l'école") == Words{"le", "ecole"});
  CHECK(Fr("l’assurance") == Words{"le", "assurance"});  // curly apostrophe
  CHECK(Fr("d'identité") == Words{"de", "identite"});
  CHECK(Fr("qu'il") == Words{"que", "il"});
  CHECK(Fr("j'ai") == Words{"je", "ai"});
  CHECK(Fr("je n'ai pas") == Words{"je", "ne", "ai", "pas"});
  CHECK(Fr("s'inscrire") == Words{"se", "inscrire"});
  CHECK(Fr("c'est") == Words{"ce", "est"});
  CHECK(Fr("m'appelle t'appelle") == Words{"me", "appelle", "te", "appelle"});
  CHECK(Fr("lorsqu'on puisqu'elle jusqu'au") ==
        Words{"lorsque", "on", "puisque", "elle", "jusque", "au"});
}

TEST_CASE("Words with an inner apostrophe stay whole", "[normalizer]") {
  CHECK(Fr("aujourd'hui") == Words{"aujourdhui"});
  CHECK(Fr("d'aujourd'hui") == Words{"de", "aujourdhui"});
  CHECK(Fr("quelqu'un") == Words{"quelquun"});
}

TEST_CASE("Hyphens split words, except a one-letter prefix", "[normalizer]") {
  CHECK(Fr("assurance-maladie") == Words{"assurance", "maladie"});
  CHECK(Fr("peut-on") == Words{"peut", "on"});
  CHECK(Fr("a-t-il") == Words{"a", "t", "il"});
  CHECK(Fr("Saint‑Laurent") == Words{"saint", "laurent"});  // non-breaking hyphen
  CHECK(En("e-mail") == Words{"email"});
  CHECK(En("t-shirt") == Words{"tshirt"});
  CHECK(En("well-known") == Words{"well", "known"});
  CHECK(En("- dash -") == Words{"dash"});
}

TEST_CASE("Ligatures and typographic quotes fold inside words", "[normalizer]") {
  CHECK(Fr("Mon cœur, ma sœur, l’ŒUVRE") == Words{"mon", "coeur", "ma", "soeur", "le", "oeuvre"});
  CHECK(Fr("« curriculum vitæ »") == Words{"curriculum", "vitae"});
  CHECK(En("The ﬁnal oﬃce “hours”") == Words{"the", "final", "office", "hours"});
  CHECK(En("‘Straße’ isn’t") == Words{"strasse", "is", "not"});
}

TEST_CASE("English contractions expand", "[normalizer]") {
  CHECK(En("I can't") == Words{"i", "can", "not"});
  CHECK(En("won't") == Words{"will", "not"});
  CHECK(En("don't") == Words{"do", "not"});
  CHECK(En("doesn’t") == Words{"does", "not"});
  CHECK(En("we're they've I'll I'd I'm") ==
        Words{"we", "are", "they", "have", "i", "will", "i", "would", "i", "am"});
  CHECK(En("what's John's") == Words{"what", "john"});
  CHECK(En("let's") == Words{"let", "us"});
}

TEST_CASE("English contractions typed without apostrophe expand", "[normalizer]") {
  CHECK(En("dont") == Words{"do", "not"});
  CHECK(En("im late") == Words{"i", "am", "late"});
  CHECK(En("whats my balance") == Words{"what", "is", "my", "balance"});
  CHECK(Fr("dont") == Words{"dont"});   // a French word
  CHECK(Any("dont") == Words{"dont"});  // ambiguous: left alone
  CHECK(Any("doesnt") == Words{"does", "not"});
}

TEST_CASE("Digits are kept and split from letters", "[normalizer]") {
  CHECK(En("call me at 10am on 3/5") == Words{"call", "me", "at", "10", "am", "on", "3", "5"});
  CHECK(Fr("1er janvier 2025") == Words{"1", "er", "janvier", "2025"});
  CHECK(En("1000") == Words{"1000"});  // digits are never collapsed
}

TEST_CASE("Repeated letters shrink to two", "[normalizer]") {
  CHECK(En("helllooo") == Words{"helloo"});
  CHECK(En("hello") == Words{"hello"});
  CHECK(Fr("merciiiii") == Words{"mercii"});
  CHECK(En("soooo goood") == Words{"soo", "good"});
}

TEST_CASE("Emoji, symbols and invalid bytes separate words", "[normalizer]") {
  CHECK(En("😀😀😀") == Words{});
  CHECK(En("good😀bad") == Words{"good", "bad"});
  CHECK(En("a\xFF"
           "b") == Words{"a", "b"});
  CHECK(En("price: 5€") == Words{"price", "5"});
  CHECK(Any("東京 привет") == Words{"東京", "привет"});
}

TEST_CASE("Normalize marks stop words and stems", "[normalizer]") {
  const auto tokens = Normalize("How do I renew my passports?", TextLanguage::kEnglish);
  REQUIRE(tokens.size() == 6);
  CHECK(tokens[0].word == "how");
  CHECK_FALSE(tokens[0].stop_word);  // question word kept
  CHECK(tokens[3].word == "renew");
  CHECK(tokens[4].stop_word);  // my
  CHECK(tokens[5].stem == StemEnglish("passport"));
  CHECK(tokens[5].alt_stem.empty());

  const auto fr = Normalize("Le renouvellement de mon passeport", TextLanguage::kFrench);
  REQUIRE(fr.size() == 5);
  CHECK(fr[0].stop_word);
  CHECK(fr[1].stem == StemFrench("renouveler"));
  CHECK(fr[3].stop_word);
}

TEST_CASE("Unknown language gives both stems and both stop lists", "[normalizer]") {
  const auto tokens = Normalize("passeports the passports les", TextLanguage::kUnknown);
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].stem == StemEnglish("passeports"));
  CHECK(tokens[0].alt_stem == StemFrench("passeports"));
  CHECK(tokens[0].alt_stem != tokens[0].stem);
  CHECK(tokens[1].stop_word);
  CHECK(tokens[3].stop_word);
  const auto terms = NormalizeToTerms("passeports the passports les", TextLanguage::kUnknown);
  CHECK(terms == Words{StemEnglish("passeports"), StemFrench("passeports"),
                       StemEnglish("passports"), StemFrench("passports")});
}

TEST_CASE("NormalizeToTerms drops stop words", "[normalizer]") {
  CHECK(NormalizeToTerms("How do I renew my passport", TextLanguage::kEnglish) ==
        Words{"how", "renew", "passport"});
  CHECK(NormalizeToTerms("Comment renouveler mon passeport", TextLanguage::kFrench) ==
        Words{StemFrench("comment"), StemFrench("renouveler"), StemFrench("passeport")});
}

TEST_CASE("Input over the budget is truncated quickly", "[normalizer]") {
  const std::string huge(1 << 20, 'a');
  std::string words;
  for (int i = 0; i < 200000; ++i) words += "word ";
  const auto t0 = std::chrono::steady_clock::now();
  const Words a = En(huge);
  const Words b = En(words);
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  CHECK(a.size() == 1);
  CHECK(a[0].size() <= kMaxNormalizeInputBytes);
  CHECK(b.size() <= kMaxTokens);
  CHECK(elapsed < std::chrono::milliseconds(200));
}
