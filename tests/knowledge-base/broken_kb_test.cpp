// The broken knowledge base (tests/knowledge-base/broken/): every file breaks one
// rule and says, in `expect:` comments, which diagnostic it must produce where:
//
//   <!-- expect: error bad-handoff: 'handoff' is 'sometimes' -->   (Markdown files)
//   # expect: error regression-syntax: expected 'question -> ...   (test files)
//
// The diagnostic is expected on the next line that is neither blank nor another
// `expect:` comment, with that severity and rule, and a message containing the
// text (BROKEN stands for the knowledge base's path). Nothing else may be reported.
#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "kb_fixtures.h"
#include "relais/kb/parser.h"
#include "relais/kb/validator.h"

namespace relais::kb {
namespace {

struct Expectation {
  std::string file;
  int line = 0;
  Severity severity = Severity::kError;
  std::string rule;
  std::string message;
};

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// Reads the `expect:` annotations of one file.
void ReadExpectations(const std::string& path, std::vector<Expectation>* out) {
  const std::string content = testing::ReadFile(path);
  std::vector<Expectation> pending;
  int number = 0;
  std::size_t start = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string::npos) end = content.size();
    const std::string line = content.substr(start, end - start);
    start = end + 1;
    ++number;
    const std::size_t marker = line.find("expect: ");
    const bool annotation = (line.starts_with("<!-- expect: ") || line.starts_with("# expect: "));
    if (annotation) {
      std::string body = line.substr(marker + 8);
      if (body.ends_with(" -->")) body.resize(body.size() - 4);
      Expectation e;
      e.file = path;
      e.severity = body.starts_with("warning ") ? Severity::kWarning : Severity::kError;
      body = body.substr(body.find(' ') + 1);
      const std::size_t colon = body.find(": ");
      e.rule = body.substr(0, colon);
      e.message = Replace(body.substr(colon + 2), "BROKEN", testing::BrokenKb());
      pending.push_back(e);
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    for (Expectation& e : pending) {
      e.line = number;
      out->push_back(e);
    }
    pending.clear();
  }
  REQUIRE(pending.empty());  // an annotation must be followed by the line it is about
}

struct BrokenRun {
  Diagnostics diagnostics;
  std::vector<Expectation> expected;
};

const BrokenRun& Run() {
  static const BrokenRun* run = [] {
    auto* r = new BrokenRun;
    const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::BrokenKb(), &r->diagnostics);
    ValidateOptions options;
    options.today = CivilDate{2026, 6, 1};
    ValidateKnowledgeBase(kb, options, &r->diagnostics);
    for (const auto& item : std::filesystem::recursive_directory_iterator(testing::BrokenKb())) {
      const std::string path = item.path().string();
      if (item.is_regular_file() && (path.ends_with(".md") || path.ends_with(".txt"))) {
        ReadExpectations(path, &r->expected);
      }
    }
    // Files that are not parsed cannot carry annotations.
    for (const char* misplaced : {"/entries/stray.md", "/entries/structure/notes.txt"}) {
      r->expected.push_back(
          {testing::BrokenKb() + misplaced, 0, Severity::kError, "misplaced-file", "is ignored"});
    }
    return r;
  }();
  return *run;
}

bool Matches(const Diagnostic& d, const Expectation& e) {
  return d.file == e.file && d.line == e.line && d.severity == e.severity && d.rule == e.rule &&
         d.what.find(e.message) != std::string::npos;
}

TEST_CASE("every expected diagnostic of the broken knowledge base is reported") {
  const BrokenRun& run = Run();
  REQUIRE(run.expected.size() >= 60);
  for (const Expectation& e : run.expected) {
    bool found = false;
    for (const Diagnostic& d : run.diagnostics.all()) found = found || Matches(d, e);
    INFO(e.file << ":" << e.line << ": " << e.rule << ": " << e.message);
    INFO("reported:\n" << run.diagnostics.Format());
    CHECK(found);
  }
}

TEST_CASE("the broken knowledge base reports nothing that is not expected") {
  const BrokenRun& run = Run();
  for (const Diagnostic& d : run.diagnostics.all()) {
    bool expected = false;
    for (const Expectation& e : run.expected) expected = expected || Matches(d, e);
    INFO(FormatDiagnostic(d));
    CHECK(expected);
  }
  CHECK(run.diagnostics.all().size() == run.expected.size());
}

TEST_CASE("every validation rule has a broken example") {
  // Rules that need a budget overrun or a missing file are tested from memory in
  // parser_test.cpp and validator_test.cpp instead.
  const std::set<std::string> rules = {"answer-heading",       "bad-alternatives",
                                       "bad-contact",          "bad-date",
                                       "bad-handoff",          "bad-id",
                                       "bad-number",           "bad-pattern",
                                       "bad-priority",         "calibration-overlap",
                                       "category-mismatch",    "comment-trailing-text",
                                       "comment-unterminated", "confusable-entries",
                                       "contact-syntax",       "control-character",
                                       "duplicate-id",         "duplicate-question",
                                       "duplicate-test",       "empty-answer",
                                       "empty-field",          "empty-item",
                                       "empty-title",          "header-duplicate-key",
                                       "header-missing",       "header-syntax",
                                       "header-unknown-key",   "header-unterminated",
                                       "id-file-mismatch",     "invalid-utf8",
                                       "language-unknown",     "line-too-long",
                                       "list-item-expected",   "misplaced-file",
                                       "missing-field",        "missing-language",
                                       "question-too-long",    "regression-syntax",
                                       "review-in-future",     "review-overdue",
                                       "section-duplicate",    "section-unknown",
                                       "stray-text",           "test-copies-example",
                                       "too-few-questions",    "unknown-follow-up",
                                       "unknown-link",         "unknown-test-entry",
                                       "unsafe-html",          "unsafe-link",
                                       "unsupported-markdown"};
  std::set<std::string> covered;
  for (const Expectation& e : Run().expected) covered.insert(e.rule);
  for (const std::string& rule : rules) {
    INFO(rule);
    CHECK(covered.count(rule) == 1);
  }
}

TEST_CASE("diagnostics print as file:line: severity: what — fix") {
  const BrokenRun& run = Run();
  const std::string text = run.diagnostics.Format();
  CHECK(text.find(testing::BrokenKb() +
                  "/entries/header/bad-handoff.md:7: error: 'handoff' is 'sometimes'; it must be "
                  "'never' or 'always' \u2014 write 'handoff: never'") != std::string::npos);
  CHECK(text.find(testing::BrokenKb() + "/entries/stray.md: error: ") != std::string::npos);
  CHECK(text.ends_with(std::to_string(run.diagnostics.error_count()) + " errors, " +
                       std::to_string(run.diagnostics.warning_count()) + " warnings\n"));
}

}  // namespace
}  // namespace relais::kb
