// The knowledge-base sources as written by content editors (format:
// knowledge-base/README.md), parsed but not yet validated. Every value keeps the
// line it came from so that each diagnostic can point at it.
#ifndef RELAIS_KB_SOURCE_H_
#define RELAIS_KB_SOURCE_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace relais::kb {

enum class Language { kEn = 0, kFr = 1 };
inline constexpr std::array<Language, 2> kLanguages = {Language::kEn, Language::kFr};

// "en" or "fr".
std::string_view LanguageCode(Language language);
// The language of a code ("en", "fr"; exact, lowercase), or nullopt.
std::optional<Language> ParseLanguageCode(std::string_view code);
// "English" or "French", for messages.
std::string_view LanguageName(Language language);

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
  int line = 0;  // of the `# xx` heading; 0 when the section is missing
  Located title;
  int questions_line = 0;  // of the `## Questions` heading; 0 when missing
  std::vector<Located> questions;
  std::vector<Located> patterns;
  int answer_line = 0;  // of the `## Answer` heading; 0 when missing
  // The Markdown source, one item per line, without leading or trailing blank
  // lines and without editor comments (JoinLines gives the text).
  std::vector<Located> answer;
  std::vector<Contact> contacts;

  bool present() const { return line > 0; }
};

// The header of an entry file: raw values, checked by the validator.
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

// One entry file: `entries/<category>/<id>.md`.
struct Entry {
  std::string file;    // display path
  std::string stem;    // file name without ".md" (must equal the id)
  std::string folder;  // the <category> folder; empty when parsed from memory
  EntryHeader header;
  std::array<LanguageSection, 2> sections;  // indexed by Language

  const LanguageSection& section(Language language) const {
    return sections[static_cast<int>(language)];
  }
  LanguageSection& section(Language language) { return sections[static_cast<int>(language)]; }
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
  Located name_en;
  Located name_fr;
  Located max_review_age_days;
  std::array<LanguageSection, 2> sections;  // only contacts are used

  const LanguageSection& section(Language language) const {
    return sections[static_cast<int>(language)];
  }
};

// One line of tests/en.txt or tests/fr.txt: `question -> entry-id` or
// `question -> handoff`.
struct RegressionCase {
  std::string file;
  int line = 0;
  Language language = Language::kEn;
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
};

}  // namespace relais::kb

#endif  // RELAIS_KB_SOURCE_H_
