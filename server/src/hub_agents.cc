// The domain, agent side: presence, accepting and declining offers, viewing,
// replies and notes, transfer, close, follow-ups. Same single-thread model as
// hub.h.
#include <algorithm>
#include <cctype>

#include "relais/server/auth.h"
#include "relais/server/hub.h"

namespace relais::server {

using nlohmann::json;
using In = vocabulary::ClientFrame;
using Out = vocabulary::ServerFrame;
using vocabulary::ErrorCode;

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

void Hub::AgentConnected(ConnId conn, const Agent& agent) {
  conns_[conn] = Conn{vocabulary::Role::kAgent, "", agent.id, ""};
  AgentLive& a = agents_[agent.id];
  a.agent = agent;
  if (a.conns.empty()) a.status = AgentStatus::kAway;  // the agent opts in to offers
  a.conns.insert(conn);
  json queues = json::array();
  for (const auto& q : config_.queues) {
    if (HasQueue(a, q.id)) {
      queues.push_back({{"id", q.id}, {"name", q.names}});
    }
  }
  // Conversations kept from an earlier connection (or a restart) go back to
  // their queue when this agent no longer may take them (queues, languages
  // or skills changed since).
  const std::vector<std::string> held(a.assigned.begin(), a.assigned.end());
  for (const std::string& id : held) {
    if (Conv* conv = FindConv(id); conv && !Eligible(a.agent, conv->c)) Requeue(*conv);
  }
  outbox_.Send(conn, Out::kHello,
               {{"role", "agent"},
                {"protocol", protocol::kVersion},
                {"agent",
                 {{"id", agent.id},
                  {"email", agent.email},
                  {"display_name", agent.display_name},
                  {"queues", agent.queues},
                  {"languages", agent.languages},
                  {"skills", agent.skills},
                  {"status", vocabulary::Name(a.status)}}},
                {"queues", queues},
                {"concurrency", config_.agent_concurrency},
                {"offer_timeout_seconds", config_.offer_timeout_seconds},
                {"limits", {{"max_message_bytes", config_.limits.max_message_bytes}}}});
  for (const std::string& id : a.assigned) {
    Conv* conv = FindConv(id);
    if (!conv) continue;
    auto detail = Detail(conv->c);
    if (detail.ok()) {
      outbox_.Send(conn, Out::kConversationAssigned, detail.value());
    } else {
      StorageError(conn, vocabulary::Name(Out::kConversationAssigned), id);
    }
  }
  if (Conv* offered = FindConv(a.pending_offer)) {
    outbox_.Send(conn, Out::kConversationOffered,
                 {{"conversation", Summary(*offered)},
                  {"expires_in_ms", std::max<TimeMs>(0, offered->offer_expires - clock_.NowMs())}});
  }
  dirty_ = true;
  Settle();
}

void Hub::On(ConnId conn, const command::SetAgentStatus& b) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  const AgentStatus status = b.status;
  if (a->status != AgentStatus::kAvailable && status == AgentStatus::kAvailable) {
    a->idle_since = clock_.NowMs();
  }
  a->status = status;
  if (status != AgentStatus::kAvailable) {
    if (Conv* offered = FindConv(a->pending_offer)) RevokeOffer(*offered, false);
  }
  SendToAgent(a->agent.id, Out::kAgentState, {{"status", vocabulary::Name(status)}});
  Audit(vocabulary::EventKind::kAgentStatus, "agent", std::to_string(a->agent.id), "",
        {{"status", vocabulary::Name(status)}});
  dirty_ = true;
}

void Hub::On(ConnId conn, const command::Accept& b) {
  AgentLive* a = AgentOf(conn);
  const std::string& id = b.conversation_id;
  Conv* conv = FindConv(id);
  if (!a || !conv || conv->offered_to != a->agent.id) {
    return Error(conn, ErrorCode::kInvalidState, "no pending offer for this conversation",
                 In::kConversationAccept);
  }
  if (!Eligible(a->agent, conv->c)) {  // the agent's record changed since the offer
    RevokeOffer(*conv, false);
    return Error(conn, ErrorCode::kForbidden,
                 "this conversation is not in your queues, languages or skills",
                 In::kConversationAccept);
  }
  TimeMs now = clock_.NowMs();
  conv->offered_to = 0;
  conv->direct_agent = 0;
  conv->excluded_until.clear();
  a->pending_offer.clear();
  a->assigned.insert(id);
  Conversation& c = conv->c;
  c.state = ConversationState::kAssigned;
  c.agent_id = a->agent.id;
  c.assigned_ms = c.updated_ms = now;
  QueueStats& qs = queue_stats_[c.queue];
  qs.id = c.queue;
  ++qs.answered;
  if (now - c.queued_ms <= static_cast<TimeMs>(config_.service_level.answer_seconds) * 1000) {
    ++qs.answered_in_target;
  }
  dirty_ = true;
  int64_t agent_id = a->agent.id;
  std::string name = a->agent.display_name;
  Persist(c, vocabulary::EventKind::kConversationAccept, "agent", std::to_string(agent_id),
          {{"wait_ms", now - c.queued_ms}}, [this, id, agent_id, name, conn](Status s) {
            Conv* conv = FindConv(id);
            if (!s.ok() || !conv) {
              return Error(conn, ErrorCode::kInternal, "storage error", In::kConversationAccept);
            }
            if (auto detail = Detail(conv->c); detail.ok()) {
              SendToAgent(agent_id, Out::kConversationAssigned, detail.value());
            } else {
              StorageError(conn, vocabulary::Name(In::kConversationAccept),
                           id);  // assigned: conversation.view retries
            }
            SendToVisitors(*conv, Out::kAgentJoined,
                           {{"conversation_id", id}, {"agent", {{"display_name", name}}}});
          });
}

