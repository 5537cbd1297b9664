// ParseRegressionFile and ParseCalibrationFile: the plain-text question lists.
#include <string>
#include <vector>

#include "relais/kb/parser.h"
#include "text_util.h"

namespace relais::kb {
namespace {

using internal::Quote;
using internal::SourceLine;
using internal::Trim;

// The lines that hold a question: not blank, not a `#` comment, within budget.
std::vector<SourceLine> QuestionLines(std::string_view text, const std::string& file,
                                      const Budgets& budgets, Diagnostics* diagnostics) {
  std::vector<SourceLine> kept;
  for (const SourceLine& line : internal::SplitSourceLines(text, file, budgets, diagnostics)) {
    const std::string_view trimmed = Trim(line.text);
    if (trimmed.empty() || trimmed.starts_with("#")) continue;
    if (kept.size() >= budgets.max_test_lines) {
      diagnostics->Error(file, line.number, "too-many-items",
                         "more than " + std::to_string(budgets.max_test_lines) +
                             " questions; the rest are ignored",
                         "split the file or remove old questions");
      break;
    }
    kept.push_back({trimmed, line.number});
  }
  return kept;
}

bool CheckQuestionLength(std::string_view question, const std::string& file, int line,
                         const Budgets& budgets, Diagnostics* diagnostics) {
  if (question.size() <= budgets.max_question_bytes) return true;
  diagnostics->Error(file, line, "question-too-long",
                     "the question has " + std::to_string(question.size()) + " bytes, more than " +
                         std::to_string(budgets.max_question_bytes),
                     "write a shorter question, as a visitor would type it");
  return false;
}

}  // namespace

std::vector<RegressionCase> ParseRegressionFile(std::string_view text,
                                                std::string_view display_name,
                                                std::string_view language, Diagnostics* diagnostics,
                                                const Budgets& budgets) {
  const std::string file(display_name);
  std::vector<RegressionCase> cases;
  for (const SourceLine& line : QuestionLines(text, file, budgets, diagnostics)) {
    const std::size_t arrow = line.text.rfind("->");
    if (arrow == std::string_view::npos) {
      diagnostics->Error(
          file, line.number, "regression-syntax",
          "expected 'question -> entry-id' or 'question -> handoff', found " + Quote(line.text),
          "add ' -> ' and the id of the entry that should answer");
      continue;
    }
    RegressionCase test;
    test.file = file;
    test.line = line.number;
    test.language = std::string(language);
    test.question = std::string(Trim(line.text.substr(0, arrow)));
    const std::string target = internal::AsciiLower(Trim(line.text.substr(arrow + 2)));
    if (test.question.empty()) {
      diagnostics->Error(file, line.number, "regression-syntax", "the question is empty",
                         "write the question before ' -> '");
      continue;
    }
    if (!CheckQuestionLength(test.question, file, line.number, budgets, diagnostics)) continue;
    if (target == "handoff") {
      test.expect_handoff = true;
    } else if (internal::IsValidId(target)) {
      test.expected = target;
    } else {
      diagnostics->Error(file, line.number, "regression-syntax",
                         "the expected answer " + Quote(target) + " is not an entry id",
                         "write the id of an entry (lowercase letters, digits, hyphens) or "
                         "'handoff'");
      continue;
    }
    cases.push_back(std::move(test));
  }
  return cases;
}

std::vector<Located> ParseCalibrationFile(std::string_view text, std::string_view display_name,
                                          Diagnostics* diagnostics, const Budgets& budgets) {
  const std::string file(display_name);
  std::vector<Located> questions;
  for (const SourceLine& line : QuestionLines(text, file, budgets, diagnostics)) {
    if (!CheckQuestionLength(line.text, file, line.number, budgets, diagnostics)) continue;
    questions.push_back({std::string(line.text), line.number});
  }
  return questions;
}

}  // namespace relais::kb
