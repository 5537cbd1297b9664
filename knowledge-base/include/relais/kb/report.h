// `relais-kb report`: per-entry quality figures for editors, from a
// cross-validation of the example questions (confusion.h, training.h).
#ifndef RELAIS_KB_REPORT_H_
#define RELAIS_KB_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/confusion.h"
#include "relais/kb/source.h"

namespace relais::kb {

// For every entry of `kb` (sorted by id): its example counts per language, its
// self-consistency (the share of its held-out examples predicted as itself) and
// the entries that took some of them, most first (at most three), followed by
// overall figures. `predictions` is parallel to `questions`; `method` names how
// they were made ("classifier, 5 folds"). `json` selects a JSON document
// (schema in knowledge-base/README.md) instead of an aligned text table.
std::string FormatEntryReport(const KnowledgeBaseSource& kb,
                              const std::vector<LabeledQuestion>& questions,
                              const std::vector<HeldOutPrediction>& predictions,
                              std::string_view method, bool json);

}  // namespace relais::kb

#endif  // RELAIS_KB_REPORT_H_
