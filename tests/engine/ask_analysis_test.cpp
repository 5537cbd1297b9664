// Engine::Ask analyses a question once (issue 12): every stage reads the one
// analysis (text/analyzed_question.h) instead of folding and splitting the text
// again. Before, one question went through FoldText up to nine times (language
// detection, three signal detectors and the frustration's content words, the
// classifier, the entries' vocabulary, the follow-up's word count, the explanation).
//
// How it is counted: this test is linked with --wrap on FoldText
// (tests/engine/CMakeLists.txt), so every call the engine makes to FoldText, the
// first step of every word analysis (Normalize, SplitWords, the signals' words,
// language detection), goes through WrappedFoldText below, which records the text
// and folds it with the real FoldText. The answers themselves are pinned by the
// golden tests; here only the number of analyses is.
//
// The knowledge base is tests/engine/golden/kb, compiled at test time by relais-kb.
#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "compile_engine.h"
#include "relais/engine/engine.h"

// The mangled name of relais::engine::FoldText(std::string_view) (Itanium ABI,
// libstdc++); CMake passes the same name to --wrap.
#define RELAIS_FOLD_TEXT_SYMBOL \
  "_ZN6relais6engine8FoldTextB5cxx11ESt17basic_string_viewIcSt11char_traitsIcEE"

std::string RealFoldText(std::string_view utf8) asm("__real_" RELAIS_FOLD_TEXT_SYMBOL);
std::string WrappedFoldText(std::string_view utf8) asm("__wrap_" RELAIS_FOLD_TEXT_SYMBOL);

namespace {
// The texts folded since the last Folds(), in order. Tests run on one thread.
std::vector<std::string>& FoldLog() {
  static std::vector<std::string> log;
  return log;
}
}  // namespace

std::string WrappedFoldText(std::string_view utf8) {
  FoldLog().emplace_back(utf8);
  return RealFoldText(utf8);
}

namespace relais::engine {
namespace {

const Engine& Fixture() {
  static const Engine engine = testing::CompileEngine(RELAIS_SOURCE_DIR "/tests/engine/golden/kb");
  return engine;
}

// Asks, and returns the texts the engine folded to answer.
std::vector<std::string> Folds(std::string_view query, const AskContext& context,
                               AskResult* result = nullptr) {
  const Engine& engine = Fixture();
  FoldLog().clear();
  AskResult answer = engine.Ask(query, context);
  if (result != nullptr) *result = std::move(answer);
  return std::move(FoldLog());
}

AskContext Page(TextLanguage language, std::vector<ConversationTurn> history = {}) {
  return AskContext{.page_language = language, .history = std::move(history)};
}

bool Explains(const AskResult& result, std::string_view prefix) {
  return std::any_of(result.explanation.begin(), result.explanation.end(),
                     [&](const std::string& line) { return line.starts_with(prefix); });
}

TEST_CASE("the wrapper sees the engine's folds", "[ask_analysis]") {
  // Without this, a build where --wrap did not apply would pass every test below
  // vacuously (no fold seen at all).
  const std::vector<std::string> folds =
      Folds("Combien coûte un passeport ?", Page(TextLanguage::kFrench));
  CHECK_FALSE(folds.empty());
}

TEST_CASE("a question answered by the classifier is analysed once", "[ask_analysis]") {
  for (std::string_view question :
       {"Combien coûte un passeport ?", "How much does a passport cost?", "passeport perdu"}) {
    INFO(question);
    AskResult result;
    const std::vector<std::string> folds = Folds(question, Page(TextLanguage::kFrench), &result);
    CHECK(folds == std::vector<std::string>{std::string(question)});
    CHECK_FALSE(result.entry_id.empty());
  }
}

TEST_CASE("an out-of-scope question and its explanation: analysed once", "[ask_analysis]") {
  AskResult result;
  const std::string question = "comment renouveler mon permis de conduire";
  const std::vector<std::string> folds = Folds(question, Page(TextLanguage::kFrench), &result);
  CHECK(result.reason == HandoffReason::kOutOfScope);
  CHECK(Explains(result, "scope: "));  // the explanation measures the question's words again
  CHECK(folds == std::vector<std::string>{question});
}

TEST_CASE("a hand-off request and a sensitive topic: analysed once", "[ask_analysis]") {
  for (std::string_view question :
       {"je veux parler à un agent", "PARLER A UN AGENT!!! c'est nul", "je veux mourir"}) {
    INFO(question);
    CHECK(Folds(question, Page(TextLanguage::kFrench)) ==
          std::vector<std::string>{std::string(question)});
  }
}

TEST_CASE("a follow-up: the question once, the previous question joined to it once",
          "[ask_analysis]") {
  const std::string previous = "combien coûte un passeport";
  const std::string question = "et pour les enfants ?";
  AskResult result;
  const std::vector<std::string> folds =
      Folds(question, Page(TextLanguage::kFrench, {{previous, TurnOutcome::kAnswered}}), &result);
  REQUIRE(Explains(result, "context: read as a follow-up"));
  // The question; the previous turn, read by the frustration detector (is this the
  // same question again?); the two joined, classified as one question.
  CHECK(std::count(folds.begin(), folds.end(), question) == 1);
  CHECK(std::count(folds.begin(), folds.end(), previous) == 1);
  CHECK(std::count(folds.begin(), folds.end(), previous + " " + question) == 1);
  CHECK(folds.size() == 3);
}

TEST_CASE("each earlier turn is read once, the question still once", "[ask_analysis]") {
  const std::vector<ConversationTurn> history = {
      {"horaires du bureau", TurnOutcome::kAnswered},
      {"comment renouveler mon passeport", TurnOutcome::kNoAnswer},
      {"renouveler passeport ???", TurnOutcome::kClarified},
  };
  const std::string question = "Combien coûte un passeport ?";
  const std::vector<std::string> folds = Folds(question, Page(TextLanguage::kFrench, history));
  CHECK(std::count(folds.begin(), folds.end(), question) == 1);
  for (const ConversationTurn& turn : history) {
    CHECK(std::count(folds.begin(), folds.end(), turn.user_text) == 1);
  }
  CHECK(folds.size() == 1 + history.size());
}

TEST_CASE("a 1 MB question is cut, then analysed once", "[ask_analysis]") {
  const std::string question(1 << 20, 'a');
  const std::vector<std::string> folds = Folds(question, Page(TextLanguage::kEnglish));
  REQUIRE(folds.size() == 1);
  CHECK(folds[0].size() == kMaxQueryBytes);
}

}  // namespace
}  // namespace relais::engine
