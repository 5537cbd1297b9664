#include "toolchain_smoke.h"

#include <catch2/catch_test_macros.hpp>

TEST_CASE("SQLite FTS5 and RE2 work from C++") {
  std::string report = relais::smoke::RunToolchainSmoke();
  INFO(report);
  CHECK(report.rfind("fts5=Heures d'ouverture;re2=k1a 0b1;sqlite=3.", 0) == 0);
}
