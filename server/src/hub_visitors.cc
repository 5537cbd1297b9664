// The domain, visitor side: hand-off, resume and replay, messages, typing,
// leaving, follow-up requests and surveys. Same single-thread model as hub.h.
#include "relais/server/auth.h"
#include "relais/server/hub.h"

namespace relais::server {

using nlohmann::json;
namespace type = protocol::type;
namespace code = protocol::code;

namespace {
constexpr int kReplayLimit = 1000;
}  // namespace

// ---------------------------------------------------------------- visitor side

void Hub::OnHandoff(ConnId conn, const json& b) {
  Conn& cn = conns_[conn];
  if (Conv* current = FindConv(cn.conversation_id)) {
    if (!IsTerminal(current->c.state)) {
      return Error(conn, code::kInvalidState, "this connection already has an open conversation",
                   type::kHandoff);
    }
    // A new hand-off after the previous conversation ended: detach from it.
    current->visitors.erase(conn);
    if (current->visitors.empty()) convs_.erase(cn.conversation_id);
  }
  cn.conversation_id.clear();
  TimeMs now = clock_.NowMs();
  if (handoff_rate_.Take(cn.ip, now) > 0) {
    return Error(conn, code::kRateLimited,
                 "too many new conversations from this address; try again in a minute",
                 type::kHandoff);
  }

  Conversation c;
  c.language = b["language"].get<std::string>();
  std::string queue_id = b.value("queue", "");
  const QueueConfig* queue = queue_id.empty() ? nullptr : config_.FindQueue(queue_id);
  if (!queue_id.empty() && !queue) {
    return Error(conn, code::kInvalidField, "queue: unknown queue \"" + queue_id + "\"",
                 type::kHandoff);
  }
  for (size_t i = 0; !queue && i < config_.queues.size(); ++i) {
    const auto& langs = config_.queues[i].languages;
    if (std::find(langs.begin(), langs.end(), c.language) != langs.end()) {
      queue = &config_.queues[i];
    }
  }
  if (!queue) queue = &config_.queues.front();
  auto priority = ParsePriority(b.value("priority", "normal"));
  if (!priority) {
    return Error(conn, code::kInvalidField, "priority: normal, frustrated or urgent",
                 type::kHandoff);
  }
  c.id = RandomToken(16);
  std::string token = RandomToken(32);
  c.token_hash = HashToken(token);
  c.queue = queue->id;
  c.priority = *priority;
  c.skill = b.value("skill", "");
  c.reason = b.value("reason", "");
  c.page_url = b.value("page_url", "");
  c.entities_json = b.contains("entities") ? b["entities"].dump() : "{}";
  c.visitor_ip = cn.ip;
  c.created_ms = c.updated_ms = now;

  std::string unavailable;
  if (!queue->hours.IsOpen(now)) {
    unavailable = "closed";
  } else {
    int waiting = 0;
    for (const auto& [id, other] : convs_) {
      if (other.c.state == ConversationState::kQueued && other.c.queue == queue->id) ++waiting;
    }
    if (waiting >= queue->capacity) unavailable = "full";
  }
  c.state = unavailable.empty() ? ConversationState::kQueued : ConversationState::kBot;
  if (unavailable.empty()) c.queued_ms = now;

  Conv& conv = convs_[c.id];
  conv.c = c;
  conv.visitors.insert(conn);
  cn.conversation_id = c.id;
  ++handoffs_;

  // Every write of the hand-off shares one completion: the last op's `done`
  // runs after all earlier ones (FIFO), so `failed` is final by then.
  auto failed = std::make_shared<Status>();
  repo_.InsertConversation(c, [failed](Status s) {
    if (!s.ok()) *failed = s;
  });
  if (auto it = b.find("transcript"); it != b.end()) {
    for (size_t i = 0; i < it->size(); ++i) {
      const json& e = (*it)[i];
      Message m;
      m.conversation_id = c.id;
      m.client_id = "transcript-" + std::to_string(i);
      m.author = e["author"] == "bot" ? AuthorKind::kBot : AuthorKind::kVisitor;
      m.author_name = m.author == AuthorKind::kBot ? "Relais" : "";
      m.text = e["text"].get<std::string>();
      m.created_ms = now;
      repo_.AppendMessage(std::move(m), [failed](Result<Appended> r) {
        if (!r.ok()) *failed = r.status();
      });
    }
  }
  AuditEvent ev{now,
                "visitor",
                "",
                std::string(type::kHandoff),
                c.id,
                json{{"queue", c.queue},
                     {"priority", PriorityName(c.priority)},
                     {"reason", c.reason},
                     {"unavailable", unavailable}}
                    .dump()};
  std::string id = c.id;
  repo_.AppendAudit(ev, OnHub<Status>([this, conn, id, token, unavailable, failed](Status s) {
                      Conv* conv = FindConv(id);
                      if (!conv) return;
                      if (!s.ok() || !failed->ok()) {
                        Error(conn, code::kInternal, "the conversation could not be stored",
                              type::kHandoff);
                        convs_.erase(id);
                        if (auto it = conns_.find(conn); it != conns_.end())
                          it->second.conversation_id.clear();
                        return;
                      }
                      outbox_.Send(conn, type::kCreated,
                                   {{"conversation_id", id},
                                    {"token", token},
                                    {"queue", conv->c.queue},
                                    {"language", conv->c.language},
                                    {"state", StateName(conv->c.state)}});
                      if (!unavailable.empty()) {
                        outbox_.Send(conn, type::kUnavailable,
                                     {{"conversation_id", id},
                                      {"reason", unavailable},
                                      {"queue", conv->c.queue},
                                      {"options", json::array({"callback", "message"})}});
                      }
                      conv->ready = true;
                      dirty_ = true;
                    }));
}

void Hub::OnResume(ConnId conn, const json& b) {
  Conn& cn = conns_[conn];
  std::string id = b["conversation_id"].get<std::string>();
  if (!cn.conversation_id.empty() && cn.conversation_id != id) {
    return Error(conn, code::kInvalidState, "this connection has another conversation",
                 type::kResume);
  }
  Conv* conv = FindConv(id);
  Conversation stored;
  if (!conv) {
    auto found = repo_.FindConversation(id);
    if (!found.ok()) return Error(conn, code::kInternal, "storage error", type::kResume);
    if (!found.value()) {
      return Error(conn, code::kUnauthenticated, "unknown conversation or wrong token",
                   type::kResume);
    }
    stored = *found.value();
  }
  const Conversation& c = conv ? conv->c : stored;
  if (!TokenMatches(b["token"].get<std::string>(), c.token_hash)) {
    return Error(conn, code::kUnauthenticated, "unknown conversation or wrong token",
                 type::kResume);
  }
  // Read before attaching: a replay that storage cannot give is an error
  // (the visitor retries), never an empty replay followed by "up to date".
  int64_t last_seq = b.value("last_seq", int64_t{0});
  auto missed = repo_.MessagesAfter(id, last_seq, kReplayLimit);
  if (!missed.ok()) return StorageError(conn, type::kResume, id);
  if (!conv) {
    conv = &convs_[id];
    conv->c = stored;
    conv->ready = true;
  }
  conv->visitors.insert(conn);
  conv->visitor_gone_since = 0;
  conv->last_position_sent = -1;
  cn.conversation_id = id;

  int64_t high = last_seq;
  for (const Message& m : missed.value()) {
    high = std::max(high, m.seq);
    if (m.author == AuthorKind::kNote) continue;
    json j = MessageJson(m);
    j["replay"] = true;
    outbox_.Send(conn, type::kMessageCreated, j);
  }
  json agent = nullptr;
  if (conv->c.state == ConversationState::kAssigned) {
    if (auto a = agents_.find(conv->c.agent_id); a != agents_.end()) {
      agent = {{"display_name", a->second.agent.display_name}};
    }
    SendToAgent(conv->c.agent_id, type::kPresence,
                {{"conversation_id", id}, {"visitor_online", true}});
  }
  outbox_.Send(conn, type::kState,
               {{"conversation_id", id},
                {"state", StateName(conv->c.state)},
                {"queue", conv->c.queue},
                {"language", conv->c.language},
                {"last_seq", high},
                {"more", static_cast<int>(missed.value().size()) == kReplayLimit},
                {"agent", agent}});
  dirty_ = true;
}

void Hub::OnVisitorMessage(ConnId conn, const json& b) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv) {
    return Error(conn, code::kInvalidState,
                 "no conversation: send conversation.handoff or conversation.resume first",
                 type::kMessageCreate);
  }
  if (conv->c.state != ConversationState::kQueued &&
      conv->c.state != ConversationState::kAssigned) {
    return Error(conn, code::kInvalidState,
                 "the conversation is " + std::string(StateName(conv->c.state)),
                 type::kMessageCreate);
  }
  Message m;
  m.conversation_id = conv->c.id;
  m.client_id = b["client_id"].get<std::string>();
  m.author = AuthorKind::kVisitor;
  m.text = b["text"].get<std::string>();
  m.created_ms = clock_.NowMs();
  AppendAndBroadcast(conn, std::move(m));
}

