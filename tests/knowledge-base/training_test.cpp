#include "relais/kb/training.h"

#include <algorithm>
#include <catch2/catch_test_macros.hpp>

#include "kb_fixtures.h"
#include "relais/engine/intent_classifier.h"
#include "relais/kb/parser.h"

namespace relais::kb {
namespace {

TEST_CASE("the classifier is cross-validated and trained on the examples, labels = entry ids") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  const std::vector<LabeledQuestion> questions = CollectQuestions(kb);
  engine::Result<CrossValidation> cv = CrossValidateClassifier(questions, kb.calibration);
  REQUIRE(cv.ok());
  REQUIRE(cv.value().predictions.size() == questions.size());
  std::size_t correct = 0;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (cv.value().predictions[i].entry_id == questions[i].entry_id) ++correct;
  }
  // Six distinct topics: most held-out examples still find their entry.
  CHECK(correct * 2 > questions.size());
  // One sample per example question (all six entries are in every fold's model)
  // and one per out-of-scope question.
  std::size_t out_of_scope = 0;
  for (const engine::CalibrationSample& sample : cv.value().calibration_samples) {
    if (sample.intent < 0) ++out_of_scope;
  }
  CHECK(out_of_scope == kb.calibration.size());
  CHECK(cv.value().calibration_samples.size() == questions.size() + kb.calibration.size());

  engine::Result<std::string> model = TrainClassifier(questions, cv.value());
  REQUIRE(model.ok());
  engine::Result<engine::IntentClassifier> loaded =
      engine::IntentClassifier::Deserialize(model.value());
  REQUIRE(loaded.ok());
  CHECK(loaded.value().intents() == std::vector<std::string>{"complaint", "late-fees",
                                                             "library-card", "lost-card",
                                                             "opening-hours", "renew-loan"});
  // Deterministic: the same examples give the same bytes.
  CHECK(TrainClassifier(questions, cv.value()).value() == model.value());
}

TEST_CASE("the entries' titles and answers are collected by entry and language") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  const std::vector<LabeledQuestion> texts = CollectEntryTexts(kb);
  CHECK(texts.size() == kb.entries.size() * 4);  // title and answer, in English and French
  const Entry& entry = kb.entries.front();
  const LanguageSection& french = entry.section("fr");
  const auto has = [&](const std::string& text) {
    return std::any_of(texts.begin(), texts.end(), [&](const LabeledQuestion& t) {
      return t.entry_id == entry.header.id.text && t.language == "fr" && t.text == text;
    });
  };
  CHECK(has(french.title.text));
  CHECK(has(JoinLines(french.answer)));
}

TEST_CASE("out-of-scope questions are learnt by the model and held out by fold") {
  Diagnostics d;
  const KnowledgeBaseSource kb = LoadKnowledgeBase(testing::GoodKb(), &d);
  const std::vector<LabeledQuestion> questions = CollectQuestions(kb);
  engine::Result<CrossValidation> cv =
      CrossValidateClassifier(questions, kb.calibration, CollectEntryTexts(kb));
  REQUIRE(cv.ok());
  REQUIRE(cv.value().out_of_scope.size() == kb.calibration.size());
  // Every calibration sample carries each candidate's lexical agreement.
  bool some_disagree = false;
  for (const engine::CalibrationSample& sample : cv.value().calibration_samples) {
    for (const engine::IntentCandidate& c : sample.classification.ranked) {
      CHECK(c.agreement >= 0);
      CHECK(c.agreement <= 1);
      some_disagree = some_disagree || (sample.intent < 0 && c.agreement < 1);
    }
  }
  CHECK(some_disagree);
  engine::Result<std::string> model = TrainClassifier(questions, cv.value());
  REQUIRE(model.ok());
  engine::Result<engine::IntentClassifier> loaded =
      engine::IntentClassifier::Deserialize(model.value());
  REQUIRE(loaded.ok());
  const engine::Classification c =
      loaded.value().Classify(kb.calibration.front().text, engine::TextLanguage::kEnglish);
  CHECK(c.out_of_scope_probability > 0);
}

TEST_CASE("the calibration policy needs enough out-of-scope questions") {
  CHECK(KnowledgeBaseCalibration(kMinOutOfScopeForPolicy - 1).min_oos_recall ==
        engine::CalibrationOptions{}.min_oos_recall);
  CHECK(KnowledgeBaseCalibration(kMinOutOfScopeForPolicy - 1).agreement_powers ==
        std::vector<double>{0.0});
  const engine::CalibrationOptions policy = KnowledgeBaseCalibration(kMinOutOfScopeForPolicy);
  CHECK(policy.min_oos_recall == 0.95);
  CHECK(policy.wrong_answer_cost == 1.0);
  CHECK(policy.agreement_powers.front() > 0);
}

TEST_CASE("without examples there is nothing to cross-validate, and training fails") {
  engine::Result<CrossValidation> cv = CrossValidateClassifier({}, {});
  REQUIRE(cv.ok());
  CHECK(cv.value().predictions.empty());
  CHECK(cv.value().calibration_samples.empty());
  CHECK_FALSE(TrainClassifier({}, cv.value()).ok());
}

}  // namespace
}  // namespace relais::kb
