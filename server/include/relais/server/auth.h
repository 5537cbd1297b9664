// Secrets: random tokens, token hashes, argon2id password hashes, agent
// sessions and the login lockout. Backed by libsodium.
#ifndef RELAIS_SERVER_AUTH_H_
#define RELAIS_SERVER_AUTH_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/server/clock.h"
#include "relais/server/status.h"

namespace relais::server {

// Initialises libsodium; call once before anything below. False on failure.
bool InitCrypto();

// `bytes` random bytes from randombytes_buf, base64url without padding.
std::string RandomToken(size_t bytes);

// Hex BLAKE2b-256 of `token`: what is stored instead of the token itself.
std::string HashToken(std::string_view token);

// Constant-time check that HashToken(token) == hash.
bool TokenMatches(std::string_view token, std::string_view hash);

// argon2id hash (crypto_pwhash_str, interactive limits). Slow (~0.1-1 s, 64 MiB):
// never call on an I/O thread. kInternal when out of memory; kInvalidArgument
// for a password shorter than 8 or longer than 1024 bytes.
Result<std::string> HashPassword(std::string_view password);

// Whether `password` matches an argon2id `hash`. Slow, like HashPassword.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Agent sessions (cookie value -> agent). Only hashes of the cookie values are
// kept; sessions live in memory (a restart signs agents out). Thread-safe.
class SessionStore {
 public:
  struct Session {
    int64_t agent_id = 0;
    std::string csrf_token;
    TimeMs expires_ms = 0;
  };

  // Creates a session; returns the cookie value and fills *session.
  std::string Create(int64_t agent_id, TimeMs now, TimeMs ttl_ms, Session* session);
  // The key a session is known by (a hash of the cookie value): what the
  // transport tags a signed-in WebSocket with, to close it with its session.
  static std::string KeyOf(std::string_view cookie_value);
  // The live session for a cookie value, or nullopt (unknown or expired).
  std::optional<Session> Find(std::string_view cookie_value, TimeMs now);
  void Remove(std::string_view cookie_value);
  // Removes the sessions expired at `now`; returns their keys.
  std::vector<std::string> TakeExpired(TimeMs now);
  // Removes every session of an agent (disabled account).
  void RemoveAgent(int64_t agent_id);

 private:
  std::mutex mu_;
  std::map<std::string, Session> by_hash_;
};

// Lockout after repeated login failures per e-mail (case-insensitive).
// Thread-safe.
//
// An attempt is counted when it starts, before the slow password check, so
// that many attempts sent at once cannot all be checked: at most
// max_failures attempts (failed or still being checked) are allowed before
// the lockout, and a right password is refused if the account locked while it
// was being checked. The table is bounded: when full, the oldest entries that
// hold no lockout and no attempt in flight are evicted (never a lockout).
class LoginThrottle {
 public:
  LoginThrottle(int max_failures, TimeMs lockout_ms, size_t max_entries = 100000)
      : max_failures_(max_failures), lockout_ms_(lockout_ms), max_entries_(max_entries) {}

  enum class Admission {
    kProceed,  // check the password, then call Finish exactly once
    kLocked,   // locked out (or as many attempts as allowed are in flight)
    kBusy,     // the table is full of lockouts: try later
  };
  Admission Begin(const std::string& email, TimeMs now);
  // Records the outcome of an admitted attempt. Returns whether a successful
  // check may sign in (false when the account locked meanwhile).
  bool Finish(const std::string& email, bool password_ok, TimeMs now);
  // Whether `email` is locked out at `now`.
  bool Locked(const std::string& email, TimeMs now);
  size_t size();

 private:
  struct Entry {
    int failures = 0;
    int in_flight = 0;
    TimeMs locked_until = 0;
    TimeMs last_ms = 0;
  };
  // Frees room for one entry; false when only lockouts and attempts in flight remain.
  bool MakeRoom(TimeMs now);

  std::mutex mu_;
  int max_failures_;
  TimeMs lockout_ms_;
  size_t max_entries_;
  std::map<std::string, Entry> entries_;
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_AUTH_H_
