// Tests for Engine::Ask: how the signals, patterns, classifier and entry settings
// combine into one decision (the precedence at the top of engine/src/engine.cc).
//
// The knowledge base is tests/engine/golden/kb (a small fictional service in French
// and English, also used by the golden tests), compiled at test time by the real
// `relais-kb build`, so the thresholds are the ones a deployment gets. Expectations name entries,
// decisions and reasons, never exact confidences: the thresholds are calibrated and
// may move; tests/engine/golden/ pins the full output instead.
//
// Normalisation rules have their own tests (normalizer_test.cpp, text_fold_test.cpp,
// features_test.cpp); here they are only checked through whole questions.
#include "relais/engine/engine.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "compile_engine.h"
#include "relais/engine/ask_json.h"
#include "relais/engine/knowledge_base.h"
#include "support/sqlite_bytes.h"

namespace relais::engine {
namespace {

const std::string kFixtureKb = RELAIS_SOURCE_DIR "/tests/engine/golden/kb";

using testing::CompileEngine;

const Engine& Fixture() {
  static const Engine engine = CompileEngine(kFixtureKb);
  return engine;
}

AskContext Page(TextLanguage language, std::vector<ConversationTurn> history = {}) {
  AskContext context;
  context.page_language = language;
  context.history = std::move(history);
  return context;
}
const AskContext kFr = Page(TextLanguage::kFrench);
const AskContext kEn = Page(TextLanguage::kEnglish);
const AskContext kNoPage = Page(TextLanguage::kUnknown);

AskResult Ask(std::string_view query, const AskContext& context) {
  return Fixture().Ask(query, context);
}

std::vector<std::string> SuggestionIds(const AskResult& result) {
  std::vector<std::string> ids;
  for (const RankedEntry& s : result.suggestions) ids.push_back(s.entry_id);
  return ids;
}

bool Explains(const AskResult& result, std::string_view prefix) {
  return std::any_of(result.explanation.begin(), result.explanation.end(),
                     [&](const std::string& line) { return line.starts_with(prefix); });
}

std::string Describe(const AskResult& result) {
  std::string text = std::string(DecisionName(result.decision)) + " " +
                     std::string(vocabulary::Name(result.reason)) + " [" + result.entry_id + "]";
  for (const std::string& line : result.explanation) text += " | " + line;
  return text;
}

// A decision that answers `entry_id` in `language`.
void CheckAnswer(std::string_view query, const AskContext& context, std::string_view entry_id,
                 TextLanguage language) {
  const AskResult result = Ask(query, context);
  INFO(query << " -> " << Describe(result));
  CHECK(result.decision == Decision::kAnswer);
  CHECK(result.reason == HandoffReason::kNone);
  CHECK(result.entry_id == entry_id);
  CHECK(result.language == language);
  CHECK(result.confidence > 0);
  CHECK(result.confidence <= 1);
  CHECK(result.suggestions.empty());
  CHECK(Explains(result, "classifier: " + std::string(entry_id)));
}

void CheckHandoff(std::string_view query, const AskContext& context, HandoffReason reason) {
  const AskResult result = Ask(query, context);
  INFO(query << " -> " << Describe(result));
  CHECK(result.decision == Decision::kHandoff);
  CHECK(result.reason == reason);
  CHECK(result.suggestions.empty());
}

// ---------------------------------------------------------------------------
// Answers

TEST_CASE("French questions are answered with the right entry, in French", "[engine]") {
  CheckAnswer("Comment renouveler mon passeport ?", kFr, "passport-renewal", TextLanguage::kFrench);
  CheckAnswer("j'ai perdu mon passeport", kFr, "passport-lost", TextLanguage::kFrench);
  CheckAnswer("quel est le prix du passeport", kFr, "passport-fees", TextLanguage::kFrench);
  CheckAnswer("à quelle heure ouvrez-vous samedi", kFr, "office-hours", TextLanguage::kFrench);
  CheckAnswer("j'ai déménagé, comment changer mon adresse", kFr, "change-of-address",
              TextLanguage::kFrench);
  // Typos, missing accents and capitals (normalisation and character n-grams).
  CheckAnswer("RENOUVLER MON PASPORT", kFr, "passport-renewal", TextLanguage::kFrench);
  CheckAnswer("montant de l alocation familliale", kFr, "family-benefit-amount",
              TextLanguage::kFrench);
}

TEST_CASE("English questions are answered with the right entry, in English", "[engine]") {
  CheckAnswer("How do I renew my passport?", kEn, "passport-renewal", TextLanguage::kEnglish);
  CheckAnswer("someone stole my passport", kEn, "passport-lost", TextLanguage::kEnglish);
  CheckAnswer("what does a passport cost", kEn, "passport-fees", TextLanguage::kEnglish);
  CheckAnswer("how much family benefit do I get", kEn, "family-benefit-amount",
              TextLanguage::kEnglish);
  CheckAnswer("I moved, I need to update my address", kEn, "change-of-address",
              TextLanguage::kEnglish);
  CheckAnswer("renw my pasport", kEn, "passport-renewal", TextLanguage::kEnglish);  // typos
  CheckAnswer("Where’s the form to apply for the family benefit?", kEn, "family-benefit-apply",
              TextLanguage::kEnglish);  // curly apostrophe
}

TEST_CASE("The answer's language is the question's, the page's only when unclear", "[engine]") {
  // No page language: detected from the text.
  CheckAnswer("renouveler mon passeport", kNoPage, "passport-renewal", TextLanguage::kFrench);
  CheckAnswer("renew my passport", kNoPage, "passport-renewal", TextLanguage::kEnglish);
  // A French question on an English page is answered in French, and the reverse.
  CheckAnswer("mon passeport est expiré", kEn, "passport-renewal", TextLanguage::kFrench);
  CheckAnswer("my passport expired", kFr, "passport-renewal", TextLanguage::kEnglish);
  // Nothing to detect: the page decides; without a page, English.
  CHECK(Ask("😀", kFr).language == TextLanguage::kFrench);
  CHECK(Ask("😀", kEn).language == TextLanguage::kEnglish);
  CHECK(Ask("😀", kNoPage).language == TextLanguage::kEnglish);
}

TEST_CASE("The JSON of an answer carries the entry in the question's language", "[engine]") {
  const KnowledgeBase& kb = Fixture().knowledge_base();
  const nlohmann::json fr = nlohmann::json::parse(
      AskResultToJson(Ask("renouveler mon passeport", kNoPage), kb), nullptr, false);
  REQUIRE(fr.is_object());
  CHECK(fr["ok"] == true);
  CHECK(fr["decision"] == "answer");
  CHECK(fr["reason"].is_null());
  CHECK(fr["language"] == "fr");
  CHECK(fr["entry"]["id"] == "passport-renewal");
  CHECK(fr["entry"]["title"] == "Renouveler votre passeport");
  CHECK(fr["entry"]["follow_ups"][0]["title"] == "Frais de passeport");
  const nlohmann::json en =
      nlohmann::json::parse(AskResultToJson(Ask("renew my passport", kNoPage), kb), nullptr, false);
  REQUIRE(en.is_object());
  CHECK(en["language"] == "en");
  CHECK(en["entry"]["title"] == "Renew your passport");
  CHECK(en["entry"]["follow_ups"][0]["title"] == "Passport fees");
}

// ---------------------------------------------------------------------------
// Clarification

TEST_CASE("An ambiguous question gets a clarification with 2 or 3 suggestions", "[engine]") {
  for (const auto& [query, context] :
       {std::pair{"passeport", kFr}, std::pair{"et pour les enfants ?", kFr},
        std::pair{"what about for kids?", kEn}}) {
    const AskResult result = Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kClarify);
    CHECK(result.reason == HandoffReason::kNone);
    REQUIRE(result.suggestions.size() >= 2);
    CHECK(result.suggestions.size() <= 3);
    // The suggestions are distinct entries of the knowledge base, best first,
    // starting with the top entry.
    CHECK(result.suggestions.front().entry_id == result.entry_id);
    for (std::size_t i = 0; i < result.suggestions.size(); ++i) {
      CHECK(Fixture().knowledge_base().FindEntry(result.suggestions[i].entry_id) != nullptr);
      CHECK(result.suggestions[i].confidence > 0);
      if (i > 0) {
        CHECK(result.suggestions[i].entry_id != result.suggestions[i - 1].entry_id);
        CHECK(result.suggestions[i].confidence <= result.suggestions[i - 1].confidence);
      }
    }
  }
  // "passeport" alone fits every passport entry: only passport entries are offered.
  for (const std::string& id : SuggestionIds(Ask("passeport", kFr))) {
    CHECK(id.starts_with("passport-"));
  }
}

// ---------------------------------------------------------------------------
// Hand-offs from the classifier

TEST_CASE("A question the knowledge base does not cover is handed off as out of scope",
          "[engine]") {
  for (const char* query : {"recette de crêpes au sirop d'érable", "Wie spät ist es in Berlin"}) {
    CheckHandoff(query, kFr, HandoffReason::kOutOfScope);
  }
  for (const char* query : {"give me a recipe for pancakes", "xylophone zebra quantum"}) {
    CheckHandoff(query, kEn, HandoffReason::kOutOfScope);
  }
}

TEST_CASE("A vague question near the content is handed off for low confidence", "[engine]") {
  // Money comes up in the fees and the benefit amounts: close to the content, but no
  // entry is likely enough to show, nor two to choose from.
  CheckHandoff("money", kEn, HandoffReason::kLowConfidence);
  CheckHandoff("argent", kFr, HandoffReason::kLowConfidence);
  // The top entry is still reported, to route the conversation.
  CHECK_FALSE(Ask("money", kEn).entry_id.empty());
}

// ---------------------------------------------------------------------------
// Hand-offs from signals and entries

TEST_CASE("An explicit request for a person is handed off, in French and English", "[engine]") {
  for (const char* query : {"je veux parler à un agent", "puis-je parler à une vraie personne svp",
                            "passez-moi un humain", "je voudrais parler a quelqu'un"}) {
    CheckHandoff(query, kFr, HandoffReason::kAskedForHuman);
    CHECK(Explains(Ask(query, kFr), "signal: handoff_request"));
  }
  for (const char* query : {"can I talk to a real person", "agent please",
                            "transfer me to a representative", "I want to speak to someone"}) {
    CheckHandoff(query, kEn, HandoffReason::kAskedForHuman);
    CHECK(Explains(Ask(query, kEn), "signal: handoff_request"));
  }
  // A person named inside an ordinary question is not a request.
  CHECK(Ask("I lost my passport, can an agent at the office help", kEn).reason !=
        HandoffReason::kAskedForHuman);
}

TEST_CASE("A request for a person wins over a pattern and an answerable question", "[engine]") {
  const AskResult result = Ask("je veux parler à un agent pour le formulaire PPT-54", kFr);
  INFO(Describe(result));
  CHECK(result.decision == Decision::kHandoff);
  CHECK(result.reason == HandoffReason::kAskedForHuman);
}

TEST_CASE("A sensitive topic is handed off urgently, before anything else", "[engine]") {
  for (const auto& [query, context] :
       {std::pair{"je veux me suicider", kFr}, std::pair{"mon mari me frappe", kFr},
        std::pair{"my husband hits me and I am scared", kEn},
        // In scope, and asking for a person: the sensitive topic still decides.
        std::pair{"I lost my passport and I want to kill myself", kEn},
        std::pair{"je veux parler à un agent, je pense au suicide", kFr}}) {
    const AskResult result = Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.reason == HandoffReason::kSensitiveTopic);
    CHECK(result.urgency == static_cast<int>(Urgency::kUrgent));
    CHECK(Explains(result, "signal: sensitive_topic"));
  }
}

