// Tests for the deterministic exp/log used in the decision path (internal).
#include "det_math.h"

#include <catch2/catch_test_macros.hpp>
#include <cmath>

using namespace relais::engine::internal;

TEST_CASE("DetExp matches exp to 1e-14 relative", "[det_math]") {
  for (double x = -50; x <= 50; x += 0.37) {
    CHECK(std::fabs(DetExp(x) - std::exp(x)) <= 1e-14 * std::exp(x));
  }
  CHECK(DetExp(0) == 1.0);
  CHECK(DetExp(-1000) == 0.0);
  CHECK(std::isfinite(DetExp(1000)));
  CHECK(DetExp(std::nan("")) == 0.0);
}

TEST_CASE("DetLog matches log to 1e-14", "[det_math]") {
  for (double x = 1e-6; x < 1e6; x *= 1.7) {
    CHECK(std::fabs(DetLog(x) - std::log(x)) <= 1e-14 * std::max(1.0, std::fabs(std::log(x))));
  }
  CHECK(DetLog(1.0) == 0.0);
  CHECK(DetLog(0.0) == -745.0);
  CHECK(DetLog(-1.0) == -745.0);
}

TEST_CASE("SplitMix64 is a fixed sequence", "[det_math]") {
  SplitMix64 a(42), b(42);
  for (int i = 0; i < 100; ++i) CHECK(a.Next() == b.Next());
  SplitMix64 c(0);
  CHECK(c.Next() == 0xE220A8397B1DCDAFull);  // SplitMix64 reference value for seed 0
  for (int i = 0; i < 1000; ++i) CHECK(c.Below(7) < 7u);
}
