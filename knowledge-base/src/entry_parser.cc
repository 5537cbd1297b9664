// ParseEntry and ParseService: a line-based reader for the header and the
// `# xx` / `## Section` structure shared by entry files and service.md.
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "relais/kb/parser.h"
#include "text_util.h"

namespace relais::kb {
namespace {

using internal::AsciiLower;
using internal::Quote;
using internal::SourceLine;
using internal::Trim;

enum class FileKind { kEntry, kService };

// What the lines under the current `##` heading are read as.
enum class Part { kNone, kQuestions, kPatterns, kAnswer, kContacts, kSkip };

constexpr std::string_view kEntrySectionNames =
    "'## Questions', '## Patterns', '## Answer' or '## Other ways to get help'";

struct HeaderField {
  std::string key;
  std::string value;
  int line = 0;
};

// Removes editor comments (`<!-- ... -->`, possibly over several lines) so that
// they neither end up in answers nor break lists.
std::vector<SourceLine> DropComments(const std::vector<SourceLine>& lines, const std::string& file,
                                     Diagnostics* diagnostics) {
  std::vector<SourceLine> kept;
  kept.reserve(lines.size());
  int comment_start = 0;
  for (const SourceLine& line : lines) {
    std::string_view text = Trim(line.text);
    if (comment_start == 0) {
      if (!text.starts_with("<!--")) {
        kept.push_back(line);
        continue;
      }
      comment_start = line.number;
      text.remove_prefix(4);
    }
    const std::size_t close = text.find("-->");
    if (close == std::string_view::npos) continue;
    comment_start = 0;
    if (!Trim(text.substr(close + 3)).empty()) {
      diagnostics->Warning(file, line.number, "comment-trailing-text",
                           "the text after the end of the comment is ignored",
                           "put the text on its own line, after the comment");
    }
  }
  if (comment_start != 0) {
    diagnostics->Error(file, comment_start, "comment-unterminated",
                       "the comment '<!--' is never closed, so the rest of the file is ignored",
                       "end the comment with '-->'");
  }
  return kept;
}

// Reads the `---` header at the top of the file. On return `*index` is the first
// line after it; `*header_line` is the opening line, or 0 without a header.
std::vector<HeaderField> ParseHeader(const std::vector<SourceLine>& lines, std::size_t* index,
                                     int* header_line, const std::string& file,
                                     Diagnostics* diagnostics) {
  std::vector<HeaderField> fields;
  std::size_t i = 0;
  while (i < lines.size() && Trim(lines[i].text).empty()) ++i;
  *header_line = 0;
  if (i >= lines.size() || Trim(lines[i].text) != "---") {
    diagnostics->Error(file, i < lines.size() ? lines[i].number : 1, "header-missing",
                       "the file does not start with a '---' header",
                       "start the file with a line '---', the 'key: value' fields, then '---'");
    *index = i;
    return fields;
  }
  *header_line = lines[i].number;
  for (++i;; ++i) {
    if (i >= lines.size()) {
      diagnostics->Error(file, *header_line, "header-unterminated", "the header is never closed",
                         "add a line '---' after the last 'key: value' field");
      break;
    }
    const std::string_view text = Trim(lines[i].text);
    if (text == "---") {
      ++i;
      break;
    }
    if (text.empty()) continue;
    if (text.starts_with("#")) {
      diagnostics->Error(file, lines[i].number, "header-unterminated",
                         "the header is not closed before this heading",
                         "add a line '---' after the last 'key: value' field");
      break;
    }
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      diagnostics->Error(file, lines[i].number, "header-syntax",
                         "expected 'key: value' in the header, found " + Quote(text),
                         "write one field per line, such as 'owner: Passport Program'");
      continue;
    }
    HeaderField field{AsciiLower(Trim(text.substr(0, colon))),
                      std::string(Trim(text.substr(colon + 1))), lines[i].number};
    bool duplicate = false;
    for (const HeaderField& other : fields) {
      if (other.key != field.key) continue;
      diagnostics->Error(
          file, field.line, "header-duplicate-key",
          "the field '" + field.key + "' is already set on line " + std::to_string(other.line),
          "keep only one '" + field.key + ":' line");
      duplicate = true;
      break;
    }
    if (!duplicate) fields.push_back(std::move(field));
  }
  *index = i;
  return fields;
}

// Assigns header fields to the Located members named in `known` (pairs of a key
// and a member); hands the others to `other`, which returns false for an unknown key.
template <typename Target, typename Known, typename Other>
void AssignFields(const std::vector<HeaderField>& fields, const Known& known, Target* target,
                  Other other, std::string_view more_names, const std::string& file,
                  Diagnostics* diagnostics) {
  for (const HeaderField& field : fields) {
    bool found = false;
    for (const auto& [name, member] : known) {
      if (field.key != name) continue;
      target->*member = {field.value, field.line};
      found = true;
    }
    if (found || other(field)) continue;
    std::string names;
    for (const auto& [name, member] : known)
      names += (names.empty() ? "" : ", ") + std::string(name);
    diagnostics->Error(file, field.line, "header-unknown-key",
                       "unknown header field '" + field.key + "'",
                       "check the spelling; the fields are: " + names + std::string(more_names));
  }
}

// Reads everything after the header: language sections and their parts.
class BodyParser {
 public:
  BodyParser(FileKind kind, const std::string& file, const Budgets& budgets,
             std::vector<LanguageSection>* sections, Diagnostics* diagnostics)
      : kind_(kind), file_(file), budgets_(budgets), sections_(sections), d_(diagnostics) {}

