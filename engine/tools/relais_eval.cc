// relais-eval: measures the intent classifier on a data set in the Relais
// evaluation format, or predicts decisions for a list of questions.
//
//   relais-eval DATASET.json [--split test|validation] [--json]
//   relais-eval DATASET.json --predict QUERIES.txt
//
// Protocol (see eval_metrics.h): train on `train` only; thresholds from
// `validation` (2-fold cross-calibration when validation is the scored split);
// score the requested split (default: test if present, else validation).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "eval_dataset.h"
#include "eval_metrics.h"

namespace {

using relais::eval::EvalSettings;

constexpr const char* kUsage =
    "usage: relais-eval DATASET.json [--split test|validation] [--json]\n"
    "       relais-eval DATASET.json --predict QUERIES.txt\n"
    "tuning: [--min-oos-recall R] [--no-calibration] [--set KEY=VALUE]... [--save-model FILE]\n"
    "  KEY: epochs min_updates lr decay regularization max_weights prune knn knn_df\n"
    "       min_df char_min char_max word_weight"
    " char_weight bigrams stop_words_in_words\n"
    "       stop_words_in_chars mix answer clarify margin\n";

int Fail(const std::string& message) {
  std::cerr << "relais-eval: " << message << "\n";
  return 2;
}

bool ApplySetting(const std::string& assignment, EvalSettings* s) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string::npos) return false;
  const std::string key = assignment.substr(0, eq);
  double v = 0;
  try {  // the tool is not engine code: std::stod's exceptions are fine here
    v = std::stod(assignment.substr(eq + 1));
  } catch (...) {
    return false;
  }
  auto& c = s->classifier;
  auto& f = c.features;
  if (key == "epochs")
    c.epochs = static_cast<int>(v);
  else if (key == "lr")
    c.learning_rate = v;
  else if (key == "decay")
    c.decay = v;
  else if (key == "regularization")
    c.regularization = v;
  else if (key == "min_updates")
    c.min_updates = static_cast<std::uint32_t>(v);
  else if (key == "max_weights")
    c.max_weights = static_cast<std::uint32_t>(v);
  else if (key == "prune")
    c.prune_weight = v;
  else if (key == "knn")
    c.knn_features_per_example = static_cast<std::uint32_t>(v);
  else if (key == "knn_df")
    c.knn_max_df_fraction = v;
  else if (key == "min_df")
    c.min_char_gram_df = static_cast<std::uint32_t>(v);
  else if (key == "char_min")
    f.char_min = static_cast<std::uint8_t>(v);
  else if (key == "char_max")
    f.char_max = static_cast<std::uint8_t>(v);
  else if (key == "word_weight")
    f.word_weight = static_cast<float>(v);
  else if (key == "char_weight")
    f.char_weight = static_cast<float>(v);
  else if (key == "bigrams")
    f.word_bigrams = v != 0;
  else if (key == "stop_words_in_words")
    f.stop_words_in_words = v != 0;
  else if (key == "stop_words_in_chars")
    f.stop_words_in_chars = v != 0;
  else if (key == "mix")
    s->calibration.mixes = {v}, c.thresholds.mix = v;
  else if (key == "answer")
    c.thresholds.answer = v;
  else if (key == "clarify")
    c.thresholds.clarify = v;
  else if (key == "margin")
    c.thresholds.margin = v;
  else
    return false;
  return true;
}

nlohmann::ordered_json Rate(double v) {
  return v < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(v);
}

