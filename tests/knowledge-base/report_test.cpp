#include "relais/kb/report.h"

#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

#include "kb_fixtures.h"
#include "relais/kb/parser.h"

namespace relais::kb {
namespace {

struct Fixture {
  KnowledgeBaseSource kb;
  std::vector<LabeledQuestion> questions;
  std::vector<HeldOutPrediction> predictions;
};

// The good knowledge base, with every English question of late-fees predicted as
// renew-loan and everything else right.
Fixture Make() {
  Fixture f;
  Diagnostics d;
  f.kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  f.questions = CollectQuestions(f.kb);
  for (const LabeledQuestion& q : f.questions) {
    const bool confused = q.entry_id == "late-fees" && q.language == "en";
    f.predictions.push_back({confused ? "renew-loan" : q.entry_id, ""});
  }
  return f;
}

TEST_CASE("the JSON report gives counts, self-consistency and neighbours per entry") {
  const Fixture f = Make();
  const nlohmann::json report = nlohmann::json::parse(
      FormatEntryReport(f.kb, f.questions, f.predictions, "test predictions", true));
  CHECK(report["method"] == "test predictions");
  REQUIRE(report["entries"].size() == 6);
  const nlohmann::json& late = report["entries"][1];
  CHECK(late["id"] == "late-fees");
  CHECK(late["examples"]["en"] == 6);
  CHECK(late["examples"]["fr"] == 6);
  CHECK(late["self_consistency"]["en"] == 0.0);
  CHECK(late["self_consistency"]["fr"] == 1.0);
  REQUIRE(late["confused_with"].size() == 1);
  CHECK(late["confused_with"][0]["entry"] == "renew-loan");
  CHECK(late["confused_with"][0]["language"] == "en");
  CHECK(late["confused_with"][0]["count"] == 6);
  CHECK(late["confused_with"][0]["questions"][0] == "how much are late fees");
  CHECK(report["entries"][0]["self_consistency"]["en"] == 1.0);
  CHECK(report["overall"]["examples"]["en"] == 36);
  CHECK(report["overall"]["self_consistency"]["en"] == 30.0 / 36.0);
}

TEST_CASE("a partial language without examples has nothing to measure, not 100 %") {
  Fixture f = Make();
  f.kb.service.partial_languages = {"es", 3};
  const nlohmann::json report = nlohmann::json::parse(
      FormatEntryReport(f.kb, f.questions, f.predictions, "test predictions", true));
  CHECK(report["entries"][0]["examples"]["es"] == 0);
  CHECK(report["entries"][0]["self_consistency"]["es"].is_null());
  const std::string text = FormatEntryReport(f.kb, f.questions, f.predictions, "test", false);
  CHECK(
      text.find("entry           en   fr   es   self en  self fr  self es  most confused with\n") !=
      std::string::npos);
  CHECK(text.find("opening-hours    6    6    0   100.0%   100.0%        -\n") !=
        std::string::npos);
}

TEST_CASE("the text report is a table, one line per entry") {
  const Fixture f = Make();
  const std::string text = FormatEntryReport(f.kb, f.questions, f.predictions, "test", false);
  CHECK(text.find("entry           en   fr   self en  self fr  most confused with\n") !=
        std::string::npos);
  CHECK(text.find("late-fees        6    6     0.0%   100.0%  renew-loan (en 6)\n") !=
        std::string::npos);
  CHECK(text.find("opening-hours    6    6   100.0%   100.0%\n") != std::string::npos);
  CHECK(text.find("Overall: en  83.3% of 36 examples, fr 100.0% of 36\n") != std::string::npos);
}

}  // namespace
}  // namespace relais::kb
