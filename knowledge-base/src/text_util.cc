#include "text_util.h"

#include <cstddef>

#include "relais/engine/text_fold.h"
#include "relais/engine/utf8.h"

namespace relais::kb::internal {
namespace {

constexpr int kMaxLineErrorsPerFile = 10;

bool HasControlCharacter(std::string_view line) {
  for (char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7F) return true;
  }
  return false;
}

}  // namespace

std::vector<SourceLine> SplitSourceLines(std::string_view text, const std::string& file,
                                         const Budgets& budgets, Diagnostics* diagnostics) {
  std::vector<SourceLine> lines;
  if (text.size() > budgets.max_file_bytes) {
    diagnostics->Error(file, 0, "file-too-large",
                       "the file has " + std::to_string(text.size()) + " bytes, more than the " +
                           std::to_string(budgets.max_file_bytes) + " allowed",
                       "split it into smaller files");
    return lines;
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int line_errors = 0;
  auto report = [&](int number, const char* rule, std::string what, std::string fix) {
    if (++line_errors <= kMaxLineErrorsPerFile) {
      diagnostics->Error(file, number, rule, std::move(what), std::move(fix));
    } else if (line_errors == kMaxLineErrorsPerFile + 1) {
      diagnostics->Error(file, number, rule, "too many unreadable lines, stopping here",
                         "check the file's encoding: save it as UTF-8 text");
    }
  };
  int number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (line.size() > budgets.max_line_bytes) {
      report(number, "line-too-long",
             "the line has " + std::to_string(line.size()) + " bytes, more than the " +
                 std::to_string(budgets.max_line_bytes) + " allowed",
             "split it into several lines or paragraphs");
      line = {};
    } else if (!engine::IsValidUtf8(line)) {
      report(number, "invalid-utf8", "the line is not valid UTF-8 text",
             "save the file with the UTF-8 encoding");
      line = {};
    } else if (HasControlCharacter(line)) {
      report(number, "control-character", "the line contains an invisible control character",
             "retype the line; only tabs and ordinary spaces are allowed");
      line = {};
    }
    lines.push_back({line, number});
    start = end + 1;
  }
  return lines;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitCommaList(std::string_view text) {
  std::vector<std::string_view> items;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    items.push_back(Trim(text.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

std::optional<std::int64_t> ParseDecimal(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsValidId(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string NormalizeForComparison(std::string_view text) {
  const std::string folded = engine::FoldText(text);
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    // ASCII letters and digits, and every byte of a non-ASCII character (letters
    // of other scripts, emoji) are kept; ASCII punctuation separates words.
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || byte >= 0x80;
    if (!keep) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kMaxQuoted = 80;
  if (text.size() <= kMaxQuoted) return "'" + std::string(text) + "'";
  return "'" + std::string(engine::TruncateUtf8(text, kMaxQuoted)) + "...'";
}

}  // namespace relais::kb::internal
