#include "relais/kb/source.h"

#include <algorithm>
#include <utility>

#include "text_util.h"

namespace relais::kb {

std::string LanguageName(std::string_view code) {
  // Names for messages only: a language missing here is shown by its code.
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"ar", "Arabic"},     {"de", "German"},    {"en", "English"},   {"es", "Spanish"},
      {"fr", "French"},     {"it", "Italian"},   {"iu", "Inuktitut"}, {"pa", "Punjabi"},
      {"pt", "Portuguese"}, {"uk", "Ukrainian"}, {"zh", "Chinese"}};
  for (const auto& [known, name] : kNames) {
    if (known == code) return std::string(name);
  }
  return "'" + std::string(code) + "'";
}

namespace {

const LanguageSection& FindSection(const std::vector<LanguageSection>& sections,
                                   std::string_view language) {
  static const LanguageSection kAbsent;
  for (const LanguageSection& section : sections) {
    if (section.language == language) return section;
  }
  return kAbsent;
}

// Appends the well-formed, not yet listed codes of a comma-separated list.
void AddCodes(std::string_view list, std::vector<std::string>* codes) {
  for (std::string_view code : internal::SplitCommaList(list)) {
    if (IsLanguageCode(code) && std::find(codes->begin(), codes->end(), code) == codes->end()) {
      codes->emplace_back(code);
    }
  }
}

}  // namespace

const LanguageSection& Entry::section(std::string_view language) const {
  return FindSection(sections, language);
}

const LanguageSection& Service::section(std::string_view language) const {
  return FindSection(sections, language);
}

const Located& Service::name(std::string_view language) const {
  static const Located kAbsent;
  for (const auto& [code, name] : names) {
    if (code == language) return name;
  }
  return kAbsent;
}

bool Languages::Has(std::string_view code) const {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool Languages::IsComplete(std::string_view code) const {
  const auto it = std::find(codes.begin(), codes.end(), code);
  return it != codes.end() && static_cast<std::size_t>(it - codes.begin()) < complete;
}

Languages ServiceLanguages(const Service& service) {
  Languages languages;
  AddCodes(service.languages.present() ? std::string_view(service.languages.text) : "en, fr",
           &languages.codes);
  languages.complete = languages.codes.size();
  AddCodes(service.partial_languages.text, &languages.codes);
  return languages;
}

std::string JoinLines(const std::vector<Located>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out.push_back('\n');
    out += lines[i].text;
  }
  return out;
}

std::vector<std::string> SplitFollowUps(std::string_view follow_up) {
  std::vector<std::string> ids;
  for (std::string_view item : internal::SplitCommaList(follow_up)) {
    if (!item.empty()) ids.emplace_back(item);
  }
  return ids;
}

}  // namespace relais::kb