void Hub::OnTyping(ConnId conn, const json& b) {
  const Conn& cn = conns_[conn];
  bool active = b["active"].get<bool>();
  if (cn.role == protocol::Role::kVisitor) {
    Conv* conv = FindConv(cn.conversation_id);
    if (conv && conv->c.state == ConversationState::kAssigned) {
      SendToAgent(conv->c.agent_id, type::kTyping,
                  {{"conversation_id", conv->c.id}, {"from", "visitor"}, {"active", active}});
    }
    return;
  }
  Conv* conv = FindConv(b["conversation_id"].get<std::string>());
  if (conv && conv->c.state == ConversationState::kAssigned && conv->c.agent_id == cn.agent_id) {
    SendToVisitors(*conv, type::kTyping,
                   {{"conversation_id", conv->c.id}, {"from", "agent"}, {"active", active}});
  }
}

void Hub::OnLeave(ConnId conn) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv || IsTerminal(conv->c.state)) {
    return Error(conn, code::kInvalidState, "no open conversation", type::kLeave);
  }
  bool assigned = conv->c.state == ConversationState::kAssigned;
  FinishConversation(*conv, assigned ? ConversationState::kClosed : ConversationState::kAbandoned,
                     "visitor_left", "visitor", "");
}

void Hub::OnFollowUpRequest(ConnId conn, const json& b) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv ||
      (conv->c.state != ConversationState::kBot && conv->c.state != ConversationState::kQueued)) {
    return Error(conn, code::kInvalidState,
                 "a callback or message can be left only while waiting or when unavailable",
                 type::kFollowUpRequest);
  }
  FollowUp f;
  f.kind = b["kind"].get<std::string>();
  f.name = b.value("name", "");
  f.phone = b.value("phone", "");
  f.preferred_time = b.value("preferred_time", "");
  f.contact = b.value("contact", "");
  f.text = b.value("text", "");
  if (f.kind != "callback" && f.kind != "message") {
    return Error(conn, code::kInvalidField, "kind: \"callback\" or \"message\"",
                 type::kFollowUpRequest);
  }
  if (f.kind == "callback" && f.phone.empty()) {
    return Error(conn, code::kMissingField, "phone: required for a callback",
                 type::kFollowUpRequest);
  }
  if (f.kind == "message" && f.text.empty()) {
    return Error(conn, code::kMissingField, "text: required for a message", type::kFollowUpRequest);
  }
  TimeMs now = clock_.NowMs();
  f.conversation_id = conv->c.id;
  f.queue = conv->c.queue;
  f.language = conv->c.language;
  f.created_ms = now;
  if (conv->offered_to) RevokeOffer(*conv, false);
  conv->c.state = f.kind == "callback" ? ConversationState::kCallbackRequested
                                       : ConversationState::kMessageLeft;
  conv->c.closed_ms = conv->c.updated_ms = now;
  dirty_ = true;
  std::string id = conv->c.id;
  repo_.InsertFollowUp(
      f, OnHub<Result<int64_t>>([this, conn, f](Result<int64_t> r) mutable {
        if (!r.ok()) {
          return Error(conn, code::kInternal, "the request could not be stored",
                       type::kFollowUpRequest);
        }
        f.id = r.value();
        outbox_.Send(conn, type::kFollowUpCreated,
                     {{"conversation_id", f.conversation_id}, {"id", f.id}, {"kind", f.kind}});
        SendToQueueAgents(f.queue, type::kFollowUpCreated, FollowUpJson(f));
      }));
  Persist(conv->c, "followup.request", "visitor", "", {{"kind", f.kind}}, nullptr);
}

void Hub::OnSurvey(ConnId conn, const json& b) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv || conv->c.state != ConversationState::kClosed) {
    return Error(conn, code::kInvalidState, "a survey follows a closed conversation",
                 type::kSurveySubmit);
  }
  Survey s{conv->c.id, static_cast<int>(b["rating"].get<int64_t>()), b.value("comment", ""),
           clock_.NowMs()};
  std::string id = conv->c.id;
  repo_.InsertSurvey(s, OnHub<Status>([this, conn, id](Status st) {
                       if (st.code() == StatusCode::kAlreadyExists) {
                         return Error(conn, code::kInvalidState, "a survey was already submitted",
                                      type::kSurveySubmit);
                       }
                       if (!st.ok())
                         return Error(conn, code::kInternal, "storage error", type::kSurveySubmit);
                       outbox_.Send(conn, type::kSurveySubmitted, {{"conversation_id", id}});
                     }));
}

}  // namespace relais::server
