// The domain, visitor side: hand-off, resume and replay, messages, typing,
// leaving, follow-up requests and surveys. Same single-thread model as hub.h.
#include "relais/server/auth.h"
#include "relais/server/hub.h"

namespace relais::server {

using nlohmann::json;
using In = vocabulary::ClientFrame;
using Out = vocabulary::ServerFrame;
using vocabulary::ErrorCode;

namespace {
constexpr int kReplayLimit = 1000;
}  // namespace

// ---------------------------------------------------------------- visitor side

void Hub::On(ConnId conn, const command::Handoff& b) {
  Conn& cn = conns_[conn];
  if (Conv* current = FindConv(cn.conversation_id)) {
    if (!IsTerminal(current->c.state)) {
      return Error(conn, ErrorCode::kInvalidState,
                   "this connection already has an open conversation", In::kConversationHandoff);
    }
    // A new hand-off after the previous conversation ended: detach from it.
    current->visitors.erase(conn);
    if (current->visitors.empty()) convs_.erase(cn.conversation_id);
  }
  cn.conversation_id.clear();
  TimeMs now = clock_.NowMs();
  if (handoff_rate_.Take(cn.ip, now) > 0) {
    return Error(conn, ErrorCode::kRateLimited,
                 "too many new conversations from this address; try again in a minute",
                 In::kConversationHandoff);
  }

  Conversation c;
  c.language = ServedLanguage(config_, b.visitor_languages, b.language);
  const QueueConfig* queue = ChooseQueue(config_, b.queue, c.language);
  if (!queue) {
    return Error(conn, ErrorCode::kInvalidField, "queue: unknown queue \"" + b.queue + "\"",
                 b.kFrame, "queue");
  }
  c.id = RandomToken(16);
  std::string token = RandomToken(32);
  c.token_hash = HashToken(token);
  c.queue = queue->id;
  c.priority = b.priority;
  c.skill = b.skill;
  c.reason = std::string(vocabulary::Name(b.reason));
  c.page_url = b.page_url;
  c.entities_json = b.entities_json;
  c.visitor_ip = cn.ip;
  c.created_ms = c.updated_ms = now;

  int waiting = 0;
  for (const auto& [id, other] : convs_) {
    if (other.c.state == ConversationState::kQueued && other.c.queue == queue->id) ++waiting;
  }
  const auto why = Unavailable(*queue, now, waiting);
  const std::string unavailable = why ? std::string(vocabulary::Name(*why)) : "";
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
  for (size_t i = 0; i < b.transcript.size(); ++i) {
    Message m;
    m.conversation_id = c.id;
    m.client_id = "transcript-" + std::to_string(i);
    m.author = b.transcript[i].author;
    m.author_name = m.author == AuthorKind::kBot ? "Relais" : "";
    m.text = b.transcript[i].text;
    m.created_ms = now;
    repo_.AppendMessage(std::move(m), [failed](Result<Appended> r) {
      if (!r.ok()) *failed = r.status();
    });
  }
  AuditEvent ev{now,
                "visitor",
                "",
                std::string(vocabulary::Name(vocabulary::EventKind::kConversationHandoff)),
                c.id,
                json{{"queue", c.queue},
                     {"priority", vocabulary::Name(c.priority)},
                     {"reason", c.reason},
                     {"unavailable", unavailable}}
                    .dump()};
  std::string id = c.id;
  repo_.AppendAudit(ev, OnHub<Status>([this, conn, id, token, unavailable, failed](Status s) {
                      Conv* conv = FindConv(id);
                      if (!conv) return;
                      if (!s.ok() || !failed->ok()) {
                        Error(conn, ErrorCode::kInternal, "the conversation could not be stored",
                              In::kConversationHandoff);
                        convs_.erase(id);
                        if (auto it = conns_.find(conn); it != conns_.end())
                          it->second.conversation_id.clear();
                        return;
                      }
                      outbox_.Send(conn, Out::kConversationCreated,
                                   {{"conversation_id", id},
                                    {"token", token},
                                    {"queue", conv->c.queue},
                                    {"language", conv->c.language},
                                    {"state", vocabulary::Name(conv->c.state)}});
                      if (!unavailable.empty()) {
                        outbox_.Send(conn, Out::kConversationUnavailable,
                                     {{"conversation_id", id},
                                      {"reason", unavailable},
                                      {"queue", conv->c.queue},
                                      {"options", vocabulary::kFollowUpKindNames}});
                      }
                      conv->ready = true;
                      dirty_ = true;
                    }));
}

void Hub::On(ConnId conn, const command::Resume& b) {
  Conn& cn = conns_[conn];
  const std::string& id = b.conversation_id;
  if (!cn.conversation_id.empty() && cn.conversation_id != id) {
    return Error(conn, ErrorCode::kInvalidState, "this connection has another conversation",
                 In::kConversationResume);
  }
  Conv* conv = FindConv(id);
  Conversation stored;
  if (!conv) {
    auto found = repo_.FindConversation(id);
    if (!found.ok())
      return Error(conn, ErrorCode::kInternal, "storage error", In::kConversationResume);
    if (!found.value()) {
      return Error(conn, ErrorCode::kUnauthenticated, "unknown conversation or wrong token",
                   In::kConversationResume);
    }
    stored = *found.value();
  }
  const Conversation& c = conv ? conv->c : stored;
  if (!TokenMatches(b.token, c.token_hash)) {
    return Error(conn, ErrorCode::kUnauthenticated, "unknown conversation or wrong token",
                 In::kConversationResume);
  }
  // Read before attaching: a replay that storage cannot give is an error
  // (the visitor retries), never an empty replay followed by "up to date".
  const int64_t last_seq = b.last_seq;
  auto missed = repo_.MessagesAfter(id, last_seq, kReplayLimit);
  if (!missed.ok()) return StorageError(conn, vocabulary::Name(b.kFrame), id);
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
    outbox_.Send(conn, Out::kMessageCreated, j);
  }
  json agent = nullptr;
  if (conv->c.state == ConversationState::kAssigned) {
    if (auto a = agents_.find(conv->c.agent_id); a != agents_.end()) {
      agent = {{"display_name", a->second.agent.display_name}};
    }
    SendToAgent(conv->c.agent_id, Out::kPresence,
                {{"conversation_id", id}, {"visitor_online", true}});
  }
  outbox_.Send(conn, Out::kConversationState,
               {{"conversation_id", id},
                {"state", vocabulary::Name(conv->c.state)},
                {"queue", conv->c.queue},
                {"language", conv->c.language},
                {"last_seq", high},
                {"more", static_cast<int>(missed.value().size()) == kReplayLimit},
                {"agent", agent}});
  dirty_ = true;
}

