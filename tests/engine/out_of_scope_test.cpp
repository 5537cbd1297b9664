// Engine::Ask on questions that look like an entry but are not about it, and on
// questions about contact options: the decision rules of the out-of-scope check
// (entry_vocabulary.h, calibration.h) and of call-back and live-chat requests
// (engine.cc, handoff.cc), end to end.
//
// The knowledge base is the demo service (knowledge-base/demo), compiled as
// `relais-kb build` does: its 94 entries and ~120 out-of-scope calibration
// questions are what the calibrated policy needs (with fewer than 50, relais-kb
// keeps the engine's defaults). The questions here are not those of its
// regression files (tests/en.txt, tests/fr.txt): those run as their own CTest.
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"
#include "relais/kb/bundle_writer.h"
#include "relais/kb/confusion.h"
#include "relais/kb/parser.h"
#include "relais/kb/training.h"

namespace relais::engine {
namespace {

constexpr TextLanguage kEn = TextLanguage::kEnglish;
constexpr TextLanguage kFr = TextLanguage::kFrench;

Engine Compile(const std::string& directory) {
  kb::Diagnostics diagnostics;
  const kb::KnowledgeBaseSource source = kb::LoadKnowledgeBase(directory, &diagnostics);
  REQUIRE_FALSE(diagnostics.has_errors());
  const std::vector<kb::LabeledQuestion> questions = kb::CollectQuestions(source);
  Result<kb::CrossValidation> cross_validation =
      kb::CrossValidateClassifier(questions, source.calibration, kb::CollectEntryTexts(source));
  REQUIRE(cross_validation.ok());
  Result<std::string> model = kb::TrainClassifier(questions, cross_validation.value());
  REQUIRE(model.ok());
  kb::BundleOptions options;
  options.models.emplace_back(std::string(kClassifierModelName), std::move(model.value()));
  Result<std::string> bundle = kb::BuildBundle(source, options);
  REQUIRE(bundle.ok());
  Result<KnowledgeBase> knowledge_base = KnowledgeBase::FromBundle(bundle.value());
  REQUIRE(knowledge_base.ok());
  Result<Engine> engine = Engine::Create(knowledge_base.value());
  REQUIRE(engine.ok());
  return std::move(engine.value());
}

const Engine& Demo() {
  static const Engine engine = Compile(RELAIS_SOURCE_DIR "/knowledge-base/demo");
  return engine;
}

AskResult Ask(const Engine& engine, std::string_view question, TextLanguage page) {
  AskContext context;
  context.page_language = page;
  return engine.Ask(question, context);
}

std::string Describe(const AskResult& r) {
  std::string text = std::string(DecisionName(r.decision)) + " " + std::string(vocabulary::Name(r.reason)) +
                     " [" + r.entry_id + "]";
  for (const std::string& line : r.explanation) text += " | " + line;
  return text;
}

bool Explains(const AskResult& r, std::string_view line) {
  for (const std::string& explanation : r.explanation) {
    if (explanation.find(line) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("a lookalike of an entry about something else is handed off as out of scope") {
  // Each borrows the frame of "Renew your passport" (or "How to pay for your
  // passport") but names what that entry never mentions.
  for (const auto& [question, page] : {
           std::pair{"how do I renew my fishing permit", kEn},
           std::pair{"how can I renew my boat licence", kEn},
           std::pair{"comment renouveler mon bail d'appartement", kFr},
           std::pair{"how do I pay my hydro bill", kEn},
           std::pair{"à quelle heure ouvre la quincaillerie", kFr},
       }) {
    const AskResult r = Ask(Demo(), question, page);
    INFO(question << " -> " << Describe(r));
    CHECK(r.decision == Decision::kHandoff);
    CHECK(r.reason == HandoffReason::kOutOfScope);
    CHECK_FALSE(r.entry_id.empty());  // still routed and explained to the agent
    CHECK(Explains(r, "never uses"));
  }
  const AskResult permit = Ask(Demo(), "how do I renew my fishing permit", kEn);
  CHECK(Explains(permit, "scope: passport-renewal never uses \"fishing\", \"permit\""));
}

TEST_CASE("the same frame about the entry's own subject is answered") {
  for (const auto& [question, page, entry] : {
           std::tuple{"I need to renew my passport soon", kEn, "passport-renewal"},
           std::tuple{"je dois renouveler mon passeport bientôt", kFr, "passport-renewal"},
           std::tuple{"what time does the Port Ashby office open", kEn, "office-hours"},
       }) {
    const AskResult r = Ask(Demo(), question, page);
    INFO(question << " -> " << Describe(r));
    CHECK(r.decision == Decision::kAnswer);
    CHECK(r.entry_id == entry);
    CHECK(Explains(r, "words of the entry"));
  }
}

TEST_CASE("a question the out-of-scope examples explain better than any entry is handed off") {
  const AskResult r = Ask(Demo(), "comment renouveler ma carte d'assurance maladie", kFr);
  INFO(Describe(r));
  CHECK(r.decision == Decision::kHandoff);
  CHECK(r.reason == HandoffReason::kOutOfScope);
}

TEST_CASE(
    "contact options: call-back and chat-hours questions are answered, requests for a "
    "person are handed off") {
  for (const auto& [question, page, entry] : {
           std::tuple{"could you call me back tomorrow morning", kEn, "contact-callback"},
           std::tuple{"pouvez-vous me rappeler demain", kFr, "contact-callback"},
           std::tuple{"when does the live chat open on saturday", kEn, "contact-chat-hours"},
           std::tuple{"quand le clavardage en direct ouvre-t-il", kFr, "contact-chat-hours"},
       }) {
    const AskResult r = Ask(Demo(), question, page);
    INFO(question << " -> " << Describe(r));
    CHECK(r.decision == Decision::kAnswer);
    CHECK(r.entry_id == entry);
  }
  CHECK(Explains(Ask(Demo(), "could you call me back tomorrow morning", kEn),
                 "entry: contact-callback answers call-back requests"));
  for (const auto& [question, page] : {
           std::pair{"I want live chat now", kEn},
           std::pair{"talk to a person", kEn},
           std::pair{"representative", kEn},
           std::pair{"agent", kEn},
           std::pair{"un humain svp", kFr},
       }) {
    const AskResult r = Ask(Demo(), question, page);
    INFO(question << " -> " << Describe(r));
    CHECK(r.decision == Decision::kHandoff);
    CHECK(r.reason == HandoffReason::kAskedForHuman);
  }
}

TEST_CASE("a call-back request goes to a person when no entry is written for call-backs") {
  // The library fixture has no call-back entry.
  const Engine library = Compile(RELAIS_SOURCE_DIR "/tests/knowledge-base/good");
  const AskResult r = Ask(library, "can you call me back please", kEn);
  INFO(Describe(r));
  CHECK(r.decision == Decision::kHandoff);
  CHECK(r.reason == HandoffReason::kAskedForHuman);
}

}  // namespace
}  // namespace relais::engine
