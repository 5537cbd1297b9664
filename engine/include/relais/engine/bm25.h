// Okapi BM25 lexical retrieval over short documents (FAQ answers, questions),
// using the same normalisation as the classifier (NormalizeToTerms: folded,
// stop words removed, stemmed). Built once at knowledge-base build time,
// serialised, then searched per query.
//
// Thread-safety: an index is immutable after Build/Deserialize; Search may run
// concurrently. Scores use only IEEE basic arithmetic at query time (IDF is
// computed at build time), so native and WebAssembly rankings are identical.
#ifndef RELAIS_ENGINE_BM25_H_
#define RELAIS_ENGINE_BM25_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relais/engine/status.h"
#include "relais/engine/text_language.h"

namespace relais::engine {

inline constexpr std::size_t kMaxBm25Documents = 1u << 20;
inline constexpr std::size_t kMaxBm25IndexBytes = 64u << 20;

struct Bm25Document {
  std::string text;
  TextLanguage language = TextLanguage::kUnknown;
};

struct Bm25Options {
  double k1 = 1.2;  // term-frequency saturation
  double b = 0.75;  // document-length normalisation
};

struct Bm25Hit {
  std::uint32_t document = 0;  // index into the documents given to Build
  double score = 0;            // > 0
};

class Bm25Index {
 public:
  // Indexes `documents` (a document without any term is kept but never found).
  // kResourceExhausted over kMaxBm25Documents; kInvalidArgument for k1 < 0 or b
  // outside [0,1]. Deterministic.
  static Result<Bm25Index> Build(std::span<const Bm25Document> documents,
                                 const Bm25Options& options = {});

  // Loads Serialize() output; kCorrupt for anything else (bounds-checked,
  // checksummed), kResourceExhausted over kMaxBm25IndexBytes.
  static Result<Bm25Index> Deserialize(std::string_view bytes);
  std::string Serialize() const;

  // The `top_k` best documents sharing a term with `query`, best first (ties:
  // lower document index first). Empty when nothing matches. Never fails; the
  // query is truncated to kMaxNormalizeInputBytes.
  std::vector<Bm25Hit> Search(std::string_view query, TextLanguage language,
                              std::size_t top_k = 10) const;

  std::size_t document_count() const { return doc_length_.size(); }
  std::size_t term_count() const { return terms_.size(); }

 private:
  Bm25Index() = default;

  Bm25Options options_;
  double average_length_ = 0;
  std::vector<std::uint32_t> terms_;     // sorted term hashes
  std::vector<float> idf_;               // per term
  std::vector<std::uint32_t> offsets_;   // per term, into postings (terms_.size() + 1)
  std::vector<std::uint32_t> postings_;  // document indices, increasing within a term
  std::vector<std::uint16_t> tf_;        // term frequency per posting
  std::vector<std::uint16_t> doc_length_;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_BM25_H_
