// The system clock (the only place the server reads wall-clock time).
#include "relais/server/clock.h"

#include <chrono>

namespace relais::server {

TimeMs SystemClock::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace relais::server
