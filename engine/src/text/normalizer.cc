#include "relais/engine/normalizer.h"

#include <algorithm>
#include <array>
#include <span>

#include "relais/engine/analyzed_text.h"
#include "relais/engine/stemmer.h"
#include "relais/engine/stop_words.h"
#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"
#include "text/analyzed_question.h"

namespace relais::engine {
namespace {

struct Mapping {
  std::string_view from;
  std::string_view to;  // words separated by one space
};

// French elided forms (with their apostrophe) and the word they stand for.
constexpr Mapping kElisions[] = {{"lorsqu'", "lorsque"},
                                 {"puisqu'", "puisque"},
                                 {"jusqu'", "jusque"},
                                 {"quoiqu'", "quoique"},
                                 {"qu'", "que"},
                                 {"l'", "le"},
                                 {"d'", "de"},
                                 {"j'", "je"},
                                 {"n'", "ne"},
                                 {"s'", "se"},
                                 {"c'", "ce"},
                                 {"m'", "me"},
                                 {"t'", "te"}};

// Words whose apostrophe is part of the word.
constexpr Mapping kJoined[] = {{"aujourd'hui", "aujourdhui"}, {"quelqu'un", "quelquun"},
                               {"quelqu'une", "quelquune"},   {"prud'homme", "prudhomme"},
                               {"prud'hommes", "prudhommes"}, {"presqu'ile", "presquile"}};

// Whole English words with an apostrophe.
constexpr Mapping kEnglishWholeContractions[] = {
    {"can't", "can not"}, {"won't", "will not"}, {"shan't", "shall not"}, {"ain't", "is not"},
    {"let's", "let us"},  {"y'all", "you all"},  {"ma'am", "madam"},      {"o'clock", "oclock"}};

// English suffix contractions, tried in order.
constexpr Mapping kEnglishSuffixes[] = {{"n't", "not"},  {"'re", "are"}, {"'ve", "have"},
                                        {"'ll", "will"}, {"'m", "am"},   {"'d", "would"},
                                        {"'s", ""}};

// Contractions commonly typed without an apostrophe. Sorted by `from`.
constexpr Mapping kEnglishBareContractions[] = {
    {"arent", "are not"},     {"cant", "can not"},
    {"couldnt", "could not"}, {"didnt", "did not"},
    {"doesnt", "does not"},   {"dont", "do not"},
    {"hadnt", "had not"},     {"hasnt", "has not"},
    {"havent", "have not"},   {"hows", "how is"},
    {"im", "i am"},           {"isnt", "is not"},
    {"ive", "i have"},        {"shouldnt", "should not"},
    {"thats", "that is"},     {"theyre", "they are"},
    {"wasnt", "was not"},     {"werent", "were not"},
    {"whats", "what is"},     {"wheres", "where is"},
    {"whos", "who is"},       {"wouldnt", "would not"},
    {"youre", "you are"}};

const Mapping* Find(std::span<const Mapping> table, std::string_view word) {
  for (const Mapping& m : table) {
    if (m.from == word) return &m;
  }
  return nullptr;
}

// Letters of any script count as word characters; ASCII punctuation, Unicode
// punctuation and symbols, and emoji separate words.
bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) return false;  // Latin-1 punctuation, × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;            // punctuation, symbols, arrows
  if (cp >= 0x2E00 && cp <= 0x2E7F) return false;            // supplemental punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false;            // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;            // variation selectors
  if (cp >= 0xFE30 && cp <= 0xFE6F) return false;            // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF65) return false;            // fullwidth punctuation
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return false;          // emoji and pictographs
  if (cp >= 0xE0000) return false;                           // tags, private use
  return true;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }

void AppendWords(std::string_view words, std::vector<std::string>* out) {
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    out->emplace_back(words.substr(0, space));
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
}

// Steps 6–8 for one apostrophe-free, hyphen-free piece.
void EmitPiece(std::string_view piece, TextLanguage language, std::vector<std::string>* out) {
  std::size_t start = 0;
  while (start < piece.size()) {
    const bool digit = IsAsciiDigit(piece[start]);
    std::size_t end = start + 1;
    while (end < piece.size() && IsAsciiDigit(piece[end]) == digit) ++end;
    std::string word;
    word.reserve(end - start);
    for (std::size_t i = start; i < end; ++i) {
      const char c = piece[i];
      const std::size_t n = word.size();
      if (IsAsciiLetter(c) && n >= 2 && word[n - 1] == c && word[n - 2] == c) continue;
      word.push_back(c);
    }
    if (language != TextLanguage::kFrench && !digit) {
      const auto* it =
          std::lower_bound(std::begin(kEnglishBareContractions), std::end(kEnglishBareContractions),
                           word, [](const Mapping& m, const std::string& w) { return m.from < w; });
      if (it != std::end(kEnglishBareContractions) && it->from == word &&
          !(language == TextLanguage::kUnknown && word == "dont")) {
        AppendWords(it->to, out);
        start = end;
        continue;
      }
    }
    out->push_back(std::move(word));
    start = end;
  }
}

