#include "text/signal_words.h"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"

namespace relais::engine::signal_words {
namespace {

constexpr std::array<std::string_view, 12> kElisions = {
    "c'", "d'", "j'", "jusqu'", "l'", "lorsqu'", "m'", "n'", "puisqu'", "qu'", "s'", "t'"};

// Words whose apostrophe is part of the word, not an elision.
constexpr std::array<std::string_view, 4> kWholeWords = {"aujourd'hui", "presqu'ile", "prud'homme",
                                                         "quelqu'un"};

struct Alias {
  std::string_view from;
  std::string_view to;
};

// Chat spellings, sorted by `from`.
constexpr Alias kAliases[] = {
    {"cant", "can't"},    {"dont", "don't"},    {"doesnt", "doesn't"}, {"im", "i'm"},
    {"isnt", "isn't"},    {"jpeux", "peux"},    {"jveux", "veux"},     {"kelkun", "quelqu'un"},
    {"pls", "please"},    {"plz", "please"},    {"ppl", "people"},     {"qlqn", "quelqu'un"},
    {"qq1", "quelqu'un"}, {"qqn", "quelqu'un"}, {"qqun", "quelqu'un"}, {"quelquun", "quelqu'un"},
    {"r", "are"},         {"stp", "svp"},       {"u", "you"},          {"ur", "your"},
    {"wont", "won't"},
};

bool IsWordByte(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\''; }

}  // namespace

bool IsFrenchElision(std::string_view word) {
  return std::find(kElisions.begin(), kElisions.end(), word) != kElisions.end();
}

std::vector<std::string_view> SplitWords(std::string_view folded) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsWordByte(folded[i])) ++i;
    std::size_t end = i;
    while (end < folded.size() && IsWordByte(folded[end])) ++end;
    std::string_view word = folded.substr(i, end - i);
    i = end;
    while (!word.empty() && word.front() == '\'') word.remove_prefix(1);
    while (!word.empty() && word.back() == '\'') word.remove_suffix(1);
    // Split off leading elisions, possibly chained ("qu'l'..." does not occur, but
    // "jusqu'a" and "d'l'" do in chat); stop at whole words.
    while (!word.empty()) {
      if (std::find(kWholeWords.begin(), kWholeWords.end(), word) != kWholeWords.end()) break;
      const std::size_t apostrophe = word.find('\'');
      if (apostrophe == std::string_view::npos) break;
      const std::string_view prefix = word.substr(0, apostrophe + 1);
      if (!IsFrenchElision(prefix) || apostrophe + 1 == word.size()) break;
      words.push_back(prefix);
      word.remove_prefix(prefix.size());
    }
    if (!word.empty()) words.push_back(word);
  }
  return words;
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  if (n > 64 || m > 64) return a == b ? 0 : limit + 1;  // words, not texts
  std::array<int, 65> two_back{}, previous{}, current{};
  for (int j = 0; j <= m; ++j) previous[j] = j;
  for (int i = 1; i <= n; ++i) {
    current[0] = i;
    int row_min = current[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, two_back[j - 2] + 1);
      }
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    two_back = previous;
    previous = current;
  }
  return std::min(previous[m], limit + 1);
}

bool TypoMatch(std::string_view word, std::string_view target) {
  if (word == target) return true;
  if (target.size() <= 4 || word.empty() || word[0] != target[0]) return false;
  const int limit = target.size() >= 9 ? 2 : 1;
  return EditDistance(word, target, limit) <= limit;
}

MessageWords PrepareMessage(std::string_view text, std::size_t max_bytes) {
  const std::string folded = FoldText(TruncateUtf8(text, max_bytes));
  return PrepareFoldedMessage(folded, SplitWords(folded));
}

MessageWords PrepareFoldedMessage(std::string_view folded,
                                  std::span<const std::string_view> words) {
  MessageWords message;
  std::size_t scanned = 0;  // offset in `folded` up to which clause breaks were looked for
  for (std::string_view word : words) {
    const std::size_t offset = static_cast<std::size_t>(word.data() - folded.data());
    const std::string_view gap(folded.data() + scanned, offset - scanned);
    if (message.words.empty() || gap.find_first_of(",.;:!?") != std::string_view::npos) {
      message.clause_starts.push_back(message.words.size());
    }
    scanned = offset + word.size();
    const auto alias = std::find_if(std::begin(kAliases), std::end(kAliases),
                                    [&](const Alias& a) { return a.from == word; });
    message.words.emplace_back(alias == std::end(kAliases) ? word : alias->to);
  }
  return message;
}

bool MatchPhraseAt(const std::vector<std::string>& words, std::size_t at, std::string_view phrase,
                   bool fuzzy, std::size_t* end) {
  std::size_t i = at;
  while (!phrase.empty()) {
    const std::size_t space = phrase.find(' ');
    const std::string_view target = phrase.substr(0, space);
    phrase = space == std::string_view::npos ? std::string_view() : phrase.substr(space + 1);
    if (i >= words.size()) return false;
    if (!(fuzzy ? TypoMatch(words[i], target) : words[i] == target)) return false;
    ++i;
  }
  *end = i;
  return true;
}

std::string JoinWords(const std::vector<std::string>& words, std::size_t begin, std::size_t end) {
  std::string joined;
  for (std::size_t i = begin; i < end && i < words.size(); ++i) {
    if (!joined.empty()) joined.push_back(' ');
    joined += words[i];
  }
  return joined;
}

}  // namespace relais::engine::signal_words
