// A per-key sliding-window rate limit (logins per address).
#ifndef RELAIS_SERVER_RATE_LIMIT_H_
#define RELAIS_SERVER_RATE_LIMIT_H_

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

#include "relais/server/clock.h"

namespace relais::server {

// At most `limit` events per key in any window of `window_ms`. The table
// holds at most `max_keys` keys: when it is full, keys with no event left in
// the window are dropped; if every key is still active, new keys are refused
// (fail closed: a flood of addresses must not reset everyone's count).
// Not thread-safe: one owner thread.
class WindowRateLimit {
 public:
  WindowRateLimit(int limit, TimeMs window_ms, size_t max_keys = 100000)
      : limit_(limit), window_ms_(window_ms), max_keys_(max_keys) {}

  // Records one event for `key` at `now` when allowed and returns 0; else
  // returns how long (ms, > 0) until one would be allowed.
  TimeMs Take(const std::string& key, TimeMs now);

 private:
  int limit_;
  TimeMs window_ms_;
  size_t max_keys_;
  std::unordered_map<std::string, std::deque<TimeMs>> events_;
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_RATE_LIMIT_H_
