// Routing rules as pure functions: queue order, agent eligibility and choice,
// and the wait estimate. The Hub applies them; tests call them directly.
#ifndef RELAIS_SERVER_ROUTER_H_
#define RELAIS_SERVER_ROUTER_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "relais/server/config.h"
#include "relais/server/model.h"

namespace relais::server {

// True when `a` must be served before `b`: higher priority first (urgent, then
// frustrated, then normal), then the one waiting longest, then by id (stable).
bool ServedBefore(const Conversation& a, const Conversation& b);

// Whether `agent` may take `conversation`: the agent works the conversation's
// queue, speaks its language, and has the suggested skill when one is given
// (or, without a suggested skill, one of the queue's skills when the queue
// lists any).
bool IsEligible(const Agent& agent, const Conversation& conversation, const QueueConfig* queue);

// One agent that could receive an offer.
struct Candidate {
  int64_t agent_id = 0;
  int load = 0;           // conversations assigned now
  TimeMs idle_since = 0;  // when the agent last had a free slot (became available or finished)
};

// Index of the agent to offer to: the least loaded, then the longest idle
// (smallest idle_since), then the smallest id. nullopt when `candidates` is empty.
std::optional<size_t> PickAgent(const std::vector<Candidate>& candidates);

// Recent handle times (assignment to close), kept for the wait estimate.
class HandleTimes {
 public:
  explicit HandleTimes(size_t window = 50, double default_seconds = 240)
      : window_(window), default_seconds_(default_seconds) {}
  void Add(double seconds);
  // Mean of the recent handle times, or the default before any was recorded.
  double AverageSeconds() const;

 private:
  size_t window_;
  double default_seconds_;
  std::deque<double> samples_;
};

// Estimated wait for the visitor at 1-based `position` when `slots`
// conversations can be handled at once (agents x concurrency; at least 1).
int64_t EstimateWaitSeconds(int position, double average_handle_seconds, int slots);

}  // namespace relais::server

#endif  // RELAIS_SERVER_ROUTER_H_