  void Parse(const std::vector<SourceLine>& lines, std::size_t begin) {
    for (std::size_t i = begin; i < lines.size(); ++i) ParseLine(lines[i]);
    FinishAnswer();
  }

 private:
  void ParseLine(const SourceLine& line) {
    const std::string_view text = line.text;
    int level = 0;
    while (level < static_cast<int>(text.size()) && text[level] == '#') ++level;
    const bool heading = level > 0 && (level == static_cast<int>(text.size()) ||
                                       text[level] == ' ' || text[level] == '\t');
    if (heading && level <= 2) {
      FinishAnswer();
      stray_reported_ = false;
      if (level == 1) {
        StartLanguage(line, Trim(text.substr(level)));
      } else {
        StartPart(line, Trim(text.substr(level)));
      }
      return;
    }
    switch (part_) {
      case Part::kSkip:
        return;
      case Part::kAnswer:
        if (heading) {
          d_->Error(file_, line.number, "answer-heading", "headings are not supported in answers",
                    "use a short paragraph with **bold** text instead");
        }
        answer_lines_.push_back(line);
        return;
      case Part::kQuestions:
      case Part::kPatterns:
      case Part::kContacts:
        ListLine(line);
        return;
      case Part::kNone:
        if (!Trim(text).empty() && !stray_reported_) {
          stray_reported_ = true;
          d_->Error(file_, line.number, "stray-text",
                    "this text is outside any section and is ignored",
                    current() == nullptr
                        ? std::string("put it under a '# en: ...' or '# fr: ...' heading")
                        : "put it under one of " + std::string(kEntrySectionNames));
        }
        return;
    }
  }

  // The section being read, or nullptr (before the first `# xx`, or in a rejected one).
  // An index, not a pointer: adding a section moves the others.
  LanguageSection* current() { return current_ < 0 ? nullptr : &(*sections_)[current_]; }

  void StartLanguage(const SourceLine& line, std::string_view heading) {
    part_ = Part::kSkip;
    current_ = -1;
    skip_language_ = true;
    const std::size_t colon = heading.find(':');
    const std::string code = AsciiLower(Trim(heading.substr(0, colon)));
    if (!IsLanguageCode(code)) {
      d_->Error(file_, line.number, "language-unknown",
                "the heading " + Quote(line.text) +
                    " does not name a language (a code such as en, fr or es)",
                kind_ == FileKind::kEntry ? "write '# en: Title' or '# fr: Titre'"
                                          : "write '# en' or '# fr'");
      return;
    }
    for (const LanguageSection& other : *sections_) {
      if (other.language != code) continue;
      d_->Error(file_, line.number, "section-duplicate",
                "a second '# " + code + "' section (the first is on line " +
                    std::to_string(other.line) + ")",
                "merge the two sections into one");
      return;
    }
    LanguageSection& section = sections_->emplace_back();
    section.language = code;
    section.line = line.number;
    if (kind_ == FileKind::kEntry) {
      const std::string_view title =
          colon == std::string_view::npos ? std::string_view() : Trim(heading.substr(colon + 1));
      section.title = {std::string(title), line.number};
    }
    current_ = static_cast<int>(sections_->size()) - 1;
    skip_language_ = false;
    part_ = Part::kNone;
  }

