// Serialisation of IntentModel. Format (version 2), little-endian:
//   "RLIC" u32:version
//   features: u8:flags u8:char_min u8:char_max f32:word_weight f32:char_weight
//   thresholds: f64:mix f64:answer f64:margin f64:clarify f64:oos_similarity
//               u32:max_clarify_candidates
//   version 2 only: f64:agreement_power u8:out_of_scope_class (0 or 1); a
//               version 1 model reads as 0 and 0, which was its behaviour
//   intents: varint:n, n × (varint:len bytes); C = n + out_of_scope_class classes
//   vocabulary: varint:F, F × varint:hash delta, F × u8:idf, u8:unseen idf
//   bias: C × f32;  f32:weight_scale
//   weights: F × (varint:k, k × (varint:class delta, i8:value in [-127,127]))
//   examples: varint:E, E × varint:intent
//   neighbours: F × (varint:k, k × (varint:example delta, u8:value))
//   u32: FNV-1a of every byte before it
#include <algorithm>

#include "byte_io.h"
#include "classification/intent_model.h"
#include "relais/engine/intent_classifier.h"
#include "relais/engine/utf8.h"

namespace relais::engine::internal {
namespace {

constexpr char kMagic[4] = {'R', 'L', 'I', 'C'};
constexpr std::uint32_t kVersion = 2;
// Also read: a version 1 model has no agreement power and no out-of-scope class.
constexpr std::uint32_t kOldestVersion = 1;

Status Corrupt(const std::string& what) {
  return Status::Error(StatusCode::kCorrupt, "intent model: " + what);
}

// Reads F posting lists of (delta-coded id < id_limit, one-byte value), rejecting
// the value byte `forbidden` (-1: none). One loop over the raw bytes, no call per
// posting: the classifier holds hundreds of thousands of them, decoded once when
// a browser loads a knowledge base, in its unoptimised first-tier code.
template <typename Id, typename Value>
bool ReadPostings(ByteReader& in, std::size_t n_features, std::uint64_t id_limit, int forbidden,
                  std::vector<std::uint32_t>* offsets, std::vector<Id>* ids,
                  std::vector<Value>* values) {
  const std::string_view rest = in.Rest();
  const auto* const begin = reinterpret_cast<const std::uint8_t*>(rest.data());
  const auto* const end = begin + rest.size();
  // Each posting takes at least two bytes, which bounds how many there can be.
  const std::size_t capacity = rest.size() / 2;
  if (capacity > 0xFFFFFFFFu) return false;
  offsets->assign(n_features + 1, 0);
  ids->resize(capacity);
  values->resize(capacity);
  std::uint32_t* offset = offsets->data();
  Id* id_out = ids->data();
  Value* value_out = values->data();
  std::uint32_t count = 0;
  const std::uint8_t* p = begin;
  for (std::size_t f = 0; f < n_features; ++f) {
    std::uint64_t k = 0;
    if (!ReadVarint(&p, end, &k) || k > static_cast<std::uint64_t>(end - p) / 2) return false;
    std::uint64_t id = 0;
    for (std::uint64_t i = 0; i < k; ++i) {
      std::uint64_t delta = 0;
      if (!ReadVarint(&p, end, &delta) || p == end) return false;
      id += delta + (i == 0 ? 0 : 1);  // strictly increasing
      const std::uint8_t value = *p++;
      if (id >= id_limit || value == forbidden) return false;
      id_out[count] = static_cast<Id>(id);
      value_out[count] = static_cast<Value>(value);
      ++count;
    }
    offset[f + 1] = count;
  }
  ids->resize(count);
  ids->shrink_to_fit();
  values->resize(count);
  values->shrink_to_fit();
  in.Skip(static_cast<std::size_t>(p - begin));
  return true;
}

template <typename Id, typename Value, typename WriteValue>
void WritePostings(ByteWriter& out, const std::vector<std::uint32_t>& offsets,
                   const std::vector<Id>& ids, const std::vector<Value>& values,
                   WriteValue write_value) {
  for (std::size_t f = 0; f + 1 < offsets.size(); ++f) {
    out.Varint(offsets[f + 1] - offsets[f]);
    for (std::uint32_t k = offsets[f]; k < offsets[f + 1]; ++k) {
      out.Varint(k == offsets[f] ? ids[k] : ids[k] - ids[k - 1] - 1);
      write_value(values[k]);
    }
  }
}

}  // namespace

std::string SerializeModel(const IntentModel& m) {
  ByteWriter out;
  StartEnvelope(out, kMagic, kVersion);
  const FeatureOptions& f = m.features;
  out.U8(static_cast<std::uint8_t>((f.word_unigrams ? 1 : 0) | (f.word_bigrams ? 2 : 0) |
                                   (f.stop_words_in_words ? 4 : 0) |
                                   (f.stop_words_in_chars ? 8 : 0)));
  out.U8(f.char_min);
  out.U8(f.char_max);
  out.F32(f.word_weight);
  out.F32(f.char_weight);
  const DecisionThresholds& t = m.thresholds;
  for (double v : {t.mix, t.answer, t.margin, t.clarify, t.out_of_scope_similarity}) out.F64(v);
  out.U32(t.max_clarify_candidates);
  out.F64(t.agreement_power);
  out.U8(m.out_of_scope_class ? 1 : 0);
  out.Varint(m.intents.size());
  for (const std::string& name : m.intents) out.Bytes(name);
  out.Varint(m.vocab.size());
  for (std::size_t i = 0; i < m.vocab.size(); ++i) {
    out.Varint(i == 0 ? m.vocab[0] : m.vocab[i] - m.vocab[i - 1] - 1);
  }
  for (std::uint8_t q : m.idf_q) out.U8(q);
  out.U8(m.idf_unseen_q);
  for (float b : m.bias) out.F32(b);
  out.F32(m.weight_scale);
  WritePostings(out, m.w_offsets, m.w_intent, m.w_value,
                [&](std::int8_t v) { out.U8(static_cast<std::uint8_t>(v)); });
  out.Varint(m.example_intent.size());
  for (std::uint16_t c : m.example_intent) out.Varint(c);
  WritePostings(out, m.k_offsets, m.k_example, m.k_value, [&](std::uint8_t v) { out.U8(v); });
  SealEnvelope(out);
  return std::move(out.str());
}

Status DeserializeModel(std::string_view bytes, IntentModel* m) {
  if (bytes.size() > kMaxModelBytes) {
    return Status::Error(StatusCode::kResourceExhausted, "intent model over its size budget");
  }
  std::optional<Envelope> envelope = OpenEnvelope(bytes, kMagic);
  if (!envelope) return Corrupt("not an intent model");
  const std::uint32_t version = envelope->version;
  if (version < kOldestVersion || version > kVersion) {
    return Corrupt("unknown format version " + std::to_string(version));
  }
  if (!envelope->checksum_ok) return Corrupt("checksum mismatch");
  ByteReader& in = envelope->body;
  const std::uint8_t flags = in.U8();
  FeatureOptions& f = m->features;
  f.word_unigrams = flags & 1;
  f.word_bigrams = flags & 2;
  f.stop_words_in_words = flags & 4;
  f.stop_words_in_chars = flags & 8;
  f.char_min = in.U8();
  f.char_max = in.U8();
  f.word_weight = in.F32();
  f.char_weight = in.F32();
  if (flags > 15 || f.char_max > 16 || (f.char_min > 0 && f.char_min > f.char_max) ||
      !(f.word_weight >= 0 && f.word_weight <= 1e6) ||
      !(f.char_weight >= 0 && f.char_weight <= 1e6)) {
    return Corrupt("bad feature options");
  }
  DecisionThresholds& t = m->thresholds;
  for (double* v : {&t.mix, &t.answer, &t.margin, &t.clarify, &t.out_of_scope_similarity}) {
    *v = in.F64();
    if (!(*v >= -1e6 && *v <= 1e6)) return Corrupt("bad thresholds");  // also rejects NaN
  }
  t.max_clarify_candidates = in.U32();
  t.agreement_power = version >= 2 ? in.F64() : 0.0;
  if (!(t.agreement_power >= 0 && t.agreement_power <= 100)) return Corrupt("bad thresholds");
  const std::uint8_t out_of_scope_class = version >= 2 ? in.U8() : 0;
  if (out_of_scope_class > 1) return Corrupt("bad out-of-scope class flag");
  m->out_of_scope_class = out_of_scope_class == 1;
  const std::uint64_t n_intents = in.Count(1);
  if (n_intents > kMaxIntents) return Corrupt("too many intents");
  for (std::uint64_t i = 0; i < n_intents && in.ok(); ++i) {
    const std::string_view name = in.Bytes(kMaxIntentNameBytes);
    if (!IsValidUtf8(name)) return Corrupt("intent name is not UTF-8");
    m->intents.emplace_back(name);
  }
  const std::uint64_t n_features = in.Count(2);
  m->vocab.reserve(n_features);
  m->idf_q.reserve(n_features);
  std::uint64_t hash = 0;
  for (std::uint64_t i = 0; i < n_features && in.ok(); ++i) {
    hash += in.Varint() + (i == 0 ? 0 : 1);
    if (hash > 0xFFFFFFFFu) return Corrupt("bad vocabulary");
    m->vocab.push_back(static_cast<std::uint32_t>(hash));
  }
  for (std::uint64_t i = 0; i < n_features && in.ok(); ++i) m->idf_q.push_back(in.U8());
  m->idf_unseen_q = in.U8();
  const std::uint64_t n_classes = m->classes();
  for (std::uint64_t i = 0; i < n_classes && in.ok(); ++i) m->bias.push_back(in.F32());
  m->weight_scale = in.F32();
  if (!in.ok()) return Corrupt("truncated");
  for (float b : m->bias) {
    if (!(b >= -1e6f && b <= 1e6f)) return Corrupt("bad bias");
  }
  if (!(m->weight_scale >= 0 && m->weight_scale <= 1e6f)) return Corrupt("bad weight scale");
  // Weights are in [-127, 127]: the byte 0x80 (-128) is never written.
  if (!ReadPostings(in, n_features, n_classes, 0x80, &m->w_offsets, &m->w_intent, &m->w_value)) {
    return Corrupt("bad weights");
  }
  const std::uint64_t n_examples = in.Count(1);
  for (std::uint64_t i = 0; i < n_examples && in.ok(); ++i) {
    const std::uint64_t c = in.Varint();
    if (c >= n_intents) return Corrupt("bad example intent");
    m->example_intent.push_back(static_cast<std::uint16_t>(c));
  }
  if (!in.ok() ||
      !ReadPostings(in, n_features, n_examples, -1, &m->k_offsets, &m->k_example, &m->k_value)) {
    return Corrupt("bad neighbour index");
  }
  if (!in.ok() || !in.done()) return Corrupt("trailing or missing bytes");
  return Status::Ok();
}

}  // namespace relais::engine::internal
