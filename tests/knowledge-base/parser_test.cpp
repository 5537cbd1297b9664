#include "relais/kb/parser.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

#include "kb_fixtures.h"

namespace relais::kb {
namespace {

constexpr const char* kEntry = R"(---
id: renew-loan
category: loans
owner: Circulation
reviewed: 2026-03-15
follow-up: late-fees, opening-hours ,
handoff: never
priority: urgent
---

<!-- An editor's note,
     over two lines. -->
# en: Renew a loan

## Questions
- How do I renew?
- renew books

## Patterns
- `(?i)\brenew\b`
- (?i)extend

## Answer

First line.
<!-- hidden -->
Second line.

## Other ways to get help
- phone: 1-800-555-0100 | Desk | after hours
- form: https://example.org/form

# fr: Renouveler

## Questions
- renouveler

## Answer
Réponse.
)";

TEST_CASE("an entry is parsed with the line of every field, item, question and pattern") {
  Diagnostics d;
  const Entry entry = ParseEntry(kEntry, "kb/entries/loans/renew-loan.md", &d);
  INFO(d.Format());
  CHECK(d.all().empty());
  CHECK(entry.file == "kb/entries/loans/renew-loan.md");
  CHECK(entry.folder == "loans");
  CHECK(entry.stem == "renew-loan");
  CHECK(entry.header.line == 1);
  CHECK(entry.header.id.text == "renew-loan");
  CHECK(entry.header.id.line == 2);
  CHECK(entry.header.reviewed.line == 5);
  CHECK(entry.header.priority.text == "urgent");
  CHECK(entry.header.priority.line == 8);
  CHECK_FALSE(entry.header.queue.present());
  CHECK(SplitFollowUps(entry.header.follow_up.text) ==
        std::vector<std::string>{"late-fees", "opening-hours"});

  const LanguageSection& en = entry.section("en");
  CHECK(en.line == 13);
  CHECK(en.title.text == "Renew a loan");
  CHECK(en.questions_line == 15);
  REQUIRE(en.questions.size() == 2);
  CHECK(en.questions[0].text == "How do I renew?");
  CHECK(en.questions[0].line == 16);
  CHECK(en.questions[1].line == 17);
  REQUIRE(en.patterns.size() == 2);
  CHECK(en.patterns[0].text == "(?i)\\brenew\\b");  // inline-code backticks removed
  CHECK(en.patterns[0].line == 20);
  CHECK(en.patterns[1].text == "(?i)extend");
  CHECK(en.answer_line == 23);
  REQUIRE(en.answer.size() == 2);  // blank edges and the comment line dropped
  CHECK(en.answer[0].line == 25);
  CHECK(en.answer[1].line == 27);
  CHECK(JoinLines(en.answer) == "First line.\nSecond line.");
  REQUIRE(en.contacts.size() == 2);
  CHECK(en.contacts[0].kind == "phone");
  CHECK(en.contacts[0].value == "1-800-555-0100");
  CHECK(en.contacts[0].label == "Desk | after hours");
  CHECK(en.contacts[0].line == 30);
  CHECK(en.contacts[1].value == "https://example.org/form");
  CHECK(en.contacts[1].label.empty());

  const LanguageSection& fr = entry.section("fr");
  CHECK(fr.line == 33);
  CHECK(fr.title.text == "Renouveler");
  REQUIRE(fr.questions.size() == 1);
  CHECK(fr.questions[0].line == 36);
  CHECK(JoinLines(fr.answer) == "Réponse.");
}

TEST_CASE("CRLF line endings and a byte-order mark read like plain LF") {
  std::string crlf = "\xEF\xBB\xBF";
  for (const char* p = kEntry; *p != '\0'; ++p) {
    if (*p == '\n') crlf += '\r';
    crlf += *p;
  }
  Diagnostics d;
  const Entry entry = ParseEntry(crlf, "renew-loan.md", &d);
  CHECK(d.all().empty());
  CHECK(entry.folder.empty());
  CHECK(entry.header.id.text == "renew-loan");
  CHECK(entry.section("en").questions[1].text == "renew books");
  CHECK(entry.section("en").questions[1].line == 17);
}

TEST_CASE("budgets: file size, list items") {
  Budgets budgets;
  budgets.max_file_bytes = 100;
  Diagnostics d;
  ParseEntry(kEntry, "big.md", &d, budgets);
  REQUIRE(d.all().size() == 1);
  CHECK(d.all()[0].rule == "file-too-large");
  CHECK(d.all()[0].line == 0);

  budgets = Budgets();
  budgets.max_list_items = 1;
  Diagnostics items;
  const Entry entry = ParseEntry(kEntry, "items.md", &items, budgets);
  CHECK(entry.section("en").questions.size() == 1);
  CHECK(entry.section("en").patterns.size() == 1);
  REQUIRE(items.error_count() == 3);  // questions, patterns and contacts in English
  CHECK(items.all()[0].rule == "too-many-items");
  CHECK(items.all()[0].line == 17);
}

TEST_CASE("service.md is parsed, and entry sections are refused in it") {
  Diagnostics d;
  const Service service = ParseService(
      "---\nid: riverbend\nname-en: Riverbend\nname-fr: Riverbend\nmax-review-age-days: 90\n---\n"
      "# en\n## Other ways to get help\n- phone: 555-0100 | Desk\n"
      "# fr\n## Questions\n- no\n",
      "kb/service.md", &d);
  CHECK(service.id.text == "riverbend");
  CHECK(service.max_review_age_days.text == "90");
  CHECK(service.section("en").contacts.size() == 1);
  CHECK(service.section("fr").present());
  REQUIRE(d.all().size() == 1);
  CHECK(d.all()[0].rule == "section-unknown");
  CHECK(d.all()[0].line == 11);
}

TEST_CASE("regression files: question -> entry or handoff, comments, errors with lines") {
  Diagnostics d;
  const std::vector<RegressionCase> cases = ParseRegressionFile(
      "# comment\n\nhow -> a-b -> renew-loan\n  i want a person ->   HANDOFF \nno arrow\n"
      " -> renew-loan\nwhat -> Not_An_Id\n",
      "kb/tests/fr.txt", "fr", &d);
  REQUIRE(cases.size() == 2);
  CHECK(cases[0].question == "how -> a-b");  // the last arrow separates
  CHECK(cases[0].expected == "renew-loan");
  CHECK(cases[0].line == 3);
  CHECK(cases[0].language == "fr");
  CHECK(cases[1].expect_handoff);
  CHECK(cases[1].expected.empty());
  CHECK(cases[1].file == "kb/tests/fr.txt");
  REQUIRE(d.all().size() == 3);
  CHECK(d.all()[0].line == 5);
  CHECK(d.all()[1].line == 6);
  CHECK(d.all()[2].line == 7);
  for (const Diagnostic& diagnostic : d.all()) CHECK(diagnostic.rule == "regression-syntax");
}

TEST_CASE("calibration files: one question per line") {
  Diagnostics d;
  const std::vector<Located> questions =
      ParseCalibrationFile("# out of scope\nweather today\n\n  pizza near me  \n", "c.txt", &d);
  CHECK(d.all().empty());
  REQUIRE(questions.size() == 2);
  CHECK(questions[1].text == "pizza near me");
  CHECK(questions[1].line == 4);
}

TEST_CASE("a directory is loaded in path order, with a content hash") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  INFO(d.Format());
  CHECK(d.all().empty());
  REQUIRE(kb.entries.size() == 6);
  CHECK(kb.entries[0].file == testing::GoodKb() + "/entries/cards/library-card.md");
  CHECK(kb.entries[5].file == testing::GoodKb() + "/entries/visits/opening-hours.md");
  CHECK(kb.service.id.text == "riverbend-library");
  CHECK(kb.tests.size() == 14);
  CHECK(kb.calibration.size() == 4);
  CHECK(kb.content_hash.size() == 64);
  Diagnostics again;
  CHECK(LoadKnowledgeBase(testing::GoodKb() + "/", &again).content_hash == kb.content_hash);

  Budgets budgets;
  budgets.max_entries = 4;
  Diagnostics limited;
  CHECK(LoadKnowledgeBase(testing::GoodKb(), &limited, budgets).entries.size() == 4);
  REQUIRE(limited.all().size() == 1);
  CHECK(limited.all()[0].rule == "too-many-entries");
}

TEST_CASE("a missing directory and missing files are reported") {
  Diagnostics d;
  LoadKnowledgeBase(testing::GoodKb() + "/entries", &d);  // a folder without service.md
  std::vector<std::string> rules;
  for (const Diagnostic& diagnostic : d.all()) rules.push_back(diagnostic.rule);
  CHECK(rules == std::vector<std::string>{"service-missing", "entries-missing", "tests-missing",
                                          "tests-missing"});
  Diagnostics none;
  LoadKnowledgeBase("/nonexistent/knowledge-base", &none);
  REQUIRE(none.all().size() == 1);
  CHECK(none.all()[0].rule == "kb-missing");
}

}  // namespace
}  // namespace relais::kb
