#include "relais/engine/bm25.h"

#include <algorithm>
#include <map>

#include "byte_io.h"
#include "det_math.h"
#include "relais/engine/features.h"
#include "relais/engine/normalizer.h"

namespace relais::engine {
namespace {

constexpr char kMagic[4] = {'R', 'L', 'B', 'M'};
constexpr std::uint32_t kVersion = 1;

std::vector<std::uint32_t> TermHashes(std::string_view text, TextLanguage language) {
  std::vector<std::uint32_t> hashes;
  for (const std::string& term : NormalizeToTerms(text, language)) {
    hashes.push_back(FeatureHash(FeatureKind::kUnigram, term));
  }
  return hashes;
}

Status Corrupt(const char* what) {
  return Status::Error(StatusCode::kCorrupt, std::string("bm25 index: ") + what);
}

}  // namespace

Result<Bm25Index> Bm25Index::Build(std::span<const Bm25Document> documents,
                                   const Bm25Options& options) {
  if (documents.size() > kMaxBm25Documents) {
    return Status::Error(StatusCode::kResourceExhausted, "too many documents for BM25");
  }
  if (!(options.k1 >= 0 && options.k1 < 1e3) || !(options.b >= 0 && options.b <= 1)) {
    return Status::Error(StatusCode::kInvalidArgument, "BM25 needs k1 >= 0 and b in [0,1]");
  }
  Bm25Index index;
  index.options_ = options;
  std::map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::uint16_t>>> postings;
  double total_length = 0;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    std::vector<std::uint32_t> hashes = TermHashes(documents[d].text, documents[d].language);
    const auto length = static_cast<std::uint16_t>(std::min<std::size_t>(hashes.size(), 0xFFFF));
    index.doc_length_.push_back(length);
    total_length += length;
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t i = 0; i < hashes.size();) {
      std::size_t j = i;
      while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
      postings[hashes[i]].emplace_back(
          static_cast<std::uint32_t>(d),
          static_cast<std::uint16_t>(std::min<std::size_t>(j - i, 0xFFFF)));
      i = j;
    }
  }
  const double n = static_cast<double>(documents.size());
  index.average_length_ = documents.empty() ? 0.0 : total_length / n;
  index.offsets_.push_back(0);
  for (const auto& [term, list] : postings) {
    const double df = static_cast<double>(list.size());
    index.terms_.push_back(term);
    index.idf_.push_back(static_cast<float>(internal::DetLog(1.0 + (n - df + 0.5) / (df + 0.5))));
    for (const auto& [doc, tf] : list) {
      index.postings_.push_back(doc);
      index.tf_.push_back(tf);
    }
    index.offsets_.push_back(static_cast<std::uint32_t>(index.postings_.size()));
  }
  return index;
}

std::vector<Bm25Hit> Bm25Index::Search(std::string_view query, TextLanguage language,
                                       std::size_t top_k) const {
  std::vector<std::uint32_t> hashes = TermHashes(query, language);
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::vector<std::pair<std::uint32_t, double>> contributions;  // (document, score)
  const double k1 = options_.k1, b = options_.b;
  const double average = average_length_ > 0 ? average_length_ : 1.0;
  for (std::uint32_t h : hashes) {
    const auto it = std::lower_bound(terms_.begin(), terms_.end(), h);
    if (it == terms_.end() || *it != h) continue;
    const auto t = static_cast<std::size_t>(it - terms_.begin());
    for (std::uint32_t k = offsets_[t]; k < offsets_[t + 1]; ++k) {
      const double tf = tf_[k];
      const double norm = k1 * (1.0 - b + b * doc_length_[postings_[k]] / average);
      contributions.emplace_back(postings_[k], idf_[t] * tf * (k1 + 1.0) / (tf + norm));
    }
  }
  // Sum per document in term order (deterministic), then rank.
  std::stable_sort(contributions.begin(), contributions.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Bm25Hit> hits;
  for (std::size_t i = 0; i < contributions.size();) {
    Bm25Hit hit{contributions[i].first, 0.0};
    for (; i < contributions.size() && contributions[i].first == hit.document; ++i) {
      hit.score += contributions[i].second;
    }
    if (hit.score > 0) hits.push_back(hit);
  }
  const std::size_t keep = std::min(top_k, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + keep, hits.end(),
                    [](const Bm25Hit& a, const Bm25Hit& b) {
                      return a.score != b.score ? a.score > b.score : a.document < b.document;
                    });
  hits.resize(keep);
  return hits;
}

std::string Bm25Index::Serialize() const {
  internal::ByteWriter out;
  internal::StartEnvelope(out, kMagic, kVersion);
  out.F64(options_.k1);
  out.F64(options_.b);
  out.F64(average_length_);
  out.Varint(doc_length_.size());
  for (std::uint16_t l : doc_length_) out.Varint(l);
  out.Varint(terms_.size());
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    out.Varint(t == 0 ? terms_[0] : terms_[t] - terms_[t - 1] - 1);
    out.F32(idf_[t]);
    out.Varint(offsets_[t + 1] - offsets_[t]);
    for (std::uint32_t k = offsets_[t]; k < offsets_[t + 1]; ++k) {
      out.Varint(k == offsets_[t] ? postings_[k] : postings_[k] - postings_[k - 1] - 1);
      out.Varint(tf_[k]);
    }
  }
  internal::SealEnvelope(out);
  return std::move(out.str());
}

