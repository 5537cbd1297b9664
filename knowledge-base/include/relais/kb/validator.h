// Checking a parsed knowledge base: everything an editor can get wrong, all
// reported in one run (rules listed in knowledge-base/README.md).
#ifndef RELAIS_KB_VALIDATOR_H_
#define RELAIS_KB_VALIDATOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "relais/kb/confusion.h"
#include "relais/kb/diagnostics.h"
#include "relais/kb/source.h"

namespace relais::kb {

// A calendar date (proleptic Gregorian).
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Parses exactly `YYYY-MM-DD` (a real date: no 2026-02-30). nullopt otherwise.
std::optional<CivilDate> ParseDate(std::string_view text);
// Days since 1970-01-01 (negative before).
long DaysSinceEpoch(const CivilDate& date);

struct ValidateOptions {
  // "Today", for the review-age warning; the check is skipped when unset. The
  // tool sets it from --today or the clock (never the library).
  std::optional<CivilDate> today;
  // Review age used when service.md does not set max-review-age-days.
  int default_max_review_age_days = 365;
  std::size_t min_questions = 5;  // per language and entry
  // An entry is confusable with another when at least `confusable_min_questions`
  // of its held-out examples in one language are predicted as that other entry:
  // an error from `confusable_error_share` of its examples, a warning from
  // `confusable_warning_share`.
  std::size_t confusable_min_questions = 3;
  double confusable_error_share = 0.5;
  double confusable_warning_share = 0.3;
  // How held-out examples are predicted; LexicalCrossValidate when empty.
  CrossValidator cross_validator;
  std::size_t max_pattern_bytes = 1000;
  std::int64_t max_pattern_memory = 1 << 20;  // RE2 max_mem per pattern
};

// Appends every error and warning about `kb` to `diagnostics`: header fields
// and their values, both language sections, example counts, duplicates across
// entries, confusable entries, RE2 patterns, answer Markdown safety, links and
// follow-ups, other ways to get help, service.md, regression and calibration
// questions. Parse errors are not repeated. Deterministic; thread-compatible.
void ValidateKnowledgeBase(const KnowledgeBaseSource& kb, const ValidateOptions& options,
                           Diagnostics* diagnostics);

}  // namespace relais::kb

#endif  // RELAIS_KB_VALIDATOR_H_
