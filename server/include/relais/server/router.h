// Routing rules as pure functions, all of them: which queue a hand-off goes to
// and whether it can wait there, queue order, agent eligibility, who can be
// offered a conversation now (capacity, offers, exclusions), the choice among
// them, and the wait estimate. The Hub applies them; tests call them directly.
#ifndef RELAIS_SERVER_ROUTER_H_
#define RELAIS_SERVER_ROUTER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "relais/server/config.h"
#include "relais/server/model.h"
#include "relais/vocabulary.h"

namespace relais::server {

// The queue a hand-off goes to: the requested one when given (nullptr when the
// configuration has no such queue: the hand-off is refused), else the first
// queue serving `language`, else the first queue. `config` has at least one queue.
const QueueConfig* ChooseQueue(const Config& config, std::string_view requested,
                               std::string_view language);

// The language a conversation is served in: the first of `visitor_languages`
// (the visitor's own, when the engine saw a script the knowledge base cannot
// read) that a queue serves, else `language` (the page's or the answer's) when a
// queue serves it, else the first language of the first queue (a Spanish page on
// a French and English service still reaches someone).
std::string ServedLanguage(const Config& config, const std::vector<std::string>& visitor_languages,
                           const std::string& language);

// Why a hand-off cannot wait in `queue` now, with `waiting` conversations
// already in it: closed outside its hours, full at its capacity; nullopt when it can.
std::optional<vocabulary::UnavailableReason> Unavailable(const QueueConfig& queue, TimeMs now,
                                                         int waiting);

// True when `a` must be served before `b`: higher priority first (urgent, then
// frustrated, then normal), then the one waiting longest, then by id (stable).
bool ServedBefore(const Conversation& a, const Conversation& b);

// Whether `agent` may take `conversation`: the agent works the conversation's
// queue, speaks its language, and has the suggested skill when one is given
// (or, without a suggested skill, one of the queue's skills when the queue
// lists any).
bool IsEligible(const Agent& agent, const Conversation& conversation, const QueueConfig* queue);

// What routing knows of an agent at one moment.
struct AgentState {
  const Agent* agent = nullptr;
  AgentStatus status = AgentStatus::kOffline;
  bool connected = false;      // at least one live connection
  bool offer_pending = false;  // one offer at a time per agent
  int load = 0;                // conversations assigned now
};

// Constraints on one waiting conversation's offers beyond its record.
struct OfferConstraints {
  int64_t only_agent = 0;  // a transfer to a named agent: that one only
  const std::map<int64_t, TimeMs>* excluded_until = nullptr;  // declined, missed, transferred
};

// Whether `a` can be offered `c` now: available, connected, no offer pending,
// below `concurrency`, eligible (IsEligible), not excluded until after `now`,
// and the named agent when there is one.
bool CanOffer(const AgentState& a, const Conversation& c, const QueueConfig* queue, int concurrency,
              const OfferConstraints& constraints, TimeMs now);

// How long an agent is not offered a conversation again after declining it or
// letting the offer time out: twice the offer time, at least 10 s.
TimeMs ExclusionAfterOffer(int offer_timeout_seconds);
// ... and after transferring it away.
inline constexpr TimeMs kExclusionAfterTransferMs = 3600 * 1000;

// The conversations `queue` can serve at once: `concurrency` for each available,
// connected agent who works it.
int Slots(const std::vector<AgentState>& agents, const std::string& queue, int concurrency);

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
  // Assumed before any conversation of a queue was handled.
  static constexpr double kDefaultSeconds = 240;
  explicit HandleTimes(size_t window = 50, double default_seconds = kDefaultSeconds)
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
