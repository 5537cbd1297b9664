// The knowledge-base sources as written by content editors (format:
// knowledge-base/README.md), parsed but not yet validated. Every value keeps the
// line it came from so that each diagnostic can point at it.
#ifndef RELAIS_KB_SOURCE_H_
#define RELAIS_KB_SOURCE_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relais/engine/text_language.h"

namespace relais::kb {

// A language of the knowledge base is its code, as written in `# xx` headings, in
// service.md's `languages:` and in tests/xx.txt: an ISO 639 code of two or three
// lowercase ASCII letters ("en", "fr", "es", "iu"; engine::IsLanguageCode). Nothing
// else in the sources names a language, so a language is added by writing its sections.
using engine::IsLanguageCode;
// "English", "French", "Spanish"... for messages; "'xx'" for a code without a name here.
std::string LanguageName(std::string_view code);

// A piece of text and its 1-based line; line == 0 means "absent from the file".
struct Located {
  std::string text;
  int line = 0;

  bool present() const { return line > 0; }
};

// One "other way to get help" item: `- kind: value | label`.
struct Contact {
  std::string kind;
  std::string value;
  std::string label;  // may be empty
  int line = 0;
};

// One `# en: Title` (or `# fr: Titre`) section of an entry, or `# en` of service.md.
struct LanguageSection {
  std::string language;  // its code
  int line = 0;          // of the `# xx` heading; 0 when the section is missing
  Located title;
  int questions_line = 0;  // of the `## Questions` heading; 0 when missing
  std::vector<Located> questions;
  int patterns_line = 0;  // of `## Patterns`; 0 when absent
  std::vector<Located> patterns;
  int answer_line = 0;  // of the `## Answer` heading; 0 when missing
  // The Markdown source, one item per line, without leading or trailing blank
  // lines and without editor comments (JoinLines gives the text).
  std::vector<Located> answer;
  int contacts_line = 0;  // of `## Other ways to get help`; 0 when absent
  std::vector<Contact> contacts;

  bool present() const { return line > 0; }
};

// The header of an entry file: raw values, checked by the validator. Each member
// is described by one row of kEntryFields below.
struct EntryHeader {
  int line = 0;  // of the opening `---`; 0 when the file has no header
  Located id;
  Located category;
  Located owner;
  Located reviewed;
  Located follow_up;  // comma-separated ids
  Located handoff;
  Located queue;
  Located skill;
  Located priority;
  Located alternatives;
};

// What a header field's value must be (the validator's check) and how it is
// written into the bundle.
enum class FieldKind {
  kText,    // free text, written as is
  kId,      // an entry id (lowercase letters, digits, hyphens), written as is
  kDate,    // YYYY-MM-DD, written as is
  kChoice,  // one of `choices`, written as is; absent means the first choice
  kIds,     // comma-separated entry ids, written as a JSON array
};

// One header field, for the parser (its key), the validator (kind, required,
// choices) and the bundle writer (its column). Adding a field to entries: a member
// of EntryHeader and a row here, a column in the bundle (engine/bundle_schema.h,
// tested against this table), and where the engine reads it (knowledge_base.h/.cc).
struct EntryField {
  std::string_view key;  // as written in the header: "follow-up"
  Located EntryHeader::*member;
  FieldKind kind;
  bool required;
  std::string_view example;  // a valid value, shown in messages
  std::string_view column;   // of the bundle's `entries` table
  std::span<const std::string_view> choices = {};
};

inline constexpr std::string_view kHandoffChoices[] = {"never", "always"};
inline constexpr std::string_view kPriorityChoices[] = {"normal", "urgent"};  // vocabulary's
inline constexpr std::string_view kAlternativesChoices[] = {"yes", "no"};

inline constexpr EntryField kEntryFields[] = {
    {"id", &EntryHeader::id, FieldKind::kId, true, "passport-renewal", "id"},
    {"category", &EntryHeader::category, FieldKind::kText, true, "passports", "category"},
    {"owner", &EntryHeader::owner, FieldKind::kText, true, "the team responsible for this answer",
     "owner"},
    {"reviewed", &EntryHeader::reviewed, FieldKind::kDate, true, "2026-09-30", "reviewed"},
    {"follow-up", &EntryHeader::follow_up, FieldKind::kIds, false, "passport-fees", "follow_ups"},
    {"handoff", &EntryHeader::handoff, FieldKind::kChoice, false, "never", "handoff",
     kHandoffChoices},
    {"queue", &EntryHeader::queue, FieldKind::kText, false, "passports", "queue"},
    {"skill", &EntryHeader::skill, FieldKind::kText, false, "passports", "skill"},
    {"priority", &EntryHeader::priority, FieldKind::kChoice, false, "normal", "priority",
     kPriorityChoices},
    {"alternatives", &EntryHeader::alternatives, FieldKind::kChoice, false, "yes", "alternatives",
     kAlternativesChoices},
};

// One entry file: `entries/<category>/<id>.md`.
struct Entry {
  std::string file;    // display path
  std::string stem;    // file name without ".md" (must equal the id)
  std::string folder;  // the <category> folder; empty when parsed from memory
  EntryHeader header;
  std::vector<LanguageSection> sections;  // in file order, at most one per language

