// Tests for IntentClassifier: training, classification, serialisation,
// determinism and hostile input.
#include "relais/engine/intent_classifier.h"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <string>
#include <vector>

using namespace relais::engine;

namespace {

constexpr TextLanguage kEn = TextLanguage::kEnglish;
constexpr TextLanguage kFr = TextLanguage::kFrench;

std::vector<TrainingExample> TinySet() {
  std::vector<TrainingExample> e;
  const auto add = [&](const char* intent, TextLanguage lang,
                       std::initializer_list<const char*> texts) {
    for (const char* t : texts) e.push_back({t, intent, lang});
  };
  add("passport", kEn,
      {"how do I renew my passport", "passport renewal", "my passport expired what do I do",
       "apply for a new passport", "where can I get a passport", "passport application form"});
  add("passport", kFr,
      {"comment renouveler mon passeport", "renouvellement du passeport",
       "mon passeport est expiré", "demande de passeport", "où faire mon passeport"});
  add("taxes", kEn,
      {"when is the tax deadline", "how do I file my taxes", "pay my income tax",
       "tax return due date", "where do I send my tax return", "file taxes online"});
  add("taxes", kFr,
      {"quand dois-je payer mes impôts", "déclaration de revenus", "payer l'impôt sur le revenu",
       "date limite des impôts", "faire ma déclaration d'impôts en ligne"});
  add("opening_hours", kEn,
      {"what time do you open", "opening hours", "are you open on sunday",
       "when does the office close", "office hours today", "what are your hours"});
  add("opening_hours", kFr,
      {"quelles sont vos heures d'ouverture", "à quelle heure ouvrez-vous",
       "êtes-vous ouverts le dimanche", "horaires du bureau", "quand fermez-vous"});
  add("driver_licence", kEn,
      {"renew my driver's licence", "driving licence renewal", "lost my driver license",
       "how to get a driving permit", "change address on my licence"});
  add("driver_licence", kFr,
      {"renouveler mon permis de conduire", "j'ai perdu mon permis de conduire",
       "permis de conduire expiré", "obtenir un permis de conduire"});
  return e;
}

const IntentClassifier& Tiny() {
  static const IntentClassifier model = [] {
    auto r = IntentClassifier::Train(TinySet());
    REQUIRE(r.ok());
    return std::move(r).value();
  }();
  return model;
}

std::string Top(const IntentClassifier& m, std::string_view text, TextLanguage lang) {
  const Classification c = m.Classify(text, lang);
  return c.ranked.empty() ? "" : m.intents()[c.ranked[0].intent];
}

// The model's checksum trailer (FNV-1a of everything before it), so tests can
// craft well-formed-but-wrong models that get past the checksum.
void FixChecksum(std::string* bytes) {
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i + 4 < bytes->size(); ++i) {
    h ^= static_cast<unsigned char>((*bytes)[i]);
    h *= 16777619u;
  }
  for (int i = 0; i < 4; ++i) (*bytes)[bytes->size() - 4 + i] = static_cast<char>(h >> (8 * i));
}

}  // namespace

TEST_CASE("A tiny bilingual set trains and classifies paraphrases", "[classifier]") {
  const IntentClassifier& m = Tiny();
  REQUIRE(m.intents() ==
          std::vector<std::string>{"driver_licence", "opening_hours", "passport", "taxes"});
  CHECK(Top(m, "I need to renew my passport", kEn) == "passport");
  CHECK(Top(m, "Renouveler un passeport expiré", kFr) == "passport");
  CHECK(Top(m, "what's the deadline to file my tax return?", kEn) == "taxes");
  CHECK(Top(m, "Comment payer mes impôts ?", kFr) == "taxes");
  CHECK(Top(m, "Are you open Sundays", kEn) == "opening_hours");
  CHECK(Top(m, "Vos horaires d'ouverture?", kFr) == "opening_hours");
  CHECK(Top(m, "I lost my driving licence", kEn) == "driver_licence");
  CHECK(Top(m, "permis de conduire perdu", kFr) == "driver_licence");
}

TEST_CASE("Language may be unknown for a bilingual model", "[classifier]") {
  const IntentClassifier& m = Tiny();
  CHECK(Top(m, "renouvellement de passeport", TextLanguage::kUnknown) == "passport");
  CHECK(Top(m, "passport renewal", TextLanguage::kUnknown) == "passport");
  CHECK(Top(m, "déclaration d'impôts", TextLanguage::kUnknown) == "taxes");
}

