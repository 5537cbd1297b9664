// Time as an injected dependency: the domain never reads the system clock
// itself, so tests drive offer timeouts, business hours and wait estimates.
#ifndef RELAIS_SERVER_CLOCK_H_
#define RELAIS_SERVER_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace relais::server {

// Milliseconds since the Unix epoch (UTC).
using TimeMs = int64_t;

// A source of wall-clock time. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // The current time in milliseconds since the epoch.
  virtual TimeMs NowMs() const = 0;
};

// The real system clock.
class SystemClock final : public Clock {
 public:
  TimeMs NowMs() const override;
};

// A clock that only moves when told to (tests). Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start) : now_(start) {}
  TimeMs NowMs() const override { return now_.load(); }
  void Set(TimeMs now) { now_.store(now); }
  void Advance(TimeMs delta) { now_.fetch_add(delta); }

 private:
  std::atomic<TimeMs> now_;
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_CLOCK_H_
