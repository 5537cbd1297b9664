#include "relais/kb/source.h"

#include "text_util.h"

namespace relais::kb {

std::string_view LanguageCode(Language language) { return language == Language::kFr ? "fr" : "en"; }

std::optional<Language> ParseLanguageCode(std::string_view code) {
  if (code == "en") return Language::kEn;
  if (code == "fr") return Language::kFr;
  return std::nullopt;
}

std::string_view LanguageName(Language language) {
  return language == Language::kFr ? "French" : "English";
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
  while (!follow_up.empty()) {
    const std::size_t comma = follow_up.find(',');
    const std::string_view item = internal::Trim(follow_up.substr(0, comma));
    if (!item.empty()) ids.emplace_back(item);
    if (comma == std::string_view::npos) break;
    follow_up.remove_prefix(comma + 1);
  }
  return ids;
}

}  // namespace relais::kb