TEST_CASE(
    "A question in a script the knowledge base is not written in goes to a person who reads it",
    "[engine]") {
  struct Case {
    const char* query;
    const char* likely;
  };
  for (const Case& c : {Case{"كيف أجدد جواز سفري؟", "ar"}, Case{"我的护照丢了怎么办", "zh"},
                        Case{"ਮੇਰਾ ਪਾਸਪੋਰਟ ਗੁੰਮ ਗਿਆ ਹੈ", "pa"}, Case{"ᐅᖃᐅᓯᖅ ᐃᓄᒃᑎᑐᑦ", "iu"}}) {
    const AskResult result = Ask(c.query, kFr);
    INFO(c.query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.reason == HandoffReason::kOtherLanguage);
    REQUIRE_FALSE(result.visitor_languages.empty());
    CHECK(result.visitor_languages.front() == c.likely);
    CHECK(Explains(result, "script: "));
  }
  // Latin-script questions are the classifier's, whatever their language.
  const AskResult spanish = Ask("¿Cómo renuevo mi pasaporte?", kFr);
  CHECK(spanish.reason != HandoffReason::kOtherLanguage);
  CHECK(spanish.visitor_languages.empty());
}

TEST_CASE("An entry marked handoff: always is recognised, then handed off", "[engine]") {
  for (const auto& [query, context] :
       {std::pair{"I want to make a complaint", kEn},
        std::pair{"the clerk at the counter was rude to me", kEn},
        std::pair{"je veux porter plainte contre un employé", kFr}}) {
    const AskResult result = Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.reason == HandoffReason::kEntryRequiresPerson);
    CHECK(result.entry_id == "complaint");                        // routes to the complaints queue
    CHECK(result.urgency == static_cast<int>(Urgency::kUrgent));  // the entry is urgent
    CHECK(Explains(result, "entry: complaint always goes to a person"));
  }
}