  void StartPart(const SourceLine& line, std::string_view name) {
    part_ = Part::kSkip;
    if (skip_language_) return;  // inside a rejected `# xx` section: already reported
    LanguageSection* section = current();
    if (section == nullptr) {
      d_->Error(file_, line.number, "stray-text",
                "the section " + Quote(line.text) + " is not inside a language section",
                "put it under a '# en' or '# fr' heading");
      return;
    }
    const std::string lower = AsciiLower(name);
    Part part = Part::kSkip;
    int* heading_line = nullptr;
    if (lower == "other ways to get help") {
      part = Part::kContacts;
      heading_line = &section->contacts_line;
    } else if (kind_ == FileKind::kEntry && lower == "questions") {
      part = Part::kQuestions;
      heading_line = &section->questions_line;
    } else if (kind_ == FileKind::kEntry && lower == "patterns") {
      part = Part::kPatterns;
      heading_line = &section->patterns_line;
    } else if (kind_ == FileKind::kEntry && lower == "answer") {
      part = Part::kAnswer;
      heading_line = &section->answer_line;
    } else {
      d_->Error(file_, line.number, "section-unknown", "unknown section " + Quote(line.text),
                kind_ == FileKind::kEntry ? "use " + std::string(kEntrySectionNames)
                                          : std::string("use '## Other ways to get help'"));
      return;
    }
    if (*heading_line != 0) {
      d_->Error(file_, line.number, "section-duplicate",
                "a second " + Quote(line.text) + " in this language (the first is on line " +
                    std::to_string(*heading_line) + ")",
                "merge the two sections into one");
      return;
    }
    *heading_line = line.number;
    part_ = part;
  }

  void ListLine(const SourceLine& line) {
    const std::string_view text = Trim(line.text);
    if (text.empty()) return;
    if (text != "-" && !text.starts_with("- ")) {
      d_->Error(file_, line.number, "list-item-expected",
                "expected a list item starting with '- ', found " + Quote(text),
                "start each item with '- ' on its own line (no wrapped lines)");
      return;
    }
    std::string_view item = Trim(text.substr(1));
    LanguageSection& section = *current();
    const std::size_t count = part_ == Part::kQuestions  ? section.questions.size()
                              : part_ == Part::kPatterns ? section.patterns.size()
                                                         : section.contacts.size();
    if (count >= budgets_.max_list_items) {
      d_->Error(file_, line.number, "too-many-items",
                "more than " + std::to_string(budgets_.max_list_items) +
                    " items in this section; the rest are ignored",
                "keep the most useful ones or split the entry");
      part_ = Part::kSkip;
      return;
    }
    if (item.empty()) {
      d_->Error(file_, line.number, "empty-item", "empty list item",
                "write the item after '- ' or remove the line");
      return;
    }
    if (part_ == Part::kQuestions) {
      if (item.size() > budgets_.max_question_bytes) {
        d_->Error(file_, line.number, "question-too-long",
                  "the question has " + std::to_string(item.size()) + " bytes, more than " +
                      std::to_string(budgets_.max_question_bytes),
                  "write a shorter question, as a visitor would type it");
        return;
      }
      section.questions.push_back({std::string(item), line.number});
    } else if (part_ == Part::kPatterns) {
      // A pattern may be written as inline code so that Markdown previews keep it.
      if (item.size() >= 2 && item.front() == '`' && item.back() == '`') {
        item = item.substr(1, item.size() - 2);
      }
      section.patterns.push_back({std::string(item), line.number});
    } else {
      AddContact(item, line.number);
    }
  }

  void AddContact(std::string_view item, int line) {
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      d_->Error(file_, line, "contact-syntax",
                "expected 'kind: value | label', found " + Quote(item),
                "write for example '- phone: 1-800-555-0100 | General enquiries'");
      return;
    }
    Contact contact;
    contact.kind = AsciiLower(Trim(item.substr(0, colon)));
    std::string_view rest = item.substr(colon + 1);
    const std::size_t bar = rest.find('|');
    contact.value = std::string(Trim(rest.substr(0, bar)));
    if (bar != std::string_view::npos) contact.label = std::string(Trim(rest.substr(bar + 1)));
    contact.line = line;
    current()->contacts.push_back(std::move(contact));
  }

