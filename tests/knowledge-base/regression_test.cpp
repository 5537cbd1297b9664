#include "relais/kb/regression.h"

#include <catch2/catch_test_macros.hpp>
#include <map>

#include "relais/kb/parser.h"

namespace relais::kb {
namespace {

// A predictor that looks answers up in a table: what a fake engine would say.
Predictor Table(std::map<std::string, Prediction> answers) {
  return [answers = std::move(answers)](std::string_view question, std::string_view) {
    const auto it = answers.find(std::string(question));
    return it != answers.end() ? it->second : Prediction{};  // default: hand-off
  };
}

Prediction Answer(const char* entry, double confidence = 0.9) {
  Prediction p;
  p.outcome = Outcome::kAnswer;
  p.entry_id = entry;
  p.confidence = confidence;
  return p;
}

std::vector<RegressionCase> Cases() {
  Diagnostics d;
  std::vector<RegressionCase> cases = ParseRegressionFile(
      "renew books -> renew-loan\n"
      "late fine -> late-fees\n"
      "card or fine? -> late-fees\n"
      "I want to complain -> complaint\n"
      "weather -> handoff\n"
      "talk to a human -> handoff\n",
      "kb/tests/en.txt", "en", &d);
  const std::vector<RegressionCase> french = ParseRegressionFile(
      "renouveler -> renew-loan\nmétéo -> handoff\n", "kb/tests/fr.txt", "fr", &d);
  cases.insert(cases.end(), french.begin(), french.end());
  REQUIRE(d.all().empty());
  return cases;
}

TEST_CASE("pass rules: answers, clarifications, hand-offs") {
  Prediction clarify;
  clarify.outcome = Outcome::kClarify;
  clarify.options = {"library-card", "late-fees"};
  Prediction required;  // a `handoff: always` entry recognised
  required.entry_id = "complaint";
  required.entry_requires_person = true;
  Prediction handed;
  handed.reason = "out_of_scope";
  const std::vector<RegressionCase> cases = Cases();
  const RegressionReport report =
      RunRegression(cases, Table({{"renew books", Answer("renew-loan")},
                                  {"late fine", Answer("renew-loan", 0.61)},
                                  {"card or fine?", clarify},
                                  {"I want to complain", required},
                                  {"weather", handed},
                                  {"talk to a human", Answer("renew-loan", 0.4)},
                                  {"renouveler", Answer("renew-loan")},
                                  {"météo", handed}}));
  REQUIRE(report.results.size() == 8);
  const std::vector<bool> expected = {true, false, true, true, true, false, true, true};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(report.results[i].test->question);
    CHECK(report.results[i].passed == expected[i]);
  }
  CHECK(report.languages[0].total == 6);
  CHECK(report.languages[0].passed == 4);
  CHECK_FALSE(report.languages[0].ok);  // 67% < 80%
  CHECK(report.languages[1].ok);
  CHECK(report.handoff_expected == 3);
  CHECK(report.handoff_missed == 1);
  CHECK_FALSE(report.ok);
  REQUIRE(report.confusions.size() == 2);
  CHECK(report.confusions[0].expected == "handoff");  // ties keep (expected, got) order
  CHECK(report.confusions[0].got == "renew-loan");
  CHECK(report.confusions[1].expected == "late-fees");

  RegressionOptions strict;
  strict.clarify_passes = false;
  CHECK_FALSE(RunRegression(cases, Table({{"card or fine?", clarify}}), strict).results[2].passed);
}

TEST_CASE("the knowledge base passes when every language is over its rate and hand-offs hand off") {
  const std::vector<RegressionCase> cases = Cases();
  std::map<std::string, Prediction> table = {{"renew books", Answer("renew-loan")},
                                             {"late fine", Answer("late-fees")},
                                             {"card or fine?", Answer("late-fees")},
                                             {"I want to complain", Answer("renew-loan")},
                                             {"renouveler", Answer("renew-loan")}};
  RegressionOptions options;
  options.min_pass_rate = 0.8;  // 5 of 6 English pass
  const RegressionReport report = RunRegression(cases, Table(table), options);
  CHECK(report.languages[0].passed == 5);
  CHECK(report.ok);
  options.min_pass_rate = 0.9;
  CHECK_FALSE(RunRegression(cases, Table(table), options).ok);

  table["météo"] = Answer("renew-loan", 0.2);  // a must-hand-off answered: always a failure
  options.min_pass_rate = 0.0;
  const RegressionReport missed = RunRegression(cases, Table(table), options);
  CHECK(missed.languages[1].ok);
  CHECK(missed.handoff_missed == 1);
  CHECK_FALSE(missed.ok);
}

TEST_CASE("the report has a line per question, rates, confusions and a verdict") {
  const std::vector<RegressionCase> cases = Cases();
  const RegressionReport report = RunRegression(
      cases,
      Table({{"renew books", Answer("renew-loan", 0.82)}, {"late fine", Answer("renew-loan")}}));
  const std::string text = FormatRegressionReport(report);
  CHECK(
      text.starts_with("PASS kb/tests/en.txt:1: renew books -> renew-loan [answer renew-loan "
                       "0.82]\nFAIL kb/tests/en.txt:2: late fine -> late-fees [answer "
                       "renew-loan 0.90]\n"));
  CHECK(text.find("PASS kb/tests/en.txt:5: weather -> handoff [handoff 0.00]\n") !=
        std::string::npos);
  CHECK(text.find("English: 3/6 passed (50.0%), minimum 80.0%: FAIL\n") != std::string::npos);
  CHECK(text.find("French: 1/2 passed (50.0%), minimum 80.0%: FAIL\n") != std::string::npos);
  CHECK(text.find("Must hand off: 3/3 handed off: ok\n") != std::string::npos);
  CHECK(text.find("Confusions (expected -> got):\n  1  complaint -> handoff\n") !=
        std::string::npos);
  CHECK(text.ends_with("Result: FAIL (English under its pass rate; French under its pass rate)\n"));
}

}  // namespace
}  // namespace relais::kb
