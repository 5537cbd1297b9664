// Training the engine's intent classifier on a knowledge base's example
// questions (label = entry id), and cross-validating it to find the entries it
// confuses. Thin glue over relais/engine/intent_classifier.h and calibration.h.
#ifndef RELAIS_KB_TRAINING_H_
#define RELAIS_KB_TRAINING_H_

#include <string>
#include <vector>

#include "relais/engine/calibration.h"
#include "relais/engine/status.h"
#include "relais/kb/confusion.h"
#include "relais/kb/source.h"

namespace relais::kb {

struct TrainingOptions {
  // Folds of the cross-validation (stratified by entry: the j-th example of an
  // entry goes to fold j % folds). Entries with fewer examples than folds keep
  // at least one example in every training set.
  int folds = 5;
};

// What a cross-validation run produced.
struct CrossValidation {
  // Per question (parallel to the questions given): the top entry predicted by a
  // model trained without that question's fold.
  std::vector<HeldOutPrediction> predictions;
  // The held-out classifications of the in-scope questions (intent index) and of
  // the out-of-scope questions (intent -1), for engine::Calibrate.
  std::vector<engine::CalibrationSample> calibration_samples;
};

// Runs k-fold cross-validation of the engine classifier on `questions`; each
// out-of-scope question is classified by the model of one fold (round robin).
// Deterministic. Fails when the engine cannot train (no usable example...).
engine::Result<CrossValidation> CrossValidateClassifier(
    const std::vector<LabeledQuestion>& questions, const std::vector<Located>& out_of_scope,
    const TrainingOptions& options = {});

// Trains the classifier on every question, sets the decision thresholds that
// engine::Calibrate chooses from `cross_validation.calibration_samples` (the
// engine's defaults when there are none) and returns the serialised model for
// the bundle's `model` table (name engine::kClassifierModelName).
engine::Result<std::string> TrainClassifier(const std::vector<LabeledQuestion>& questions,
                                            const CrossValidation& cross_validation);

}  // namespace relais::kb

#endif  // RELAIS_KB_TRAINING_H_