TEST_CASE("Asking the same unanswered question again is frustration", "[engine]") {
  // Asked twice before, each time only clarified: the third time goes to a person.
  const AskContext en =
      Page(TextLanguage::kEnglish, {{"how do I get a fishing licence", TurnOutcome::kClarified},
                                    {"fishing licence", TurnOutcome::kClarified}});
  const AskResult repeated = Ask("how do I get a fishing licence", en);
  INFO(Describe(repeated));
  CHECK(repeated.decision == Decision::kHandoff);
  CHECK(repeated.reason == HandoffReason::kFrustration);
  CHECK(repeated.frustrated);
  CHECK(repeated.urgency >= static_cast<int>(Urgency::kElevated));
  CHECK(Explains(repeated, "signal: repeated_question"));
  // The same question without the history is an ordinary hand-off.
  const AskResult first = Ask("how do I get a fishing licence", kEn);
  CHECK(first.reason != HandoffReason::kFrustration);
  CHECK_FALSE(first.frustrated);

  const AskContext fr =
      Page(TextLanguage::kFrench, {{"comment obtenir un permis de pêche", TurnOutcome::kClarified},
                                   {"permis de peche", TurnOutcome::kNoAnswer}});
  const AskResult french = Ask("comment obtenir un permis de pêche ???", fr);
  INFO(Describe(french));
  CHECK(french.decision == Decision::kHandoff);
  CHECK(french.reason == HandoffReason::kFrustration);
  CHECK(french.frustrated);
}

