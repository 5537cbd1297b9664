// The in-memory form of a trained intent classifier, shared by training,
// inference and serialisation (internal).
#ifndef RELAIS_ENGINE_SRC_CLASSIFICATION_INTENT_MODEL_H_
#define RELAIS_ENGINE_SRC_CLASSIFICATION_INTENT_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "relais/engine/calibration.h"
#include "relais/engine/features.h"
#include "relais/engine/status.h"

namespace relais::engine::internal {

// Invariants (checked by Deserialize, guaranteed by Train):
//  vocab strictly increasing; idf_q.size() == vocab.size();
//  w_offsets and k_offsets have vocab.size() + 1 non-decreasing entries ending at
//  the size of their posting arrays; w_intent[i] < classes();
//  k_example[i] < example_intent.size(); example_intent[i] < intents.size();
//  bias.size() == classes().
struct IntentModel {
  FeatureOptions features;
  DecisionThresholds thresholds;
  std::vector<std::string> intents;  // sorted by name
  // Whether the regression has one more class, after the intents, learnt from
  // out-of-scope examples: never ranked, its probability is the model's belief
  // that the question is none of the intents.
  bool out_of_scope_class = false;
  std::size_t classes() const { return intents.size() + (out_of_scope_class ? 1 : 0); }

  std::vector<std::uint32_t> vocab;  // feature hashes the model knows
  std::vector<std::uint8_t> idf_q;   // idf = idf_q / kIdfScale
  std::uint8_t idf_unseen_q = 0;     // idf of every other feature

  // Logistic regression: score(c) = bias[c] + sum_f x_f * w_value * weight_scale.
  std::vector<float> bias;
  float weight_scale = 0;
  std::vector<std::uint32_t> w_offsets;  // per feature, into w_intent / w_value
  std::vector<std::uint16_t> w_intent;
  std::vector<std::int8_t> w_value;  // quantised, 8 bits

  // Nearest neighbours: inverted index of training examples' largest features.
  std::vector<std::uint32_t> k_offsets;  // per feature, into k_example / k_value
  std::vector<std::uint32_t> k_example;  // increasing within a feature
  std::vector<std::uint8_t> k_value;     // value = k_value / 255
  std::vector<std::uint16_t> example_intent;

  // Derived at load (BuildLookup, not serialised): open-addressing table from
  // feature hash to vocabulary index, for O(1) lookups per query feature.
  std::vector<std::uint32_t> lookup_hash;
  std::vector<std::int32_t> lookup_index;  // -1: empty slot
  std::uint32_t lookup_shift = 32;

  // The vocabulary index of `hash`, or -1.
  std::int32_t Find(std::uint32_t hash) const {
    if (lookup_index.empty()) return -1;
    const std::uint32_t mask = static_cast<std::uint32_t>(lookup_index.size() - 1);
    for (std::uint32_t slot = (hash * 0x9E3779B1u) >> lookup_shift;; slot = (slot + 1) & mask) {
      const std::int32_t index = lookup_index[slot];
      if (index < 0 || lookup_hash[slot] == hash) return index;
    }
  }
};

// Fills the lookup table of `model` from its vocabulary (load factor <= 1/2).
void BuildLookup(IntentModel* model);

inline constexpr float kIdfScale = 16.0f;
inline constexpr float kKnnValueScale = 255.0f;

// Serialisation (intent_model_io.cc).
std::string SerializeModel(const IntentModel& model);
Status DeserializeModel(std::string_view bytes, IntentModel* model);

}  // namespace relais::engine::internal

#endif  // RELAIS_ENGINE_SRC_CLASSIFICATION_INTENT_MODEL_H_