int Predict(const relais::eval::Dataset& data, const std::string& queries_path,
            const EvalSettings& settings) {
  auto queries = relais::eval::LoadLines(queries_path);
  if (!queries.ok()) return Fail(queries.status().message());
  auto model = relais::eval::TrainAndCalibrate(data, settings);
  if (!model.ok()) return Fail("training failed: " + model.status().message());
  const auto& m = model.value();
  for (const std::string& q : queries.value()) {
    const relais::engine::Classification c = m.Classify(q, data.language);
    const relais::engine::DecisionResult d = m.Decide(c);
    nlohmann::ordered_json line;
    line["text"] = q;
    line["decision"] = relais::engine::DecisionName(d.decision);
    if (c.ranked.empty()) {
      line["intent"] = nullptr;
      line["confidence"] = 0.0;
    } else {
      line["intent"] = m.intents()[c.ranked[0].intent];
      line["confidence"] = c.ranked[0].confidence;
    }
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dataset_path, split, predict_path, save_path;
  bool json = false;
  EvalSettings settings;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](const char* flag) -> const char* {
      if (i + 1 >= argc) return nullptr;
      (void)flag;
      return argv[++i];
    };
    if (arg == "--json") {
      json = true;
    } else if (arg == "--no-calibration") {
      settings.calibrate = false;
    } else if (arg == "--split" || arg == "--predict" || arg == "--save-model" || arg == "--set" ||
               arg == "--min-oos-recall") {
      const char* v = value(arg.c_str());
      if (v == nullptr) return Fail(arg + " needs a value\n" + kUsage);
      if (arg == "--split") split = v;
      if (arg == "--predict") predict_path = v;
      if (arg == "--save-model") save_path = v;
      if (arg == "--set" && !ApplySetting(v, &settings)) {
        return Fail(std::string("bad --set ") + v + "\n" + kUsage);
      }
      if (arg == "--min-oos-recall") settings.calibration.min_oos_recall = std::atof(v);
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      return Fail("unknown option " + arg + "\n" + kUsage);
    } else if (dataset_path.empty()) {
      dataset_path = arg;
    } else {
      return Fail("more than one data set given\n" + std::string(kUsage));
    }
  }
  if (dataset_path.empty()) return Fail(std::string("no data set given\n") + kUsage);
  if (!split.empty() && split != "test" && split != "validation") {
    return Fail("--split must be test or validation, not " + split);
  }
  auto data = relais::eval::LoadDataset(dataset_path);
  if (!data.ok()) return Fail(data.status().message());
  if (!predict_path.empty()) return Predict(data.value(), predict_path, settings);

  std::string model_bytes;
  auto report = relais::eval::Evaluate(data.value(), split, settings, &model_bytes);
  if (!report.ok()) return Fail(dataset_path + ": " + report.status().message());
  const relais::eval::EvalReport& r = report.value();
  if (!save_path.empty()) {
    std::ofstream(save_path, std::ios::binary) << model_bytes;
  }
  nlohmann::ordered_json out;
  out["dataset"] = r.dataset;
  out["split"] = r.split;
  out["calibration"] = r.calibration;
  out["intents"] = r.intents;
  out["train_examples"] = r.train_examples;
  out["in_scope"] = r.in_scope;
  out["out_of_scope"] = r.out_of_scope;
  out["in_scope_accuracy"] = Rate(r.in_scope_accuracy);
  out["oos_recall"] = Rate(r.oos_recall);
  out["oos_precision"] = Rate(r.oos_precision);
  out["closed_set_accuracy"] = Rate(r.closed_set_accuracy);
  out["in_scope_answered"] = Rate(r.in_scope_answered);
  out["in_scope_clarified"] = Rate(r.in_scope_clarified);
  out["answer_precision"] = Rate(r.answer_precision);
  out["latency_us_p50"] = r.latency_us_p50;
  out["latency_us_p99"] = r.latency_us_p99;
  out["train_ms"] = r.train_ms;
  out["train_cpu_ms"] = r.train_cpu_ms;
  out["model_bytes"] = r.model_bytes;
  out["model_features"] = r.model_features;
  out["model_weights"] = r.model_weights;
  nlohmann::ordered_json folds = nlohmann::ordered_json::array();
  for (const auto& t : r.thresholds) {
    folds.push_back({{"mix", t.mix},
                     {"answer", t.answer},
                     {"margin", t.margin},
                     {"clarify", t.clarify},
                     {"out_of_scope_similarity", t.out_of_scope_similarity}});
  }
  out["thresholds"] = folds;
  if (json) {
    std::cout << out.dump() << "\n";
  } else {
    for (const auto& [key, v] : out.items()) std::cout << key << ": " << v.dump() << "\n";
  }
  return 0;
}
