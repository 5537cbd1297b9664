#include "relais/engine/signals.h"

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/random_text.h"

namespace relais::engine {
namespace {

using testing::RandomText;

bool Requested(std::string_view text) { return DetectHandoffRequest(text).requested; }

// ---------------------------------------------------------------------------
// Hand-off requests

TEST_CASE("explicit requests for a person, French") {
  for (std::string_view text : {
           "parler à un agent",
           "Parler a un agent",
           "je veux parler à quelqu'un",
           "je veux parler a qqn",
           "un humain svp",
           "humain",
           "conseiller",
           "une vraie personne",
           "une vraie personne svp",
           "je voudrais parler à un conseiller",
           "est-ce que je peux parler à un agent concernant mon dossier",
           "pouvez-vous me transférer à un agent",
           "passez-moi un agent",
           "j'ai besoin d'un humain",
           "je veux un agent",
           "agent svp",
           "parlé a un agant",  // typos, missing accent
           "parler avec un être humain",
           "discuter avec une personne",
           "joindre un préposé",
           "contacter le service à la clientèle",
           "je ne peux pas parler à un agent?",  // inability, still a request
           "bonjour, un conseiller svp merci",
           "PARLER À UN AGENT!!!",
       }) {
    INFO(text);
    CHECK(Requested(text));
  }
}

TEST_CASE("explicit requests for a person, English") {
  for (std::string_view text : {
           "talk to a person",
           "speak to someone",
           "representative",
           "agent",
           "human please",
           "live agent",
           "I want to talk to a real person",
           "can I speak with an agent",
           "transfer me to a representative",
           "connect me with someone",
           "get me a human",
           "i need a human",
           "Speak to an agent about travel agent fees",
           "AGENT!!!",
           "agent pls",
           "representitive",  // typo
           "talk to customer service",
           "how can I reach someone?",
           "operator",
           "why can't I talk to a person",
           "no, I want a human",
           "speek to somone",
           "let me talk to your supervisor",
       }) {
    INFO(text);
    CHECK(Requested(text));
  }
}

TEST_CASE("call-back and live-chat requests") {
  const HandoffRequest call = DetectHandoffRequest("can someone call me back please");
  CHECK(call.requested);
  CHECK(call.callback);
  CHECK(call.evidence == "call me");
  CHECK(DetectHandoffRequest("call me").callback);
  CHECK(DetectHandoffRequest("Please call me at 613-555-0199").callback);
  CHECK(DetectHandoffRequest("rappelez-moi svp").callback);
  CHECK(DetectHandoffRequest("pouvez-vous me rappeler demain").callback);
  CHECK(DetectHandoffRequest("vous pouvez m'appeler au 613 555 0199").callback);

  const HandoffRequest live = DetectHandoffRequest("is live chat available?");
  CHECK(live.requested);
  CHECK(live.live_chat);
  CHECK(DetectHandoffRequest("chat en direct").live_chat);
}

TEST_CASE("mentions of people that are not requests") {
  for (std::string_view text : {
           "how do I become an agent",
           "travel agent fees",
           "agent de voyage",
           "can I apply in person",
           "rendez-vous en personne",
           "human rights",
           "droits de la personne",
           "ressources humaines",
           "human resources department",
           "who is my representative",
           "do I need a representative to apply",
           "I talked to an agent yesterday",
           "j'ai parlé à un agent hier",
           "I don't want to talk to an agent",
           "je ne veux pas parler à un agent",
           "personne ne répond",
           "pouvez-vous me conseiller sur mes impôts",
           "j'ai besoin d'argent",
           "what does an immigration officer check",
           "call me Sam",
           "they call me every day",
           "what will you call me",
           "ça me rappelle quelque chose",
           "pour me rappeler de payer",
           "je m'appelle Marie",
           "do you speak French",
           "parlez-vous anglais",
           "contact us",
           "transfer my file to another office",
           "am I talking to a human?",
           "is this a real person",
           "my agent said it was approved",
           "",
       }) {
    INFO(text);
    const HandoffRequest r = DetectHandoffRequest(text);
    CHECK_FALSE(r.requested);
    CHECK(r.evidence.empty());
  }
}

TEST_CASE("questions about when people or the live chat can be reached are not requests") {
  for (std::string_view text : {
           "what hours is the live chat open",
           "When is live chat available?",
           "live chat schedule",
           "what time can I chat with an agent",
           "how long is the wait for a chat agent",
           "à quelles heures le clavardage en direct est-il ouvert",
           "horaire du clavardage en direct",
           "à quelle heure puis-je clavarder avec un agent",
           "quand le clavardage en direct est-il offert ?",
       }) {
    INFO(text);
    CHECK_FALSE(Requested(text));
  }
  // Hours mentioned in passing, or a closed file, do not make a request a question.
  for (std::string_view text : {
           "I've waited 2 hours, I want a human",
           "my file is closed, I want to talk to an agent",
           "mon dossier est fermé, je veux parler à un agent",
           "live chat please",
           "un humain svp",
           "representative",
       }) {
    INFO(text);
    CHECK(Requested(text));
  }
}

TEST_CASE("stories about an agent and the present tense are not requests") {
  for (std::string_view text : {
           "l'agente m'a beaucoup aidé, comment la remercier",
           "the agent has already called me",
           "est-ce que je parle à une vraie personne",
       }) {
    INFO(text);
    CHECK_FALSE(Requested(text));
  }
  CHECK(Requested("je veux parler à une vraie personne"));
  CHECK(Requested("un agent, s'il vous plaît"));
}

TEST_CASE("a call-back request stays flagged as one") {
  // Engine::Ask decides whether an entry written for call-backs answers it.
  const HandoffRequest r = DetectHandoffRequest("can I get someone to phone me back");
  CHECK(r.requested);
  CHECK(r.callback);
}

TEST_CASE("hand-off evidence names the words that matched") {
  CHECK(DetectHandoffRequest("Je veux parler à un agent").evidence == "parler a un agent");
  CHECK(DetectHandoffRequest("un humain svp").evidence == "humain");
  CHECK(DetectHandoffRequest("talk to a real person please").evidence == "talk to a real person");
}

// ---------------------------------------------------------------------------
// Frustration

Frustration Frustrated(std::string_view text) { return DetectFrustration(text, {}); }

TEST_CASE("complaint words and profanity make a visitor frustrated") {
  for (std::string_view text : {
           "useless",
           "this is useless",
           "stupid bot",
           "ridiculous",
           "ça ne marche pas",
           "ca marche pas",
           "n'importe quoi",
           "c'est nul",
           "tu sers à rien",
           "inutile",
           "you don't understand",
           "waste of time",
           "perte de temps",
           "j'en ai marre",
           "this is not working",
           "tu comprends rien",
           "usless",  // typo
           "fucking hell",
           "merde",
           "tabarnak",
       }) {
    INFO(text);
    const Frustration f = Frustrated(text);
    CHECK(f.frustrated);
    CHECK(f.level >= 2);
    CHECK_FALSE(f.reasons.empty());
  }
}

TEST_CASE("ordinary messages are not frustrated") {
  for (std::string_view text : {
           "my card is not working",
           "ma carte ne marche pas",
           "I'm not working right now",
           "garbage collection schedule",
           "collecte des ordures",
           "nulle part",
           "tante Marie",
           "mot de passe oublié",
           "is it free?",
           "combien ça coûte ?",
           "SVP",
           "NAS perdu",
           "merci beaucoup!",
           "what are your hours?",
           "peu importe quoi",
           "",
       }) {
    INFO(text);
    const Frustration f = Frustrated(text);
    CHECK(f.level == 0);
    CHECK_FALSE(f.frustrated);
    CHECK(f.reasons.empty());
  }
}

TEST_CASE("caps and repeated punctuation are mild on their own") {
  Frustration f = Frustrated("WHERE IS MY PASSPORT");
  CHECK(f.level == 1);
  CHECK_FALSE(f.frustrated);
  REQUIRE(f.reasons.size() == 1);
  CHECK(f.reasons[0].code == "all_caps");

  f = Frustrated("where is my passport???");
  CHECK(f.level == 1);
  REQUIRE(f.reasons.size() == 1);
  CHECK(f.reasons[0] == SignalReason{"repeated_punctuation", "???"});

  CHECK(Frustrated("where is it??").level == 0);  // puzzled, not exasperated
  CHECK(Frustrated("really?!").level == 1);

  f = Frustrated("WHERE IS MY PASSPORT!!!");  // both: frustrated
  CHECK(f.level == 2);
  CHECK(f.frustrated);
}

TEST_CASE("several signals raise the level to 3") {
  const Frustration f = Frustrated("THIS IS FUCKING USELESS!!!");
  CHECK(f.level == 3);
  CHECK(f.reasons.size() == 4);
  CHECK(Frustrated("c'est nul, ça marche pas, tu comprends rien").level == 3);
}

TEST_CASE("the same question asked again after an answer is frustration") {
  const std::vector<ConversationTurn> history = {
      {"how do I renew my passport", TurnOutcome::kAnswered},
  };
  Frustration f = DetectFrustration("renew passport??", history);
  CHECK(f.frustrated);
  CHECK(f.level == 2);
  bool repeated = false;
  for (const SignalReason& r : f.reasons) repeated |= r.code == "repeated_question";
  CHECK(repeated);

  // A different question is not a repeat.
  CHECK(DetectFrustration("what are your opening hours", history).level == 0);
  // After a hand-off, asking again is not held against the engine.
  const std::vector<ConversationTurn> handed = {{"renew my passport", TurnOutcome::kHandedOff}};
  CHECK(DetectFrustration("renew my passport", handed).level == 0);

  // Twice repeated, with failures: very frustrated.
  const std::vector<ConversationTurn> twice = {
      {"mot de passe oublié", TurnOutcome::kNoAnswer},
      {"j'ai oublié mon mot de passe", TurnOutcome::kNoAnswer},
  };
  f = DetectFrustration("mot de passe oublie!!!", twice);
  CHECK(f.level == 3);
}

TEST_CASE("repeated questions are recognised through typos, accents and stop words") {
  CHECK(IsRepeatedQuestion("how do I renew my passport", "renew passport"));
  CHECK(IsRepeatedQuestion("Passeport perdu", "j'ai perdu mon passeport"));
  CHECK(IsRepeatedQuestion("heures d'ouverture", "heures douverture?"));
  CHECK(IsRepeatedQuestion("renouvellement passeport", "renouveler passeport"));
  CHECK_FALSE(IsRepeatedQuestion("lost passport", "lost health card"));
  CHECK_FALSE(IsRepeatedQuestion("passeport", "permis de conduire"));
  CHECK_FALSE(IsRepeatedQuestion("", ""));
  CHECK_FALSE(IsRepeatedQuestion("??", "!!"));
}

TEST_CASE("two failed turns in a row add to frustration") {
  const std::vector<ConversationTurn> failures = {
      {"question one", TurnOutcome::kNoAnswer},
      {"question two", TurnOutcome::kClarified},
  };
  const Frustration f = DetectFrustration("something else", failures);
  CHECK(f.level == 1);
  REQUIRE(f.reasons.size() == 1);
  CHECK(f.reasons[0].code == "repeated_failures");
}

// ---------------------------------------------------------------------------
// Sensitive topics

TEST_CASE("sensitive topics are detected and categorised") {
  struct Case {
    std::string_view text;
    std::string_view category;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"I want to kill myself", "self_harm"},
           {"je veux mourir", "self_harm"},
           {"pensées suicidaires", "self_harm"},
           {"sucide", "self_harm"},
           {"je vais me faire du mal", "self_harm"},
           {"I'm going to kill you", "violence"},
           {"il y a une bombe", "violence"},
           {"menace de mort", "violence"},
           {"my husband hits me", "abuse"},
           {"violence conjugale", "abuse"},
           {"agression sexuelle", "abuse"},
           {"c'est une urgence", "emergency"},
           {"emergency!!!", "emergency"},
           {"je suis en danger", "emergency"},
           {"my life is in danger", "emergency"},
           {"call 911", "emergency"},
           {"AU SECOURS", "emergency"},
       }) {
    INFO(c.text);
    const SensitiveTopic t = DetectSensitiveTopic(c.text);
    CHECK(t.detected);
    CHECK(t.category == c.category);
    CHECK_FALSE(t.evidence.empty());
  }
}

