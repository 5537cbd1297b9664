#include "classification/softmax_trainer.h"

#include <algorithm>
#include <numeric>

#include "det_math.h"

namespace relais::engine::internal {

void SoftmaxInPlace(std::vector<double>* logits) {
  if (logits->empty()) return;
  const double max = *std::max_element(logits->begin(), logits->end());
  double sum = 0;
  for (double& z : *logits) {
    z = DetExp(z - max);
    sum += z;
  }
  for (double& z : *logits) z /= sum;
}

SoftmaxModel TrainSoftmax(const SparseRows& rows, const std::vector<std::uint32_t>& labels,
                          std::uint32_t n_features, std::uint32_t n_classes,
                          const SoftmaxOptions& options) {
  SoftmaxModel model;
  model.n_features = n_features;
  model.n_classes = n_classes;
  const std::size_t n_rows = rows.rows();
  const std::size_t c_count = n_classes;
  // W = scale * v: shrinking every weight for L2 is one multiplication of `scale`.
  std::vector<float> v(static_cast<std::size_t>(n_features) * c_count, 0.0f);
  std::vector<double> bias(c_count, 0.0);
  double scale = 1.0;
  std::vector<std::uint32_t> order(n_rows);
  std::iota(order.begin(), order.end(), 0u);
  SplitMix64 rng(options.seed);
  std::vector<double> z(c_count);
  std::vector<double> grad(c_count);
  std::vector<std::uint32_t> active;  // classes with a gradient worth applying
  active.reserve(c_count);
  double t = 0;
  for (int epoch = 0; epoch < options.epochs && n_rows > 0; ++epoch) {
    for (std::size_t i = n_rows - 1; i > 0; --i) {  // Fisher–Yates
      std::swap(order[i], order[rng.Below(static_cast<std::uint32_t>(i + 1))]);
    }
    for (std::uint32_t r : order) {
      const double lr = options.learning_rate / (1.0 + options.decay * t / n_rows);
      t += 1;
      const std::uint32_t begin = rows.offsets[r], end = rows.offsets[r + 1];
      for (std::size_t c = 0; c < c_count; ++c) z[c] = 0.0;
      for (std::uint32_t k = begin; k < end; ++k) {
        const float* w = &v[static_cast<std::size_t>(rows.index[k]) * c_count];
        const double x = rows.value[k];
        for (std::size_t c = 0; c < c_count; ++c) z[c] += x * w[c];
      }
      for (std::size_t c = 0; c < c_count; ++c) z[c] = z[c] * scale + bias[c];
      SoftmaxInPlace(&z);
      active.clear();
      for (std::size_t c = 0; c < c_count; ++c) {
        grad[c] = z[c] - (c == labels[r] ? 1.0 : 0.0);
        if (grad[c] > 1e-7 || grad[c] < -1e-7) active.push_back(static_cast<std::uint32_t>(c));
      }
      // L2 shrink, then the data step on the unscaled weights.
      scale *= (1.0 - lr * options.l2);
      if (scale < 1e-9) {  // fold the scale back in before it underflows
        for (float& w : v) w = static_cast<float>(w * scale);
        scale = 1.0;
      }
      const double step = lr / scale;
      for (std::uint32_t k = begin; k < end; ++k) {
        float* w = &v[static_cast<std::size_t>(rows.index[k]) * c_count];
        const double x = rows.value[k] * step;
        for (std::uint32_t c : active) w[c] = static_cast<float>(w[c] - x * grad[c]);
      }
      for (std::uint32_t c : active) bias[c] -= lr * grad[c];
    }
  }
  model.weights.resize(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) model.weights[i] = static_cast<float>(v[i] * scale);
  model.bias.assign(bias.begin(), bias.end());
  return model;
}

}  // namespace relais::engine::internal
