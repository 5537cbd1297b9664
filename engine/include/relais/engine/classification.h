// The result of classifying one question: ranked intents with the numbers
// behind their confidence (for explanations and for calibration).
#ifndef RELAIS_ENGINE_CLASSIFICATION_H_
#define RELAIS_ENGINE_CLASSIFICATION_H_

#include <cstdint>
#include <vector>

namespace relais::engine {

struct IntentCandidate {
  std::uint32_t intent = 0;  // index into IntentClassifier::intents()
  // Softmax probability of the logistic-regression model, in [0,1].
  double probability = 0;
  // Highest cosine similarity between the question and this intent's training
  // examples, in [0,1] (0 when none shares a feature).
  double similarity = 0;
  // (mix * probability + (1 - mix) * similarity) * agreement^agreement_power, in
  // [0,1] (calibration.h); the ranking key.
  double confidence = 0;
  // Lexical agreement of the question with this intent's text, in [0,1]
  // (entry_vocabulary.h); 1 when unknown (the classifier alone does not know it).
  double agreement = 1;
};

struct Classification {
  // Best first (by confidence, then probability, then intent index); at most the
  // requested number of candidates. Empty when the question has no usable feature.
  std::vector<IntentCandidate> ranked;
  // Highest similarity to any training example (out-of-scope evidence).
  double max_similarity = 0;
  // The model's probability that the question is none of the intents, learnt
  // from out-of-scope training examples (0 for a model trained without any); the
  // candidates' probabilities share the rest.
  double out_of_scope_probability = 0;
  // Features of the question, and how many of them the model knows.
  std::uint32_t feature_count = 0;
  std::uint32_t known_feature_count = 0;
  // True when the question was longer than the input budget and was truncated.
  bool truncated = false;
};

}  // namespace relais::engine

#endif  // RELAIS_ENGINE_CLASSIFICATION_H_
