// Editor-facing messages: every problem the compiler finds in a knowledge base,
// printed as `file:line: error: what — how to fix` (or `warning:`), the format
// compilers use so that editors and CI logs link straight to the line.
#ifndef RELAIS_KB_DIAGNOSTICS_H_
#define RELAIS_KB_DIAGNOSTICS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace relais::kb {

enum class Severity { kError, kWarning };

// One problem at one place.
struct Diagnostic {
  std::string file;  // display path of the source file
  int line = 0;      // 1-based; 0 when the problem concerns the whole file
  Severity severity = Severity::kError;
  std::string rule;  // stable rule id ("too-few-questions"...), listed in README.md
  std::string what;  // what is wrong, quoting the offending text
  std::string fix;   // how to fix it, addressed to a content editor
};

// `file:line: error: what — fix` (no line part when line == 0, no dash when fix
// is empty).
std::string FormatDiagnostic(const Diagnostic& diagnostic);

// Collects the diagnostics of a whole run: parsing, then validation. Not
// thread-safe; one list per run.
class Diagnostics {
 public:
  void Error(std::string file, int line, std::string rule, std::string what, std::string fix);
  void Warning(std::string file, int line, std::string rule, std::string what, std::string fix);
  void Add(Diagnostic diagnostic);

  const std::vector<Diagnostic>& all() const { return all_; }
  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }

  // The diagnostics sorted by file, line, then insertion order (stable), one
  // formatted line each, followed by a summary line ("3 errors, 1 warning") when
  // there is anything to report.
  std::string Format() const;

 private:
  std::vector<Diagnostic> all_;
};

}  // namespace relais::kb

#endif  // RELAIS_KB_DIAGNOSTICS_H_
