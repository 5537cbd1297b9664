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

using Admission = LoginThrottle::Admission;

TEST_CASE("login lockout after repeated failures") {
  LoginThrottle throttle(3, 1000);
  for (TimeMs t : {0, 1}) {
    REQUIRE(throttle.Begin(t ? "A@x" : "a@x", t) == Admission::kProceed);
    CHECK_FALSE(throttle.Finish("a@x", false, t));
  }
  CHECK_FALSE(throttle.Locked("a@x", 2));
  REQUIRE(throttle.Begin("a@x", 2) == Admission::kProceed);
  throttle.Finish("a@x", false, 2);
  CHECK(throttle.Locked("a@X", 3));
  CHECK(throttle.Begin("a@x", 3) == Admission::kLocked);
  CHECK_FALSE(throttle.Locked("b@x", 3));
  CHECK_FALSE(throttle.Locked("a@x", 1003));
  REQUIRE(throttle.Begin("a@x", 1003) == Admission::kProceed);
  CHECK(throttle.Finish("a@x", true, 1003));
}

TEST_CASE("login lockout counts attempts before the check, so concurrency cannot bypass it") {
  LoginThrottle throttle(3, 1000);
  // Three attempts in flight at once: a fourth (the right password, say) is
  // refused before any check, whatever the three turn out to be.
  for (int i = 0; i < 3; ++i) REQUIRE(throttle.Begin("a@x", 0) == Admission::kProceed);
  CHECK(throttle.Begin("a@x", 0) == Admission::kLocked);
  for (int i = 0; i < 3; ++i) CHECK_FALSE(throttle.Finish("a@x", false, 1));
  CHECK(throttle.Locked("a@x", 2));
  CHECK(throttle.Begin("a@x", 2) == Admission::kLocked);
  // Within the allowance, a right password among wrong ones still signs in.
  REQUIRE(throttle.Begin("b@x", 0) == Admission::kProceed);
  REQUIRE(throttle.Begin("b@x", 0) == Admission::kProceed);
  CHECK_FALSE(throttle.Finish("b@x", false, 1));
  CHECK(throttle.Finish("b@x", true, 1));
}

TEST_CASE("login lockout: a full table evicts idle entries, never a lockout") {
  LoginThrottle throttle(2, 100000, 10);
  for (int i = 0; i < 2; ++i) {
    REQUIRE(throttle.Begin("victim@x", 0) == Admission::kProceed);
    throttle.Finish("victim@x", false, 0);
  }
  REQUIRE(throttle.Locked("victim@x", 1));
  for (int i = 0; i < 1000; ++i) {
    std::string email = "spray" + std::to_string(i) + "@x";
    REQUIRE(throttle.Begin(email, 10 + i) == Admission::kProceed);
    throttle.Finish(email, false, 10 + i);
    CHECK(throttle.size() <= 10);
  }
  CHECK(throttle.Locked("victim@x", 2000));
  // A table full of lockouts refuses new e-mails instead of forgetting them.
  LoginThrottle full(1, 100000, 10);
  for (int i = 0; i < 10; ++i) {
    std::string email = "locked" + std::to_string(i) + "@x";
    REQUIRE(full.Begin(email, 0) == Admission::kProceed);
    full.Finish(email, false, 0);
  }
  CHECK(full.Begin("new@x", 1) == Admission::kBusy);
  CHECK(full.Locked("locked0@x", 1));
}

TEST_CASE("expired sessions are handed over once, with their keys") {
  SessionStore store;
  SessionStore::Session s;
  std::string short_lived = store.Create(7, 0, 100, &s);
  std::string long_lived = store.Create(7, 0, 1000, &s);
  CHECK_FALSE(store.Find(short_lived, 100).has_value());
  // Find does not forget it: TakeExpired must still report it (its sockets close).
  CHECK(store.TakeExpired(100) == std::vector<std::string>{SessionStore::KeyOf(short_lived)});
  CHECK(store.TakeExpired(100).empty());
  CHECK(store.Find(long_lived, 100).has_value());
}

}  // namespace
}  // namespace relais::server
