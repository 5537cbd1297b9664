// The domain: conversations, the queue, routing, offers and presence.
//
// What a client asks arrives as a typed command (commands.h) and is handled by
// the matching On() overload. The rules that decide (which queue, who may be
// offered what, in which order, the wait estimate) are pure functions in
// router.h; the Hub applies them to its live state. Its code is in four files:
//   hub.cc          construction, recovery, visitors connecting, disconnections,
//                   dispatch, persist-then-notify, JSON views
//   hub_visitors.cc hand-off, resume and replay, messages, typing, leaving,
//                   call-backs and messages left, surveys
//   hub_agents.cc   agents connecting, presence, offers accepted or declined,
//                   viewing, replies and notes, transfer, close, follow-ups
//   hub_routing.cc  offers, time-outs, requeueing, queue positions, agents'
//                   snapshots, the periodic Tick
//
// Concurrency model: a Hub is confined to ONE thread (the server's I/O thread;
// the test's thread in unit tests). Every public method must be called on that
// thread. Storage completions arrive on the storage writer thread and are handed
// back through the `post` function given at construction, which must run them
// on the Hub's thread. The Hub never blocks on a write: it mutates its in-memory
// state, submits the write, and tells participants only from the completion,
// i.e. after the write is durable. Frames leave through the Outbox, which only
// enqueues (no socket work, no locks held by the Hub).
#ifndef RELAIS_SERVER_HUB_H_
#define RELAIS_SERVER_HUB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "relais/server/clock.h"
#include "relais/server/commands.h"
#include "relais/server/config.h"
#include "relais/server/model.h"
#include "relais/server/protocol.h"
#include "relais/server/rate_limit.h"
#include "relais/server/repository.h"
#include "relais/server/router.h"
#include "relais/server/suggestions.h"

namespace relais::server {

using ConnId = uint64_t;

// Where the Hub's frames go (the transport, or a recorder in tests).
class Outbox {
 public:
  virtual ~Outbox() = default;
  // Queues one frame for a connection; unknown ids are ignored.
  virtual void Send(ConnId conn, protocol::ServerFrame type, const nlohmann::json& data) = 0;
  // The same frame for several connections (a transport encodes it once).
  virtual void SendToEach(std::span<const ConnId> conns, protocol::ServerFrame type,
                          const nlohmann::json& data) {
    for (ConnId conn : conns) Send(conn, type, data);
  }
  // Closes a connection after its queued frames (disabled agent).
  virtual void Close(ConnId conn, std::string_view reason) = 0;
};

// Figures for /metrics.
struct QueueStats {
  std::string id;
  int waiting = 0;
  int64_t oldest_wait_ms = 0;
  uint64_t answered = 0;            // conversations assigned
  uint64_t answered_in_target = 0;  // assigned within the service-level time
};
struct HubStats {
  uint64_t handoffs = 0;
  uint64_t messages = 0;
  int visitor_connections = 0;
  int agent_connections = 0;
  int agents_available = 0;
  int conversations_open = 0;
  std::vector<QueueStats> queues;
};

class Hub {
 public:
  using Post = std::function<void(std::function<void()>)>;

  // One page of a transcript in conversation.assigned/detail: at most this
  // many messages, and no more text than this (at least one message), so that
  // one frame stays small however long the conversation (PROTOCOL.md).
  static constexpr int kDetailPageMessages = 200;
  static constexpr size_t kDetailPageBytes = 256 * 1024;

