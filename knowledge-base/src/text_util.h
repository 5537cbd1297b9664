// Small text helpers shared by the knowledge-base parsers and checks (internal).
#ifndef RELAIS_KB_SRC_TEXT_UTIL_H_
#define RELAIS_KB_SRC_TEXT_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/diagnostics.h"
#include "relais/kb/parser.h"

namespace relais::kb::internal {

// One line of a source file, without its line terminator.
struct SourceLine {
  std::string_view text;
  int number = 0;  // 1-based
};

// Splits `text` into lines (LF or CRLF) after removing a UTF-8 byte-order mark.
// A line over budgets.max_line_bytes, with invalid UTF-8 or with control
// characters other than tab is reported and replaced by an empty line, so later
// stages only ever see valid text. Returns no lines (and reports) when the file is
// over budgets.max_file_bytes.
std::vector<SourceLine> SplitSourceLines(std::string_view text, const std::string& file,
                                         const Budgets& budgets, Diagnostics* diagnostics);

// `text` without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view text);

// The items of a comma-separated header value ("a, b,c"), each trimmed; an empty
// item between two commas is kept (the caller reports or skips it), nothing
// follows a final comma. Views into `text`.
std::vector<std::string_view> SplitCommaList(std::string_view text);

// The value of `text` when it is 1 to `max_digits` (at most 18) ASCII digits,
// nothing else; nullopt otherwise.
std::optional<std::int64_t> ParseDecimal(std::string_view text, std::size_t max_digits);

// ASCII-lowercased copy.
std::string AsciiLower(std::string_view text);

// True for lowercase ASCII letters, digits and '-', not starting or ending with
// '-' and non-empty: the syntax of entry ids.
bool IsValidId(std::string_view id);

// Folds text for duplicate detection: lowercase, no accents, punctuation and
// spacing removed ("Où est-ce ?" and "ou est ce" compare equal).
std::string NormalizeForComparison(std::string_view text);

// `text` quoted for a message, shortened to about 80 characters.
std::string Quote(std::string_view text);

}  // namespace relais::kb::internal

#endif  // RELAIS_KB_SRC_TEXT_UTIL_H_
