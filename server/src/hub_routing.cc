// The domain, routing: offers to the longest-idle eligible agent, offer
// timeouts, requeueing, queue positions and agents' snapshots, the periodic
// Tick. Same single-thread model as hub.h.
#include <algorithm>

#include "relais/server/hub.h"

namespace relais::server {

using nlohmann::json;
using Out = vocabulary::ServerFrame;
using vocabulary::EventKind;

namespace {
// An agent's snapshot lists at most this many waiting conversations (the console
// shows the first ones; the queue's count says how many there are).
constexpr std::size_t kMaxSnapshotWaiting = 200;
}  // namespace

// ---------------------------------------------------------------- routing

void Hub::Route() {
  TimeMs now = clock_.NowMs();
  std::vector<Conv*> waiting;
  for (auto& [id, conv] : convs_) {
    if (conv.ready && conv.c.state == ConversationState::kQueued && !conv.offered_to) {
      waiting.push_back(&conv);
    }
  }
  if (waiting.empty()) return;
  std::sort(waiting.begin(), waiting.end(),
            [](const Conv* a, const Conv* b) { return ServedBefore(a->c, b->c); });
  for (Conv* conv : waiting) {
    // A transfer to a named agent who can no longer take it (record changed
    // since) falls back to the queue rather than waiting for them forever.
    if (conv->direct_agent) {
      auto direct = agents_.find(conv->direct_agent);
      if (direct == agents_.end() || !Eligible(direct->second.agent, conv->c)) {
        conv->direct_agent = 0;
      }
    }
    const QueueConfig* queue = config_.FindQueue(conv->c.queue);
    const OfferConstraints constraints{conv->direct_agent, &conv->excluded_until};
    std::vector<Candidate> candidates;
    for (auto& [id, a] : agents_) {
      if (CanOffer(StateOf(a), conv->c, queue, config_.agent_concurrency, constraints, now)) {
        candidates.push_back({id, static_cast<int>(a.assigned.size()), a.idle_since});
      }
    }
    auto pick = PickAgent(candidates);
    if (!pick) continue;
    AgentLive& a = agents_[candidates[*pick].agent_id];
    conv->offered_to = a.agent.id;
    conv->offer_expires = now + static_cast<TimeMs>(config_.offer_timeout_seconds) * 1000;
    a.pending_offer = conv->c.id;
    SendToAgent(a.agent.id, Out::kConversationOffered,
                {{"conversation", Summary(*conv)}, {"expires_in_ms", conv->offer_expires - now}});
    Audit(EventKind::kConversationOffer, "system", "", conv->c.id, {{"agent_id", a.agent.id}});
    dirty_ = true;
  }
}

void Hub::RevokeOffer(Conv& conv, bool timed_out) {
  int64_t agent_id = conv.offered_to;
  if (!agent_id) return;
  TimeMs now = clock_.NowMs();
  conv.offered_to = 0;
  if (conv.direct_agent == agent_id) conv.direct_agent = 0;
  conv.excluded_until[agent_id] = now + ExclusionAfterOffer(config_.offer_timeout_seconds);
  auto it = agents_.find(agent_id);
  if (it != agents_.end()) {
    AgentLive& a = it->second;
    a.pending_offer.clear();
    SendToAgent(agent_id, Out::kConversationOfferRevoked,
                {{"conversation_id", conv.c.id}, {"reason", timed_out ? "timeout" : "withdrawn"}});
    if (timed_out && a.status == AgentStatus::kAvailable) {
      // An agent who misses an offer is probably away: stop offering to them
      // until they say otherwise, instead of delaying every visitor.
      a.status = AgentStatus::kAway;
      SendToAgent(agent_id, Out::kAgentState,
                  {{"status", vocabulary::Name(a.status)}, {"reason", "missed_offer"}});
    }
  }
  Audit(timed_out ? EventKind::kOfferTimeout : EventKind::kOfferWithdrawn, "system", "", conv.c.id,
        {{"agent_id", agent_id}});
  dirty_ = true;
}

void Hub::Requeue(Conv& conv) {
  if (conv.c.state != ConversationState::kAssigned) return;
  ReleaseAgent(conv.c.agent_id, conv.c.id);
  conv.c.state = ConversationState::kQueued;
  conv.c.agent_id = 0;
  conv.c.updated_ms = clock_.NowMs();
  conv.last_position_sent = -1;
  dirty_ = true;
  std::string id = conv.c.id;
  Persist(conv.c, EventKind::kConversationRequeue, "system", "", json::object(),
          [this, id](Status) {
            if (Conv* conv = FindConv(id)) {
              SendToVisitors(*conv, Out::kAgentLeft, {{"conversation_id", id}});
            }
          });
}

void Hub::ReleaseAgent(int64_t agent_id, const std::string& conversation_id) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  it->second.assigned.erase(conversation_id);
  it->second.idle_since = clock_.NowMs();
  dirty_ = true;
}

AgentState Hub::StateOf(const AgentLive& a) const {
  return {&a.agent, a.status, !a.conns.empty(), !a.pending_offer.empty(),
          static_cast<int>(a.assigned.size())};
}

std::vector<Hub::Conv*> Hub::WaitingInOrder() {
  std::vector<Conv*> waiting;
  for (auto& [id, conv] : convs_) {
    if (conv.ready && conv.c.state == ConversationState::kQueued) waiting.push_back(&conv);
  }
  std::sort(waiting.begin(), waiting.end(),
            [](const Conv* a, const Conv* b) { return ServedBefore(a->c, b->c); });
  return waiting;
}

