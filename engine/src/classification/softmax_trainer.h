// Multinomial logistic regression trained by SGD over sparse rows (internal to
// the classifier; runs at knowledge-base build time, never per query).
#ifndef RELAIS_ENGINE_SRC_CLASSIFICATION_SOFTMAX_TRAINER_H_
#define RELAIS_ENGINE_SRC_CLASSIFICATION_SOFTMAX_TRAINER_H_

#include <cstdint>
#include <vector>

namespace relais::engine::internal {

// Rows of a sparse matrix: row r is (index[k], value[k]) for k in [offsets[r], offsets[r+1]).
struct SparseRows {
  std::vector<std::uint32_t> offsets{0};
  std::vector<std::uint32_t> index;
  std::vector<float> value;
  std::size_t rows() const { return offsets.size() - 1; }
};

struct SoftmaxOptions {
  int epochs = 12;
  double learning_rate = 0.5;  // initial step; decays as lr / (1 + decay * t / n)
  double decay = 1.0;          // per epoch
  double l2 = 1e-5;            // L2 penalty on weights (not on biases)
  std::uint64_t seed = 0x5EEDu;
};

// Weights laid out by feature: weights[f * n_classes + c].
struct SoftmaxModel {
  std::uint32_t n_features = 0;
  std::uint32_t n_classes = 0;
  std::vector<float> weights;
  std::vector<float> bias;
};

// Minimises the mean cross-entropy + l2/2 |W|^2 by plain SGD over a fixed-seed
// shuffle of the rows (Bottou's scaled-weight trick makes the L2 step O(1)).
// Deterministic: the same inputs give bit-identical weights. labels[r] < n_classes.
SoftmaxModel TrainSoftmax(const SparseRows& rows, const std::vector<std::uint32_t>& labels,
                          std::uint32_t n_features, std::uint32_t n_classes,
                          const SoftmaxOptions& options);

// Softmax of `logits` in place, with DetExp (deterministic).
void SoftmaxInPlace(std::vector<double>* logits);

}  // namespace relais::engine::internal

#endif  // RELAIS_ENGINE_SRC_CLASSIFICATION_SOFTMAX_TRAINER_H_
