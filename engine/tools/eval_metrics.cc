#include "eval_metrics.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>

namespace relais::eval {
namespace {

using engine::Classification;
using engine::Decision;
using engine::IntentClassifier;
using engine::Result;
using engine::Status;
using engine::StatusCode;

constexpr int kLatencyRuns = 3;

struct Split {
  std::vector<engine::TrainingExample> train;
  std::vector<const LabelledText*> calibration;
};

// Training examples, and the calibration items when there is no validation split
// (the 5th, 15th, 25th... example of each intent with at least five, held out).
Split PrepareTraining(const Dataset& data, bool hold_out) {
  Split s;
  std::map<std::string, std::size_t> seen;
  std::map<std::string, std::size_t> total;
  for (const LabelledText& t : data.train) {
    if (t.intent) ++total[*t.intent];
  }
  for (const LabelledText& t : data.train) {
    if (!t.intent) continue;  // out-of-scope training items are not used
    const std::size_t k = seen[*t.intent]++;
    if (hold_out && total[*t.intent] >= 5 && k % 10 == 4) {
      s.calibration.push_back(&t);
    } else {
      s.train.push_back({t.text, *t.intent, data.language});
    }
  }
  return s;
}

std::int32_t IntentIndex(const IntentClassifier& model, const std::optional<std::string>& intent) {
  if (!intent) return -1;
  const auto& names = model.intents();
  const auto it = std::lower_bound(names.begin(), names.end(), *intent);
  if (it == names.end() || *it != *intent) return -2;  // unknown to the model
  return static_cast<std::int32_t>(it - names.begin());
}

engine::DecisionThresholds CalibrateOn(const IntentClassifier& model, const Dataset& data,
                                       const std::vector<const LabelledText*>& items,
                                       const EvalSettings& settings) {
  if (!settings.calibrate) return settings.classifier.thresholds;
  const engine::CalibrationOptions& options = settings.calibration;
  std::vector<engine::CalibrationSample> samples;
  samples.reserve(items.size());
  for (const LabelledText* t : items) {
    const std::int32_t label = IntentIndex(model, t->intent);
    if (label == -2) continue;
    samples.push_back({model.Classify(t->text, data.language, model.intents().size()), label});
  }
  return engine::Calibrate(samples, options);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

}  // namespace

Result<IntentClassifier> TrainAndCalibrate(const Dataset& data, const EvalSettings& settings) {
  const bool has_validation = data.validation.has_value() && !data.validation->empty();
  Split split = PrepareTraining(data, !has_validation);
  auto model = IntentClassifier::Train(split.train, settings.classifier);
  if (!model.ok()) return model.status();
  if (has_validation) {
    for (const LabelledText& t : *data.validation) split.calibration.push_back(&t);
  }
  model.value().set_thresholds(CalibrateOn(model.value(), data, split.calibration, settings));
  return model;
}

Result<EvalReport> Evaluate(const Dataset& data, const std::string& requested,
                            const EvalSettings& settings, std::string* model_bytes_out) {
  std::string split_name = requested.empty() ? (data.test ? "test" : "validation") : requested;
  const std::vector<LabelledText>* scored = nullptr;
  if (split_name == "test" && data.test) scored = &*data.test;
  if (split_name == "validation" && data.validation) scored = &*data.validation;
  if (scored == nullptr) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "data set has no \"" + split_name + "\" split to score");
  }
  const bool has_validation = data.validation.has_value() && !data.validation->empty();
  EvalReport report;
  report.dataset = data.name;
  report.split = split_name;
  Split split = PrepareTraining(data, !has_validation);
  report.train_examples = split.train.size();

  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  auto trained = IntentClassifier::Train(split.train, settings.classifier);
  const std::clock_t c1 = std::clock();
  const auto t1 = std::chrono::steady_clock::now();
  if (!trained.ok()) return trained.status();
  report.train_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  report.train_cpu_ms = 1000.0 * static_cast<double>(c1 - c0) / CLOCKS_PER_SEC;
  std::string bytes = trained.value().Serialize();
  report.model_bytes = bytes.size();
  // Score with the deserialised model: what every host actually loads.
  auto loaded = IntentClassifier::Deserialize(bytes);
  if (!loaded.ok()) return loaded.status();
  IntentClassifier& model = loaded.value();
  report.intents = model.intents().size();
  report.model_features = model.feature_count();
  report.model_weights = model.weight_count();

