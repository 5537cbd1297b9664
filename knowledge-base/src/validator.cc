// ValidateKnowledgeBase: per-file checks here, cross-file checks in
// validate_cross.cc.
#include "relais/kb/validator.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <string>

#include "markdown_check.h"
#include "relais/vocabulary.h"
#include "text_util.h"
#include "validator_internal.h"

namespace relais::kb {

using internal::Quote;

std::optional<CivilDate> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto year = internal::ParseDecimal(text.substr(0, 4), 4);
  const auto month = internal::ParseDecimal(text.substr(5, 2), 2);
  const auto day = internal::ParseDecimal(text.substr(8, 2), 2);
  if (!year || !month || !day) return std::nullopt;
  const CivilDate date{static_cast<int>(*year), static_cast<int>(*month), static_cast<int>(*day)};
  if (date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
  const int month_days = kDays[date.month - 1] + (date.month == 2 && leap ? 1 : 0);
  if (date.day > month_days) return std::nullopt;
  return date;
}

long DaysSinceEpoch(const CivilDate& date) {
  // Howard Hinnant's days_from_civil.
  const long y = date.year - (date.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (date.month + (date.month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace internal {

void CheckContacts(const std::vector<Contact>& contacts, const std::string& file,
                   Diagnostics* diagnostics) {
  for (const Contact& contact : contacts) {
    if (!vocabulary::ParseContactKind(contact.kind)) {
      std::string kinds;
      for (std::string_view kind : vocabulary::kContactKindNames) {
        kinds += (kinds.empty() ? "" : ", ") + std::string(kind);
      }
      diagnostics->Error(file, contact.line, "bad-contact",
                         "unknown kind of help " + Quote(contact.kind), "use one of: " + kinds);
    } else if (contact.value.empty()) {
      diagnostics->Error(file, contact.line, "bad-contact",
                         "the '" + contact.kind + "' item has no value",
                         "write it as '- " + contact.kind + ": value | label'");
    } else if ((contact.kind == "form" || contact.kind == "chat") &&
               !(contact.value.starts_with("https://") && contact.value.size() > 8)) {
      diagnostics->Error(file, contact.line, "bad-contact",
                         "the '" + contact.kind + "' address " + Quote(contact.value) +
                             " is not an https:// address",
                         "give the full https:// address of the page");
    } else if (contact.kind == "email" && (contact.value.find('@') == std::string::npos ||
                                           contact.value.find(' ') != std::string::npos)) {
      diagnostics->Error(file, contact.line, "bad-contact",
                         Quote(contact.value) + " is not an email address",
                         "write the address alone, such as 'help@example.org'");
    } else if ((contact.kind == "phone" || contact.kind == "tty") &&
               contact.value.find_first_of("0123456789") == std::string::npos) {
      diagnostics->Error(file, contact.line, "bad-contact",
                         Quote(contact.value) + " is not a phone number",
                         "write the number first, then ' | ' and the label");
    }
  }
}

void CheckEntry(const Entry& entry, const Context& context, Diagnostics* d) {
  const std::string& file = entry.file;
  const EntryHeader& h = entry.header;
  if (h.line > 0) {
    const std::pair<const Located*, std::string_view> required[] = {
        {&h.id, "id: passport-renewal"},
        {&h.category, "category: passports"},
        {&h.owner, "owner: the team responsible for this answer"},
        {&h.reviewed, "reviewed: 2026-09-30"}};
    const std::string_view names[] = {"id", "category", "owner", "reviewed"};
    for (int i = 0; i < 4; ++i) {
      const Located& field = *required[i].first;
      if (!field.present()) {
        d->Error(file, h.line, "missing-field",
                 "the required header field '" + std::string(names[i]) + "' is missing",
                 "add a line '" + std::string(required[i].second) + "' to the header");
      } else if (field.text.empty()) {
        d->Error(file, field.line, "missing-field",
                 "the header field '" + std::string(names[i]) + "' is empty",
                 "write a value, such as '" + std::string(required[i].second) + "'");
      }
    }
  }
  if (!h.id.text.empty()) {
    if (!IsValidId(h.id.text)) {
      d->Error(
          file, h.id.line, "bad-id",
          "the id " + Quote(h.id.text) + " may only contain lowercase letters, digits and hyphens",
          "rename it (and the file), for example 'passport-renewal'");
    } else if (h.id.text != entry.stem) {
      d->Error(
          file, h.id.line, "id-file-mismatch",
          "the id '" + h.id.text + "' differs from the file name '" + entry.stem + ".md'",
          "rename the file to '" + h.id.text + ".md' or change the id to '" + entry.stem + "'");
    }
  }
  if (!h.category.text.empty() && !entry.folder.empty() && h.category.text != entry.folder) {
    d->Warning(
        file, h.category.line, "category-mismatch",
        "the category '" + h.category.text + "' differs from the folder '" + entry.folder + "'",
        "move the file to entries/" + h.category.text + "/ or fix the category");
  }
  if (h.reviewed.present() && !h.reviewed.text.empty()) {
    const std::optional<CivilDate> reviewed = ParseDate(h.reviewed.text);
    if (!reviewed) {
      d->Error(file, h.reviewed.line, "bad-date",
               "the reviewed date " + Quote(h.reviewed.text) + " is not a date YYYY-MM-DD",
               "write the date of the last review, such as 'reviewed: 2026-09-30'");
    } else if (context.options->today) {
      const long age = DaysSinceEpoch(*context.options->today) - DaysSinceEpoch(*reviewed);
      if (age > context.max_review_age_days) {
        d->Warning(
            file, h.reviewed.line, "review-overdue",
            "last reviewed on " + h.reviewed.text + ", " + std::to_string(age) +
                " days ago (the limit is " + std::to_string(context.max_review_age_days) + " days)",
            "ask the owner (" + h.owner.text + ") to check the answer, then update 'reviewed:'");
      } else if (age < 0) {
        d->Warning(file, h.reviewed.line, "review-in-future",
                   "the reviewed date " + h.reviewed.text + " is in the future",
                   "write the date of the last review");
      }
    }
  }
  CheckChoice(h.handoff, {"never", "always"}, "bad-handoff", "handoff", file, d);
  // Entries are normal or urgent; "frustrated" is the visitor's state, not an entry's.
  CheckChoice(h.priority,
              {vocabulary::Name(vocabulary::Priority::kNormal),
               vocabulary::Name(vocabulary::Priority::kUrgent)},
              "bad-priority", "priority", file, d);
  CheckChoice(h.alternatives, {"yes", "no"}, "bad-alternatives", "alternatives", file, d);
  for (const Located* field : {&h.queue, &h.skill, &h.follow_up}) {
    if (field->present() && field->text.empty()) {
      d->Error(file, field->line, "empty-field", "this header field has no value",
               "write a value or remove the line");
    }
  }
  for (const std::string& id : SplitFollowUps(h.follow_up.text)) {
    if (context.ids.count(id) == 0) {
      d->Error(file, h.follow_up.line, "unknown-follow-up",
               "the follow-up " + Quote(id) + " is not the id of any entry",
               "use the id of an existing entry (its file name without .md)");
    }
  }
  for (Language language : kLanguages) CheckSection(entry, language, context, d);
}

void CheckSection(const Entry& entry, Language language, const Context& context, Diagnostics* d) {
  const std::string& file = entry.file;
  const LanguageSection& section = entry.section(language);
  const std::string name(LanguageName(language));
  const std::string code(LanguageCode(language));
  if (!section.present()) {
    d->Error(file, entry.header.line > 0 ? entry.header.line : 1, "missing-language",
             "the " + name + " section is missing",
             "add '# " + code + ": Title' with its questions and answer");
    return;
  }
  if (section.title.text.empty()) {
    d->Error(file, section.line, "empty-title", "the " + name + " title is empty",
             "write the title after the colon: '# " + code + ": Title'");
  }
  if (section.questions.size() < context.options->min_questions) {
    d->Error(file, section.questions_line > 0 ? section.questions_line : section.line,
             "too-few-questions",
             "only " + std::to_string(section.questions.size()) + " " + name +
                 " example questions; at least " + std::to_string(context.options->min_questions) +
                 " are needed",
             "add varied phrasings under '## Questions': short keywords, full sentences, "
             "informal wording, common misspellings (10 to 15 is best)");
  }
  if (section.answer.empty()) {
    d->Error(file, section.answer_line > 0 ? section.answer_line : section.line, "empty-answer",
             section.answer_line > 0 ? "the " + name + " answer is empty"
                                     : "the " + name + " section has no '## Answer'",
             "write the answer under a '## Answer' heading");
  }
  for (const Located& pattern : section.patterns) {
    if (pattern.text.size() > context.options->max_pattern_bytes) {
      d->Error(file, pattern.line, "bad-pattern",
               "the pattern is longer than " + std::to_string(context.options->max_pattern_bytes) +
                   " bytes",
               "write a shorter pattern, or rely on example questions");
      continue;
    }
    RE2::Options re2_options;
    re2_options.set_log_errors(false);
    re2_options.set_max_mem(context.options->max_pattern_memory);
    const RE2 re(pattern.text, re2_options);
    if (!re.ok()) {
      d->Error(file, pattern.line, "bad-pattern",
               "the pattern " + Quote(pattern.text) + " is not valid RE2: " + re.error(),
               "fix the regular expression (RE2 syntax: no look-around, no back-references)");
    }
  }
  internal::CheckAnswerMarkdown(
      section.answer, file,
      [&](std::string_view id) { return context.ids.count(std::string(id)) > 0; }, d);
  CheckContacts(section.contacts, file, d);
}

void CheckChoice(const Located& field, std::initializer_list<std::string_view> choices,
                 const char* rule, std::string_view name, const std::string& file, Diagnostics* d) {
  if (!field.present()) return;
  std::string list;
  for (std::string_view choice : choices) {
    if (field.text == choice) return;
    list += (list.empty() ? "'" : " or '") + std::string(choice) + "'";
  }
  d->Error(file, field.line, rule,
           "'" + std::string(name) + "' is " + Quote(field.text) + "; it must be " + list,
           "write '" + std::string(name) + ": " + std::string(*choices.begin()) +
               "' (the default) or another allowed value");
}

}  // namespace internal
}  // namespace relais::kb