  // Stores the lines collected under `## Answer`, without surrounding blank lines.
  void FinishAnswer() {
    if (part_ == Part::kAnswer && current() != nullptr) {
      std::size_t begin = 0;
      std::size_t end = answer_lines_.size();
      while (begin < end && Trim(answer_lines_[begin].text).empty()) ++begin;
      while (end > begin && Trim(answer_lines_[end - 1].text).empty()) --end;
      for (std::size_t i = begin; i < end; ++i) {
        current()->answer.push_back({std::string(answer_lines_[i].text), answer_lines_[i].number});
      }
    }
    answer_lines_.clear();
    part_ = Part::kNone;
  }

  const FileKind kind_;
  const std::string& file_;
  const Budgets& budgets_;
  std::vector<LanguageSection>* sections_;
  Diagnostics* d_;
  int current_ = -1;            // index of current() in sections_
  bool skip_language_ = false;  // in a `# xx` section that was rejected
  Part part_ = Part::kNone;
  bool stray_reported_ = false;
  std::vector<SourceLine> answer_lines_;
};

// "entries/passports/passport-renewal.md" -> {"passports", "passport-renewal"}.
std::pair<std::string, std::string> FolderAndStem(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  std::string_view parent =
      slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
  const std::size_t parent_slash = parent.find_last_of("/\\");
  if (parent_slash != std::string_view::npos) parent.remove_prefix(parent_slash + 1);
  if (name.ends_with(".md")) name.remove_suffix(3);
  return {std::string(parent), std::string(name)};
}

}  // namespace

Entry ParseEntry(std::string_view text, std::string_view display_name, Diagnostics* diagnostics,
                 const Budgets& budgets) {
  Entry entry;
  entry.file = std::string(display_name);
  std::tie(entry.folder, entry.stem) = FolderAndStem(display_name);
  const std::vector<SourceLine> lines = DropComments(
      internal::SplitSourceLines(text, entry.file, budgets, diagnostics), entry.file, diagnostics);
  if (lines.empty() && text.size() > budgets.max_file_bytes) return entry;
  std::size_t index = 0;
  const std::vector<HeaderField> fields =
      ParseHeader(lines, &index, &entry.header.line, entry.file, diagnostics);
  std::vector<std::pair<std::string_view, Located EntryHeader::*>> known;
  for (const EntryField& field : kEntryFields) known.emplace_back(field.key, field.member);
  AssignFields(
      fields, known, &entry.header, [](const HeaderField&) { return false; }, "", entry.file,
      diagnostics);
  BodyParser(FileKind::kEntry, entry.file, budgets, &entry.sections, diagnostics)
      .Parse(lines, index);
  return entry;
}

Service ParseService(std::string_view text, std::string_view display_name, Diagnostics* diagnostics,
                     const Budgets& budgets) {
  Service service;
  service.file = std::string(display_name);
  const std::vector<SourceLine> lines =
      DropComments(internal::SplitSourceLines(text, service.file, budgets, diagnostics),
                   service.file, diagnostics);
  if (lines.empty() && text.size() > budgets.max_file_bytes) return service;
  std::size_t index = 0;
  const std::vector<HeaderField> fields =
      ParseHeader(lines, &index, &service.header_line, service.file, diagnostics);
  static constexpr std::pair<std::string_view, Located Service::*> kKnown[] = {
      {"id", &Service::id},
      {"languages", &Service::languages},
      {"partial-languages", &Service::partial_languages},
      {"max-review-age-days", &Service::max_review_age_days},
  };
  // `name-<code>`: the service's name in each language.
  const auto name = [&](const HeaderField& field) {
    if (!field.key.starts_with("name-") || !IsLanguageCode(field.key.substr(5))) return false;
    service.names.emplace_back(field.key.substr(5), Located{field.value, field.line});
    return true;
  };
  AssignFields(fields, kKnown, &service, name, ", name-<language code>", service.file, diagnostics);
  BodyParser(FileKind::kService, service.file, budgets, &service.sections, diagnostics)
      .Parse(lines, index);
  return service;
}

}  // namespace relais::kb
