#include "relais/kb/regression.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace relais::kb {
namespace {

bool Passes(const RegressionCase& test, const Prediction& prediction,
            const RegressionOptions& options) {
  if (test.expect_handoff) return prediction.outcome == Outcome::kHandoff;
  switch (prediction.outcome) {
    case Outcome::kAnswer:
      return prediction.entry_id == test.expected;
    case Outcome::kClarify:
      return options.clarify_passes &&
             std::find(prediction.options.begin(), prediction.options.end(), test.expected) !=
                 prediction.options.end();
    case Outcome::kHandoff:
      return prediction.entry_requires_person && prediction.entry_id == test.expected;
  }
  return false;
}

// What the engine did, in one word for the confusion table.
std::string Got(const Prediction& prediction) {
  switch (prediction.outcome) {
    case Outcome::kAnswer:
      return prediction.entry_id;
    case Outcome::kClarify:
      return "clarify";
    case Outcome::kHandoff:
      return "handoff";
  }
  return "";
}

std::string Percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * fraction);
  return buffer;
}

std::string Describe(const Prediction& prediction) {
  std::string out(OutcomeName(prediction.outcome));
  if (prediction.outcome == Outcome::kClarify) {
    for (std::size_t i = 0; i < prediction.options.size(); ++i) {
      out += (i == 0 ? " " : "|") + prediction.options[i];
    }
  } else if (!prediction.entry_id.empty()) {
    out += " " + prediction.entry_id;
  }
  if (prediction.outcome == Outcome::kHandoff && !prediction.reason.empty()) {
    out += " (" + prediction.reason + ")";
  }
  char confidence[32];
  std::snprintf(confidence, sizeof confidence, " %.2f", prediction.confidence);
  return out + confidence;
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAnswer:
      return "answer";
    case Outcome::kClarify:
      return "clarify";
    case Outcome::kHandoff:
      return "handoff";
  }
  return "";
}

RegressionReport RunRegression(const std::vector<RegressionCase>& cases, const Predictor& predict,
                               const RegressionOptions& options) {
  RegressionReport report;
  std::map<std::pair<std::string, std::string>, std::size_t> confusions;
  const auto summary_of = [&](const std::string& language) -> LanguageSummary& {
    for (LanguageSummary& summary : report.languages) {
      if (summary.language == language) return summary;
    }
    return report.languages.emplace_back(LanguageSummary{language});
  };
  for (const RegressionCase& test : cases) {
    CaseResult result{&test, predict(test.question, test.language), false};
    result.passed = Passes(test, result.prediction, options);
    LanguageSummary& summary = summary_of(test.language);
    ++summary.total;
    if (result.passed) ++summary.passed;
    if (test.expect_handoff) {
      ++report.handoff_expected;
      if (!result.passed) ++report.handoff_missed;
    }
    if (!result.passed) {
      ++confusions[{test.expect_handoff ? "handoff" : test.expected, Got(result.prediction)}];
    }
    report.results.push_back(std::move(result));
  }
  for (LanguageSummary& summary : report.languages) {
    summary.ok =
        summary.total == 0 || static_cast<double>(summary.passed) >=
                                  options.min_pass_rate * static_cast<double>(summary.total);
    report.ok = report.ok && summary.ok;
  }
  report.ok = report.ok && report.handoff_missed == 0;
  for (const auto& [pair, count] : confusions) {
    report.confusions.push_back({pair.first, pair.second, count});
  }
  std::stable_sort(report.confusions.begin(), report.confusions.end(),
                   [](const Confusion& a, const Confusion& b) { return a.count > b.count; });
  return report;
}

std::string FormatRegressionReport(const RegressionReport& report,
                                   const RegressionOptions& options) {
  std::string out;
  for (const CaseResult& result : report.results) {
    const RegressionCase& test = *result.test;
    out += result.passed ? "PASS " : "FAIL ";
    out += test.file + ":" + std::to_string(test.line) + ": " + test.question + " -> " +
           (test.expect_handoff ? "handoff" : test.expected) + " [" + Describe(result.prediction) +
           "]\n";
  }
  out += "\n";
  std::vector<std::string> failures;
  if (report.languages.empty()) out += "No questions\n";
  for (const LanguageSummary& summary : report.languages) {
    const std::string name = LanguageName(summary.language);
    out += name + ": " + std::to_string(summary.passed) + "/" + std::to_string(summary.total) +
           " passed (" +
           Percent(static_cast<double>(summary.passed) / static_cast<double>(summary.total)) +
           "), minimum " + Percent(options.min_pass_rate) + ": " + (summary.ok ? "ok" : "FAIL") +
           "\n";
    if (!summary.ok) failures.push_back(name + " under its pass rate");
  }
  out += "Must hand off: " + std::to_string(report.handoff_expected - report.handoff_missed) + "/" +
         std::to_string(report.handoff_expected) +
         " handed off: " + (report.handoff_missed == 0 ? "ok" : "FAIL") + "\n";
  if (report.handoff_missed > 0) {
    failures.push_back(std::to_string(report.handoff_missed) +
                       " must-hand-off question(s) not handed off");
  }
  if (!report.confusions.empty()) {
    out += "Confusions (expected -> got):\n";
    for (std::size_t i = 0; i < report.confusions.size() && i < 10; ++i) {
      const Confusion& c = report.confusions[i];
      out += "  " + std::to_string(c.count) + "  " + c.expected + " -> " + c.got + "\n";
    }
  }
  if (failures.empty()) return out + "Result: ok\n";
  out += "Result: FAIL (";
  for (std::size_t i = 0; i < failures.size(); ++i) out += (i == 0 ? "" : "; ") + failures[i];
  return out + ")\n";
}

}  // namespace relais::kb