void Hub::On(ConnId conn, const command::Decline& b) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(b.conversation_id);
  if (!a || !conv || conv->offered_to != a->agent.id) {
    return Error(conn, ErrorCode::kInvalidState, "no pending offer for this conversation",
                 In::kConversationDecline);
  }
  RevokeOffer(*conv, false);
}

void Hub::On(ConnId conn, const command::View& b) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  const std::string& id = b.conversation_id;
  Conversation c;
  if (Conv* conv = FindConv(id)) {
    c = conv->c;
  } else {
    auto found = repo_.FindConversation(id);
    if (!found.ok())
      return Error(conn, ErrorCode::kInternal, "storage error", In::kConversationView);
    if (!found.value())
      return Error(conn, ErrorCode::kNotFound, "no such conversation", In::kConversationView);
    c = *found.value();
  }
  if (!HasQueue(*a, c.queue) && c.agent_id != a->agent.id) {
    return Error(conn, ErrorCode::kForbidden, "this conversation is not in your queues",
                 In::kConversationView);
  }
  auto detail = Detail(c, b.before_seq);
  if (!detail.ok()) return StorageError(conn, vocabulary::Name(b.kFrame), id);
  outbox_.Send(conn, Out::kConversationDetail, detail.value());
}

void Hub::On(ConnId conn, const command::NoteCreate& b) {
  AgentWrites(conn, AuthorKind::kNote, b.kFrame, b.conversation_id, b.client_id, b.text);
}

void Hub::AgentWrites(ConnId conn, AuthorKind kind, vocabulary::ClientFrame t,
                      const std::string& conversation_id, const std::string& client_id,
                      const std::string& text) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(conversation_id);
  if (!a) return;
  if (!conv) return Error(conn, ErrorCode::kNotFound, "no open conversation with this id", t);
  bool mine = conv->c.state == ConversationState::kAssigned && conv->c.agent_id == a->agent.id;
  if (kind == AuthorKind::kAgent && !mine) {
    return Error(conn, ErrorCode::kForbidden, "only the assigned agent can reply", t);
  }
  if (kind == AuthorKind::kNote && !mine && !HasQueue(*a, conv->c.queue)) {
    return Error(conn, ErrorCode::kForbidden, "this conversation is not in your queues", t);
  }
  Message m;
  m.conversation_id = conv->c.id;
  m.client_id = client_id;
  m.author = kind;
  m.author_id = std::to_string(a->agent.id);
  m.author_name = a->agent.display_name;
  m.text = text;
  m.created_ms = clock_.NowMs();
  AppendAndBroadcast(conn, std::move(m));
}

