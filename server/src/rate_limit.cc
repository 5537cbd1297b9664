// Sliding-window rate limit (see relais/server/rate_limit.h).
#include "relais/server/rate_limit.h"

#include <algorithm>

namespace relais::server {

TimeMs WindowRateLimit::Take(const std::string& key, TimeMs now) {
  auto it = events_.find(key);
  if (it == events_.end()) {
    if (events_.size() >= max_keys_) {
      std::erase_if(events_, [&](const auto& kv) {
        return kv.second.empty() || kv.second.back() <= now - window_ms_;
      });
      if (events_.size() >= max_keys_) return window_ms_;
    }
    it = events_.emplace(key, std::deque<TimeMs>()).first;
  }
  std::deque<TimeMs>& times = it->second;
  while (!times.empty() && times.front() <= now - window_ms_) times.pop_front();
  if (static_cast<int>(times.size()) >= limit_) {
    return std::max<TimeMs>(1, times.front() + window_ms_ - now);
  }
  times.push_back(now);
  return 0;
}

}  // namespace relais::server