TEST_CASE("Insults and complaints in capitals are frustration when nothing answers", "[engine]") {
  for (const auto& [query, context] : {std::pair{"you are useless, stupid bot", kEn},
                                       std::pair{"t'es vraiment nul, espèce d'idiot", kFr},
                                       std::pair{"THIS STUPID WEBSITE IS USELESS", kEn},
                                       std::pair{"CE SITE NE MARCHE PAS, C'EST NUL", kFr}}) {
    const AskResult result = Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.reason == HandoffReason::kFrustration);
    CHECK(result.frustrated);
    CHECK(result.urgency >= static_cast<int>(Urgency::kElevated));
    CHECK(Explains(result, "signal: negative_words"));
  }
  CHECK(Explains(Ask("CE SITE NE MARCHE PAS, C'EST NUL", kFr), "signal: all_caps"));
}

TEST_CASE("Capitals alone are not frustration, and frustration never blocks an answer",
          "[engine]") {
  // ALL CAPS on an answerable question: noted, still answered, not frustrated.
  for (const auto& [query, context, entry] :
       {std::tuple{"OPENING HOURS", kEn, "office-hours"},
        std::tuple{"HEURES D'OUVERTURE", kFr, "office-hours"}}) {
    const AskResult result = Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kAnswer);
    CHECK(result.entry_id == entry);
    CHECK_FALSE(result.frustrated);
    CHECK(Explains(result, "signal: all_caps"));
  }
  // ALL CAPS on a question nobody can answer: an ordinary hand-off.
  const AskResult shouted = Ask("WHO WON THE HOCKEY GAME", kEn);
  CHECK(shouted.decision == Decision::kHandoff);
  CHECK(shouted.reason != HandoffReason::kFrustration);
  // A repeated question that can be answered is answered again, with the
  // frustration reported for the agent queue.
  const AskResult again =
      Ask("how do I renew my passport",
          Page(TextLanguage::kEnglish, {{"how do I renew my passport", TurnOutcome::kAnswered}}));
  INFO(Describe(again));
  CHECK(again.decision == Decision::kAnswer);
  CHECK(again.entry_id == "passport-renewal");
  CHECK(again.frustrated);
}