void Hub::On(ConnId conn, const command::Transfer& b) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(b.conversation_id);
  if (!a) return;
  if (!conv || conv->c.state != ConversationState::kAssigned || conv->c.agent_id != a->agent.id) {
    return Error(conn, ErrorCode::kForbidden, "only the assigned agent can transfer",
                 In::kConversationTransfer);
  }
  const std::string& queue = b.queue;
  const std::string& email = b.agent_email;
  const std::string& note = b.note;
  if (!queue.empty() && !config_.FindQueue(queue)) {
    return Error(conn, ErrorCode::kInvalidField, "queue: unknown queue", b.kFrame, "queue");
  }
  int64_t target = 0;
  if (!email.empty()) {
    const AgentLive* other = nullptr;
    for (const auto& [id, live] : agents_) {
      if (Lower(live.agent.email) == email && id != a->agent.id) other = &live;
    }
    if (!other || other->agent.disabled) {
      return Error(conn, ErrorCode::kUnavailable, "that agent is not available",
                   In::kConversationTransfer);
    }
    // The same rule as routing: the named agent must work the (new) queue,
    // speak the language and have the skill; never offered otherwise.
    Conversation moved = conv->c;
    if (!queue.empty()) moved.queue = queue;
    if (!Eligible(other->agent, moved)) {
      return Error(conn, ErrorCode::kForbidden,
                   "that agent does not work this conversation's queue (" + moved.queue +
                       "), language or skill",
                   In::kConversationTransfer);
    }
    if (other->conns.empty() || other->status != AgentStatus::kAvailable) {
      return Error(conn, ErrorCode::kUnavailable, "that agent is not available",
                   In::kConversationTransfer);
    }
    target = other->agent.id;
  }
  TimeMs now = clock_.NowMs();
  Conversation& c = conv->c;
  std::string from_queue = c.queue;
  if (!note.empty()) {
    Message m;
    m.conversation_id = c.id;
    m.client_id = "transfer-" + RandomToken(16);  // unguessable: nobody can pre-empt it
    m.author = AuthorKind::kNote;
    m.author_id = std::to_string(a->agent.id);
    m.author_name = a->agent.display_name;
    m.text = note;
    m.created_ms = now;
    repo_.AppendMessage(std::move(m), [logged = Logged("transfer note")](Result<Appended> r) {
      logged(r.status());
    });
  }
  int64_t from_agent = a->agent.id;
  ReleaseAgent(from_agent, c.id);
  c.state = ConversationState::kQueued;
  c.agent_id = 0;
  if (!queue.empty()) c.queue = queue;
  c.updated_ms = now;
  conv->direct_agent = target;
  conv->excluded_until.clear();
  conv->excluded_until[from_agent] = now + kExclusionAfterTransferMs;  // not back to them
  conv->last_position_sent = -1;
  dirty_ = true;
  std::string id = c.id;
  std::string to_queue = c.queue;
  Persist(
      c, vocabulary::EventKind::kConversationTransfer, "agent", std::to_string(from_agent),
      {{"from_queue", from_queue}, {"to_queue", to_queue}, {"to_agent", target}, {"note", note}},
      [this, id, from_agent, to_queue, email](Status s) {
        Conv* conv = FindConv(id);
        if (!conv) return;
        SendToAgent(from_agent, Out::kConversationTransferred,
                    {{"conversation_id", id}, {"queue", to_queue}, {"agent_email", email}});
        SendToVisitors(*conv, Out::kAgentLeft, {{"conversation_id", id}});
        SendToVisitors(*conv, Out::kConversationTransferred,
                       {{"conversation_id", id}, {"queue", to_queue}});
      });
}

void Hub::On(ConnId conn, const command::Close& b) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(b.conversation_id);
  if (!a) return;
  if (!conv || conv->c.state != ConversationState::kAssigned || conv->c.agent_id != a->agent.id) {
    return Error(conn, ErrorCode::kForbidden, "only the assigned agent can close",
                 In::kConversationClose);
  }
  FinishConversation(*conv, ConversationState::kClosed, b.outcome, "agent",
                     std::to_string(a->agent.id));
}

void Hub::On(ConnId conn, const command::FollowUpList&) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  auto items = repo_.OpenFollowUps(a->agent.queues);
  if (!items.ok()) return Error(conn, ErrorCode::kInternal, "storage error", In::kFollowupList);
  json out = json::array();
  for (const FollowUp& f : items.value()) out.push_back(FollowUpJson(f));
  outbox_.Send(conn, Out::kFollowupItems, {{"items", out}});
}

void Hub::On(ConnId conn, const command::FollowUpComplete& b) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  const int64_t id = b.id;
  auto items = repo_.OpenFollowUps(a->agent.queues);
  if (!items.ok()) return Error(conn, ErrorCode::kInternal, "storage error", In::kFollowupComplete);
  auto it = std::find_if(items.value().begin(), items.value().end(),
                         [&](const FollowUp& f) { return f.id == id; });
  if (it == items.value().end()) {
    return Error(conn, ErrorCode::kNotFound, "no open follow-up with this id in your queues",
                 In::kFollowupComplete);
  }
  std::string queue = it->queue;
  int64_t agent_id = a->agent.id;
  TimeMs now = clock_.NowMs();
  repo_.CompleteFollowUp(id, agent_id, now, OnHub<Status>([this, conn, id, queue](Status s) {
                           if (!s.ok())
                             return Error(conn, ErrorCode::kNotFound, s.message(),
                                          In::kFollowupComplete);
                           SendToQueueAgents(queue, Out::kFollowupCompleted, {{"id", id}});
                         }));
  Audit(vocabulary::EventKind::kFollowupComplete, "agent", std::to_string(agent_id),
        it->conversation_id, {{"id", id}});
}

}  // namespace relais::server
