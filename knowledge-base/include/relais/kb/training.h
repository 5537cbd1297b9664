// Training the engine's intent classifier on a knowledge base's example
// questions (label = entry id), and cross-validating it to find the entries it
// confuses. Thin glue over relais/engine/intent_classifier.h and calibration.h.
#ifndef RELAIS_KB_TRAINING_H_
#define RELAIS_KB_TRAINING_H_

#include <string>
#include <vector>

#include "relais/engine/calibration.h"
#include "relais/engine/intent_classifier.h"
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
  // The out-of-scope questions as training examples (no intent), which
  // TrainClassifier's model learns too, each in the language the engine detects
  // among the questions' languages.
  std::vector<engine::TrainingExample> out_of_scope;
};

// The entries' titles and answers, labelled by entry and language: with the
// example questions, the text against which the engine measures a question's
// lexical agreement with an entry (relais/engine/entry_vocabulary.h).
std::vector<LabeledQuestion> CollectEntryTexts(const KnowledgeBaseSource& kb);

// Runs k-fold cross-validation of the engine classifier on `questions`. The
// out-of-scope questions are split into the same folds (round robin): each is
// learnt as an out-of-scope example (engine::TrainingExample with no intent) by
// the other folds' models and classified, held out, by its own fold's model.
// Every candidate of the calibration samples carries its lexical agreement with
// the question, measured on `entry_texts` (CollectEntryTexts) and the fold's
// training examples, as the engine does at run time on the whole bundle; without
// `entry_texts` the agreement is stricter than the engine's.
// Deterministic. Fails when the engine cannot train (no usable example...).
engine::Result<CrossValidation> CrossValidateClassifier(
    const std::vector<LabeledQuestion>& questions, const std::vector<Located>& out_of_scope,
    const std::vector<LabeledQuestion>& entry_texts = {}, const TrainingOptions& options = {});

// Trains the classifier on every question and every out-of-scope question of
// `cross_validation`, sets the decision thresholds that
// engine::Calibrate chooses from `cross_validation.calibration_samples` with
// KnowledgeBaseCalibration (the engine's defaults when there are no samples)
// and returns the serialised model for the bundle's `model` table (name
// engine::kClassifierModelName).
engine::Result<std::string> TrainClassifier(const std::vector<LabeledQuestion>& questions,
                                            const CrossValidation& cross_validation);

// Out-of-scope questions needed to estimate a high recall and to weigh the
// lexical agreement (engine::Calibrate fits its extra parameters from 50).
inline constexpr std::size_t kMinOutOfScopeForPolicy = 50;

// The calibration policy of a knowledge base with this many out-of-scope
// questions: from kMinOutOfScopeForPolicy, out-of-scope recall first (95%: a
// citizen given a confident wrong answer is worse off than one handed to a
// person, so a wrong answer also costs as much as a right one gains), with the
// lexical agreement weighed into the confidence; with fewer, whose 95th
// percentile would be noise, the engine's defaults.
engine::CalibrationOptions KnowledgeBaseCalibration(std::size_t out_of_scope_questions);

}  // namespace relais::kb

#endif  // RELAIS_KB_TRAINING_H_
