// Inference for IntentClassifier (training is in intent_trainer.cc,
// serialisation in intent_model_io.cc).
#include "relais/engine/intent_classifier.h"

#include <algorithm>

#include "classification/intent_model.h"
#include "classification/softmax_trainer.h"

namespace relais::engine {
namespace internal {

void BuildLookup(IntentModel* m) {
  std::uint32_t bits = 1;
  while ((std::size_t{1} << bits) < 2 * m->vocab.size() + 2) ++bits;
  m->lookup_shift = 32 - bits;
  m->lookup_hash.assign(std::size_t{1} << bits, 0);
  m->lookup_index.assign(std::size_t{1} << bits, -1);
  const std::uint32_t mask = (1u << bits) - 1;
  for (std::size_t f = 0; f < m->vocab.size(); ++f) {
    std::uint32_t slot = (m->vocab[f] * 0x9E3779B1u) >> m->lookup_shift;
    while (m->lookup_index[slot] >= 0) slot = (slot + 1) & mask;
    m->lookup_hash[slot] = m->vocab[f];
    m->lookup_index[slot] = static_cast<std::int32_t>(f);
  }
}

}  // namespace internal

IntentClassifier::IntentClassifier(std::unique_ptr<internal::IntentModel> model)
    : model_(std::move(model)) {
  internal::BuildLookup(model_.get());
}
IntentClassifier::IntentClassifier(IntentClassifier&&) noexcept = default;
IntentClassifier& IntentClassifier::operator=(IntentClassifier&&) noexcept = default;
IntentClassifier::~IntentClassifier() = default;

const std::vector<std::string>& IntentClassifier::intents() const { return model_->intents; }
const DecisionThresholds& IntentClassifier::thresholds() const { return model_->thresholds; }
void IntentClassifier::set_thresholds(const DecisionThresholds& thresholds) {
  model_->thresholds = thresholds;
}
std::size_t IntentClassifier::feature_count() const { return model_->vocab.size(); }
std::size_t IntentClassifier::weight_count() const { return model_->w_value.size(); }
std::size_t IntentClassifier::example_count() const { return model_->example_intent.size(); }

std::string IntentClassifier::Serialize() const { return internal::SerializeModel(*model_); }

Result<IntentClassifier> IntentClassifier::Deserialize(std::string_view bytes) {
  auto model = std::make_unique<internal::IntentModel>();
  Status status = internal::DeserializeModel(bytes, model.get());
  if (!status.ok()) return status;
  return IntentClassifier(std::move(model));
}

DecisionResult IntentClassifier::Decide(const Classification& classification) const {
  return engine::Decide(classification, model_->thresholds);
}

Classification IntentClassifier::Classify(std::string_view text, TextLanguage language,
                                          std::size_t top_k) const {
  return Classify(AnalyzeText(text, language), top_k);
}

Classification IntentClassifier::Classify(const AnalyzedText& text, std::size_t top_k) const {
  const internal::IntentModel& m = *model_;
  Classification result;
  result.truncated = text.truncated;
  const std::vector<Token>& tokens = text.tokens;
  const std::vector<FeatureCount> counts = CountFeatures(tokens, m.features);
  // Weigh, remembering each feature's vocabulary index (or -1 when unknown).
  const auto idf_of = [&m](std::uint32_t hash, std::vector<std::int32_t>* index) {
    const std::int32_t f = m.Find(hash);
    index->push_back(f);
    return (f >= 0 ? m.idf_q[static_cast<std::size_t>(f)] : m.idf_unseen_q) / internal::kIdfScale;
  };
  std::vector<std::int32_t> index;
  index.reserve(counts.size());
  const SparseVector x =
      WeighFeatures(counts, m.features, [&](std::uint32_t hash) { return idf_of(hash, &index); });
  result.feature_count = static_cast<std::uint32_t>(counts.size());
  const std::size_t n_intents = m.intents.size();
  if (x.empty() || n_intents == 0) return result;

  std::vector<double> scores(m.bias.begin(), m.bias.end());
  std::vector<std::pair<std::uint32_t, float>> neighbours;  // (example, contribution)
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (index[i] < 0) continue;
    ++result.known_feature_count;
    const auto f = static_cast<std::size_t>(index[i]);
    const double xw = static_cast<double>(x[i].value) * m.weight_scale;
    for (std::uint32_t k = m.w_offsets[f]; k < m.w_offsets[f + 1]; ++k) {
      scores[m.w_intent[k]] += xw * m.w_value[k];
    }
  }
  if (result.known_feature_count == 0) return result;  // nothing the model knows
  std::vector<std::int32_t> content_index;
  const SparseVector content = WeighPlain(
      CountContentWords(tokens), [&](std::uint32_t hash) { return idf_of(hash, &content_index); });
  for (std::size_t i = 0; i < content.size(); ++i) {
    if (content_index[i] < 0) continue;
    const auto f = static_cast<std::size_t>(content_index[i]);
    const float xk = content[i].value / internal::kKnnValueScale;
    for (std::uint32_t k = m.k_offsets[f]; k < m.k_offsets[f + 1]; ++k) {
      neighbours.emplace_back(m.k_example[k], xk * m.k_value[k]);
    }
  }
  internal::SoftmaxInPlace(&scores);
  if (m.out_of_scope_class) result.out_of_scope_probability = scores[n_intents];
  // Similarity per example (contributions summed in feature order, so the sum
  // is the same in every build), then the best example per intent.
  std::stable_sort(neighbours.begin(), neighbours.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<double> intent_sim(n_intents, 0.0);
  for (std::size_t i = 0; i < neighbours.size();) {
    float sim = 0;
    std::size_t j = i;
    for (; j < neighbours.size() && neighbours[j].first == neighbours[i].first; ++j) {
      sim += neighbours[j].second;
    }
    double& best = intent_sim[m.example_intent[neighbours[i].first]];
    best = std::max(best, static_cast<double>(sim));
    i = j;
  }
  const bool single = m.classes() == 1;  // a softmax over one class says nothing
  const double mix = m.thresholds.mix;
  std::vector<IntentCandidate> all(n_intents);
  for (std::size_t c = 0; c < n_intents; ++c) {
    const double sim = std::min(1.0, intent_sim[c]);
    const double p = single ? sim : scores[c];
    all[c] = {static_cast<std::uint32_t>(c), p, sim,
              std::clamp(mix * p + (1.0 - mix) * sim, 0.0, 1.0)};
    result.max_similarity = std::max(result.max_similarity, sim);
  }
  const std::size_t keep = std::min(top_k, all.size());
  std::partial_sort(all.begin(), all.begin() + keep, all.end(), CandidateOrder);
  all.resize(keep);
  result.ranked = std::move(all);
  return result;
}

}  // namespace relais::engine