TEST_CASE("Typos still reach the right intent", "[classifier]") {
  const IntentClassifier& m = Tiny();
  CHECK(Top(m, "how do i renw my pasport", kEn) == "passport");
  CHECK(Top(m, "renouveller mon passport", kFr) == "passport");
  CHECK(Top(m, "opning hours", kEn) == "opening_hours");
}

TEST_CASE("Classification numbers are consistent", "[classifier]") {
  const IntentClassifier& m = Tiny();
  const Classification c = m.Classify("how do I renew my passport", kEn, 10);
  REQUIRE(c.ranked.size() == 4);
  double total = 0;
  for (std::size_t i = 0; i < c.ranked.size(); ++i) {
    const IntentCandidate& k = c.ranked[i];
    total += k.probability;
    CHECK(k.similarity >= 0);
    CHECK(k.similarity <= 1);
    CHECK(k.confidence >= 0);
    CHECK(k.confidence <= 1);
    if (i > 0) CHECK(c.ranked[i - 1].confidence >= k.confidence);
  }
  CHECK(total > 0.999);
  CHECK(total < 1.001);
  CHECK(c.ranked[0].similarity > 0.9);  // a training example verbatim
  CHECK(c.max_similarity == c.ranked[0].similarity);
  CHECK(c.known_feature_count > 0);
  CHECK(c.known_feature_count <= c.feature_count);
  CHECK(m.Classify("how do I renew my passport", kEn, 2).ranked.size() == 2);
}

TEST_CASE("An analysed question classifies exactly like its text", "[classifier]") {
  const IntentClassifier& m = Tiny();
  std::string huge = "renew my passport ";
  while (huge.size() < 8192) huge += "blah ";
  for (const std::string& text :
       {std::string("how do I renew my passport"), std::string("renouveller mon passport"),
        std::string("opning hours?!"), std::string(""), std::string("\xFF passport \xC3"), huge}) {
    for (TextLanguage language : {kEn, kFr, TextLanguage::kUnknown}) {
      INFO(text.substr(0, 40) << " / " << TextLanguageCode(language));
      const Classification from_text = m.Classify(text, language, 4);
      const Classification analysed = m.Classify(AnalyzeText(text, language), 4);
      CHECK(analysed.truncated == from_text.truncated);
      CHECK(analysed.feature_count == from_text.feature_count);
      CHECK(analysed.known_feature_count == from_text.known_feature_count);
      CHECK(analysed.max_similarity == from_text.max_similarity);
      CHECK(analysed.out_of_scope_probability == from_text.out_of_scope_probability);
      REQUIRE(analysed.ranked.size() == from_text.ranked.size());
      for (std::size_t i = 0; i < analysed.ranked.size(); ++i) {
        CHECK(analysed.ranked[i].intent == from_text.ranked[i].intent);
        CHECK(analysed.ranked[i].probability == from_text.ranked[i].probability);
        CHECK(analysed.ranked[i].similarity == from_text.ranked[i].similarity);
        CHECK(analysed.ranked[i].confidence == from_text.ranked[i].confidence);
      }
    }
  }
}

TEST_CASE("Unrelated questions get less confidence than related ones", "[classifier]") {
  const IntentClassifier& m = Tiny();
  const double related = m.Classify("renew my passport", kEn).ranked[0].confidence;
  const Classification unrelated = m.Classify("what is the capital of australia", kEn);
  REQUIRE(!unrelated.ranked.empty());
  CHECK(unrelated.ranked[0].confidence < related);
  CHECK(unrelated.max_similarity < 0.5);
  const Classification gibberish = m.Classify("zxqv wrrrbl", kEn);
  CHECK(gibberish.ranked.empty());
  CHECK(m.Decide(gibberish).decision == Decision::kHandoff);
  CHECK(m.Decide(gibberish).reason == HandoffReason::kOutOfScope);
}

TEST_CASE("Serialise then deserialise gives identical scores and bytes", "[classifier]") {
  const IntentClassifier& m = Tiny();
  const std::string bytes = m.Serialize();
  auto loaded = IntentClassifier::Deserialize(bytes);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().Serialize() == bytes);
  CHECK(loaded.value().intents() == m.intents());
  CHECK(loaded.value().thresholds() == m.thresholds());
  for (const char* q : {"renew my passport", "impôts", "are you open", "zzz", "", "permis"}) {
    const Classification a = m.Classify(q, TextLanguage::kUnknown, 10);
    const Classification b = loaded.value().Classify(q, TextLanguage::kUnknown, 10);
    REQUIRE(a.ranked.size() == b.ranked.size());
    for (std::size_t i = 0; i < a.ranked.size(); ++i) {
      CHECK(a.ranked[i].intent == b.ranked[i].intent);
      CHECK(a.ranked[i].probability == b.ranked[i].probability);  // exact, not approximate
      CHECK(a.ranked[i].similarity == b.ranked[i].similarity);
      CHECK(a.ranked[i].confidence == b.ranked[i].confidence);
    }
  }
}

