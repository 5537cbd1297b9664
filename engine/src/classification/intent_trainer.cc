// IntentClassifier::Train: featurise, learn the vocabulary and IDF, train the
// logistic regression, prune and quantise it, and index the examples for
// nearest-neighbour similarity. Runs at knowledge-base build time.
#include <algorithm>
#include <cmath>
#include <map>

#include "classification/intent_model.h"
#include "classification/softmax_trainer.h"
#include "det_math.h"
#include "relais/engine/intent_classifier.h"
#include "relais/engine/utf8.h"

namespace relais::engine {
namespace {

std::uint8_t QuantizeIdf(double document_count, double df) {
  const double idf = internal::DetLog((document_count + 1.0) / (df + 1.0)) + 1.0;
  const double q = std::floor(idf * internal::kIdfScale + 0.5);
  return static_cast<std::uint8_t>(std::clamp(q, 1.0, 255.0));
}

Status ValidateOptions(const ClassifierOptions& o) {
  const FeatureOptions& f = o.features;
  if (f.char_max > 16 || (f.char_min > 0 && f.char_min > f.char_max) ||
      !(f.word_weight >= 0 && f.word_weight <= 1e6) ||
      !(f.char_weight >= 0 && f.char_weight <= 1e6) || o.epochs < 0 || o.epochs > 1000 ||
      !(o.learning_rate > 0 && o.learning_rate < 1e6) ||
      !(o.regularization >= 0 && o.regularization < 1e3) || o.min_updates > 100000000u ||
      !(o.decay >= 0) || !(o.prune_weight >= 0) || !(o.knn_max_df_fraction >= 0)) {
    return Status::Error(StatusCode::kInvalidArgument, "classifier options out of range");
  }
  return Status::Ok();
}

Status ValidateExamples(std::span<const TrainingExample> examples) {
  if (examples.empty()) {
    return Status::Error(StatusCode::kInvalidArgument, "no training example");
  }
  if (examples.size() > kMaxTrainingExamples) {
    return Status::Error(StatusCode::kResourceExhausted, "too many training examples");
  }
  bool in_scope = false;
  for (const TrainingExample& e : examples) {
    if (e.intent.size() > kMaxIntentNameBytes || !IsValidUtf8(e.intent)) {
      return Status::Error(StatusCode::kInvalidArgument, "intent names must be UTF-8 of at most " +
                                                             std::to_string(kMaxIntentNameBytes) +
                                                             " bytes");
    }
    in_scope = in_scope || !e.intent.empty();
  }
  if (!in_scope) {
    return Status::Error(StatusCode::kInvalidArgument, "only out-of-scope training examples");
  }
  return Status::Ok();
}

}  // namespace

Result<IntentClassifier> IntentClassifier::Train(std::span<const TrainingExample> examples,
                                                 const ClassifierOptions& options) {
  if (Status s = ValidateOptions(options); !s.ok()) return s;
  if (Status s = ValidateExamples(examples); !s.ok()) return s;
  auto model = std::make_unique<internal::IntentModel>();
  internal::IntentModel& m = *model;
  m.features = options.features;
  m.thresholds = options.thresholds;

  // Intents, sorted by name so that indices do not depend on example order; the
  // out-of-scope examples (empty intent) form one more, hidden class after them.
  for (const TrainingExample& e : examples) {
    if (e.intent.empty()) {
      m.out_of_scope_class = true;
    } else {
      m.intents.push_back(e.intent);
    }
  }
  std::sort(m.intents.begin(), m.intents.end());
  m.intents.erase(std::unique(m.intents.begin(), m.intents.end()), m.intents.end());
  if (m.intents.size() > kMaxIntents) {
    return Status::Error(StatusCode::kResourceExhausted, "too many intents");
  }
  const auto n_intents = static_cast<std::uint32_t>(m.intents.size());
  const std::uint32_t n_classes = n_intents + (m.out_of_scope_class ? 1 : 0);

  // Featurise; examples without any feature teach nothing and are skipped.
  std::vector<std::vector<FeatureCount>> counts;
  std::vector<std::vector<FeatureCount>> content;  // nearest-neighbour space
  std::vector<std::uint32_t> labels;
  counts.reserve(examples.size());
  for (const TrainingExample& e : examples) {
    const std::vector<Token> tokens = Normalize(e.text, e.language);
    std::vector<FeatureCount> c = CountFeatures(tokens, m.features);
    if (c.empty()) continue;
    counts.push_back(std::move(c));
    content.push_back(CountContentWords(tokens));
    labels.push_back(e.intent.empty()
                         ? n_intents
                         : static_cast<std::uint32_t>(
                               std::lower_bound(m.intents.begin(), m.intents.end(), e.intent) -
                               m.intents.begin()));
  }
  if (counts.empty()) {
    return Status::Error(StatusCode::kInvalidArgument, "no training example has a usable word");
  }

  // Document frequencies and the vocabulary.
  std::vector<std::pair<std::uint32_t, FeatureKind>> all;
  for (const auto& c : counts) {
    for (const FeatureCount& f : c) all.emplace_back(f.hash, f.kind);
  }
  std::sort(all.begin(), all.end());
  const double n_docs = static_cast<double>(counts.size());
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const std::size_t df = j - i;
    const bool is_char = all[i].second == FeatureKind::kCharGram;
    if (!is_char || df >= options.min_char_gram_df) {
      m.vocab.push_back(all[i].first);
      m.idf_q.push_back(QuantizeIdf(n_docs, static_cast<double>(df)));
    }
    i = j;
  }
  m.idf_unseen_q = QuantizeIdf(n_docs, 0.0);
  const auto n_features = static_cast<std::uint32_t>(m.vocab.size());

