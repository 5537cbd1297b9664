// What the language modules' detection lexicons share: a sorted table of folded
// words and their weights, and small spelling tests. Internal to the modules.
#ifndef RELAIS_ENGINE_SRC_TEXT_LANGUAGES_LEXICON_H_
#define RELAIS_ENGINE_SRC_TEXT_LANGUAGES_LEXICON_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace relais::engine::lexicon {

// One word of a detection lexicon (LanguageModule::WordWeight).
struct Entry {
  std::string_view word;  // folded (FoldText), sorted byte-wise in its table
  std::int8_t weight;     // 3 function word, 2 common word, 1 weak, 0 common elsewhere too
};

// For a static_assert on every table: sorted byte-wise, without duplicates.
constexpr bool IsSortedAndUnique(std::span<const Entry> table) {
  for (std::size_t i = 1; i < table.size(); ++i) {
    if (!(table[i - 1].word < table[i].word)) return false;
  }
  return true;
}

// The weight of `word` in `table`, or nullopt.
inline std::optional<double> Find(std::span<const Entry> table, std::string_view word) {
  const auto it =
      std::lower_bound(table.begin(), table.end(), word,
                       [](const Entry& entry, std::string_view w) { return entry.word < w; });
  if (it == table.end() || it->word != word) return std::nullopt;
  return it->weight;
}

// `word` ends with `suffix` and has at least two more letters.
inline bool EndsWith(std::string_view word, std::string_view suffix) {
  return word.size() > suffix.size() + 1 && word.substr(word.size() - suffix.size()) == suffix;
}

inline bool Contains(std::string_view word, std::string_view part) {
  return word.find(part) != std::string_view::npos;
}

}  // namespace relais::engine::lexicon

#endif  // RELAIS_ENGINE_SRC_TEXT_LANGUAGES_LEXICON_H_
