#include "relais/server/rate_limit.h"

#include <catch2/catch_test_macros.hpp>
#include <string>

namespace relais::server {
namespace {

TEST_CASE("window rate limit: at most `limit` per window and key") {
  WindowRateLimit limit(3, 1000);
  for (TimeMs t : {0, 10, 20}) CHECK(limit.Take("a", t) == 0);
  CHECK(limit.Take("a", 30) == 970);  // until the first event leaves the window
  CHECK(limit.Take("b", 30) == 0);    // keys are independent
  CHECK(limit.Take("a", 1000) == 0);
  CHECK(limit.Take("a", 1001) > 0);
}

TEST_CASE("window rate limit: a full table drops idle keys, and refuses when all are active") {
  WindowRateLimit limit(1, 1000, 4);
  for (int i = 0; i < 4; ++i) CHECK(limit.Take("k" + std::to_string(i), 0) == 0);
  // Every key is active: a new one is refused (a flood of addresses must not
  // reset the others' counts).
  CHECK(limit.Take("new", 10) > 0);
  CHECK(limit.Take("k0", 10) > 0);
  // Once they are idle, room is made.
  CHECK(limit.Take("new", 2000) == 0);
}

}  // namespace
}  // namespace relais::server