TEST_CASE("Thresholds survive serialisation", "[classifier]") {
  auto r = IntentClassifier::Train(TinySet());
  REQUIRE(r.ok());
  DecisionThresholds t;
  t.mix = 0.25;
  t.answer = 0.42;
  t.clarify = 0.2;
  r.value().set_thresholds(t);
  auto loaded = IntentClassifier::Deserialize(r.value().Serialize());
  REQUIRE(loaded.ok());
  CHECK(loaded.value().thresholds() == t);
}

TEST_CASE("Training is deterministic", "[classifier]") {
  auto a = IntentClassifier::Train(TinySet());
  auto b = IntentClassifier::Train(TinySet());
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.value().Serialize() == b.value().Serialize());
  ClassifierOptions other;
  other.seed = 7;
  auto c = IntentClassifier::Train(TinySet(), other);
  REQUIRE(c.ok());
  CHECK(c.value().Serialize() != a.value().Serialize());  // the seed matters
}

TEST_CASE("Corrupt or truncated bytes are rejected, never crash", "[classifier]") {
  const std::string bytes = Tiny().Serialize();
  for (std::size_t n = 0; n < bytes.size(); n += (n < 64 ? 1 : 97)) {
    auto r = IntentClassifier::Deserialize(bytes.substr(0, n));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kCorrupt);
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x20;
  CHECK(IntentClassifier::Deserialize(flipped).status().code() == StatusCode::kCorrupt);
  std::string version = bytes;
  version[4] = 9;
  FixChecksum(&version);
  CHECK(IntentClassifier::Deserialize(version).status().code() == StatusCode::kCorrupt);
  CHECK(IntentClassifier::Deserialize("").status().code() == StatusCode::kCorrupt);
  CHECK(IntentClassifier::Deserialize(bytes + "x").status().code() == StatusCode::kCorrupt);
}

TEST_CASE("Mutated models with a valid checksum never crash", "[classifier]") {
  const std::string bytes = Tiny().Serialize();
  std::uint64_t state = 12345;
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  };
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string m = bytes;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < edits; ++k) m[next() % (m.size() - 4)] = static_cast<char>(next());
    FixChecksum(&m);
    auto r = IntentClassifier::Deserialize(m);
    if (!r.ok()) continue;
    ++accepted;  // still a well-formed model: it must classify without crashing
    const Classification c = r.value().Classify("renew my passport", kEn);
    (void)r.value().Decide(c);
  }
  CHECK(accepted < 3000);
}

TEST_CASE("Bad queries: empty, huge, invalid UTF-8, emoji only", "[classifier]") {
  const IntentClassifier& m = Tiny();
  const Classification empty = m.Classify("", kEn);
  CHECK(empty.ranked.empty());
  CHECK(m.Decide(empty).decision == Decision::kHandoff);
  CHECK(m.Decide(empty).reason == HandoffReason::kLowConfidence);

  std::string huge = "renew my passport ";
  while (huge.size() < (1u << 20)) huge += "blah ";
  const auto t0 = std::chrono::steady_clock::now();
  const Classification big = m.Classify(huge, kEn);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(50));
  CHECK(big.truncated);
  REQUIRE_FALSE(big.ranked.empty());
  CHECK(m.intents()[big.ranked[0].intent] == "passport");

  const Classification bad = m.Classify("renew \xFF\xFE my \xC3 passport \xED\xA0\x80", kEn);
  REQUIRE_FALSE(bad.ranked.empty());
  CHECK(m.intents()[bad.ranked[0].intent] == "passport");

  const Classification emoji = m.Classify("😀😀👍🏽🎉", kEn);
  CHECK(emoji.ranked.empty());
  CHECK(m.Decide(emoji).decision == Decision::kHandoff);
}

TEST_CASE("A model with one intent answers only what resembles it", "[classifier]") {
  std::vector<TrainingExample> one = {{"how do I renew my passport", "passport", kEn},
                                      {"passport renewal form", "passport", kEn},
                                      {"my passport expired", "passport", kEn}};
  auto r = IntentClassifier::Train(one);
  REQUIRE(r.ok());
  const IntentClassifier& m = r.value();
  const Classification yes = m.Classify("renew my passport", kEn);
  const Classification no = m.Classify("what is the weather like tomorrow", kEn);
  REQUIRE_FALSE(yes.ranked.empty());
  CHECK(yes.ranked[0].confidence > 0.5);
  CHECK(m.Decide(yes).decision == Decision::kAnswer);
  CHECK((no.ranked.empty() || no.ranked[0].confidence < 0.3));
  CHECK(m.Decide(no).decision == Decision::kHandoff);
}