TEST_CASE("service names and ordinary words are not sensitive") {
  for (std::string_view text : {
           "emergency passport",
           "passeport d'urgence",
           "prestation canadienne d'urgence",
           "emergency contact number",
           "demande urgente",
           "c'est urgent",
           "is it dangerous to travel to Brazil",
           "danger level for Mexico",
           "crise du logement",
           "kill the process",
           "photo bomb",
           "viole la loi",
           "record battu",
           "this is killing me slowly with paperwork",
           "",
           "emergency savings account",
           "how do I apply for emergency travel documents",
       }) {
    INFO(text);
    CHECK_FALSE(DetectSensitiveTopic(text).detected);
  }
}

// ---------------------------------------------------------------------------
// All together

TEST_CASE("AnalyzeMessage combines the signals into a priority") {
  MessageSignals s = AnalyzeMessage("je veux mourir", {});
  CHECK(s.wants_human);
  CHECK(s.urgency == Urgency::kUrgent);
  REQUIRE_FALSE(s.reasons.empty());
  CHECK(s.reasons[0] == SignalReason{"sensitive_topic", "self_harm"});

  s = AnalyzeMessage("agent svp, ça marche pas", {});
  CHECK(s.wants_human);
  CHECK(s.handoff.requested);
  CHECK(s.frustration.frustrated);
  CHECK(s.urgency == Urgency::kElevated);
  REQUIRE(s.reasons.size() >= 2);
  CHECK(s.reasons[0].code == "handoff_request");

  s = AnalyzeMessage("THIS IS FUCKING USELESS!!!", {});
  CHECK_FALSE(s.wants_human);  // frustration alone: the host decides
  CHECK(s.urgency == Urgency::kHigh);

  s = AnalyzeMessage("call me back", {});
  CHECK(s.reasons.at(0).code == "callback_request");

  s = AnalyzeMessage("heures d'ouverture", {});
  CHECK_FALSE(s.wants_human);
  CHECK(s.urgency == Urgency::kNormal);
  CHECK(s.reasons.empty());
}