Result<Bm25Index> Bm25Index::Deserialize(std::string_view bytes) {
  if (bytes.size() > kMaxBm25IndexBytes) {
    return Status::Error(StatusCode::kResourceExhausted, "bm25 index over its size budget");
  }
  std::optional<internal::Envelope> envelope = internal::OpenEnvelope(bytes, kMagic);
  if (!envelope) return Corrupt("not a BM25 index");
  if (!envelope->checksum_ok) return Corrupt("checksum mismatch");
  if (envelope->version != kVersion) return Corrupt("unknown format version");
  internal::ByteReader& in = envelope->body;
  Bm25Index index;
  index.options_.k1 = in.F64();
  index.options_.b = in.F64();
  index.average_length_ = in.F64();
  if (!(index.options_.k1 >= 0 && index.options_.k1 < 1e3) ||
      !(index.options_.b >= 0 && index.options_.b <= 1) ||
      !(index.average_length_ >= 0 && index.average_length_ <= 65535)) {
    return Corrupt("bad parameters");
  }
  const std::uint64_t n_docs = in.Count(1);
  if (n_docs > kMaxBm25Documents) return Corrupt("too many documents");
  for (std::uint64_t d = 0; d < n_docs && in.ok(); ++d) {
    const std::uint64_t l = in.Varint();
    if (l > 0xFFFF) return Corrupt("bad document length");
    index.doc_length_.push_back(static_cast<std::uint16_t>(l));
  }
  const std::uint64_t n_terms = in.Count(6);  // hash, idf, count: at least 6 bytes
  std::uint64_t term = 0;
  index.offsets_.push_back(0);
  for (std::uint64_t t = 0; t < n_terms && in.ok(); ++t) {
    term += in.Varint() + (t == 0 ? 0 : 1);
    const float idf = in.F32();
    const std::uint64_t k = in.Count(2);
    if (term > 0xFFFFFFFFu || !(idf >= 0 && idf < 1e3)) return Corrupt("bad term");
    index.terms_.push_back(static_cast<std::uint32_t>(term));
    index.idf_.push_back(idf);
    std::uint64_t doc = 0;
    for (std::uint64_t i = 0; i < k && in.ok(); ++i) {
      doc += in.Varint() + (i == 0 ? 0 : 1);
      const std::uint64_t tf = in.Varint();
      if (doc >= n_docs || tf == 0 || tf > 0xFFFF) return Corrupt("bad posting");
      index.postings_.push_back(static_cast<std::uint32_t>(doc));
      index.tf_.push_back(static_cast<std::uint16_t>(tf));
    }
    index.offsets_.push_back(static_cast<std::uint32_t>(index.postings_.size()));
  }
  if (!in.ok() || !in.done()) return Corrupt("truncated or trailing bytes");
  return index;
}

}  // namespace relais::engine
