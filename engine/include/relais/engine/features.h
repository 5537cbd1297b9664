// Sparse, hashed text features for intent classification and similarity.
//
// A text becomes a sparse vector of (hash, value) pairs: word unigrams and
// bigrams of stems, and character n-grams of folded words with word-boundary
// markers (typo tolerance: "pasport" still shares most n-grams with "passport").
// Hashes are 32-bit FNV-1a over bytes, so the same text gives the same features
// natively and in WebAssembly (never std::hash). Values are log-scaled term
// counts times an inverse document frequency learnt from the training texts,
// L2-normalised per group, weighted per group and L2-normalised overall.
#ifndef RELAIS_ENGINE_FEATURES_H_
#define RELAIS_ENGINE_FEATURES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "relais/engine/normalizer.h"

namespace relais::engine {

// How features are extracted; stored in a serialised model so that queries are
// featurised exactly like the training examples.
struct FeatureOptions {
  bool word_unigrams = true;
  bool word_bigrams = true;
  // Stop words inside word and character features: the classifier weighs them
  // itself ("turn on" vs "turn off", "my" vs "your"); +3 points on CLINC150.
  bool stop_words_in_words = true;
  std::uint8_t char_min = 3;  // character n-gram lengths (0 disables)
  std::uint8_t char_max = 5;
  bool stop_words_in_chars = true;
  float word_weight = 1.0f;  // weights of the two groups before the final norm
  float char_weight = 1.0f;

  bool operator==(const FeatureOptions&) const = default;
};

// Feature groups, the first byte hashed into every feature.
enum class FeatureKind : std::uint8_t { kUnigram = 1, kBigram = 2, kCharGram = 3 };

// A feature occurrence count before weighting. Sorted by hash, unique.
struct FeatureCount {
  std::uint32_t hash;
  std::uint16_t count;
  FeatureKind kind;
};

// A weighted sparse feature. Vectors are sorted by hash, unique.
struct Feature {
  std::uint32_t hash;
  float value;
};
using SparseVector = std::vector<Feature>;

// FNV-1a 32-bit of `kind` followed by `bytes`.
std::uint32_t FeatureHash(FeatureKind kind, std::string_view bytes);

// The feature counts of already-normalised tokens. Thread-safe.
std::vector<FeatureCount> CountFeatures(const std::vector<Token>& tokens,
                                        const FeatureOptions& options);

// Unigram counts of the content words only (stems and alt stems of non-stop
// tokens): the space of the nearest-neighbour similarity, where a question and a
// training example are close when they share their meaningful words.
std::vector<FeatureCount> CountContentWords(const std::vector<Token>& tokens);

// Normalise + CountFeatures.
std::vector<FeatureCount> CountFeatures(std::string_view text, TextLanguage language,
                                        const FeatureOptions& options);

// 1 + ln(count) for small counts without libm (exactly the same in every build).
float LogCount(std::uint16_t count);

// Weighs counts into a unit-length vector (one group: the norm is taken over
// every feature, unknown ones included). Aligned with `counts`.
template <typename IdfFn>
SparseVector WeighPlain(const std::vector<FeatureCount>& counts, IdfFn&& idf);

// Weighs counts into a unit-length vector. `idf(hash)` returns the inverse
// document frequency of a feature (callers return a large "unseen" value for
// features outside their vocabulary so unknown words still weigh in the norm).
// The result is aligned with `counts` (same size, same order) unless it is
// empty, which it is when there is no feature.
template <typename IdfFn>
SparseVector WeighFeatures(const std::vector<FeatureCount>& counts, const FeatureOptions& options,
                           IdfFn&& idf);

// Dot product of two sorted sparse vectors.
double Dot(const SparseVector& a, const SparseVector& b);

// ---- implementation of the template ----
namespace features_internal {
SparseVector Finish(std::vector<Feature> values, const std::vector<FeatureCount>& counts,
                    const FeatureOptions& options);
SparseVector Normalise(std::vector<Feature> values);
}  // namespace features_internal

template <typename IdfFn>
SparseVector WeighPlain(const std::vector<FeatureCount>& counts, IdfFn&& idf) {
  std::vector<Feature> values;
  values.reserve(counts.size());
  for (const FeatureCount& c : counts) values.push_back({c.hash, LogCount(c.count) * idf(c.hash)});
  return features_internal::Normalise(std::move(values));
}

template <typename IdfFn>
SparseVector WeighFeatures(const std::vector<FeatureCount>& counts, const FeatureOptions& options,
                           IdfFn&& idf) {
  std::vector<Feature> values;
  values.reserve(counts.size());
  for (const FeatureCount& c : counts) values.push_back({c.hash, LogCount(c.count) * idf(c.hash)});
  return features_internal::Finish(std::move(values), counts, options);
}

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_FEATURES_H_
