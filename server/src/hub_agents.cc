// The domain, agent side: presence, accepting and declining offers, viewing,
// replies and notes, transfer, close, follow-ups. Same single-thread model as
// hub.h.
#include <algorithm>
#include <cctype>

#include "relais/server/auth.h"
#include "relais/server/hub.h"

namespace relais::server {

using nlohmann::json;
namespace type = protocol::type;
namespace code = protocol::code;

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

void Hub::AgentConnected(ConnId conn, const Agent& agent) {
  conns_[conn] = Conn{protocol::Role::kAgent, "", agent.id, ""};
  AgentLive& a = agents_[agent.id];
  a.agent = agent;
  if (a.conns.empty()) a.status = AgentStatus::kAway;  // the agent opts in to offers
  a.conns.insert(conn);
  json queues = json::array();
  for (const auto& q : config_.queues) {
    if (HasQueue(a, q.id)) {
      queues.push_back({{"id", q.id}, {"name", {{"fr", q.name_fr}, {"en", q.name_en}}}});
    }
  }
  // Conversations kept from an earlier connection (or a restart) go back to
  // their queue when this agent no longer may take them (queues, languages
  // or skills changed since).
  const std::vector<std::string> held(a.assigned.begin(), a.assigned.end());
  for (const std::string& id : held) {
    if (Conv* conv = FindConv(id); conv && !Eligible(a.agent, conv->c)) Requeue(*conv);
  }
  outbox_.Send(conn, type::kHello,
               {{"role", "agent"},
                {"protocol", protocol::kVersion},
                {"agent",
                 {{"id", agent.id},
                  {"email", agent.email},
                  {"display_name", agent.display_name},
                  {"queues", agent.queues},
                  {"languages", agent.languages},
                  {"skills", agent.skills},
                  {"status", AgentStatusName(a.status)}}},
                {"queues", queues},
                {"concurrency", config_.agent_concurrency},
                {"offer_timeout_seconds", config_.offer_timeout_seconds},
                {"limits", {{"max_message_bytes", config_.limits.max_message_bytes}}}});
  for (const std::string& id : a.assigned) {
    Conv* conv = FindConv(id);
    if (!conv) continue;
    auto detail = Detail(conv->c);
    if (detail.ok()) {
      outbox_.Send(conn, type::kAssigned, detail.value());
    } else {
      StorageError(conn, type::kAssigned, id);
    }
  }
  if (Conv* offered = FindConv(a.pending_offer)) {
    outbox_.Send(conn, type::kOffered,
                 {{"conversation", Summary(*offered)},
                  {"expires_in_ms", std::max<TimeMs>(0, offered->offer_expires - clock_.NowMs())}});
  }
  dirty_ = true;
  Settle();
}

void Hub::OnAgentStatus(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  auto status = ParseAgentStatus(b["status"].get<std::string>());
  if (!a) return;
  if (!status) {
    return Error(conn, code::kInvalidField, "status: available, away or offline",
                 type::kAgentStatus);
  }
  if (a->status != AgentStatus::kAvailable && *status == AgentStatus::kAvailable) {
    a->idle_since = clock_.NowMs();
  }
  a->status = *status;
  if (*status != AgentStatus::kAvailable) {
    if (Conv* offered = FindConv(a->pending_offer)) RevokeOffer(*offered, false);
  }
  SendToAgent(a->agent.id, type::kAgentState, {{"status", AgentStatusName(*status)}});
  repo_.AppendAudit({clock_.NowMs(), "agent", std::to_string(a->agent.id), "agent.status", "",
                     json{{"status", AgentStatusName(*status)}}.dump()},
                    nullptr);
  dirty_ = true;
}

void Hub::OnAccept(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  std::string id = b["conversation_id"].get<std::string>();
  Conv* conv = FindConv(id);
  if (!a || !conv || conv->offered_to != a->agent.id) {
    return Error(conn, code::kInvalidState, "no pending offer for this conversation",
                 type::kAccept);
  }
  if (!Eligible(a->agent, conv->c)) {  // the agent's record changed since the offer
    RevokeOffer(*conv, false);
    return Error(conn, code::kForbidden,
                 "this conversation is not in your queues, languages or skills", type::kAccept);
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
  Persist(c, std::string(type::kAccept), "agent", std::to_string(agent_id),
          {{"wait_ms", now - c.queued_ms}}, [this, id, agent_id, name, conn](Status s) {
            Conv* conv = FindConv(id);
            if (!s.ok() || !conv) {
              return Error(conn, code::kInternal, "storage error", type::kAccept);
            }
            if (auto detail = Detail(conv->c); detail.ok()) {
              SendToAgent(agent_id, type::kAssigned, detail.value());
            } else {
              StorageError(conn, type::kAccept, id);  // assigned: conversation.view retries
            }
            SendToVisitors(*conv, type::kAgentJoined,
                           {{"conversation_id", id}, {"agent", {{"display_name", name}}}});
          });
}

void Hub::OnDecline(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(b["conversation_id"].get<std::string>());
  if (!a || !conv || conv->offered_to != a->agent.id) {
    return Error(conn, code::kInvalidState, "no pending offer for this conversation",
                 type::kDecline);
  }
  RevokeOffer(*conv, false);
}

void Hub::OnView(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  std::string id = b["conversation_id"].get<std::string>();
  Conversation c;
  if (Conv* conv = FindConv(id)) {
    c = conv->c;
  } else {
    auto found = repo_.FindConversation(id);
    if (!found.ok()) return Error(conn, code::kInternal, "storage error", type::kView);
    if (!found.value()) return Error(conn, code::kNotFound, "no such conversation", type::kView);
    c = *found.value();
  }
  if (!HasQueue(*a, c.queue) && c.agent_id != a->agent.id) {
    return Error(conn, code::kForbidden, "this conversation is not in your queues", type::kView);
  }
  auto detail = Detail(c, b.value("before_seq", int64_t{0}));
  if (!detail.ok()) return StorageError(conn, type::kView, id);
  outbox_.Send(conn, type::kDetail, detail.value());
}

void Hub::OnAgentMessage(ConnId conn, const json& b, AuthorKind kind) {
  AgentLive* a = AgentOf(conn);
  std::string_view t = kind == AuthorKind::kNote ? type::kNoteCreate : type::kMessageCreate;
  Conv* conv = FindConv(b["conversation_id"].get<std::string>());
  if (!a) return;
  if (!conv) return Error(conn, code::kNotFound, "no open conversation with this id", t);
  bool mine = conv->c.state == ConversationState::kAssigned && conv->c.agent_id == a->agent.id;
  if (kind == AuthorKind::kAgent && !mine) {
    return Error(conn, code::kForbidden, "only the assigned agent can reply", t);
  }
  if (kind == AuthorKind::kNote && !mine && !HasQueue(*a, conv->c.queue)) {
    return Error(conn, code::kForbidden, "this conversation is not in your queues", t);
  }
  Message m;
  m.conversation_id = conv->c.id;
  m.client_id = b["client_id"].get<std::string>();
  m.author = kind;
  m.author_id = std::to_string(a->agent.id);
  m.author_name = a->agent.display_name;
  m.text = b["text"].get<std::string>();
  m.created_ms = clock_.NowMs();
  AppendAndBroadcast(conn, std::move(m));
}

void Hub::OnTransfer(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(b["conversation_id"].get<std::string>());
  if (!a) return;
  if (!conv || conv->c.state != ConversationState::kAssigned || conv->c.agent_id != a->agent.id) {
    return Error(conn, code::kForbidden, "only the assigned agent can transfer", type::kTransfer);
  }
  std::string queue = b.value("queue", "");
  std::string email = Lower(b.value("agent_email", ""));
  std::string note = b.value("note", "");
  if (queue.empty() && email.empty()) {
    return Error(conn, code::kMissingField, "queue or agent_email: one is required",
                 type::kTransfer);
  }
  if (!queue.empty() && !config_.FindQueue(queue)) {
    return Error(conn, code::kInvalidField, "queue: unknown queue", type::kTransfer);
  }
  int64_t target = 0;
  if (!email.empty()) {
    const AgentLive* other = nullptr;
    for (const auto& [id, live] : agents_) {
      if (Lower(live.agent.email) == email && id != a->agent.id) other = &live;
    }
    if (!other || other->agent.disabled) {
      return Error(conn, code::kUnavailable, "that agent is not available", type::kTransfer);
    }
    // The same rule as routing: the named agent must work the (new) queue,
    // speak the language and have the skill; never offered otherwise.
    Conversation moved = conv->c;
    if (!queue.empty()) moved.queue = queue;
    if (!Eligible(other->agent, moved)) {
      return Error(conn, code::kForbidden,
                   "that agent does not work this conversation's queue (" + moved.queue +
                       "), language or skill",
                   type::kTransfer);
    }
    if (other->conns.empty() || other->status != AgentStatus::kAvailable) {
      return Error(conn, code::kUnavailable, "that agent is not available", type::kTransfer);
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
    repo_.AppendMessage(std::move(m), nullptr);
  }
  int64_t from_agent = a->agent.id;
  ReleaseAgent(from_agent, c.id);
  c.state = ConversationState::kQueued;
  c.agent_id = 0;
  if (!queue.empty()) c.queue = queue;
  c.updated_ms = now;
  conv->direct_agent = target;
  conv->excluded_until.clear();
  conv->excluded_until[from_agent] = now + 3600 * 1000;  // not back to the same agent
  conv->last_position_sent = -1;
  dirty_ = true;
  std::string id = c.id;
  std::string to_queue = c.queue;
  Persist(
      c, std::string(type::kTransfer), "agent", std::to_string(from_agent),
      {{"from_queue", from_queue}, {"to_queue", to_queue}, {"to_agent", target}, {"note", note}},
      [this, id, from_agent, to_queue, email](Status s) {
        Conv* conv = FindConv(id);
        if (!conv) return;
        SendToAgent(from_agent, type::kTransferred,
                    {{"conversation_id", id}, {"queue", to_queue}, {"agent_email", email}});
        SendToVisitors(*conv, type::kAgentLeft, {{"conversation_id", id}});
        SendToVisitors(*conv, type::kTransferred, {{"conversation_id", id}, {"queue", to_queue}});
      });
}

void Hub::OnClose(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  Conv* conv = FindConv(b["conversation_id"].get<std::string>());
  if (!a) return;
  if (!conv || conv->c.state != ConversationState::kAssigned || conv->c.agent_id != a->agent.id) {
    return Error(conn, code::kForbidden, "only the assigned agent can close", type::kClose);
  }
  FinishConversation(*conv, ConversationState::kClosed, b["outcome"].get<std::string>(), "agent",
                     std::to_string(a->agent.id));
}

void Hub::OnFollowUpList(ConnId conn) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  auto items = repo_.OpenFollowUps(a->agent.queues);
  if (!items.ok()) return Error(conn, code::kInternal, "storage error", type::kFollowUpList);
  json out = json::array();
  for (const FollowUp& f : items.value()) out.push_back(FollowUpJson(f));
  outbox_.Send(conn, type::kFollowUps, {{"items", out}});
}

void Hub::OnFollowUpComplete(ConnId conn, const json& b) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  int64_t id = b["id"].get<int64_t>();
  auto items = repo_.OpenFollowUps(a->agent.queues);
  if (!items.ok()) return Error(conn, code::kInternal, "storage error", type::kFollowUpComplete);
  auto it = std::find_if(items.value().begin(), items.value().end(),
                         [&](const FollowUp& f) { return f.id == id; });
  if (it == items.value().end()) {
    return Error(conn, code::kNotFound, "no open follow-up with this id in your queues",
                 type::kFollowUpComplete);
  }
  std::string queue = it->queue;
  int64_t agent_id = a->agent.id;
  TimeMs now = clock_.NowMs();
  repo_.CompleteFollowUp(id, agent_id, now, OnHub<Status>([this, conn, id, queue](Status s) {
                           if (!s.ok())
                             return Error(conn, code::kNotFound, s.message(),
                                          type::kFollowUpComplete);
                           SendToQueueAgents(queue, type::kFollowUpDone, {{"id", id}});
                         }));
  repo_.AppendAudit({now, "agent", std::to_string(agent_id), "followup.complete",
                     it->conversation_id, json{{"id", id}}.dump()},
                    nullptr);
}

}  // namespace relais::server