void Hub::On(ConnId conn, const command::MessageCreate& b) {
  if (conns_[conn].role != vocabulary::Role::kVisitor) {
    return AgentWrites(conn, AuthorKind::kAgent, b.kFrame, b.conversation_id, b.client_id, b.text);
  }
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv) {
    return Error(conn, ErrorCode::kInvalidState,
                 "no conversation: send conversation.handoff or conversation.resume first",
                 In::kMessageCreate);
  }
  if (conv->c.state != ConversationState::kQueued &&
      conv->c.state != ConversationState::kAssigned) {
    return Error(conn, ErrorCode::kInvalidState,
                 "the conversation is " + std::string(vocabulary::Name(conv->c.state)),
                 In::kMessageCreate);
  }
  Message m;
  m.conversation_id = conv->c.id;
  m.client_id = b.client_id;
  m.author = AuthorKind::kVisitor;
  m.text = b.text;
  m.created_ms = clock_.NowMs();
  AppendAndBroadcast(conn, std::move(m));
}

void Hub::On(ConnId conn, const command::Typing& b) {
  const Conn& cn = conns_[conn];
  const bool active = b.active;
  if (cn.role == vocabulary::Role::kVisitor) {
    Conv* conv = FindConv(cn.conversation_id);
    if (conv && conv->c.state == ConversationState::kAssigned) {
      SendToAgent(conv->c.agent_id, Out::kTyping,
                  {{"conversation_id", conv->c.id}, {"from", "visitor"}, {"active", active}});
    }
    return;
  }
  Conv* conv = FindConv(b.conversation_id);
  if (conv && conv->c.state == ConversationState::kAssigned && conv->c.agent_id == cn.agent_id) {
    SendToVisitors(*conv, Out::kTyping,
                   {{"conversation_id", conv->c.id}, {"from", "agent"}, {"active", active}});
  }
}

