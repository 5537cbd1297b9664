#include "relais/kb/diagnostics.h"

#include <catch2/catch_test_macros.hpp>

namespace relais::kb {
namespace {

TEST_CASE("a diagnostic prints as file:line: severity: what — fix") {
  CHECK(FormatDiagnostic({"kb/a.md", 12, Severity::kError, "bad-id", "bad id 'X'", "rename it"}) ==
        "kb/a.md:12: error: bad id 'X' \u2014 rename it");
  CHECK(FormatDiagnostic({"kb/a.md", 3, Severity::kWarning, "r", "old", ""}) ==
        "kb/a.md:3: warning: old");
  CHECK(FormatDiagnostic({"kb/a.md", 0, Severity::kError, "r", "missing", "add it"}) ==
        "kb/a.md: error: missing \u2014 add it");
}

TEST_CASE("diagnostics are sorted by file and line, with a count") {
  Diagnostics d;
  d.Error("b.md", 1, "r", "third", "");
  d.Warning("a.md", 9, "r", "second", "");
  d.Error("a.md", 2, "r", "first", "");
  d.Error("a.md", 9, "r", "second too (same line keeps insertion order)", "");
  CHECK(d.error_count() == 3);
  CHECK(d.warning_count() == 1);
  CHECK(d.has_errors());
  CHECK(d.Format() ==
        "a.md:2: error: first\n"
        "a.md:9: warning: second\n"
        "a.md:9: error: second too (same line keeps insertion order)\n"
        "b.md:1: error: third\n"
        "3 errors, 1 warning\n");
  CHECK(Diagnostics().Format().empty());
}

}  // namespace
}  // namespace relais::kb