  // `config`, `repo`, `clock` and `outbox` must outlive the Hub.
  Hub(const Config& config, Repository& repo, const Clock& clock, Outbox& outbox, Post post);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Loads open conversations after a restart (queued ones go back to the
  // queue; offers are not durable and are made again; an assigned one whose
  // agent is gone, disabled or no longer eligible for it goes back to its
  // queue). Call once, first. Fails, with the storage error, when a read fails.
  Status Recover();

  // Connections. The transport authenticates agents before AgentConnected.
  void VisitorConnected(ConnId conn, const std::string& ip);
  void AgentConnected(ConnId conn, const Agent& agent);
  void Disconnected(ConnId conn);

  // One decoded command from a connection (protocol::DecodeClientFrame has
  // checked that its role may send it).
  void Handle(ConnId conn, const Command& command);

  // Offer timeouts, abandoned visitors, pending routing. Call every ~100-500 ms.
  void Tick();

  // Signs an agent out everywhere (account disabled): closes its connections and
  // puts its conversations back in their queues.
  void DisableAgent(int64_t agent_id);

  // Adds suggested answers (at most 3) to conversation.assigned/detail frames.
  // `source` must outlive the Hub; nullptr (the default) disables suggestions.
  void SetSuggestionSource(SuggestionSource* source) { suggestions_ = source; }

  // Agents with live connections (the server re-checks them for `disabled`).
  std::vector<int64_t> ConnectedAgents() const;

  HubStats Stats() const;

 private:
  struct Conv {
    Conversation c;
    std::set<ConnId> visitors;
    TimeMs visitor_gone_since = 0;
    int64_t offered_to = 0;
    TimeMs offer_expires = 0;
    int64_t direct_agent = 0;                  // transfer to a named agent
    std::map<int64_t, TimeMs> excluded_until;  // declined or timed-out offers
    int last_position_sent = -1;
    bool ready = false;  // hand-off writes committed: routable
  };
  struct AgentLive {
    Agent agent;
    AgentStatus status = AgentStatus::kOffline;
    std::set<ConnId> conns;
    std::set<std::string> assigned;
    std::string pending_offer;
    TimeMs idle_since = 0;
  };
  struct Conn {
    vocabulary::Role role = vocabulary::Role::kVisitor;
    std::string conversation_id;  // visitor
    int64_t agent_id = 0;         // agent
    std::string ip;
  };

  // One handler per command (Handle picks it by overload: a command without
  // one does not compile).
  // Visitor side (hub_visitors.cc).
  void On(ConnId conn, const command::Handoff& c);
  void On(ConnId conn, const command::Resume& c);
  void On(ConnId conn, const command::Leave& c);
  void On(ConnId conn, const command::FollowUpRequest& c);
  void On(ConnId conn, const command::SurveySubmit& c);
  void On(ConnId conn, const command::MessageCreate& c);  // the visitor's, or an agent's reply
  void On(ConnId conn, const command::Typing& c);
  // Agent side (hub_agents.cc).
  void On(ConnId conn, const command::SetAgentStatus& c);
  void On(ConnId conn, const command::Accept& c);
  void On(ConnId conn, const command::Decline& c);
  void On(ConnId conn, const command::View& c);
  void On(ConnId conn, const command::NoteCreate& c);
  void On(ConnId conn, const command::Transfer& c);
  void On(ConnId conn, const command::Close& c);
  void On(ConnId conn, const command::FollowUpList& c);
  void On(ConnId conn, const command::FollowUpComplete& c);
  // Both (hub.cc).
  void On(ConnId conn, const command::Ping& c);
  void On(ConnId conn, const command::KbSearch& c);  // beside Detail
  // An agent's reply or note (AuthorKind kAgent or kNote).
  void AgentWrites(ConnId conn, AuthorKind kind, vocabulary::ClientFrame request,
                   const std::string& conversation_id, const std::string& client_id,
                   const std::string& text);

  // Shared machinery.
  // An `error` frame; `field` names the offending field when there is one.
  void Error(ConnId conn, protocol::ErrorCode code, const std::string& message,
             std::string_view request_type = {}, std::string_view field = {});
  void Error(ConnId conn, protocol::ErrorCode code, const std::string& message,
             vocabulary::ClientFrame request, std::string_view field = {}) {
    Error(conn, code, message, vocabulary::Name(request), field);
  }
  // An `internal` error for a read or write that storage refused, naming the
  // conversation (never an empty answer in its place).
  void StorageError(ConnId conn, std::string_view request_type, const std::string& conversation_id);
  // The one eligibility rule (router.h IsEligible) for every path that offers
  // or assigns a conversation: routing, a transfer to a named agent,
  // accepting, recovery and reconnection.
  bool Eligible(const Agent& agent, const Conversation& c) const;
  // A completion for a write nobody waits for (audit entries, a transfer's
  // note): a failure is logged with `what` (storage health and /readyz report it too).
  static Repository::Done Logged(std::string what);
  void Persist(const Conversation& c, vocabulary::EventKind action, const std::string& actor_kind,
               const std::string& actor_id, nlohmann::json detail,
               std::function<void(Status)> then);
  // An audit entry nobody waits for (a failure is logged), dated now.
  void Audit(vocabulary::EventKind action, const std::string& actor_kind,
             const std::string& actor_id, const std::string& conversation_id,
             const nlohmann::json& detail);
  void AppendAndBroadcast(ConnId sender, Message m);
  void Route();
  void RevokeOffer(Conv& conv, bool timed_out);
  void Requeue(Conv& conv);
  void ReleaseAgent(int64_t agent_id, const std::string& conversation_id);
  void FinishConversation(Conv& conv, ConversationState state, vocabulary::CloseOutcome how,
                          const std::string& actor_kind, const std::string& actor_id);
  void SendToVisitors(const Conv& conv, protocol::ServerFrame type, const nlohmann::json& data);
  void SendToAgent(int64_t agent_id, protocol::ServerFrame type, const nlohmann::json& data);
  void SendToQueueAgents(const std::string& queue, protocol::ServerFrame type,
                         const nlohmann::json& data);
  void PushQueueUpdates();
  nlohmann::json Summary(const Conv& conv) const;
  // conversation.assigned/detail: the summary and one page of the transcript
  // (notes included): the newest messages with seq < before_seq (0: the end),
  // at most kDetailPageMessages and about kDetailPageBytes of text, with
  // "more" (older messages exist) and "first_seq" (the oldest one included).
  // Suggestions come with the last page only. Fails with the storage error.
  Result<nlohmann::json> Detail(const Conversation& c, int64_t before_seq = 0) const;
  nlohmann::json MessageJson(const Message& m) const;
  static nlohmann::json FollowUpJson(const FollowUp& f);
  // Ready queued conversations, first served first.
  std::vector<Conv*> WaitingInOrder();
  // An agent's queue.snapshot; `summaries` caches Summary() by index in `waiting`.
  nlohmann::json Snapshot(const AgentLive& agent, const HubStats& stats,
                          const std::vector<Conv*>& waiting,
                          std::vector<std::optional<nlohmann::json>>& summaries) const;
  AgentState StateOf(const AgentLive& agent) const;
  bool HasQueue(const AgentLive& agent, const std::string& queue) const;
  Conv* FindConv(const std::string& id);
  AgentLive* AgentOf(ConnId conn);
  // If the queue changed (dirty_): routes, then pushes positions and snapshots.
  void Settle();

  // Wraps `fn(result)` into a completion callable from any thread (the storage
  // writer): it is posted to the Hub's thread, dropped if the Hub is gone, and
  // followed by Settle().
  template <typename R, typename F>
  std::function<void(R)> OnHub(F fn) {
    return [post = post_, alive = alive_, self = this, fn = std::move(fn)](R result) mutable {
      post([alive, self, fn, result = std::move(result)]() mutable {
        if (!*alive) return;
        fn(std::move(result));
        self->Settle();
      });
    };
  }

  const Config& config_;
  Repository& repo_;
  const Clock& clock_;
  Outbox& outbox_;
  Post post_;

  std::unordered_map<std::string, Conv> convs_;  // open conversations, and closed ones
                                                 // while their visitor is still connected
  std::unordered_map<int64_t, AgentLive> agents_;
  std::unordered_map<ConnId, Conn> conns_;
  WindowRateLimit handoff_rate_;                     // new conversations per visitor address
  std::map<std::string, HandleTimes> handle_times_;  // per queue
  std::map<std::string, QueueStats> queue_stats_;
  uint64_t handoffs_ = 0;
  uint64_t messages_ = 0;
  bool dirty_ = false;  // queue changed: push snapshots and positions
  TimeMs last_purge_ = 0;
  TimeMs last_refresh_ = 0;
  std::vector<bool> queues_open_;  // by config_.queues index, at the last refresh
  SuggestionSource* suggestions_ = nullptr;
  std::shared_ptr<bool> alive_;  // completions check it: no callback after destruction
};

}  // namespace relais::server

#endif  // RELAIS_SERVER_HUB_H_
