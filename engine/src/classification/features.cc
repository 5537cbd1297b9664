#include "relais/engine/features.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "relais/engine/utf8.h"

namespace relais::engine {
namespace {

constexpr std::uint32_t kFnvOffset = 2166136261u;
constexpr std::uint32_t kFnvPrime = 16777619u;

std::uint32_t FnvAppend(std::uint32_t h, std::string_view bytes) {
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

void Add(std::vector<FeatureCount>* out, FeatureKind kind, std::uint32_t hash) {
  out->push_back({hash, 1, kind});
}

// Character n-grams of "<word>" counted in code points, so that a folded
// non-Latin word is cut on character boundaries. Each n-gram's hash is built
// incrementally from the one before (same value as FeatureHash of the n-gram).
void AddCharGrams(std::string_view word, const FeatureOptions& options,
                  std::vector<FeatureCount>* out) {
  if (options.char_min == 0 || options.char_max < options.char_min) return;
  std::string marked;
  marked.reserve(word.size() + 2);
  marked.push_back('<');
  marked.append(word);
  marked.push_back('>');
  // Byte offsets of each code point, plus the end (on the stack for usual words).
  std::uint32_t local[64];
  std::vector<std::uint32_t> heap;
  std::uint32_t* starts = local;
  if (marked.size() + 1 > std::size(local)) {
    heap.resize(marked.size() + 1);
    starts = heap.data();
  }
  std::size_t n_chars = 0;
  for (std::size_t pos = 0; pos < marked.size(); pos += DecodeUtf8(marked, pos).length) {
    starts[n_chars++] = static_cast<std::uint32_t>(pos);
  }
  starts[n_chars] = static_cast<std::uint32_t>(marked.size());
  const std::uint32_t seed =
      (kFnvOffset ^ static_cast<std::uint8_t>(FeatureKind::kCharGram)) * kFnvPrime;
  if (n_chars < options.char_min) {  // very short word: the whole marked word
    Add(out, FeatureKind::kCharGram, FnvAppend(seed, marked));
    return;
  }
  for (std::size_t i = 0; i + options.char_min <= n_chars; ++i) {
    std::uint32_t h = seed;
    for (std::size_t n = 1; n <= options.char_max && i + n <= n_chars; ++n) {
      h = FnvAppend(
          h, std::string_view(marked).substr(starts[i + n - 1], starts[i + n] - starts[i + n - 1]));
      if (n >= options.char_min) Add(out, FeatureKind::kCharGram, h);
    }
  }
}

std::vector<FeatureCount> SortAndMerge(std::vector<FeatureCount> raw) {
  std::sort(raw.begin(), raw.end(),
            [](const FeatureCount& a, const FeatureCount& b) { return a.hash < b.hash; });
  std::vector<FeatureCount> counts;
  counts.reserve(raw.size());
  for (const FeatureCount& f : raw) {
    if (!counts.empty() && counts.back().hash == f.hash) {
      if (counts.back().count < 0xFFFF) ++counts.back().count;
    } else {
      counts.push_back(f);
    }
  }
  return counts;
}

}  // namespace

std::uint32_t FeatureHash(FeatureKind kind, std::string_view bytes) {
  std::uint32_t h = kFnvOffset;
  h ^= static_cast<std::uint8_t>(kind);
  h *= kFnvPrime;
  return FnvAppend(h, bytes);
}

std::vector<FeatureCount> CountFeatures(const std::vector<Token>& tokens,
                                        const FeatureOptions& options) {
  std::vector<FeatureCount> raw;
  raw.reserve(tokens.size() * 16);
  const std::string* previous = nullptr;
  for (const Token& token : tokens) {
    const bool use_word = options.stop_words_in_words || !token.stop_word;
    if (use_word) {
      if (options.word_unigrams) {
        Add(&raw, FeatureKind::kUnigram, FeatureHash(FeatureKind::kUnigram, token.stem));
        if (!token.alt_stem.empty()) {
          Add(&raw, FeatureKind::kUnigram, FeatureHash(FeatureKind::kUnigram, token.alt_stem));
        }
      }
      if (options.word_bigrams && previous != nullptr) {
        std::string bigram(*previous);
        bigram.push_back(' ');
        bigram.append(token.stem);
        Add(&raw, FeatureKind::kBigram, FeatureHash(FeatureKind::kBigram, bigram));
      }
    }
    if (use_word) previous = &token.stem;
    if (options.stop_words_in_chars || !token.stop_word) {
      AddCharGrams(token.word, options, &raw);
    }
  }
  return SortAndMerge(std::move(raw));
}

std::vector<FeatureCount> CountContentWords(const std::vector<Token>& tokens) {
  std::vector<FeatureCount> raw;
  for (const Token& token : tokens) {
    if (token.stop_word) continue;
    Add(&raw, FeatureKind::kUnigram, FeatureHash(FeatureKind::kUnigram, token.stem));
    if (!token.alt_stem.empty()) {
      Add(&raw, FeatureKind::kUnigram, FeatureHash(FeatureKind::kUnigram, token.alt_stem));
    }
  }
  return SortAndMerge(std::move(raw));
}

std::vector<FeatureCount> CountFeatures(std::string_view text, TextLanguage language,
                                        const FeatureOptions& options) {
  return CountFeatures(Normalize(text, language), options);
}

float LogCount(std::uint16_t count) {
  // 1 + ln(n), n = 1..16, precomputed; beyond 16 the value keeps growing slowly.
  static constexpr float kTable[17] = {
      0.0f,        1.0f,        1.69314718f, 2.09861229f, 2.38629436f, 2.60943791f,
      2.79175947f, 2.94591015f, 3.07944154f, 3.19722458f, 3.30258509f, 3.39789527f,
      3.48490665f, 3.56494936f, 3.63905733f, 3.70805020f, 3.77258872f};
  return count <= 16 ? kTable[count] : kTable[16] + static_cast<float>(count - 16) / 64.0f;
}

double Dot(const SparseVector& a, const SparseVector& b) {
  double sum = 0;
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].hash < b[j].hash) {
      ++i;
    } else if (a[i].hash > b[j].hash) {
      ++j;
    } else {
      sum += static_cast<double>(a[i].value) * b[j].value;
      ++i;
      ++j;
    }
  }
  return sum;
}

namespace features_internal {

SparseVector Finish(std::vector<Feature> values, const std::vector<FeatureCount>& counts,
                    const FeatureOptions& options) {
  double word_norm = 0, char_norm = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i].value;
    (counts[i].kind == FeatureKind::kCharGram ? char_norm : word_norm) += v * v;
  }
  const double word_scale = word_norm > 0 ? options.word_weight / std::sqrt(word_norm) : 0.0;
  const double char_scale = char_norm > 0 ? options.char_weight / std::sqrt(char_norm) : 0.0;
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double scaled =
        values[i].value * (counts[i].kind == FeatureKind::kCharGram ? char_scale : word_scale);
    values[i].value = static_cast<float>(scaled);
    total += scaled * scaled;
  }
  if (total <= 0) return {};
  const double scale = 1.0 / std::sqrt(total);
  SparseVector out;
  out.reserve(values.size());
  for (const Feature& f : values) out.push_back({f.hash, static_cast<float>(f.value * scale)});
  return out;
}

SparseVector Normalise(std::vector<Feature> values) {
  double total = 0;
  for (const Feature& f : values) total += static_cast<double>(f.value) * f.value;
  if (total <= 0) return {};
  const double scale = 1.0 / std::sqrt(total);
  for (Feature& f : values) f.value = static_cast<float>(f.value * scale);
  return values;
}

}  // namespace features_internal
}  // namespace relais::engine
