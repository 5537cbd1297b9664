// The evaluation protocol of relais-eval: train on `train`, calibrate on data
// never scored with the thresholds it produced, score a split.
#ifndef RELAIS_ENGINE_TOOLS_EVAL_METRICS_H_
#define RELAIS_ENGINE_TOOLS_EVAL_METRICS_H_

#include <string>
#include <vector>

#include "eval_dataset.h"
#include "relais/engine/calibration.h"
#include "relais/engine/intent_classifier.h"

namespace relais::eval {

struct EvalSettings {
  engine::ClassifierOptions classifier;
  engine::CalibrationOptions calibration;
  bool calibrate = true;  // false: keep classifier.thresholds (the defaults)
};

struct EvalReport {
  std::string dataset;
  std::string split;
  std::string calibration;  // how thresholds were obtained, for the record
  std::size_t train_examples = 0;
  std::size_t intents = 0;
  std::size_t in_scope = 0;
  std::size_t out_of_scope = 0;
  double in_scope_accuracy = 0;    // answered with the right intent
  double closed_set_accuracy = 0;  // top-ranked intent right, whatever the decision
  double oos_recall = -1;          // out-of-scope handed off (-1: no out-of-scope item)
  double oos_precision = -1;       // handed-off items that were out of scope (-1: none)
  double in_scope_answered = 0;    // in-scope questions answered (right or wrong)
  double in_scope_clarified = 0;
  double answer_precision = 0;  // answers (in scope or not) that were right
  // Per question, Classify + Decide, fastest of 3 runs (wall clock).
  double latency_us_p50 = 0;
  double latency_us_p99 = 0;
  double train_ms = 0;      // wall clock
  double train_cpu_ms = 0;  // process CPU time (training is single-threaded)
  std::size_t model_bytes = 0;
  std::size_t model_features = 0;
  std::size_t model_weights = 0;
  std::vector<engine::DecisionThresholds> thresholds;  // one per calibration fold
};

// Trains and scores `split` ("test" or "validation"; empty: test if present,
// else validation). When the scored split is the validation split itself, the
// thresholds are found by 2-fold cross-calibration: validation is divided into
// two halves (alternately within each intent and within the out-of-scope items,
// in file order) and each half is scored with thresholds calibrated on the
// other. Otherwise thresholds come from the whole validation split, or, when
// there is none, from every tenth training example of each intent with at least
// five (the 5th, 15th...), held out of
// training. Errors: unknown or missing split.
engine::Result<EvalReport> Evaluate(const Dataset& data, const std::string& split,
                                    const EvalSettings& settings, std::string* model_bytes_out);

// Trains and calibrates as Evaluate does for scoring a test split (validation
// wholly for calibration, or a held-out tenth of train).
engine::Result<engine::IntentClassifier> TrainAndCalibrate(const Dataset& data,
                                                           const EvalSettings& settings);

}  // namespace relais::eval

#endif  // RELAIS_ENGINE_TOOLS_EVAL_METRICS_H_
