// The intent classifier: trained once from example questions at knowledge-base
// build time, serialised into the bundle, loaded (without re-training) by every
// host, and asked per question.
//
// Model: multinomial logistic regression over hashed word and character n-gram
// features (features.h), trained by deterministic SGD, plus a nearest-neighbour
// index of the training examples' content words (CountContentWords). A question
// gets, for every intent, the softmax probability and the best cosine
// similarity of its content words to that intent's examples; their mix is the
// confidence (calibration.h decides what to do with it).
//
// Thread-safety: a trained or loaded classifier is immutable; Classify() and
// Serialize() may run concurrently. Train/Deserialize return independent objects.
#ifndef RELAIS_ENGINE_INTENT_CLASSIFIER_H_
#define RELAIS_ENGINE_INTENT_CLASSIFIER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "relais/engine/analyzed_text.h"
#include "relais/engine/calibration.h"
#include "relais/engine/classification.h"
#include "relais/engine/features.h"
#include "relais/engine/status.h"
#include "relais/engine/text_language.h"

namespace relais::engine {
namespace internal {
struct IntentModel;
}

// Budgets for training input (untrusted knowledge-base content).
inline constexpr std::size_t kMaxTrainingExamples = 200000;
inline constexpr std::size_t kMaxIntents = 4096;
inline constexpr std::size_t kMaxIntentNameBytes = 256;
// Budget for a serialised model accepted by Deserialize.
inline constexpr std::size_t kMaxModelBytes = 64u << 20;

struct TrainingExample {
  std::string text;
  // The intent's name; empty for an out-of-scope example (a question none of the
  // intents answers: "what's the weather"). Out-of-scope examples train one more,
  // hidden class of the regression (Classification::out_of_scope_probability);
  // they are never ranked nor found as neighbours.
  std::string intent;
  TextLanguage language = TextLanguage::kUnknown;
};

struct ClassifierOptions {
  FeatureOptions features;
  // Character n-grams seen in fewer training examples are ignored (size, noise).
  std::uint32_t min_char_gram_df = 2;
  // SGD (values measured on CLINC150, HWU64 and small sets, see engine/tools/README.md).
  // At least `epochs` passes, and more for small sets so that SGD makes at
  // least `min_updates` steps.
  int epochs = 10;
  std::uint32_t min_updates = 20000;
  double learning_rate = 10.0;
  double decay = 0.3;
  // L2 penalty = regularization / number of examples (as C = 1/regularization in
  // liblinear): strong for a small knowledge base, light for a large one.
  double regularization = 0.03;
  std::uint64_t seed = 0x52454C414953ull;  // "RELAIS"
  // At most this many weights are kept, the largest; weights below prune_weight
  // are always dropped. On CLINC150 this keeps ~11% of the weights for -0.2 points.
  std::uint32_t max_weights = 150000;
  double prune_weight = 1e-3;
  // Nearest-neighbour index over content words (stop words excluded, idf
  // weighted, unit length): at most this many words kept per example.
  std::uint32_t knn_features_per_example = 16;
  // Words in more than max(knn_max_df_floor, knn_max_df_fraction * examples)
  // examples ("how", "what") stay in the norm but get no postings: they carry
  // little similarity and would make every question visit thousands of examples.
  double knn_max_df_fraction = 0.02;
  std::uint32_t knn_max_df_floor = 64;
  // Initial decision policy (replaced by calibration).
  DecisionThresholds thresholds = DefaultThresholds();
};

class IntentClassifier {
 public:
  // Trains on `examples`. Returns kInvalidArgument for no example, no in-scope
  // example, an over-long intent name or invalid UTF-8 in a name, and
  // kResourceExhausted over kMaxTrainingExamples or kMaxIntents. Deterministic:
  // the same examples and options give a byte-identical Serialize(). Examples
  // with no usable feature are skipped.
  static Result<IntentClassifier> Train(std::span<const TrainingExample> examples,
                                        const ClassifierOptions& options = {});

  // Loads a model produced by Serialize(). Returns kCorrupt for anything that is
  // not a complete model of a known format version (every length and index is
  // bounds-checked), kResourceExhausted over kMaxModelBytes. Copies what it needs.
  static Result<IntentClassifier> Deserialize(std::string_view bytes);

  // The compact binary form (versioned, little-endian, no padding).
  std::string Serialize() const;

  // Classifies one question. `language` selects stop words and stemming
  // (kUnknown: both languages). Input beyond kMaxNormalizeInputBytes is ignored
  // (Classification::truncated tells). Returns at most `top_k` candidates ranked by
  // confidence; never fails (no usable word gives an empty ranking).
  Classification Classify(std::string_view text, TextLanguage language,
                          std::size_t top_k = 5) const;

  // Classifies a question already analysed (AnalyzeText): the same result as
  // Classify(text, text.language, top_k) on the text it was analysed from, without
  // normalising it again (Engine::Ask analyses a question once for every stage).
  Classification Classify(const AnalyzedText& text, std::size_t top_k = 5) const;

  // Classify + Decide with the model's thresholds.
  DecisionResult Decide(const Classification& classification) const;

  const std::vector<std::string>& intents() const;
  const DecisionThresholds& thresholds() const;
  // Replaces the decision policy (e.g. after Calibrate); kept by Serialize().
  void set_thresholds(const DecisionThresholds& thresholds);

  // Sizes, for reports.
  std::size_t feature_count() const;
  std::size_t weight_count() const;
  std::size_t example_count() const;

  IntentClassifier(IntentClassifier&&) noexcept;
  IntentClassifier& operator=(IntentClassifier&&) noexcept;
  ~IntentClassifier();

 private:
  explicit IntentClassifier(std::unique_ptr<internal::IntentModel> model);
  std::unique_ptr<internal::IntentModel> model_;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_INTENT_CLASSIFIER_H_
