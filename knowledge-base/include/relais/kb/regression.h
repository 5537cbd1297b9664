// `relais-kb test`: runs the editors' regression questions (tests/en.txt,
// tests/fr.txt) through a predictor, normally the real engine, and decides
// whether the knowledge base passes.
#ifndef RELAIS_KB_REGRESSION_H_
#define RELAIS_KB_REGRESSION_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/source.h"

namespace relais::kb {

enum class Outcome { kAnswer, kClarify, kHandoff };

// "answer", "clarify", "handoff".
std::string_view OutcomeName(Outcome outcome);

// What the engine decided for one question.
struct Prediction {
  Outcome outcome = Outcome::kHandoff;
  // kAnswer: the entry answered. kHandoff: the entry that required a person
  // (`handoff: always`) or the best guess; may be empty.
  std::string entry_id;
  std::vector<std::string> options;  // kClarify: the entries offered
  double confidence = 0;
  // kHandoff only: the matched entry is marked `handoff: always`, so the entry
  // was recognised even though a person takes over.
  bool entry_requires_person = false;
  std::string reason;  // free text for the report ("out_of_scope"...)
};

// Decides one question. Must be deterministic.
using Predictor = std::function<Prediction(std::string_view question, std::string_view language)>;

struct RegressionOptions {
  // A language fails when its share of passed questions is below this.
  double min_pass_rate = 0.8;
  // Whether a clarification that offers the expected entry counts as a pass.
  bool clarify_passes = true;
};

struct CaseResult {
  const RegressionCase* test = nullptr;
  Prediction prediction;
  bool passed = false;
};

struct LanguageSummary {
  std::string language;  // its code
  std::size_t total = 0;
  std::size_t passed = 0;
  bool ok = true;  // passed / total >= min_pass_rate (true without questions)
};

// (expected, what the engine did instead) and how often.
struct Confusion {
  std::string expected;  // entry id or "handoff"
  std::string got;       // entry id, "handoff" or "clarify"
  std::size_t count = 0;
};

struct RegressionReport {
  std::vector<CaseResult> results;         // in the order of the cases
  std::vector<LanguageSummary> languages;  // in the order the cases first use them
  std::size_t handoff_expected = 0;
  std::size_t handoff_missed = 0;     // must-hand-off questions that did not hand off
  std::vector<Confusion> confusions;  // most frequent first
  // No language under its pass rate and no must-hand-off question missed.
  bool ok = true;
};

// Runs every case through `predict`. Pass rules: `-> handoff` passes only on a
// hand-off; `-> entry` passes on an answer with that entry, on a clarification
// offering it (when clarify_passes), or on a hand-off required by that entry.
// `cases` must outlive the report (results point into it).
RegressionReport RunRegression(const std::vector<RegressionCase>& cases, const Predictor& predict,
                               const RegressionOptions& options = {});

// The report for people: one PASS/FAIL line per question
// (`PASS tests/en.txt:3: question -> expected [answer entry 0.82]`), then per
// language pass rates, the must-hand-off count, the most frequent confusions
// and a final `Result: ok` or `Result: FAIL (...)` line.
std::string FormatRegressionReport(const RegressionReport& report,
                                   const RegressionOptions& options = {});

}  // namespace relais::kb

#endif  // RELAIS_KB_REGRESSION_H_
