#include "relais/kb/training.h"

#include <algorithm>
#include <map>

#include "relais/engine/intent_classifier.h"

namespace relais::kb {
namespace {

using engine::IntentClassifier;
using engine::Result;

engine::TextLanguage ToTextLanguage(Language language) {
  return language == Language::kFr ? engine::TextLanguage::kFrench : engine::TextLanguage::kEnglish;
}

engine::TrainingExample ToExample(const LabeledQuestion& question) {
  return {question.text, question.entry_id, ToTextLanguage(question.language)};
}

// The index of `entry_id` in the model's (sorted) intents, or -1.
std::int32_t IntentIndex(const IntentClassifier& model, const std::string& entry_id) {
  const auto& names = model.intents();
  const auto it = std::lower_bound(names.begin(), names.end(), entry_id);
  return it != names.end() && *it == entry_id ? static_cast<std::int32_t>(it - names.begin()) : -1;
}

}  // namespace

Result<CrossValidation> CrossValidateClassifier(const std::vector<LabeledQuestion>& questions,
                                                const std::vector<Located>& out_of_scope,
                                                const TrainingOptions& options) {
  const int folds = std::max(2, options.folds);
  std::vector<int> fold(questions.size());
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    fold[i] = seen[questions[i].entry_id]++ % folds;
  }
  CrossValidation result;
  result.predictions.resize(questions.size());
  for (int f = 0; f < folds; ++f) {
    std::vector<engine::TrainingExample> training;
    std::vector<std::size_t> held_out;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      if (fold[i] == f) {
        held_out.push_back(i);
      } else {
        training.push_back(ToExample(questions[i]));
      }
    }
    if (held_out.empty() || training.empty()) continue;
    Result<IntentClassifier> model = IntentClassifier::Train(training);
    if (!model.ok()) return model.status();
    const IntentClassifier& classifier = model.value();
    const std::size_t all = classifier.intents().size();
    for (std::size_t i : held_out) {
      const LabeledQuestion& question = questions[i];
      engine::Classification classification =
          classifier.Classify(question.text, ToTextLanguage(question.language), all);
      if (!classification.ranked.empty()) {
        result.predictions[i].entry_id = classifier.intents()[classification.ranked[0].intent];
      }
      const std::int32_t intent = IntentIndex(classifier, question.entry_id);
      if (intent >= 0) result.calibration_samples.push_back({std::move(classification), intent});
    }
    for (std::size_t j = static_cast<std::size_t>(f); j < out_of_scope.size();
         j += static_cast<std::size_t>(folds)) {
      result.calibration_samples.push_back(
          {classifier.Classify(out_of_scope[j].text, engine::TextLanguage::kUnknown, all), -1});
    }
  }
  return result;
}

Result<std::string> TrainClassifier(const std::vector<LabeledQuestion>& questions,
                                    const CrossValidation& cross_validation) {
  std::vector<engine::TrainingExample> training;
  training.reserve(questions.size());
  for (const LabeledQuestion& question : questions) training.push_back(ToExample(question));
  Result<IntentClassifier> model = IntentClassifier::Train(training);
  if (!model.ok()) return model.status();
  if (!cross_validation.calibration_samples.empty()) {
    model.value().set_thresholds(
        engine::Calibrate(cross_validation.calibration_samples, engine::CalibrationOptions{}));
  }
  return model.value().Serialize();
}

}  // namespace relais::kb
