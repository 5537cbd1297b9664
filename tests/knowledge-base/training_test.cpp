#include "relais/kb/training.h"

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

TEST_CASE("without examples there is nothing to cross-validate, and training fails") {
  engine::Result<CrossValidation> cv = CrossValidateClassifier({}, {});
  REQUIRE(cv.ok());
  CHECK(cv.value().predictions.empty());
  CHECK(cv.value().calibration_samples.empty());
  CHECK_FALSE(TrainClassifier({}, cv.value()).ok());
}

}  // namespace
}  // namespace relais::kb