// ---------------------------------------------------------------------------
// Patterns, entities, follow-ups, explanations

TEST_CASE("An editor's RE2 pattern forces its entry over the classifier", "[engine]") {
  // The words are about opening hours; the form code matches passport-renewal's pattern.
  const AskResult result = Ask("where do I find form PPT 54, what time do you open", kEn);
  INFO(Describe(result));
  CHECK(result.decision == Decision::kAnswer);
  CHECK(result.entry_id == "passport-renewal");
  CHECK(Explains(result, "classifier: office-hours"));  // what the classifier preferred
  CHECK(Explains(result, "pattern: (?i)\\bppt[- ]?54\\b"));
  // Case-insensitive as written, in French too; a near miss does not match.
  CHECK(Ask("formulaire ppt-54", kFr).entry_id == "passport-renewal");
  CHECK_FALSE(Explains(Ask("formulaire PPT-540", kFr), "pattern:"));
}

TEST_CASE("Entities are returned with the decision", "[engine]") {
  const AskResult address = Ask("my postal code is K1A 0B1, how do I change my address", kEn);
  CHECK(address.decision == Decision::kAnswer);
  CHECK(address.entry_id == "change-of-address");
  REQUIRE(address.entities.size() == 1);
  CHECK(address.entities[0].type == "postal_code");
  CHECK(address.entities[0].value == "K1A 0B1");

  const AskResult moved =
      Ask("j'ai déménagé le 3 mars 2026, mon courriel est Marie@Exemple.ca", kFr);
  REQUIRE(moved.entities.size() == 2);
  CHECK(moved.entities[0].type == "date");
  CHECK(moved.entities[0].value == "2026-03-03");
  CHECK(moved.entities[1].type == "email");
  CHECK(moved.entities[1].value == "marie@exemple.ca");

  // Also on a hand-off, so that the agent gets them.
  const AskResult callback = Ask("je veux parler à un agent, mon numéro est le 613-555-0123", kFr);
  CHECK(callback.reason == HandoffReason::kAskedForHuman);
  REQUIRE(callback.entities.size() == 1);
  CHECK(callback.entities[0].type == "phone");
  CHECK(callback.entities[0].value == "6135550123");
}

TEST_CASE("A short follow-up is read with the previous question", "[engine]") {
  // Alone, "et pour les enfants ?" could be several entries; after a question about
  // passport fees it asks for the children's fee.
  const AskResult alone = Ask("et pour les enfants ?", kFr);
  CHECK(alone.decision != Decision::kAnswer);
  const AskResult follow_up =
      Ask("et pour les enfants ?",
          Page(TextLanguage::kFrench, {{"combien coûte un passeport", TurnOutcome::kAnswered}}));
  INFO(Describe(follow_up));
  CHECK(follow_up.decision == Decision::kAnswer);
  CHECK(follow_up.entry_id == "passport-fees");
  CHECK(follow_up.language == TextLanguage::kFrench);
  CHECK(Explains(follow_up, "context: read as a follow-up of \"combien coûte un passeport\""));

  const AskResult english = Ask(
      "what about for kids?",
      Page(TextLanguage::kEnglish, {{"how much does a passport cost", TurnOutcome::kAnswered}}));
  INFO(Describe(english));
  CHECK(english.decision == Decision::kAnswer);
  CHECK(english.entry_id == "passport-fees");

  // Only the last turn is the context: an older question about fees does not count.
  const AskResult older =
      Ask("et pour les enfants ?",
          Page(TextLanguage::kFrench, {{"combien coûte un passeport", TurnOutcome::kAnswered},
                                       {"heures d'ouverture", TurnOutcome::kAnswered}}));
  CHECK_FALSE(Explains(older, "context: read as a follow-up of \"combien coûte"));
  // A question that is answered alone is not reread.
  const AskResult complete =
      Ask("comment changer mon adresse",
          Page(TextLanguage::kFrench, {{"combien coûte un passeport", TurnOutcome::kAnswered}}));
  CHECK(complete.entry_id == "change-of-address");
  CHECK_FALSE(Explains(complete, "context:"));
}

