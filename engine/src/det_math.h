// Deterministic transcendental functions for the decision path.
//
// libm's exp/log may differ in the last bit between glibc (native) and the
// Emscripten libc (WebAssembly). These use only +, -, *, / and exact
// power-of-two scaling, which IEEE 754 rounds identically everywhere (the
// engine is never built with -ffast-math, and GCC in ISO mode does not contract
// multiply-adds), so native and WebAssembly builds reach identical decisions.
#ifndef RELAIS_ENGINE_SRC_DET_MATH_H_
#define RELAIS_ENGINE_SRC_DET_MATH_H_

#include <cstdint>

namespace relais::engine::internal {

// e^x, relative error below 1e-15 on [-700, 700]; 0 below, +inf-free (clamped) above.
double DetExp(double x);

// Natural logarithm for x > 0 (returns -745 for x <= 0), relative error below 1e-15.
double DetLog(double x);

// A small deterministic PRNG (SplitMix64) for shuffling during training.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift, bias < 2^-32).
  std::uint32_t Below(std::uint32_t bound) {
    return static_cast<std::uint32_t>(((Next() >> 32) * static_cast<std::uint64_t>(bound)) >> 32);
  }

 private:
  std::uint64_t state_;
};

}  // namespace relais::engine::internal

#endif  // RELAIS_ENGINE_SRC_DET_MATH_H_
