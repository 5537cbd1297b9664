#include "relais/kb/training.h"

#include <algorithm>
#include <map>

#include "relais/engine/entry_vocabulary.h"
#include "relais/engine/intent_classifier.h"
#include "relais/engine/language.h"
#include "relais/engine/normalizer.h"
#include "text_util.h"

namespace relais::kb {
namespace {

using engine::IntentClassifier;
using engine::Result;

engine::TextLanguage ToTextLanguage(std::string_view language) {
  return engine::TextLanguageFromCode(language);
}

engine::TrainingExample ToExample(const LabeledQuestion& question) {
  return {question.text, question.entry_id, ToTextLanguage(question.language)};
}

// The languages of `questions`, in the order they first appear.
std::vector<engine::TextLanguage> LanguagesOf(const std::vector<LabeledQuestion>& questions) {
  std::vector<engine::TextLanguage> languages;
  for (const LabeledQuestion& question : questions) {
    const engine::TextLanguage language = ToTextLanguage(question.language);
    if (std::find(languages.begin(), languages.end(), language) == languages.end()) {
      languages.push_back(language);
    }
  }
  return languages;
}

// The index of `entry_id` in the model's (sorted) intents, or -1.
std::int32_t IntentIndex(const IntentClassifier& model, const std::string& entry_id) {
  const auto& names = model.intents();
  const auto it = std::lower_bound(names.begin(), names.end(), entry_id);
  return it != names.end() && *it == entry_id ? static_cast<std::int32_t>(it - names.begin()) : -1;
}

// The vocabulary of a fold's model: the entries' texts and its training examples.
engine::EntryVocabulary FoldVocabulary(const IntentClassifier& model,
                                       const std::vector<LabeledQuestion>& entry_texts,
                                       const std::vector<const LabeledQuestion*>& training) {
  std::vector<engine::VocabularyText> texts;
  const auto add = [&](const LabeledQuestion& text) {
    const std::int32_t intent = IntentIndex(model, text.entry_id);
    if (intent >= 0) {
      texts.push_back(
          {static_cast<std::uint32_t>(intent), text.text, ToTextLanguage(text.language)});
    }
  };
  for (const LabeledQuestion& text : entry_texts) add(text);
  for (const LabeledQuestion* question : training) add(*question);
  return engine::EntryVocabulary::Build(model.intents().size(), texts);
}

// Classifies with every intent ranked, each with its lexical agreement.
engine::Classification ClassifyForCalibration(const IntentClassifier& model,
                                              const engine::EntryVocabulary& vocabulary,
                                              std::string_view text,
                                              engine::TextLanguage language) {
  engine::Classification classification = model.Classify(text, language, model.intents().size());
  vocabulary.Annotate(engine::Normalize(text, language), &classification);
  return classification;
}

}  // namespace

std::vector<LabeledQuestion> CollectEntryTexts(const KnowledgeBaseSource& kb) {
  std::vector<LabeledQuestion> texts;
  const Languages languages = kb.languages();
  for (const Entry& entry : kb.entries) {
    const std::string& id = entry.header.id.text;
    if (!internal::IsValidId(id)) continue;
    for (const std::string& language : languages.codes) {
      const LanguageSection& section = entry.section(language);
      if (!section.present()) continue;  // a partial language this entry is not written in
      texts.push_back({id, language, section.title.text, entry.file, section.title.line});
      texts.push_back({id, language, JoinLines(section.answer), entry.file, section.answer_line});
    }
  }
  return texts;
}

engine::CalibrationOptions KnowledgeBaseCalibration(std::size_t out_of_scope_questions) {
  engine::CalibrationOptions options;
  if (out_of_scope_questions < kMinOutOfScopeForPolicy) return options;
  options.min_oos_recall = 0.95;
  options.wrong_answer_cost = 1.0;
  options.agreement_powers = {1.0, 0.0, 2.0, 3.0};
  return options;
}

Result<CrossValidation> CrossValidateClassifier(const std::vector<LabeledQuestion>& questions,
                                                const std::vector<Located>& out_of_scope,
                                                const std::vector<LabeledQuestion>& entry_texts,
                                                const TrainingOptions& options) {
  const int folds = std::max(2, options.folds);
  std::vector<int> fold(questions.size());
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < questions.size(); ++i) {
    fold[i] = seen[questions[i].entry_id]++ % folds;
  }
  CrossValidation result;
  result.predictions.resize(questions.size());
  // Each out-of-scope question (no intent) in the language the engine would detect
  // among the questions' languages: detected once, learnt by every fold but its own.
  const std::vector<engine::TextLanguage> languages = LanguagesOf(questions);
  for (const Located& question : out_of_scope) {
    result.out_of_scope.push_back(
        {question.text, "",
         engine::DetectLanguage(question.text, engine::TextLanguage::kUnknown, languages)
             .language});
  }
  for (int f = 0; f < folds; ++f) {
    std::vector<engine::TrainingExample> training;
    std::vector<const LabeledQuestion*> training_questions;
    std::vector<std::size_t> held_out;
    for (std::size_t i = 0; i < questions.size(); ++i) {
      if (fold[i] == f) {
        held_out.push_back(i);
      } else {
        training.push_back(ToExample(questions[i]));
        training_questions.push_back(&questions[i]);
      }
    }
    for (std::size_t j = 0; j < result.out_of_scope.size(); ++j) {
      if (j % static_cast<std::size_t>(folds) != static_cast<std::size_t>(f)) {
        training.push_back(result.out_of_scope[j]);
      }
    }
    if (held_out.empty() || training.empty()) continue;
    Result<IntentClassifier> model = IntentClassifier::Train(training);
    if (!model.ok()) return model.status();
    const IntentClassifier& classifier = model.value();
    const engine::EntryVocabulary vocabulary =
        FoldVocabulary(classifier, entry_texts, training_questions);
    for (std::size_t i : held_out) {
      const LabeledQuestion& question = questions[i];
      engine::Classification classification = ClassifyForCalibration(
          classifier, vocabulary, question.text, ToTextLanguage(question.language));
      if (!classification.ranked.empty()) {
        result.predictions[i].entry_id = classifier.intents()[classification.ranked[0].intent];
      }
      const std::int32_t intent = IntentIndex(classifier, question.entry_id);
      if (intent >= 0) result.calibration_samples.push_back({std::move(classification), intent});
    }
    for (std::size_t j = static_cast<std::size_t>(f); j < result.out_of_scope.size();
         j += static_cast<std::size_t>(folds)) {
      const engine::TrainingExample& question = result.out_of_scope[j];
      result.calibration_samples.push_back(
          {ClassifyForCalibration(classifier, vocabulary, question.text, question.language), -1});
    }
  }
  return result;
}

Result<std::string> TrainClassifier(const std::vector<LabeledQuestion>& questions,
                                    const CrossValidation& cross_validation) {
  std::vector<engine::TrainingExample> training;
  training.reserve(questions.size());
  for (const LabeledQuestion& question : questions) training.push_back(ToExample(question));
  training.insert(training.end(), cross_validation.out_of_scope.begin(),
                  cross_validation.out_of_scope.end());
  Result<IntentClassifier> model = IntentClassifier::Train(training);
  if (!model.ok()) return model.status();
  if (!cross_validation.calibration_samples.empty()) {
    model.value().set_thresholds(
        engine::Calibrate(cross_validation.calibration_samples,
                          KnowledgeBaseCalibration(cross_validation.out_of_scope.size())));
  }
  return model.value().Serialize();
}

}  // namespace relais::kb