json Hub::Snapshot(const AgentLive& agent, const HubStats& stats, const std::vector<Conv*>& waiting,
                   std::vector<std::optional<json>>& summaries) const {
  TimeMs now = clock_.NowMs();
  json queues = json::array();
  for (const auto& q : config_.queues) {
    if (!HasQueue(agent, q.id)) continue;
    json entry = {{"id", q.id},
                  {"name", q.names},
                  {"open", q.hours.IsOpen(now)},
                  {"waiting", 0},
                  {"oldest_wait_ms", 0}};
    for (const auto& s : stats.queues) {
      if (s.id == q.id) {
        entry["waiting"] = s.waiting;
        entry["oldest_wait_ms"] = s.oldest_wait_ms;
      }
    }
    queues.push_back(entry);
  }
  json list = json::array();
  for (std::size_t i = 0; i < waiting.size() && list.size() < kMaxSnapshotWaiting; ++i) {
    if (!HasQueue(agent, waiting[i]->c.queue)) continue;
    if (!summaries[i]) summaries[i] = Summary(*waiting[i]);
    list.push_back(*summaries[i]);
  }
  return {
      {"status", vocabulary::Name(agent.status)},
      {"queues", queues},
      {"waiting", list},
      {"assigned", json(std::vector<std::string>(agent.assigned.begin(), agent.assigned.end()))}};
}

// Everything is computed once per push, not per visitor or per agent: with a
// long queue and many agents, a per-agent or per-visitor scan of every
// conversation made each push quadratic.
void Hub::PushQueueUpdates() {
  dirty_ = false;
  const std::vector<Conv*> waiting = WaitingInOrder();
  std::map<std::string, int> ahead;  // per queue, conversations served before
  std::map<std::string, int> slots;  // per queue
  std::vector<AgentState> agent_states;
  for (const auto& [id, a] : agents_) agent_states.push_back(StateOf(a));
  for (Conv* conv : waiting) {
    const int position = ++ahead[conv->c.queue];
    if (conv->visitors.empty() || position == conv->last_position_sent) continue;
    conv->last_position_sent = position;
    double average = HandleTimes::kDefaultSeconds;
    if (auto h = handle_times_.find(conv->c.queue); h != handle_times_.end()) {
      average = h->second.AverageSeconds();
    }
    auto [slot, inserted] = slots.try_emplace(conv->c.queue, 0);
    if (inserted) slot->second = Slots(agent_states, conv->c.queue, config_.agent_concurrency);
    SendToVisitors(
        *conv, Out::kQueuePosition,
        {{"conversation_id", conv->c.id},
         {"queue", conv->c.queue},
         {"position", position},
         {"estimated_wait_seconds", EstimateWaitSeconds(position, average, slot->second)}});
  }
  const HubStats stats = Stats();
  std::vector<std::optional<json>> summaries(waiting.size());
  for (const auto& [id, a] : agents_) {
    if (a.conns.empty()) continue;
    const json snapshot = Snapshot(a, stats, waiting, summaries);
    outbox_.SendToEach(std::vector<ConnId>(a.conns.begin(), a.conns.end()), Out::kQueueSnapshot,
                       snapshot);
  }
}

void Hub::Settle() {
  // Routing only changes when something routing-relevant happened (dirty_),
  // so a stream of chat messages costs no routing work.
  if (!dirty_) return;
  Route();
  PushQueueUpdates();
}

void Hub::Tick() {
  TimeMs now = clock_.NowMs();
  std::vector<std::string> expired, gone;
  bool any_queued = false;
  for (auto& [id, conv] : convs_) {
    any_queued = any_queued || conv.c.state == ConversationState::kQueued;
    if (conv.offered_to && now >= conv.offer_expires) expired.push_back(id);
    if (conv.visitors.empty() && conv.visitor_gone_since &&
        (conv.c.state == ConversationState::kQueued || conv.c.state == ConversationState::kBot) &&
        now - conv.visitor_gone_since >=
            static_cast<TimeMs>(config_.visitor_grace_seconds) * 1000) {
      gone.push_back(id);
    }
  }
  for (const auto& id : expired) {
    if (Conv* conv = FindConv(id)) RevokeOffer(*conv, true);
  }
  for (const auto& id : gone) {
    if (Conv* conv = FindConv(id)) {
      FinishConversation(*conv, ConversationState::kAbandoned,
                         vocabulary::CloseOutcome::kVisitorGone, "system", "");
    }
  }
  // Exclusions after declined or missed offers expire with time, not with an
  // event: while anyone waits, re-route (and refresh the waits in agents'
  // snapshots) once a second; and when a queue opens or closes.
  if (now - last_refresh_ >= 1000) {
    last_refresh_ = now;
    std::vector<bool> open;
    for (const auto& q : config_.queues) open.push_back(q.hours.IsOpen(now));
    if (any_queued || open != queues_open_) dirty_ = true;
    queues_open_ = std::move(open);
  }
  if (now - last_purge_ > 3600 * 1000) {
    last_purge_ = now;
    repo_.PurgeClosedBefore(now - static_cast<TimeMs>(config_.retention_days) * 86400 * 1000,
                            Logged("retention purge"));
  }
  Settle();
}

void Hub::DisableAgent(int64_t agent_id) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  AgentLive& a = it->second;
  a.agent.disabled = true;
  a.status = AgentStatus::kOffline;
  if (Conv* offered = FindConv(a.pending_offer)) RevokeOffer(*offered, false);
  std::vector<std::string> assigned(a.assigned.begin(), a.assigned.end());
  for (const auto& id : assigned) {
    if (Conv* conv = FindConv(id)) Requeue(*conv);
  }
  for (ConnId c : a.conns) outbox_.Close(c, "account disabled");
  Audit(EventKind::kAgentDisabled, "system", "", "", {{"agent_id", agent_id}});
  dirty_ = true;
  Settle();
}

}  // namespace relais::server
