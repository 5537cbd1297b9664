// Lexical agreement between a question and the entry that would answer it.
//
// The classifier always names some entry, even for a question the knowledge base
// does not cover: "comment renouveler mon permis de conduire" borrows the words of
// "Renouveler votre passeport" and scores well there. What gives it away is that
// its most telling words ("permis", "conduire") appear nowhere in that entry's
// text. An EntryVocabulary knows the words of each entry (its example questions,
// title and answer, in both languages) and measures two things for a question:
//
//  - the share of its content words that an entry's text contains, each word
//    weighted by how rare it is across entries: "comment" counts for little,
//    "conduire" for a lot, and a word no entry uses at all counts like the rarest;
//  - whether another entry holds those words much better: "comment produire ma
//    declaration de revenus" matches the frame of the job-loss reports entry, but
//    its words are those of an answer that mentions income tax returns in passing.
//
// The agreement of an entry is share × (share / best share of any entry): 1 when
// the entry holds every content word, low when it holds few of them or when
// another entry holds many more. Calibration (calibration.h) folds it into the
// confidence.
//
// Words match on their stem (normalizer.h), in either language's stemming, or as
// a likely typo of a word of the entry ("pasport"). Stop words and numbers are
// left out. Pure and deterministic (weights use DetLog), so the agreement is the
// same natively and in WebAssembly.
//
// Building normalises and stems every text of the knowledge base (tens of ms
// natively, hundreds in a browser's first-tier WebAssembly), so relais-kb builds
// the vocabulary once and stores Serialize()'s bytes in the bundle's `model`
// table (kEntryVocabularyModelName); Deserialize is a linear, bounds-checked read.
//
// Thread-safety: immutable after Build or Deserialize; every method is const.
#ifndef RELAIS_ENGINE_ENTRY_VOCABULARY_H_
#define RELAIS_ENGINE_ENTRY_VOCABULARY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "relais/engine/classification.h"
#include "relais/engine/normalizer.h"
#include "relais/engine/status.h"
#include "relais/engine/text_language.h"

namespace relais::engine {

// One text that describes an entry: an example question, a title or an answer.
struct VocabularyText {
  std::uint32_t intent = 0;  // the entry's index (IntentClassifier::intents())
  std::string_view text;     // plain text or the answers' Markdown subset
  TextLanguage language = TextLanguage::kUnknown;
};

// How a question's content words fall on one entry's text.
struct LexicalAgreement {
  double share = 1.0;                // weighted share found in the entry's text, in [0, 1]
  std::vector<std::string> missing;  // the folded words it lacks, in question order
};

class EntryVocabulary {
 public:
  EntryVocabulary() = default;

  // Indexes the words of `texts` for `intent_count` entries (texts of a larger
  // intent index are ignored). Markdown link targets are skipped, so that a URL
  // does not lend its words to an entry. Never fails; deterministic.
  static EntryVocabulary Build(std::size_t intent_count, std::span<const VocabularyText> texts);

  // The share of a question's content words, given as its Normalize() tokens,
  // in the text of entry `intent`, and the words it lacks: share 1 when the
  // question has no content word, 0 for an intent out of range.
  LexicalAgreement Measure(std::span<const Token> question, std::uint32_t intent) const;

  // Sets the agreement (share × share / best share) of every candidate of
  // `classification` with `question`; confidences are left as they are (ApplyMix
  // recomputes them). O(question words × (entries + typo candidates)).
  void Annotate(std::span<const Token> question, Classification* classification) const;

  std::size_t intent_count() const { return stems_.size(); }

  // The vocabulary as bytes (format: entry_vocabulary.cc), for the bundle's
  // `model` table. Deterministic: equal vocabularies give equal bytes.
  std::string Serialize() const;

  // Reads what Serialize wrote: the same vocabulary, measuring exactly as the one
  // that was built. Returns kResourceExhausted above kMaxModelBytes and kCorrupt
  // for anything else Serialize could not have written (other magic or version,
  // checksum mismatch, truncation, unsorted or out-of-range values); never reads
  // out of bounds. `bytes` is only borrowed during the call.
  static Result<EntryVocabulary> Deserialize(std::string_view bytes);

  // Same words, stems and counts (what the tests of the round trip compare).
  bool operator==(const EntryVocabulary&) const = default;

 private:
  struct QuestionWord;
  std::vector<QuestionWord> Prepare(std::span<const Token> question) const;
  static bool Holds(const std::vector<std::uint32_t>& stems, const QuestionWord& word,
                    std::uint32_t intent);
  double Share(const std::vector<QuestionWord>& words, std::uint32_t intent) const;

  std::vector<std::vector<std::uint32_t>> stems_;  // per intent: stem hashes, sorted, unique
  // Folded words of 5+ letters (typo matching) with the intents that use them;
  // sorted by word, intents sorted.
  std::vector<std::pair<std::string, std::vector<std::uint32_t>>> long_words_;
  // (stem hash, number of entries whose text has it), sorted by hash.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entry_counts_;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_ENTRY_VOCABULARY_H_