TEST_CASE("Every decision explains itself, even on a question without words", "[engine]") {
  const std::pair<const char*, AskContext> cases[] = {
      {"", kFr},
      {"   ", kEn},
      {"😀😀😀", kEn},
      {"renouveler mon passeport", kFr},
      {"passeport", kFr},
      {"recette de crêpes", kFr},
      {"money", kEn},
      {"agent please", kEn},
      {"je veux me suicider", kFr},
      {"I want to make a complaint", kEn},
      {"you are useless, stupid bot", kEn},
      {"formulaire PPT-54", kFr},
  };
  for (const auto& [query, context] : cases) {
    const AskResult result = Ask(query, context);
    INFO(query);
    CHECK_FALSE(result.explanation.empty());
    for (const std::string& line : result.explanation) CHECK_FALSE(line.empty());
  }
}

TEST_CASE("Decision, reason and suggestions are always consistent", "[engine]") {
  // Found by engine_ask_fuzz: a frustrated visitor whose question was ambiguous got a
  // hand-off that still carried the clarification's suggestions.
  const char* questions[] = {"passeport",
                             "et pour les enfants ?",
                             "what about for kids?",
                             "form",
                             "money",
                             "renouveler mon passeport",
                             "recette de crêpes",
                             "agent please",
                             "je veux me suicider",
                             "I want to make a complaint"};
  const char* moods[] = {"", " c'est nul, ça marche pas", " this is useless!!!", " ???"};
  for (const char* question : questions) {
    for (const char* mood : moods) {
      const std::string query = std::string(question) + mood;
      const AskResult r = Ask(query, kFr);
      INFO(query << " -> " << Describe(r));
      switch (r.decision) {
        case Decision::kAnswer:
          CHECK(r.reason == HandoffReason::kNone);
          CHECK_FALSE(r.entry_id.empty());
          CHECK(r.suggestions.empty());
          break;
        case Decision::kClarify:
          CHECK(r.reason == HandoffReason::kNone);
          CHECK(r.suggestions.size() >= 2);
          CHECK(r.suggestions.size() <= 3);
          break;
        case Decision::kHandoff:
          CHECK(r.reason != HandoffReason::kNone);
          CHECK(r.suggestions.empty());
          break;
      }
      CHECK(r.confidence >= 0);
      CHECK(r.confidence <= 1);
      // A frustrated visitor is never left with a clarification.
      if (r.frustrated) CHECK(r.decision != Decision::kClarify);
    }
  }
}

TEST_CASE("Ask is deterministic and keeps no state between calls", "[engine]") {
  const AskContext context =
      Page(TextLanguage::kFrench, {{"combien coûte un passeport", TurnOutcome::kAnswered}});
  const KnowledgeBase& kb = Fixture().knowledge_base();
  const std::string first = AskResultToJson(Ask("et pour les enfants ?", context), kb);
  Ask("you are useless, stupid bot", kEn);  // unrelated calls in between
  Ask("je veux parler à un agent", kFr);
  CHECK(AskResultToJson(Ask("et pour les enfants ?", context), kb) == first);
  // A second engine compiled from the same sources decides the same.
  const Engine other = CompileEngine(kFixtureKb);
  CHECK(AskResultToJson(other.Ask("et pour les enfants ?", context), other.knowledge_base()) ==
        first);
}

// ---------------------------------------------------------------------------
// Bad input: every case has a defined result

