#include "relais/kb/validator.h"

#include <catch2/catch_test_macros.hpp>

#include "kb_fixtures.h"
#include "relais/kb/parser.h"

namespace relais::kb {
namespace {

TEST_CASE("dates are YYYY-MM-DD and real") {
  const std::optional<CivilDate> date = ParseDate("2026-09-30");
  REQUIRE(date);
  CHECK(date->year == 2026);
  CHECK(date->month == 9);
  CHECK(date->day == 30);
  CHECK(ParseDate("2024-02-29"));
  CHECK_FALSE(ParseDate("2026-02-29"));
  CHECK_FALSE(ParseDate("2026-13-01"));
  CHECK_FALSE(ParseDate("2026-1-01"));
  CHECK_FALSE(ParseDate("30/09/2026"));
  CHECK_FALSE(ParseDate(""));
  CHECK(DaysSinceEpoch({1970, 1, 1}) == 0);
  CHECK(DaysSinceEpoch({2000, 3, 1}) == 11017);
  CHECK(DaysSinceEpoch({1969, 12, 31}) == -1);
}

TEST_CASE("the good knowledge base has no diagnostic") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  ValidateOptions options;
  options.today = CivilDate{2026, 6, 1};
  ValidateKnowledgeBase(kb, options, &d);
  INFO(d.Format());
  CHECK(d.all().empty());
}

TEST_CASE("the review age comes from service.md and is skipped without a date") {
  Diagnostics d;
  KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  kb.service.max_review_age_days.text = "30";  // entries were reviewed 2026-02-01 to 04-01
  ValidateOptions options;
  options.today = CivilDate{2026, 4, 20};
  ValidateKnowledgeBase(kb, options, &d);
  std::size_t overdue = 0;
  for (const Diagnostic& diagnostic : d.all()) {
    if (diagnostic.rule == "review-overdue") ++overdue;
  }
  CHECK(overdue == 4);  // library-card, lost-card (Feb 1), renew-loan, late-fees (Mar 15)
  CHECK(d.error_count() == 0);

  Diagnostics undated;
  ValidateKnowledgeBase(kb, ValidateOptions(), &undated);
  CHECK(undated.all().empty());
}

TEST_CASE("an entry validated alone: unknown links and follow-ups, fewer questions") {
  Diagnostics d;
  KnowledgeBaseSource kb;
  kb.entries.push_back(ParseEntry(
      "---\nid: solo\ncategory: x\nowner: o\nreviewed: 2026-01-01\nfollow-up: other\n---\n"
      "# en: Solo\n## Questions\n- one\n## Answer\nSee [x](entry:other) and [y](entry:solo).\n"
      "# fr: Solo\n## Questions\n- un\n## Answer\n[Courriel](mailto:a@b.c), [tél.](tel:5550100)\n",
      "solo.md", &d));
  ValidateOptions options;
  options.min_questions = 1;
  ValidateKnowledgeBase(kb, options, &d);
  std::vector<std::string> rules;
  for (const Diagnostic& diagnostic : d.all()) rules.push_back(diagnostic.rule);
  CHECK(rules == std::vector<std::string>{"unknown-follow-up", "unknown-link"});
  options.min_questions = 2;
  Diagnostics strict;
  ValidateKnowledgeBase(kb, options, &strict);
  CHECK(strict.error_count() == 4);  // and too-few-questions twice
}

TEST_CASE("a custom cross-validator decides which entries are confusable") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  ValidateOptions options;
  // Pretend the engine takes every English question of late-fees for renew-loan,
  // and two of the six French ones.
  options.cross_validator = [](const std::vector<LabeledQuestion>& questions) {
    std::vector<HeldOutPrediction> predictions;
    int french_late_fees = 0;
    for (const LabeledQuestion& q : questions) {
      bool confused = q.entry_id == "late-fees" && (q.language == "en" || french_late_fees++ < 2);
      predictions.push_back({confused ? "renew-loan" : q.entry_id, ""});
    }
    return predictions;
  };
  ValidateKnowledgeBase(kb, options, &d);
  REQUIRE(d.all().size() == 1);
  const Diagnostic& error = d.all()[0];
  CHECK(error.rule == "confusable-entries");
  CHECK(error.severity == Severity::kError);
  CHECK(error.file == testing::GoodKb() + "/entries/loans/late-fees.md");
  CHECK(error.line == 10);  // the English `## Questions`
  CHECK(error.what.find("6 of 6 English examples of 'late-fees' are taken for 'renew-loan'") !=
        std::string::npos);

  // 2 of 6 French examples (33%) are under confusable_min_questions (3)...
  options.confusable_min_questions = 2;
  Diagnostics lower;
  ValidateKnowledgeBase(kb, options, &lower);
  CHECK(lower.error_count() == 1);
  CHECK(lower.warning_count() == 1);  // ... and over confusable_warning_share (30%)
  options.confusable_warning_share = 0.4;
  Diagnostics higher;
  ValidateKnowledgeBase(kb, options, &higher);
  CHECK(higher.warning_count() == 0);
}

}  // namespace
}  // namespace relais::kb
