// ValidateKnowledgeBase: service.md, then each entry, then what spans files
// (duplicates, confusable entries, regression and calibration questions).
#include <map>
#include <optional>
#include <string>

#include "relais/kb/validator.h"
#include "text_util.h"
#include "validator_internal.h"

namespace relais::kb {
namespace {

using internal::Context;
using internal::Quote;

std::string Place(const std::string& file, int line) { return file + ":" + std::to_string(line); }

void CheckService(const Service& service, Context* context, Diagnostics* d) {
  if (service.file.empty()) return;  // missing or unreadable: already reported
  const std::string& file = service.file;
  if (service.header_line > 0) {
    const std::pair<const Located*, std::string_view> required[] = {
        {&service.id, "id: harbourline"},
        {&service.name_en, "name-en: Harbourline Public Services"},
        {&service.name_fr, "name-fr: Services publics Harbourline"}};
    for (const auto& [field, example] : required) {
      if (!field->present() || field->text.empty()) {
        const std::string name(example.substr(0, example.find(':')));
        d->Error(file, field->present() ? field->line : service.header_line, "missing-field",
                 "the required header field '" + name + "' is missing or empty",
                 "add a line '" + std::string(example) + "' to the header");
      }
    }
  }
  if (!service.id.text.empty() && !internal::IsValidId(service.id.text)) {
    d->Error(file, service.id.line, "bad-id",
             "the service id " + Quote(service.id.text) +
                 " may only contain lowercase letters, digits and hyphens",
             "write it like 'harbourline'");
  }
  if (service.max_review_age_days.present()) {
    const std::string& text = service.max_review_age_days.text;
    const std::optional<std::int64_t> days = internal::ParseDecimal(text, 5);
    if (!days || *days == 0) {
      d->Error(file, service.max_review_age_days.line, "bad-number",
               "max-review-age-days is " + Quote(text) + ", not a number of days",
               "write a whole number of days, such as 'max-review-age-days: 365'");
    } else {
      context->max_review_age_days = static_cast<int>(*days);
    }
  }
  const bool en = service.section(Language::kEn).present();
  const bool fr = service.section(Language::kFr).present();
  if (en != fr) {
    const Language missing = en ? Language::kFr : Language::kEn;
    d->Error(
        file, service.header_line > 0 ? service.header_line : 1, "missing-language",
        "the " + std::string(LanguageName(missing)) + " section is missing",
        "add '# " + std::string(LanguageCode(missing)) + "' with its '## Other ways to get help'");
  }
  for (Language language : kLanguages) {
    internal::CheckContacts(service.section(language).contacts, file, d);
  }
}

void CheckDuplicateIds(const KnowledgeBaseSource& kb, Diagnostics* d) {
  std::map<std::string, const Entry*> first;
  for (const Entry& entry : kb.entries) {
    const Located& id = entry.header.id;
    if (!internal::IsValidId(id.text)) continue;
    const auto [it, inserted] = first.emplace(id.text, &entry);
    if (inserted) continue;
    d->Error(entry.file, id.line, "duplicate-id",
             "the id '" + id.text + "' is also used by " +
                 Place(it->second->file, it->second->header.id.line),
             "give each entry its own id and file name");
  }
}

// Where an example question was first seen, by normalised text.
struct QuestionPlace {
  const Entry* entry;
  Language language;
  int line;
};
using QuestionIndex = std::map<std::string, QuestionPlace>;

QuestionIndex CheckDuplicateQuestions(const KnowledgeBaseSource& kb, Diagnostics* d) {
  QuestionIndex first;
  for (const Entry& entry : kb.entries) {
    for (Language language : kLanguages) {
      for (const Located& question : entry.section(language).questions) {
        const std::string key = internal::NormalizeForComparison(question.text);
        const auto [it, inserted] =
            first.emplace(key, QuestionPlace{&entry, language, question.line});
        if (inserted) continue;
        const QuestionPlace& other = it->second;
        if (other.entry == &entry) {
          if (other.language == language) {
            d->Warning(entry.file, question.line, "duplicate-question",
                       "the example " + Quote(question.text) + " repeats line " +
                           std::to_string(other.line),
                       "remove the repeat or write a different phrasing");
          }
          continue;
        }
        d->Error(entry.file, question.line, "duplicate-question",
                 "the example " + Quote(question.text) + " is also an example of '" +
                     other.entry->header.id.text + "' (" + Place(other.entry->file, other.line) +
                     ")",
                 "keep it only in the entry that answers it");
      }
    }
  }
  return first;
}

void CheckConfusable(const KnowledgeBaseSource& kb, const ValidateOptions& options,
                     Diagnostics* d) {
  const std::vector<LabeledQuestion> questions = CollectQuestions(kb);
  const std::vector<HeldOutPrediction> predictions = options.cross_validator
                                                         ? options.cross_validator(questions)
                                                         : LexicalCrossValidate(questions);
  std::map<std::string, const Entry*> by_id;
  for (const Entry& entry : kb.entries) by_id.emplace(entry.header.id.text, &entry);
  for (const EntryConsistency& consistency : AnalyseConsistency(questions, predictions)) {
    const Entry* entry = by_id[consistency.entry_id];
    for (const EntryConsistency::Neighbour& neighbour : consistency.confused_with) {
      const std::size_t total = consistency.examples[static_cast<int>(neighbour.language)];
      const std::size_t count = neighbour.questions.size();
      const double share = static_cast<double>(count) / static_cast<double>(total);
      if (count < options.confusable_min_questions || share < options.confusable_warning_share) {
        continue;
      }
      std::string examples;
      for (std::size_t i = 0; i < count && i < 3; ++i) {
        const std::size_t index = neighbour.questions[i];
        examples += (i == 0 ? "" : "; ") + Quote(questions[index].text) + " (line " +
                    std::to_string(questions[index].line) + ")";
        if (!predictions[index].evidence.empty()) {
          examples += " resembles " + Quote(predictions[index].evidence);
        }
      }
      const LanguageSection& section = entry->section(neighbour.language);
      d->Add({entry->file, section.questions_line > 0 ? section.questions_line : section.line,
              share >= options.confusable_error_share ? Severity::kError : Severity::kWarning,
              "confusable-entries",
              "'" + consistency.entry_id + "' and '" + neighbour.entry_id +
                  "' are easily confused: " + std::to_string(count) + " of " +
                  std::to_string(total) + " " + std::string(LanguageName(neighbour.language)) +
                  " examples of '" + consistency.entry_id + "' are taken for '" +
                  neighbour.entry_id + "': " + examples,
              "use the words that tell the two entries apart in their examples, move "
              "examples to the right entry, or merge the entries"});
    }
  }
}

void CheckTests(const KnowledgeBaseSource& kb, const Context& context,
                const QuestionIndex& examples, Diagnostics* d) {
  std::map<std::string, int> seen;  // per file and question
  std::map<std::string, const RegressionCase*> test_keys;
  for (const RegressionCase& test : kb.tests) {
    if (!test.expect_handoff && context.ids.count(test.expected) == 0) {
      d->Error(test.file, test.line, "unknown-test-entry",
               "the expected entry " + Quote(test.expected) + " does not exist",
               "use the id of an existing entry, or 'handoff'");
    }
    const std::string key = internal::NormalizeForComparison(test.question);
    if (const auto example = examples.find(key); example != examples.end()) {
      d->Warning(test.file, test.line, "test-copies-example",
                 "this question is an example question of '" +
                     example->second.entry->header.id.text + "' (" +
                     Place(example->second.entry->file, example->second.line) + ")",
                 "write a new phrasing: regression questions check what the examples do not");
    }
    test_keys.emplace(key, &test);
    const auto [it, inserted] = seen.emplace(test.file + '\n' + key, test.line);
    if (!inserted) {
      d->Warning(test.file, test.line, "duplicate-test",
                 "the same question is on line " + std::to_string(it->second), "remove the repeat");
    }
  }
  for (const Located& question : kb.calibration) {
    const std::string key = internal::NormalizeForComparison(question.text);
    if (const auto example = examples.find(key); example != examples.end()) {
      d->Error(kb.calibration_file, question.line, "calibration-overlap",
               "this out-of-scope question is an example question of '" +
                   example->second.entry->header.id.text + "'",
               "remove it from calibration.txt: it must only hold questions the service does "
               "not answer");
    }
    if (const auto test = test_keys.find(key); test != test_keys.end()) {
      d->Error(kb.calibration_file, question.line, "calibration-overlap",
               "this question is also a regression test (" +
                   Place(test->second->file, test->second->line) + ")",
               "calibration and test questions must differ; remove one of them");
    }
  }
}

}  // namespace

void ValidateKnowledgeBase(const KnowledgeBaseSource& kb, const ValidateOptions& options,
                           Diagnostics* diagnostics) {
  Context context;
  context.options = &options;
  context.max_review_age_days = options.default_max_review_age_days;
  for (const Entry& entry : kb.entries) {
    if (internal::IsValidId(entry.header.id.text)) context.ids.insert(entry.header.id.text);
  }
  CheckService(kb.service, &context, diagnostics);
  for (const Entry& entry : kb.entries) internal::CheckEntry(entry, context, diagnostics);
  CheckDuplicateIds(kb, diagnostics);
  const QuestionIndex examples = CheckDuplicateQuestions(kb, diagnostics);
  CheckConfusable(kb, options, diagnostics);
  CheckTests(kb, context, examples, diagnostics);
}

}  // namespace relais::kb
