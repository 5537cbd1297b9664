// Routing rules (pure).
#include "relais/server/router.h"

#include <algorithm>
#include <cmath>

namespace relais::server {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

const QueueConfig* ChooseQueue(const Config& config, std::string_view requested,
                               std::string_view language) {
  if (!requested.empty()) return config.FindQueue(std::string(requested));
  for (const QueueConfig& queue : config.queues) {
    if (std::find(queue.languages.begin(), queue.languages.end(), language) !=
        queue.languages.end()) {
      return &queue;
    }
  }
  return &config.queues.front();
}

std::string ServedLanguage(const Config& config, const std::vector<std::string>& visitor_languages,
                           const std::string& language) {
  const auto served = [&](const std::string& wanted) {
    return std::any_of(config.queues.begin(), config.queues.end(),
                       [&](const QueueConfig& queue) { return Contains(queue.languages, wanted); });
  };
  for (const std::string& wanted : visitor_languages) {
    if (served(wanted)) return wanted;
  }
  if (served(language) || config.queues.empty()) return language;
  // Nobody serves it: the first queue's first language, rather than a
  // conversation no agent could ever be offered.
  return config.queues.front().languages.front();
}

std::optional<vocabulary::UnavailableReason> Unavailable(const QueueConfig& queue, TimeMs now,
                                                         int waiting) {
  if (!queue.hours.IsOpen(now)) return vocabulary::UnavailableReason::kClosed;
  if (waiting >= queue.capacity) return vocabulary::UnavailableReason::kFull;
  return std::nullopt;
}

bool ServedBefore(const Conversation& a, const Conversation& b) {
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a.queued_ms != b.queued_ms) return a.queued_ms < b.queued_ms;
  return a.id < b.id;
}

bool IsEligible(const Agent& agent, const Conversation& c, const QueueConfig* queue) {
  if (agent.disabled || !Contains(agent.queues, c.queue)) return false;
  if (!Contains(agent.languages, c.language)) return false;
  if (!c.skill.empty()) return Contains(agent.skills, c.skill);
  if (queue && !queue->skills.empty()) {
    return std::any_of(queue->skills.begin(), queue->skills.end(),
                       [&](const std::string& s) { return Contains(agent.skills, s); });
  }
  return true;
}

bool CanOffer(const AgentState& a, const Conversation& c, const QueueConfig* queue, int concurrency,
              const OfferConstraints& constraints, TimeMs now) {
  if (a.status != AgentStatus::kAvailable || !a.connected || a.offer_pending ||
      a.load >= concurrency || !IsEligible(*a.agent, c, queue)) {
    return false;
  }
  if (constraints.only_agent && a.agent->id != constraints.only_agent) return false;
  if (constraints.excluded_until) {
    auto until = constraints.excluded_until->find(a.agent->id);
    if (until != constraints.excluded_until->end() && until->second > now) return false;
  }
  return true;
}

TimeMs ExclusionAfterOffer(int offer_timeout_seconds) {
  return std::max<TimeMs>(10000, 2000 * static_cast<TimeMs>(offer_timeout_seconds));
}

int Slots(const std::vector<AgentState>& agents, const std::string& queue, int concurrency) {
  int slots = 0;
  for (const AgentState& a : agents) {
    if (a.status == AgentStatus::kAvailable && a.connected && Contains(a.agent->queues, queue)) {
      slots += concurrency;
    }
  }
  return slots;
}

std::optional<size_t> PickAgent(const std::vector<Candidate>& candidates) {
  if (candidates.empty()) return std::nullopt;
  size_t best = 0;
  for (size_t i = 1; i < candidates.size(); ++i) {
    const Candidate& a = candidates[i];
    const Candidate& b = candidates[best];
    if (a.load != b.load               ? a.load < b.load
        : a.idle_since != b.idle_since ? a.idle_since < b.idle_since
                                       : a.agent_id < b.agent_id) {
      best = i;
    }
  }
  return best;
}

void HandleTimes::Add(double seconds) {
  samples_.push_back(std::max(0.0, seconds));
  while (samples_.size() > window_) samples_.pop_front();
}

double HandleTimes::AverageSeconds() const {
  if (samples_.empty()) return default_seconds_;
  double sum = 0;
  for (double s : samples_) sum += s;
  return sum / static_cast<double>(samples_.size());
}

int64_t EstimateWaitSeconds(int position, double average_handle_seconds, int slots) {
  if (position <= 0) return 0;
  slots = std::max(1, slots);
  return static_cast<int64_t>(std::ceil(position * average_handle_seconds / slots));
}

}  // namespace relais::server
