// ValidateKnowledgeBase: service.md, then each entry, then what spans files
// (duplicates, confusable entries, regression and calibration questions).
#include <algorithm>
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

// `languages:` and `partial-languages:`: codes, each once, at least one complete.
void CheckServiceLanguages(const Service& service, Diagnostics* d) {
  std::vector<std::string> seen;
  for (const Located* field : {&service.languages, &service.partial_languages}) {
    if (!field->present()) continue;
    for (std::string_view item : internal::SplitCommaList(field->text)) {
      const std::string code(item);
      if (!IsLanguageCode(code)) {
        d->Error(service.file, field->line, "bad-language", Quote(code) + " is not a language code",
                 "write ISO 639 codes separated by commas, such as 'languages: en, fr'");
      } else if (std::find(seen.begin(), seen.end(), code) != seen.end()) {
        d->Error(service.file, field->line, "bad-language", "'" + code + "' is listed twice",
                 "list each language once, in 'languages:' or in 'partial-languages:'");
      } else {
        seen.push_back(code);
      }
    }
  }
  if (service.languages.present() && ServiceLanguages(service).complete == 0) {
    d->Error(service.file, service.languages.line, "bad-language",
             "the knowledge base needs at least one language every entry is written in",
             "write for example 'languages: en, fr'");
  }
}

void CheckService(const Service& service, const Languages& languages, Context* context,
                  Diagnostics* d) {
  if (service.file.empty()) return;  // missing or unreadable: already reported
  const std::string& file = service.file;
  CheckServiceLanguages(service, d);
  if (service.header_line > 0 && (!service.id.present() || service.id.text.empty())) {
    d->Error(file, service.id.present() ? service.id.line : service.header_line, "missing-field",
             "the required header field 'id' is missing or empty",
             "add a line 'id: harbourline' to the header");
  }
  // A name in every language, and only in them.
  for (const std::string& code : languages.codes) {
    const Located& name = service.name(code);
    if (service.header_line > 0 && name.text.empty()) {
      d->Error(file, name.present() ? name.line : service.header_line, "missing-field",
               "the required header field 'name-" + code + "' is missing or empty",
               "add a line 'name-" + code + ": the service's name in " + LanguageName(code) +
                   "' to the header");
    }
  }
  for (const auto& [code, name] : service.names) {
    if (!languages.Has(code)) {
      d->Error(file, name.line, "language-not-in-service",
               "a name in " + LanguageName(code) + ", which service.md does not list (" +
                   internal::ListCodes(languages.codes) + ")",
               "add '" + code + "' to 'languages:' or 'partial-languages:', or remove the line");
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
  // The service-wide other ways to get help: in every complete language when given
  // in one (a partial language without them shows the default language's).
  const bool any = std::any_of(service.sections.begin(), service.sections.end(),
                               [](const LanguageSection& s) { return s.present(); });
  for (const std::string& code : languages.codes) {
    if (!any || service.section(code).present() || !languages.IsComplete(code)) continue;
    d->Error(file, service.header_line > 0 ? service.header_line : 1, "missing-language",
             "the " + LanguageName(code) + " section is missing",
             "add '# " + code + "' with its '## Other ways to get help'");
  }
  for (const LanguageSection& section : service.sections) {
    if (!languages.Has(section.language)) {
      d->Error(file, section.line, "language-not-in-service",
               "a section in " + LanguageName(section.language) +
                   ", which service.md does not list (" + internal::ListCodes(languages.codes) +
                   ")",
               "add '" + section.language +
                   "' to 'languages:' or 'partial-languages:', or remove the section");
    }
    internal::CheckContacts(section.contacts, file, d);
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
  std::string_view language;
  int line;
};
using QuestionIndex = std::map<std::string, QuestionPlace>;

QuestionIndex CheckDuplicateQuestions(const KnowledgeBaseSource& kb, Diagnostics* d) {
  QuestionIndex first;
  for (const Entry& entry : kb.entries) {
    for (const LanguageSection& section : entry.sections) {
      const std::string_view language = section.language;
      for (const Located& question : section.questions) {
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
      const std::size_t total = consistency.Examples(neighbour.language);
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
                  std::to_string(total) + " " + LanguageName(neighbour.language) +
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
  const Languages languages = kb.languages();
  context.languages = &languages;
  CheckService(kb.service, languages, &context, diagnostics);
  for (const Entry& entry : kb.entries) internal::CheckEntry(entry, context, diagnostics);
  CheckDuplicateIds(kb, diagnostics);
  const QuestionIndex examples = CheckDuplicateQuestions(kb, diagnostics);
  CheckConfusable(kb, options, diagnostics);
  CheckTests(kb, context, examples, diagnostics);
}

}  // namespace relais::kb
