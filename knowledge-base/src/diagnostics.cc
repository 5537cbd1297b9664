#include "relais/kb/diagnostics.h"

#include <algorithm>
#include <utility>

namespace relais::kb {

std::string FormatDiagnostic(const Diagnostic& diagnostic) {
  std::string out = diagnostic.file;
  if (diagnostic.line > 0) out += ":" + std::to_string(diagnostic.line);
  out += diagnostic.severity == Severity::kError ? ": error: " : ": warning: ";
  out += diagnostic.what;
  if (!diagnostic.fix.empty()) out += " \u2014 " + diagnostic.fix;
  return out;
}

void Diagnostics::Error(std::string file, int line, std::string rule, std::string what,
                        std::string fix) {
  all_.push_back(
      {std::move(file), line, Severity::kError, std::move(rule), std::move(what), std::move(fix)});
}

void Diagnostics::Warning(std::string file, int line, std::string rule, std::string what,
                          std::string fix) {
  all_.push_back({std::move(file), line, Severity::kWarning, std::move(rule), std::move(what),
                  std::move(fix)});
}

void Diagnostics::Add(Diagnostic diagnostic) { all_.push_back(std::move(diagnostic)); }

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(all_.begin(), all_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

std::size_t Diagnostics::warning_count() const { return all_.size() - error_count(); }

std::string Diagnostics::Format() const {
  std::vector<const Diagnostic*> sorted;
  sorted.reserve(all_.size());
  for (const Diagnostic& d : all_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return a->file != b->file ? a->file < b->file : a->line < b->line;
  });
  std::string out;
  for (const Diagnostic* d : sorted) out += FormatDiagnostic(*d) + "\n";
  if (all_.empty()) return out;
  const std::size_t errors = error_count();
  const std::size_t warnings = warning_count();
  out += std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
         std::to_string(warnings) + (warnings == 1 ? " warning\n" : " warnings\n");
  return out;
}

}  // namespace relais::kb