  // The section in `language`, or an absent one (line 0) when the file has none.
  const LanguageSection& section(std::string_view language) const;
};

// The lines' text joined with '\n'.
std::string JoinLines(const std::vector<Located>& lines);

// The follow-up ids of `follow_up` (comma-separated, trimmed, empty items dropped).
std::vector<std::string> SplitFollowUps(std::string_view follow_up);

// service.md: service-wide settings and default other ways to get help.
struct Service {
  std::string file;  // display path; empty when the file is missing
  int header_line = 0;
  Located id;
  // `languages: en, fr`: the languages every entry is written in, the first one
  // the default (absent: "en, fr"). `partial-languages: es`: languages only some
  // entries are written in (the others answer in the default language).
  Located languages;
  Located partial_languages;
  std::vector<std::pair<std::string, Located>> names;  // `name-<code>: ...`, in file order
  Located max_review_age_days;
  std::vector<LanguageSection> sections;  // only contacts are used

  const LanguageSection& section(std::string_view language) const;
  // Its `name-<language>` line, or an absent one (line 0).
  const Located& name(std::string_view language) const;
};

// The knowledge base's languages as service.md declares them.
struct Languages {
  std::vector<std::string> codes;  // the complete languages, then the partial ones
  std::size_t complete = 0;        // how many of `codes` every entry is written in

  bool Has(std::string_view code) const;
  bool IsComplete(std::string_view code) const;
};
// The codes of `languages:` (default "en, fr") then of `partial-languages:`, in
// order; codes that are malformed or repeated are left out (the validator reports them).
Languages ServiceLanguages(const Service& service);

// One line of tests/<code>.txt (tests/en.txt, tests/fr.txt...): `question -> entry-id`
// or `question -> handoff`.
struct RegressionCase {
  std::string file;
  int line = 0;
  std::string language;  // the code in the file name
  std::string question;
  std::string expected;  // an entry id, or empty when expect_handoff
  bool expect_handoff = false;
};

// A whole knowledge-base directory.
struct KnowledgeBaseSource {
  std::string root;  // display path of the directory
  Service service;
  std::vector<Entry> entries;  // sorted by file path
  std::vector<RegressionCase> tests;
  std::string calibration_file;      // empty when there is no calibration.txt
  std::vector<Located> calibration;  // out-of-scope questions
  std::string content_hash;          // hex SHA-256 over every source file read

  Languages languages() const { return ServiceLanguages(service); }
};

}  // namespace relais::kb

#endif  // RELAIS_KB_SOURCE_H_
