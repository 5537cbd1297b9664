// Which entries the engine would confuse, measured by cross-validation on the
// entries' own example questions: each question is held out, a model is built
// from the others, and the question is classified. An entry whose held-out
// examples go to another entry is confusable with it. Used by the validator
// (rule confusable-entries) and by `relais-kb report`.
#ifndef RELAIS_KB_CONFUSION_H_
#define RELAIS_KB_CONFUSION_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "relais/kb/source.h"

namespace relais::kb {

// One example question with its label (the entry id) and origin.
struct LabeledQuestion {
  std::string entry_id;
  std::string language;  // its section's code
  std::string text;
  std::string file;
  int line = 0;
};

// Where a held-out question went.
struct HeldOutPrediction {
  std::string entry_id;  // the predicted entry; empty when nothing matched
  std::string evidence;  // optional: the closest training question, for messages
};

// Predicts every question with that question held out of the training data.
// Returns one prediction per question, in order. Implementations must be
// deterministic (same input, same output).
using CrossValidator =
    std::function<std::vector<HeldOutPrediction>(const std::vector<LabeledQuestion>&)>;

// The example questions of every entry that has an id, in entry order, then in the
// order of the knowledge base's languages, then in author order.
std::vector<LabeledQuestion> CollectQuestions(const KnowledgeBaseSource& kb);

// A lexical cross-validator, used until the engine's classifier does it: leave
// one out, nearest neighbour by TF-IDF cosine over folded words without stop
// words, per language. Predictions below `min_similarity` are left empty.
// O(questions x shared words); deterministic; thread-compatible.
std::vector<HeldOutPrediction> LexicalCrossValidate(const std::vector<LabeledQuestion>& questions,
                                                    double min_similarity = 0.3);

// Per-entry summary of the cross-validation.
struct EntryConsistency {
  std::string entry_id;
  std::map<std::string, std::size_t, std::less<>> examples;  // per language code
  std::map<std::string, std::size_t, std::less<>> correct;   // held out, still predicted here
  // Another entry that took some of this entry's held-out examples.
  struct Neighbour {
    std::string entry_id;
    std::string language;
    std::vector<std::size_t> questions;  // indices into the analysed questions
  };
  std::vector<Neighbour> confused_with;  // most questions first, then by id

  // The number of examples in `language`.
  std::size_t Examples(std::string_view language) const;
  // Share of the examples in `language` predicted correctly (1 when none).
  double Accuracy(std::string_view language) const;
};

// Groups the predictions by entry. `predictions` is parallel to `questions`.
// Entries are returned sorted by id.
std::vector<EntryConsistency> AnalyseConsistency(const std::vector<LabeledQuestion>& questions,
                                                 const std::vector<HeldOutPrediction>& predictions);

}  // namespace relais::kb

#endif  // RELAIS_KB_CONFUSION_H_