void Hub::On(ConnId conn, const command::Leave&) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv || IsTerminal(conv->c.state)) {
    return Error(conn, ErrorCode::kInvalidState, "no open conversation", In::kConversationLeave);
  }
  bool assigned = conv->c.state == ConversationState::kAssigned;
  FinishConversation(*conv, assigned ? ConversationState::kClosed : ConversationState::kAbandoned,
                     vocabulary::CloseOutcome::kVisitorLeft, "visitor", "");
}

void Hub::On(ConnId conn, const command::FollowUpRequest& b) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv ||
      (conv->c.state != ConversationState::kBot && conv->c.state != ConversationState::kQueued)) {
    return Error(conn, ErrorCode::kInvalidState,
                 "a callback or message can be left only while waiting or when unavailable",
                 In::kFollowupRequest);
  }
  FollowUp f;
  f.kind = b.kind;
  f.name = b.name;
  f.phone = b.phone;
  f.preferred_time = b.preferred_time;
  f.contact = b.contact;
  f.text = b.text;
  TimeMs now = clock_.NowMs();
  f.conversation_id = conv->c.id;
  f.queue = conv->c.queue;
  f.language = conv->c.language;
  f.created_ms = now;
  if (conv->offered_to) RevokeOffer(*conv, false);
  conv->c.state = b.kind == FollowUpKind::kCallback ? ConversationState::kCallbackRequested
                                                    : ConversationState::kMessageLeft;
  conv->c.closed_ms = conv->c.updated_ms = now;
  dirty_ = true;
  std::string id = conv->c.id;
  repo_.InsertFollowUp(f, OnHub<Result<int64_t>>([this, conn, f](Result<int64_t> r) mutable {
                         if (!r.ok()) {
                           return Error(conn, ErrorCode::kInternal,
                                        "the request could not be stored", In::kFollowupRequest);
                         }
                         f.id = r.value();
                         outbox_.Send(conn, Out::kFollowupCreated,
                                      {{"conversation_id", f.conversation_id},
                                       {"id", f.id},
                                       {"kind", vocabulary::Name(f.kind)}});
                         SendToQueueAgents(f.queue, Out::kFollowupCreated, FollowUpJson(f));
                       }));
  Persist(conv->c, vocabulary::EventKind::kFollowupRequest, "visitor", "",
          {{"kind", vocabulary::Name(f.kind)}}, nullptr);
}

void Hub::On(ConnId conn, const command::SurveySubmit& b) {
  Conv* conv = FindConv(conns_[conn].conversation_id);
  if (!conv || conv->c.state != ConversationState::kClosed) {
    return Error(conn, ErrorCode::kInvalidState, "a survey follows a closed conversation",
                 In::kSurveySubmit);
  }
  Survey s{conv->c.id, b.rating, b.comment, clock_.NowMs()};
  std::string id = conv->c.id;
  repo_.InsertSurvey(s, OnHub<Status>([this, conn, id](Status st) {
                       if (st.code() == StatusCode::kAlreadyExists) {
                         return Error(conn, ErrorCode::kInvalidState,
                                      "a survey was already submitted", In::kSurveySubmit);
                       }
                       if (!st.ok())
                         return Error(conn, ErrorCode::kInternal, "storage error",
                                      In::kSurveySubmit);
                       outbox_.Send(conn, Out::kSurveySubmitted, {{"conversation_id", id}});
                     }));
}

}  // namespace relais::server
