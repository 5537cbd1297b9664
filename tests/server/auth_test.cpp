#include "relais/server/auth.h"

#include <catch2/catch_test_macros.hpp>
#include <set>

namespace relais::server {
namespace {

TEST_CASE("tokens are random, url-safe and stored only as hashes") {
  REQUIRE(InitCrypto());
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken(32);
    CHECK(t.size() == 43);
    CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
  std::string t = RandomToken(32);
  std::string h = HashToken(t);
  CHECK(h.size() == 64);
  CHECK(h != t);
  CHECK(TokenMatches(t, h));
  CHECK_FALSE(TokenMatches(t + "x", h));
  CHECK_FALSE(TokenMatches(t, h.substr(1)));
}

TEST_CASE("argon2id password hashes") {
  REQUIRE(InitCrypto());
  auto h = HashPassword("correct horse");
  REQUIRE(h.ok());
  CHECK(h.value().rfind("$argon2id$", 0) == 0);
  CHECK(VerifyPassword(h.value(), "correct horse"));
  CHECK_FALSE(VerifyPassword(h.value(), "wrong horse"));
  CHECK_FALSE(HashPassword("short").ok());
}

TEST_CASE("sessions expire and can be revoked per agent") {
  REQUIRE(InitCrypto());
  SessionStore store;
  SessionStore::Session s;
  std::string cookie = store.Create(7, 1000, 500, &s);
  CHECK(s.agent_id == 7);
  CHECK_FALSE(s.csrf_token.empty());
  REQUIRE(store.Find(cookie, 1200).has_value());
  CHECK(store.Find(cookie, 1200)->csrf_token == s.csrf_token);
  CHECK_FALSE(store.Find(cookie, 1500).has_value());
  std::string other = store.Create(7, 1000, 500, &s);
  std::string third = store.Create(8, 1000, 500, &s);
  store.RemoveAgent(7);
  CHECK_FALSE(store.Find(other, 1100).has_value());
  CHECK(store.Find(third, 1100).has_value());
  store.Remove(third);
  CHECK_FALSE(store.Find(third, 1100).has_value());
}

TEST_CASE("login lockout after repeated failures") {
  LoginThrottle throttle(3, 1000);
  throttle.RecordFailure("a@x", 0);
  throttle.RecordFailure("A@x", 1);
  CHECK_FALSE(throttle.Locked("a@x", 2));
  throttle.RecordFailure("a@x", 2);
  CHECK(throttle.Locked("a@X", 3));
  CHECK_FALSE(throttle.Locked("b@x", 3));
  CHECK_FALSE(throttle.Locked("a@x", 1003));
}

}  // namespace
}  // namespace relais::server
