#include "relais/engine/normalizer.h"

#include <algorithm>
#include <array>
#include <span>

#include "relais/engine/analyzed_text.h"
#include "relais/engine/language_registry.h"
#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"
#include "text/analyzed_question.h"

namespace relais::engine {
namespace {

// Step 8: what `word` (typed without its apostrophe) stands for in `modules`, or
// empty. With several languages (kUnknown), a word that another of them knows as
// a word of its own stays as it is: "dont" is French too.
std::string_view BareExpansion(std::span<const LanguageModule* const> modules,
                               std::string_view word) {
  for (const LanguageModule* module : modules) {
    const std::string_view expansion = module->BareExpansion(word);
    if (expansion.empty()) continue;
    for (const LanguageModule* other : modules) {
      if (other != module && other->WordWeight(word).has_value()) return {};
    }
    return expansion;
  }
  return {};
}

// Step 3 and 5's tables across the registered modules, in registry order.
const WordMapping* FindWhole(std::span<const WordMapping> ApostropheForms::*table,
                             std::string_view word) {
  for (const LanguageModule* module : LanguageModules()) {
    for (const WordMapping& m : module->apostrophe_forms().*table) {
      if (m.from == word) return &m;
    }
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
void EmitPiece(std::string_view piece, std::span<const LanguageModule* const> modules,
               std::vector<std::string>* out) {
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
    if (!digit) {
      if (const std::string_view expansion = BareExpansion(modules, word); !expansion.empty()) {
        AppendWords(expansion, out);
        start = end;
        continue;
      }
    }
    out->push_back(std::move(word));
    start = end;
  }
}

// Steps 3 and 5 for one hyphen-free part that may contain apostrophes.
void EmitPart(std::string_view part, std::span<const LanguageModule* const> modules,
              std::vector<std::string>* out) {
  if (part.find('\'') == std::string_view::npos) {
    EmitPiece(part, modules, out);
    return;
  }
  if (const WordMapping* m = FindWhole(&ApostropheForms::whole_words, part)) {
    AppendWords(m->to, out);
    return;
  }
  [&] {
    for (const LanguageModule* module : LanguageModules()) {
      for (const WordMapping& m : module->apostrophe_forms().prefixes) {
        if (part.size() > m.from.size() && part.substr(0, m.from.size()) == m.from) {
          out->emplace_back(m.to);
          part.remove_prefix(m.from.size());
          return;
        }
      }
    }
  }();
  if (const WordMapping* m = FindWhole(&ApostropheForms::joined, part)) {  // d'aujourd'hui
    out->emplace_back(m->to);
    return;
  }
  std::string_view expansion;
  [&] {
    for (const LanguageModule* module : LanguageModules()) {
      for (const WordMapping& m : module->apostrophe_forms().suffixes) {
        if (part.size() > m.from.size() && part.substr(part.size() - m.from.size()) == m.from) {
          part.remove_suffix(m.from.size());
          expansion = m.to;
          return;
        }
      }
    }
  }();
  while (!part.empty()) {  // any apostrophe left separates words
    const std::size_t quote = part.find('\'');
    if (quote != 0) EmitPiece(part.substr(0, quote), modules, out);
    if (quote == std::string_view::npos) break;
    part.remove_prefix(quote + 1);
  }
  if (!expansion.empty()) AppendWords(expansion, out);
}

// Step 4 for one chunk (word characters with inner apostrophes and hyphens).
void EmitChunk(std::string_view chunk, std::span<const LanguageModule* const> modules,
               std::vector<std::string>* out) {
  const std::size_t hyphen = chunk.find('-');
  if (hyphen == 1 && chunk.find('-', 2) == std::string_view::npos &&
      IsAsciiLetter(chunk[0])) {  // e-mail → email
    std::string joined(chunk.substr(0, 1));
    joined.append(chunk.substr(2));
    EmitPart(joined, modules, out);
    return;
  }
  while (!chunk.empty()) {
    const std::size_t dash = chunk.find('-');
    EmitPart(chunk.substr(0, dash), modules, out);
    if (dash == std::string_view::npos) break;
    chunk.remove_prefix(dash + 1);
  }
}

// SplitWords after step 1: `folded` is FoldText's output.
std::vector<std::string> SplitFoldedWords(std::string_view folded, const TextLanguage& language) {
  const std::span<const LanguageModule* const> modules = NormalizingModules(language);
  std::vector<std::string> words;
  std::size_t chunk_start = std::string::npos;  // start of the current chunk, if any
  std::size_t chunk_end = 0;                    // end of its last word character
  const auto flush = [&] {
    if (chunk_start != std::string::npos && words.size() < kMaxTokens) {
      EmitChunk(folded.substr(chunk_start, chunk_end - chunk_start), modules, &words);
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

// Normalize after SplitWords: stop words and stems. For kUnknown, a stop word of
// any of its languages, the first one's stem and the second one's as alt_stem.
std::vector<Token> TokensOf(std::vector<std::string> words, const TextLanguage& language) {
  const std::span<const LanguageModule* const> modules = NormalizingModules(language);
  std::vector<Token> tokens;
  tokens.reserve(words.size());
  for (std::string& word : words) {
    Token token;
    token.stop_word = std::any_of(modules.begin(), modules.end(),
                                  [&](const LanguageModule* m) { return m->IsStopWord(word); });
    token.stem = modules.front()->Stem(word);
    if (modules.size() > 1) {
      std::string alt = modules[1]->Stem(word);
      if (alt != token.stem) token.alt_stem = std::move(alt);
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
