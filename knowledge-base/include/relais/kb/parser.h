// Reading knowledge-base sources (format: knowledge-base/README.md).
//
// The parsers never fail and never crash, whatever the bytes: every problem
// becomes a Diagnostic and parsing continues, so that one run reports every
// mistake. They check structure (header syntax, sections, list items, budgets);
// the meaning of values is checked by ValidateKnowledgeBase (validator.h).
// All functions are thread-compatible: no shared state.
#ifndef RELAIS_KB_PARSER_H_
#define RELAIS_KB_PARSER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/diagnostics.h"
#include "relais/kb/source.h"

namespace relais::kb {

// Size limits for untrusted source files; exceeding one is an error, never a
// crash or an unbounded allocation.
struct Budgets {
  std::size_t max_file_bytes = 256 * 1024;  // one entry, service or test file
  std::size_t max_line_bytes = 4000;
  std::size_t max_entries = 2000;
  std::size_t max_list_items = 100;  // questions, patterns or contacts in one section
  std::size_t max_question_bytes = 500;
  std::size_t max_test_lines = 20000;  // per regression or calibration file
};

// Parses one entry file from memory. `display_name` is the path shown in
// diagnostics; its base name without ".md" becomes Entry::stem and its parent
// folder Entry::folder (empty without one). Problems go to `diagnostics`; the
// returned Entry holds whatever could be read.
Entry ParseEntry(std::string_view text, std::string_view display_name, Diagnostics* diagnostics,
                 const Budgets& budgets = {});

// Parses service.md from memory, like ParseEntry.
Service ParseService(std::string_view text, std::string_view display_name, Diagnostics* diagnostics,
                     const Budgets& budgets = {});

// Parses a regression file (tests/<language>.txt: tests/en.txt, tests/fr.txt...): one
// `question -> entry-id` or `question -> handoff` per line, `#` comment lines and
// blank lines ignored. Malformed lines are reported and skipped.
std::vector<RegressionCase> ParseRegressionFile(std::string_view text,
                                                std::string_view display_name,
                                                std::string_view language, Diagnostics* diagnostics,
                                                const Budgets& budgets = {});

// Parses calibration.txt: one out-of-scope question per line, `#` comments.
std::vector<Located> ParseCalibrationFile(std::string_view text, std::string_view display_name,
                                          Diagnostics* diagnostics, const Budgets& budgets = {});

// Reads a knowledge-base directory: service.md, entries/<category>/<id>.md,
// tests/<language>.txt for each language of service.md, and calibration.txt. Paths in diagnostics
// are `directory` joined with the relative path. Unreadable or missing files, files in the wrong
// place and budget overruns are reported in `diagnostics`. Entries are sorted by path so that the
// result does not depend on directory order.
KnowledgeBaseSource LoadKnowledgeBase(const std::string& directory, Diagnostics* diagnostics,
                                      const Budgets& budgets = {});

}  // namespace relais::kb

#endif  // RELAIS_KB_PARSER_H_