// Steps 3 and 5 for one hyphen-free part that may contain apostrophes.
void EmitPart(std::string_view part, TextLanguage language, std::vector<std::string>* out) {
  if (part.find('\'') == std::string_view::npos) {
    EmitPiece(part, language, out);
    return;
  }
  if (const Mapping* m = Find(kEnglishWholeContractions, part)) {
    AppendWords(m->to, out);
    return;
  }
  for (const Mapping& m : kElisions) {
    if (part.size() > m.from.size() && part.substr(0, m.from.size()) == m.from) {
      out->emplace_back(m.to);
      part.remove_prefix(m.from.size());
      break;
    }
  }
  if (const Mapping* m = Find(kJoined, part)) {  // d'aujourd'hui
    out->emplace_back(m->to);
    return;
  }
  std::string_view expansion;
  for (const Mapping& m : kEnglishSuffixes) {
    if (part.size() > m.from.size() && part.substr(part.size() - m.from.size()) == m.from) {
      part.remove_suffix(m.from.size());
      expansion = m.to;
      break;
    }
  }
  while (!part.empty()) {  // any apostrophe left separates words
    const std::size_t quote = part.find('\'');
    if (quote != 0) EmitPiece(part.substr(0, quote), language, out);
    if (quote == std::string_view::npos) break;
    part.remove_prefix(quote + 1);
  }
  if (!expansion.empty()) AppendWords(expansion, out);
}

// Step 4 for one chunk (word characters with inner apostrophes and hyphens).
void EmitChunk(std::string_view chunk, TextLanguage language, std::vector<std::string>* out) {
  const std::size_t hyphen = chunk.find('-');
  if (hyphen == 1 && chunk.find('-', 2) == std::string_view::npos &&
      IsAsciiLetter(chunk[0])) {  // e-mail → email
    std::string joined(chunk.substr(0, 1));
    joined.append(chunk.substr(2));
    EmitPart(joined, language, out);
    return;
  }
  while (!chunk.empty()) {
    const std::size_t dash = chunk.find('-');
    EmitPart(chunk.substr(0, dash), language, out);
    if (dash == std::string_view::npos) break;
    chunk.remove_prefix(dash + 1);
  }
}

// SplitWords after step 1: `folded` is FoldText's output.
std::vector<std::string> SplitFoldedWords(std::string_view folded, TextLanguage language) {
  std::vector<std::string> words;
  std::size_t chunk_start = std::string::npos;  // start of the current chunk, if any
  std::size_t chunk_end = 0;                    // end of its last word character
  const auto flush = [&] {
    if (chunk_start != std::string::npos && words.size() < kMaxTokens) {
      EmitChunk(folded.substr(chunk_start, chunk_end - chunk_start), language, &words);
    }
    chunk_start = std::string::npos;
  };
  for (std::size_t pos = 0; pos < folded.size();) {
    const Utf8Char c = DecodeUtf8(folded, pos);  // folded text is valid UTF-8
    if (IsWordCodePoint(c.code_point)) {
      if (chunk_start == std::string::npos) chunk_start = pos;
      chunk_end = pos + c.length;
    } else if ((c.code_point == '\'' || c.code_point == '-') && chunk_start != std::string::npos &&
               chunk_end == pos) {
      // Kept only if a word character follows; otherwise the chunk ends here.
    } else {
      flush();
    }
    pos += c.length;
  }
  flush();
  if (words.size() > kMaxTokens) words.resize(kMaxTokens);
  return words;
}

// Normalize after SplitWords: stop words and stems.
std::vector<Token> TokensOf(std::vector<std::string> words, TextLanguage language) {
  std::vector<Token> tokens;
  tokens.reserve(words.size());
  for (std::string& word : words) {
    Token token;
    token.stop_word = IsStopWord(word, language);
    token.stem = Stem(word, language);
    if (language == TextLanguage::kUnknown) {
      std::string french = StemFrench(word);
      if (french != token.stem) token.alt_stem = std::move(french);
    }
    token.word = std::move(word);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

std::vector<std::string> SplitWords(std::string_view text, TextLanguage language) {
  return SplitFoldedWords(FoldText(TruncateUtf8(text, kMaxNormalizeInputBytes)), language);
}

std::vector<Token> Normalize(std::string_view text, TextLanguage language) {
  return TokensOf(SplitWords(text, language), language);
}

AnalyzedText AnalyzeText(std::string_view text, TextLanguage language) {
  return AnalyzeFoldedText(FoldText(TruncateUtf8(text, kMaxNormalizeInputBytes)), language,
                           text.size() > kMaxNormalizeInputBytes);
}

AnalyzedText AnalyzeFoldedText(std::string_view folded, TextLanguage language, bool truncated) {
  return {language, TokensOf(SplitFoldedWords(folded, language), language), truncated};
}

std::vector<std::string> NormalizeToTerms(std::string_view text, TextLanguage language) {
  std::vector<std::string> terms;
  for (Token& token : Normalize(text, language)) {
    if (token.stop_word) continue;
    terms.push_back(std::move(token.stem));
    if (!token.alt_stem.empty()) terms.push_back(std::move(token.alt_stem));
  }
  return terms;
}

}  // namespace relais::engine