TEST_CASE("An empty or blank question is a low-confidence hand-off", "[engine][bad-input]") {
  for (const char* query : {"", "   ", "\n\t", "?!...", "\xC2\xA0"}) {
    const AskResult result = Ask(query, kFr);
    INFO('"' << query << "\" -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.reason == HandoffReason::kLowConfidence);
    CHECK(result.entry_id.empty());
    CHECK(result.confidence == 0);
    CHECK(result.suggestions.empty());
    CHECK(result.entities.empty());
    CHECK_FALSE(result.frustrated);
    CHECK(result.language == TextLanguage::kFrench);  // the page's
  }
}

TEST_CASE("An emoji-only question is a low-confidence hand-off", "[engine][bad-input]") {
  for (const char* query : {"😀", "😀😀😀", "👍🏽🙏❤️", "🇫🇷 🇨🇦"}) {
    const AskResult result = Ask(query, kEn);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.reason == HandoffReason::kLowConfidence);
    CHECK(result.entry_id.empty());
    CHECK(result.entities.empty());
  }
  // Emoji around words do not hide the words.
  CHECK(Ask("🙏 renew my passport 🙏", kEn).entry_id == "passport-renewal");
}

// Correctness only: how long a 1 MB question takes is a benchmark figure
// (`make bench`, engine_long_question), never a bound in a unit test.
TEST_CASE("A 1 MB question is cut to the query budget and still answered", "[engine][bad-input]") {
  std::string repeated;
  while (repeated.size() < (1u << 20)) repeated += "renouveler mon passeport ";
  const std::string letters(1u << 20, 'a');
  std::string accents;
  while (accents.size() < (1u << 20)) accents += "é";
  accents += "x";  // odd length: the cut must fall on a character boundary

  const AskResult renew = Ask(repeated, kFr);
  const AskResult a = Ask(letters, kEn);
  const AskResult e = Ask(accents, kFr);

  CHECK(renew.decision == Decision::kAnswer);
  CHECK(renew.entry_id == "passport-renewal");
  CHECK(a.decision == Decision::kHandoff);
  CHECK(e.decision == Decision::kHandoff);
  // The cut question gives the same decision as its first kMaxQueryBytes bytes.
  const KnowledgeBase& kb = Fixture().knowledge_base();
  CHECK(AskResultToJson(renew, kb) ==
        AskResultToJson(Ask(std::string_view(repeated).substr(0, kMaxQueryBytes), kFr), kb));
  // Whatever the cut, the JSON stays valid.
  CHECK_FALSE(nlohmann::json::parse(AskResultToJson(e, kb), nullptr, false).is_discarded());
}

TEST_CASE("Invalid UTF-8 is read as separators, never crashes", "[engine][bad-input]") {
  const KnowledgeBase& kb = Fixture().knowledge_base();
  // Invalid bytes between valid words: the words still count.
  const AskResult mixed = Ask("renouveler\xFF mon\xC3 passeport\xED\xA0\x80", kFr);
  CHECK(mixed.decision == Decision::kAnswer);
  CHECK(mixed.entry_id == "passport-renewal");
  // Only invalid bytes: nothing to go on.
  for (std::string_view query :
       {std::string_view("\xFF\xFE\xFD"), std::string_view("\xC3"),
        std::string_view("\x80\x80\x80\x80"), std::string_view("a\0b", 3)}) {
    const AskResult result = Ask(query, kFr);
    CHECK(result.decision == Decision::kHandoff);
    // The JSON of any result is valid, whatever bytes came in.
    const std::string json = AskResultToJson(result, kb);
    CHECK_FALSE(nlohmann::json::parse(json, nullptr, false).is_discarded());
  }
  // Invalid bytes in the history and in a frustrated message's evidence.
  const AskResult history =
      Ask("NUL\xFF NUL\xFF",
          Page(TextLanguage::kFrench, {{"\xFF\xFE passeport \xC3", TurnOutcome::kNoAnswer}}));
  CHECK_FALSE(nlohmann::json::parse(AskResultToJson(history, kb), nullptr, false).is_discarded());
}

TEST_CASE("A long history is cut to the last turns", "[engine][bad-input]") {
  std::vector<ConversationTurn> history(1000, {"renouveler mon passeport", TurnOutcome::kAnswered});
  history.push_back({"combien coûte un passeport", TurnOutcome::kAnswered});
  const AskResult result = Ask("et pour les enfants ?", Page(TextLanguage::kFrench, history));
  CHECK(result.decision == Decision::kAnswer);
  CHECK(result.entry_id == "passport-fees");
}