TEST_CASE("edge cases: emoji, invalid UTF-8, huge input, long history") {
  for (std::string_view text : {"😀😀😀", "\xff\xfe\xfd", "\xc3", "!!!!!!!!!!"}) {
    const MessageSignals s = AnalyzeMessage(text, {});
    CHECK_FALSE(s.wants_human);
    CHECK(s.urgency <= Urgency::kElevated);
  }
  CHECK(Requested("\xff agent \xfe"));

  std::string huge = "parler à un agent ";
  while (huge.size() < (1 << 20)) huge += "blah ";
  huge += " je veux mourir";  // beyond the budget: not read
  const std::string long_turn(kMaxSignalInputBytes * 2, 'a');
  std::vector<ConversationTurn> history(1000, ConversationTurn{long_turn, TurnOutcome::kNoAnswer});
  const auto start = std::chrono::steady_clock::now();
  const MessageSignals s = AnalyzeMessage(huge, history);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(s.handoff.requested);
  CHECK_FALSE(s.sensitive.detected);
  CHECK(elapsed < std::chrono::seconds(1));
}

}  // namespace
}  // namespace relais::engine

namespace relais::engine {
namespace {

TEST_CASE("random input: results stay within their documented ranges") {
  std::mt19937 rng(4242);
  std::vector<ConversationTurn> history;
  for (int i = 0; i < 2000; ++i) {
    const std::string text = RandomText(rng);
    const MessageSignals s = AnalyzeMessage(text, history);
    REQUIRE(s.frustration.level >= 0);
    REQUIRE(s.frustration.level <= 3);
    REQUIRE(s.frustration.frustrated == (s.frustration.level >= 2));
    REQUIRE(s.frustration.reasons.empty() == (s.frustration.level == 0));
    REQUIRE(s.handoff.requested == !s.handoff.evidence.empty());
    REQUIRE(s.sensitive.detected == !s.sensitive.category.empty());
    REQUIRE(s.wants_human == (s.handoff.requested || s.sensitive.detected));
    history.push_back({text, i % 3 == 0 ? TurnOutcome::kNoAnswer : TurnOutcome::kAnswered});
    if (history.size() > 12) history.erase(history.begin());
  }
}

}  // namespace
}  // namespace relais::engine
