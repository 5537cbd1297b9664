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

// The checks every header field gets from its row of kEntryFields: present when
// required, a value when present, the value's kind.
void CheckField(const EntryField& spec, const Entry& entry, const Context& context,
                Diagnostics* d) {
  const std::string& file = entry.file;
  const Located& field = entry.header.*spec.member;
  const std::string key(spec.key);
  const std::string example = key + ": " + std::string(spec.example);
  if (!field.present()) {
    if (spec.required) {
      d->Error(file, entry.header.line, "missing-field",
               "the required header field '" + key + "' is missing",
               "add a line '" + example + "' to the header");
    }
    return;
  }
  if (field.text.empty() && spec.kind != FieldKind::kChoice) {
    if (spec.required) {
      d->Error(file, field.line, "missing-field", "the header field '" + key + "' is empty",
               "write a value, such as '" + example + "'");
    } else {
      d->Error(file, field.line, "empty-field", "this header field has no value",
               "write a value or remove the line");
    }
    return;
  }
  switch (spec.kind) {
    case FieldKind::kText:
      return;
    case FieldKind::kId:
      if (!IsValidId(field.text)) {
        d->Error(file, field.line, "bad-" + key,
                 "the " + key + " " + Quote(field.text) +
                     " may only contain lowercase letters, digits and hyphens",
                 "rename it (and the file), for example '" + std::string(spec.example) + "'");
      }
      return;
    case FieldKind::kDate:
      if (!ParseDate(field.text)) {
        d->Error(file, field.line, "bad-date",
                 "the " + key + " date " + Quote(field.text) + " is not a date YYYY-MM-DD",
                 "write a date such as '" + example + "'");
      }
      return;
    case FieldKind::kChoice:
      CheckChoice(field, spec.choices, "bad-" + key, key, file, d);
      return;
    case FieldKind::kIds:
      for (const std::string& id : SplitFollowUps(field.text)) {
        if (context.ids.count(id) == 0) {
          d->Error(file, field.line, "unknown-" + key,
                   "the " + key + " " + Quote(id) + " is not the id of any entry",
                   "use the id of an existing entry (its file name without .md)");
        }
      }
      return;
  }
}

void CheckEntry(const Entry& entry, const Context& context, Diagnostics* d) {
  const std::string& file = entry.file;
  const EntryHeader& h = entry.header;
  if (h.line > 0) {
    for (const EntryField& spec : kEntryFields) CheckField(spec, entry, context, d);
  }
  // What ties fields to the file's place and to today.
  if (IsValidId(h.id.text) && h.id.text != entry.stem) {
    d->Error(file, h.id.line, "id-file-mismatch",
             "the id '" + h.id.text + "' differs from the file name '" + entry.stem + ".md'",
             "rename the file to '" + h.id.text + ".md' or change the id to '" + entry.stem + "'");
  }
  if (!h.category.text.empty() && !entry.folder.empty() && h.category.text != entry.folder) {
    d->Warning(
        file, h.category.line, "category-mismatch",
        "the category '" + h.category.text + "' differs from the folder '" + entry.folder + "'",
        "move the file to entries/" + h.category.text + "/ or fix the category");
  }
  if (const std::optional<CivilDate> reviewed = ParseDate(h.reviewed.text);
      reviewed && context.options->today) {
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
  CheckLanguages(entry, context, d);
}

// Every complete language of the service has its section; a partial one may;
// any other language is a mistake (or a language service.md does not list yet).
void CheckLanguages(const Entry& entry, const Context& context, Diagnostics* d) {
  const Languages& languages = *context.languages;
  for (std::size_t i = 0; i < languages.codes.size(); ++i) {
    const std::string& code = languages.codes[i];
    if (entry.section(code).present()) {
      CheckSection(entry, code, context, d);
    } else if (i < languages.complete) {
      d->Error(entry.file, entry.header.line > 0 ? entry.header.line : 1, "missing-language",
               "the " + LanguageName(code) + " section is missing",
               "add '# " + code + ": Title' with its questions and answer");
    }
  }
  for (const LanguageSection& section : entry.sections) {
    if (languages.Has(section.language)) continue;
    d->Error(entry.file, section.line, "language-not-in-service",
             "the knowledge base is not written in " + LanguageName(section.language) +
                 " (service.md lists " + ListCodes(languages.codes) + ")",
             "add '" + section.language +
                 "' to 'partial-languages:' in service.md, or remove this section");
  }
}

void CheckSection(const Entry& entry, std::string_view code, const Context& context,
                  Diagnostics* d) {
  const std::string& file = entry.file;
  const LanguageSection& section = entry.section(code);
  const std::string name = LanguageName(code);
  if (section.title.text.empty()) {
    d->Error(file, section.line, "empty-title", "the " + name + " title is empty",
             "write the title after the colon: '# " + std::string(code) + ": Title'");
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

std::string ListCodes(const std::vector<std::string>& codes) {
  std::string list;
  for (const std::string& code : codes) list += (list.empty() ? "" : ", ") + code;
  return list;
}

void CheckChoice(const Located& field, std::span<const std::string_view> choices,
                 const std::string& rule, std::string_view name, const std::string& file,
                 Diagnostics* d) {
  if (!field.present()) return;
  std::string list;
  for (std::string_view choice : choices) {
    if (field.text == choice) return;
    list += (list.empty() ? "'" : " or '") + std::string(choice) + "'";
  }
  d->Error(file, field.line, rule,
           "'" + std::string(name) + "' is " + Quote(field.text) + "; it must be " + list,
           "write '" + std::string(name) + ": " + std::string(choices.front()) +
               "' (the default) or another allowed value");
}

}  // namespace internal
}  // namespace relais::kb
