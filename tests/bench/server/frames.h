// Cheap field extraction from server frames for the load generator's hot path
// (acks and message.created at tens of thousands per second): a substring scan
// instead of a full JSON parse. Valid for frames produced by a JSON encoder:
// inside a JSON string every quote is escaped, so `"key":"` can only match a
// key. Nested objects could carry the same key; the frames scanned here
// (message.ack, message.created, hello, pong) have none. Rarer frames are
// parsed with nlohmann::json by the caller.
#ifndef RELAIS_TESTS_BENCH_SERVER_FRAMES_H_
#define RELAIS_TESTS_BENCH_SERVER_FRAMES_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relais::bench {

// The string value of `"key":"..."` (escapes not decoded), or "" when absent.
// `key` includes its quotes and colon, e.g. "\"type\":\"".
inline std::string_view StringField(std::string_view frame, std::string_view key) {
  size_t at = frame.find(key);
  if (at == std::string_view::npos) return {};
  size_t start = at + key.size();
  size_t end = frame.find('"', start);
  if (end == std::string_view::npos) return {};
  return frame.substr(start, end - start);
}

inline std::string_view FrameType(std::string_view frame) {
  return StringField(frame, "\"type\":\"");
}

// For client ids of the form "m<index>": the index, or -1.
inline int64_t MessageIndex(std::string_view frame) {
  std::string_view id = StringField(frame, "\"client_id\":\"");
  if (id.size() < 2 || id[0] != 'm') return -1;
  int64_t n = 0;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

inline int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Percentile (0..100) of latencies in nanoseconds, in milliseconds; 0 if empty.
// Sorts `values` in place (nearest-rank).
inline double PercentileMs(std::vector<int64_t>& values, double p) {
  if (values.empty()) return 0;
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(values.size()));
  rank = std::min(rank, values.size() - 1);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rank),
                   values.end());
  return static_cast<double>(values[rank]) / 1e6;
}

}  // namespace relais::bench

#endif  // RELAIS_TESTS_BENCH_SERVER_FRAMES_H_