  // Folds: (calibration items, scored items).
  std::vector<std::pair<std::vector<const LabelledText*>, std::vector<const LabelledText*>>> folds;
  if (scored == &*data.validation) {
    report.calibration = settings.calibrate ? "2-fold cross-calibration over validation"
                                            : "none (default thresholds)";
    std::vector<const LabelledText*> half[2];
    std::map<std::string, std::size_t> seen;  // "" for out of scope
    for (const LabelledText& t : *scored) half[seen[t.intent.value_or("")]++ % 2].push_back(&t);
    folds.push_back({half[0], half[1]});
    folds.push_back({half[1], half[0]});
  } else {
    std::vector<const LabelledText*> all;
    for (const LabelledText& t : *scored) all.push_back(&t);
    std::vector<const LabelledText*> calibration = split.calibration;
    if (!settings.calibrate) {
      report.calibration = "none (default thresholds)";
    } else if (has_validation) {
      report.calibration = "whole validation split";
      for (const LabelledText& t : *data.validation) calibration.push_back(&t);
    } else {
      report.calibration = "every tenth training example per intent, held out";
    }
    folds.push_back({calibration, all});
  }

  std::size_t in = 0, oos = 0, correct = 0, top1 = 0, answered = 0, answered_right = 0;
  std::size_t clarified = 0, handed = 0, handed_oos = 0, in_answered = 0;
  std::vector<double> latencies;
  for (const auto& [calibration, items] : folds) {
    const engine::DecisionThresholds t = CalibrateOn(model, data, calibration, settings);
    report.thresholds.push_back(t);
    model.set_thresholds(t);
    for (const LabelledText* item : items) {
      const std::int32_t label = IntentIndex(model, item->intent);
      // Timed kLatencyRuns times, the fastest kept: on a shared machine this
      // filters out preemption while keeping each query's own cost.
      Classification c;
      engine::DecisionResult d;
      double fastest = 1e300;
      for (int run = 0; run < kLatencyRuns; ++run) {
        const auto q0 = std::chrono::steady_clock::now();
        c = model.Classify(item->text, data.language);
        d = model.Decide(c);
        const auto q1 = std::chrono::steady_clock::now();
        fastest = std::min(fastest, std::chrono::duration<double, std::micro>(q1 - q0).count());
      }
      latencies.push_back(fastest);
      const bool right =
          !c.ranked.empty() && static_cast<std::int32_t>(c.ranked[0].intent) == label;
      if (d.decision == Decision::kHandoff) {
        ++handed;
        handed_oos += label == -1;
      }
      if (d.decision == Decision::kAnswer) {
        ++answered;
        answered_right += right;
      }
      if (label == -1) {
        ++oos;
        continue;
      }
      ++in;
      top1 += right;
      clarified += d.decision == Decision::kClarify;
      in_answered += d.decision == Decision::kAnswer;
      correct += d.decision == Decision::kAnswer && right;
    }
  }
  report.in_scope = in;
  report.out_of_scope = oos;
  const auto ratio = [](std::size_t a, std::size_t b) {
    return b ? static_cast<double>(a) / static_cast<double>(b) : -1.0;
  };
  report.in_scope_accuracy = ratio(correct, in);
  report.closed_set_accuracy = ratio(top1, in);
  report.oos_recall = ratio(handed_oos, oos);
  report.oos_precision = ratio(handed_oos, handed);
  report.in_scope_answered = ratio(in_answered, in);
  report.in_scope_clarified = ratio(clarified, in);
  report.answer_precision = ratio(answered_right, answered);
  report.latency_us_p50 = Percentile(latencies, 0.50);
  report.latency_us_p99 = Percentile(latencies, 0.99);
  if (model_bytes_out != nullptr) *model_bytes_out = std::move(bytes);
  return report;
}

}  // namespace relais::eval