TEST_CASE("Training rejects bad input", "[classifier]") {
  CHECK(IntentClassifier::Train({}).status().code() == StatusCode::kInvalidArgument);
  std::vector<TrainingExample> unnamed = {{"hello", "", kEn}};  // out of scope only
  CHECK(IntentClassifier::Train(unnamed).status().code() == StatusCode::kInvalidArgument);
  std::vector<TrainingExample> bad_name = {{"hello", "a\xFF", kEn}};
  CHECK(IntentClassifier::Train(bad_name).status().code() == StatusCode::kInvalidArgument);
  std::vector<TrainingExample> long_name = {{"hello", std::string(300, 'x'), kEn}};
  CHECK(IntentClassifier::Train(long_name).status().code() == StatusCode::kInvalidArgument);
  std::vector<TrainingExample> no_words = {{"!!!", "a", kEn}, {"😀", "b", kEn}};
  CHECK(IntentClassifier::Train(no_words).status().code() == StatusCode::kInvalidArgument);
  ClassifierOptions bad;
  bad.features.char_max = 200;
  CHECK(IntentClassifier::Train(TinySet(), bad).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("Out-of-scope examples train a hidden class that is never ranked", "[classifier]") {
  std::vector<TrainingExample> examples = TinySet();
  for (const char* text : {"what's the weather tomorrow", "recipe for pancakes",
                           "who won the hockey game", "tell me a joke", "best pizza near me"}) {
    examples.push_back({text, "", kEn});
  }
  for (const char* text : {"quel temps fera-t-il demain", "recette de crêpes",
                           "qui a gagné la partie de hockey", "raconte-moi une blague"}) {
    examples.push_back({text, "", kFr});
  }
  auto trained = IntentClassifier::Train(examples);
  REQUIRE(trained.ok());
  const IntentClassifier& m = trained.value();
  CHECK(m.intents() == Tiny().intents());  // no intent for the out-of-scope examples
  CHECK(m.example_count() == TinySet().size());

  const Classification weather = m.Classify("weather forecast for the weekend", kEn, 10);
  CHECK(weather.ranked.size() == m.intents().size());
  REQUIRE_FALSE(weather.ranked.empty());
  CHECK(weather.out_of_scope_probability > weather.ranked[0].probability);
  const DecisionResult decided = m.Decide(weather);
  CHECK(decided.decision == Decision::kHandoff);
  CHECK(decided.reason == HandoffReason::kOutOfScope);

  const Classification passport = m.Classify("how can I renew my passport", kEn);
  CHECK(m.intents()[passport.ranked[0].intent] == "passport");
  CHECK(passport.out_of_scope_probability < passport.ranked[0].probability);
  // A model trained without out-of-scope examples never reports the probability.
  CHECK(Tiny().Classify("weather forecast for the weekend", kEn).out_of_scope_probability == 0);

  auto loaded = IntentClassifier::Deserialize(m.Serialize());
  REQUIRE(loaded.ok());
  CHECK(loaded.value()
            .Classify("weather forecast for the weekend", kEn, 10)
            .out_of_scope_probability == weather.out_of_scope_probability);
}

TEST_CASE("A version 1 model still loads, with neither agreement nor out-of-scope class",
          "[classifier]") {
  auto trained = IntentClassifier::Train(TinySet());
  REQUIRE(trained.ok());
  IntentClassifier& m = trained.value();
  DecisionThresholds t = m.thresholds();
  t.agreement_power = 2;
  m.set_thresholds(t);
  // Version 2 added f64:agreement_power and u8:out_of_scope_class after the
  // thresholds (magic 4, version 4, features 11, five f64 40, u32 4 = offset 63).
  std::string v1 = m.Serialize();
  v1[4] = 1;
  v1.erase(63, 9);
  FixChecksum(&v1);
  auto loaded = IntentClassifier::Deserialize(v1);
  REQUIRE(loaded.ok());
  CHECK(loaded.value().thresholds().agreement_power == 0);
  const Classification a = m.Classify("renew my passport", kEn);
  const Classification b = loaded.value().Classify("renew my passport", kEn);
  CHECK(a.ranked[0].intent == b.ranked[0].intent);
  CHECK(a.ranked[0].probability == b.ranked[0].probability);
  CHECK(b.out_of_scope_probability == 0);
}