// The bundle with every model but the classifier removed: what relais-kb wrote
// before it stored the entry vocabulary and the call-back entries.
std::string WithoutDerivedModels(const std::string& bundle) {
  return sqlite_testing::Modified(
      bundle, "DELETE FROM model WHERE name <> '" + std::string(kClassifierModelName) + "'");
}

TEST_CASE("A bundle read without its example questions answers the same", "[engine]") {
  const std::string bundle = testing::CompileBundle(kFixtureKb);
  const auto load = [](const std::string& bytes, KbQuestions questions) {
    Result<KnowledgeBase> knowledge_base = KnowledgeBase::FromBundle(bytes, questions);
    REQUIRE(knowledge_base.ok());
    return Engine::Create(knowledge_base.value());
  };
  Result<Engine> skipped = load(bundle, KbQuestions::kSkip);
  REQUIRE(skipped.ok());
  const KnowledgeBase& kb = skipped.value().knowledge_base();
  CHECK(kb.questions().empty());
  CHECK(kb.info().question_count == Fixture().knowledge_base().questions().size());

  // An older bundle derives the models from its questions, so it needs them.
  const std::string older = WithoutDerivedModels(bundle);
  Result<Engine> derived = load(older, KbQuestions::kRead);
  REQUIRE(derived.ok());
  const Status refused = load(older, KbQuestions::kSkip).status();
  CHECK(refused.code() == StatusCode::kCorrupt);
  CHECK(refused.message().find("rebuild it with relais-kb build") != std::string::npos);

  for (const auto& [query, context] :
       {std::pair{"quelles sont vos heures d'ouverture", kFr},
        std::pair{"how much does a passport cost", kEn}, std::pair{"rappelez-moi svp", kFr},
        std::pair{"je veux parler à quelqu'un", kFr}, std::pair{"recette de crêpes", kFr},
        std::pair{"my postal code is K1A 0B1", kEn}}) {
    const std::string expected = AskResultToJson(Fixture().Ask(query, context), kb);
    INFO(query);
    CHECK(AskResultToJson(skipped.value().Ask(query, context), kb) == expected);
    CHECK(AskResultToJson(derived.value().Ask(query, context), kb) == expected);
  }
}

// A knowledge base of one entry, written to a temporary directory.
std::string WriteSingleEntryKb() {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("relais-engine-test-single-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "entries" / "offices");
  std::ofstream(dir / "service.md") << R"(---
id: single
name-en: Single Service
name-fr: Service unique
---
)";
  std::ofstream(dir / "entries" / "offices" / "office-hours.md") << R"(---
id: office-hours
category: offices
owner: Service Centres
reviewed: 2026-03-01
---

# en: Opening hours

## Questions
- what time do you open
- opening hours
- are you open on Saturday
- when do you close today
- are you open right now

## Answer
Monday to Friday, 9 a.m. to 5 p.m.

# fr: Heures d'ouverture

## Questions
- à quelle heure ouvrez-vous
- heures d'ouverture
- êtes-vous ouverts le samedi
- à quelle heure fermez-vous aujourd'hui
- êtes-vous ouverts maintenant

## Answer
Du lundi au vendredi, de 9 h à 17 h.
)";
  return dir.string();
}

TEST_CASE("A knowledge base with a single entry answers it and hands off the rest",
          "[engine][bad-input]") {
  const std::string dir = WriteSingleEntryKb();
  const Engine engine = CompileEngine(dir);
  std::filesystem::remove_all(dir);
  REQUIRE(engine.knowledge_base().entries().size() == 1);

  for (const auto& [query, context] : {std::pair{"what are your opening hours", kEn},
                                       std::pair{"quelles sont vos heures d'ouverture", kFr}}) {
    const AskResult result = engine.Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kAnswer);
    CHECK(result.entry_id == "office-hours");
  }
  // With one entry there is nothing to choose between: never a clarification, and
  // what does not resemble the entry is handed off.
  for (const auto& [query, context] :
       {std::pair{"how do I renew my passport", kEn}, std::pair{"recette de crêpes", kFr},
        std::pair{"", kEn}, std::pair{"😀", kFr}}) {
    const AskResult result = engine.Ask(query, context);
    INFO(query << " -> " << Describe(result));
    CHECK(result.decision == Decision::kHandoff);
    CHECK(result.suggestions.empty());
  }
}

}  // namespace
}  // namespace relais::engine