  // Weighted training rows over vocabulary indices.
  const auto idf_of = [&m](std::uint32_t hash, std::vector<std::int32_t>* index) {
    const auto it = std::lower_bound(m.vocab.begin(), m.vocab.end(), hash);
    if (it != m.vocab.end() && *it == hash) {
      const auto f = static_cast<std::size_t>(it - m.vocab.begin());
      index->push_back(static_cast<std::int32_t>(f));
      return m.idf_q[f] / internal::kIdfScale;
    }
    index->push_back(-1);
    return m.idf_unseen_q / internal::kIdfScale;
  };
  internal::SparseRows rows;
  for (const auto& c : counts) {
    std::vector<std::int32_t> index;
    const SparseVector x =
        WeighFeatures(c, m.features, [&](std::uint32_t hash) { return idf_of(hash, &index); });
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (index[i] < 0) continue;
      rows.index.push_back(static_cast<std::uint32_t>(index[i]));
      rows.value.push_back(x[i].value);
    }
    rows.offsets.push_back(static_cast<std::uint32_t>(rows.index.size()));
  }

  // Logistic regression, then pruning and 8-bit quantisation by feature.
  internal::SoftmaxOptions sgd;
  const std::size_t n_rows = rows.rows();
  sgd.epochs =
      std::max<int>(options.epochs, static_cast<int>((options.min_updates + n_rows - 1) / n_rows));
  sgd.learning_rate = options.learning_rate;
  sgd.decay = options.decay;
  // Keep each L2 step a shrink (lr * l2 < 1) whatever the options.
  sgd.l2 =
      std::min(options.regularization / static_cast<double>(n_rows), 0.5 / options.learning_rate);
  sgd.seed = options.seed;
  const internal::SoftmaxModel lr =
      internal::TrainSoftmax(rows, labels, n_features, n_classes, sgd);
  m.bias = lr.bias;
  // Pruning: the max_weights largest magnitudes, none below prune_weight.
  std::vector<float> magnitudes;
  magnitudes.reserve(lr.weights.size());
  for (float w : lr.weights) {
    if (std::fabs(w) >= options.prune_weight) magnitudes.push_back(std::fabs(w));
  }
  float threshold = static_cast<float>(options.prune_weight);
  if (magnitudes.size() > options.max_weights) {
    const std::size_t drop = magnitudes.size() - options.max_weights;
    std::nth_element(magnitudes.begin(), magnitudes.begin() + drop, magnitudes.end());
    threshold = std::max(threshold, magnitudes[drop]);
  }
  float max_abs = 0;
  for (float w : lr.weights) max_abs = std::max(max_abs, std::fabs(w));
  m.weight_scale = max_abs > 0 ? max_abs / 127.0f : 1.0f;
  m.w_offsets.assign(1, 0);
  for (std::uint32_t f = 0; f < n_features; ++f) {
    for (std::uint32_t c = 0; c < n_classes; ++c) {
      const float w = lr.weights[static_cast<std::size_t>(f) * n_classes + c];
      if (std::fabs(w) < threshold) continue;
      const float q = std::floor(w / m.weight_scale + 0.5f);
      if (q == 0) continue;
      m.w_intent.push_back(static_cast<std::uint16_t>(c));
      m.w_value.push_back(static_cast<std::int8_t>(std::clamp(q, -127.0f, 127.0f)));
    }
    m.w_offsets.push_back(static_cast<std::uint32_t>(m.w_intent.size()));
  }

  // Nearest-neighbour index: each in-scope example's content-word vector (its
  // largest entries), inverted.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint8_t>>> postings(n_features);
  std::vector<std::pair<float, std::uint32_t>> top;
  for (std::size_t r = 0; r < content.size(); ++r) {
    if (labels[r] == n_intents) continue;  // out of scope: no neighbour to find
    const auto example = static_cast<std::uint32_t>(m.example_intent.size());
    std::vector<std::int32_t> index;
    const SparseVector v =
        WeighPlain(content[r], [&](std::uint32_t hash) { return idf_of(hash, &index); });
    top.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (index[i] >= 0) top.emplace_back(-v[i].value, static_cast<std::uint32_t>(index[i]));
    }
    const std::size_t keep = std::min<std::size_t>(top.size(), options.knn_features_per_example);
    std::partial_sort(top.begin(), top.begin() + keep, top.end());  // largest, then lowest index
    for (std::size_t i = 0; i < keep; ++i) {
      const float q = std::floor(-top[i].first * internal::kKnnValueScale + 0.5f);
      if (q < 1) continue;
      postings[top[i].second].emplace_back(example, static_cast<std::uint8_t>(std::min(q, 255.0f)));
    }
    m.example_intent.push_back(static_cast<std::uint16_t>(labels[r]));
  }
  const double max_df = std::max<double>(options.knn_max_df_floor,
                                         options.knn_max_df_fraction * m.example_intent.size());
  for (auto& list : postings) {
    if (static_cast<double>(list.size()) > max_df) list.clear();
  }
  m.k_offsets.assign(1, 0);
  for (const auto& list : postings) {
    for (const auto& [example, value] : list) {
      m.k_example.push_back(example);
      m.k_value.push_back(value);
    }
    m.k_offsets.push_back(static_cast<std::uint32_t>(m.k_example.size()));
  }
  return IntentClassifier(std::move(model));
}

}  // namespace relais::engine
