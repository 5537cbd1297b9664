// The domain: construction, recovery, connections, frame dispatch and the
// shared machinery (persist-then-notify, broadcast, JSON views). The
// concurrency model is at the top of relais/server/hub.h: single-threaded,
// durable before told.
#include "relais/server/hub.h"

#include <algorithm>
#include <iostream>
#include <limits>
#include <variant>

namespace relais::server {

using nlohmann::json;
using In = vocabulary::ClientFrame;
using Out = vocabulary::ServerFrame;
using vocabulary::ErrorCode;
using vocabulary::ServerFrame;

namespace {
constexpr int kSuggestionsShown = 3;    // with a conversation
constexpr int kSearchResultsShown = 5;  // for an agent's search

json SuggestionsJson(const std::vector<Suggestion>& suggestions) {
  json out = json::array();
  for (const Suggestion& s : suggestions) {
    out.push_back({{"id", s.id}, {"title", s.title}, {"text", s.text}, {"score", s.score}});
  }
  return out;
}
}  // namespace

Hub::Hub(const Config& config, Repository& repo, const Clock& clock, Outbox& outbox, Post post)
    : config_(config),
      repo_(repo),
      clock_(clock),
      outbox_(outbox),
      post_(std::move(post)),
      handoff_rate_(config.limits.new_conversations_per_ip_per_minute, 60 * 1000, 50000),
      alive_(std::make_shared<bool>(true)) {
  for (const auto& q : config_.queues) {
    queue_stats_[q.id].id = q.id;
    queues_open_.push_back(q.hours.IsOpen(clock_.NowMs()));
  }
}

Hub::~Hub() { *alive_ = false; }

Status Hub::Recover() {
  auto open = repo_.OpenConversations();
  if (!open.ok()) return open.status();
  TimeMs now = clock_.NowMs();
  for (Conversation& c : open.value()) {
    if (c.state == ConversationState::kTransferred) c.state = ConversationState::kQueued;
    if (!config_.FindQueue(c.queue)) c.queue = ChooseQueue(config_, "", c.language)->id;
    Conv& conv = convs_[c.id];
    conv.ready = true;
    conv.visitor_gone_since = now;
    if (c.state == ConversationState::kAssigned && c.agent_id != 0) {
      auto agent = repo_.FindAgentById(c.agent_id);
      if (!agent.ok()) return agent.status();
      // The agent may have been disabled, or moved to other queues, languages
      // or skills, since: then the conversation waits for someone eligible.
      if (agent.value() && Eligible(*agent.value(), c)) {
        AgentLive& a = agents_[c.agent_id];
        a.agent = *agent.value();
        a.assigned.insert(c.id);
      } else {
        c.state = ConversationState::kQueued;
        c.agent_id = 0;
      }
    }
    conv.c = std::move(c);
  }
  dirty_ = true;
  return Status::Ok();
}

// ---------------------------------------------------------------- connections

void Hub::VisitorConnected(ConnId conn, const std::string& ip) {
  conns_[conn] = Conn{vocabulary::Role::kVisitor, "", 0, ip};
  outbox_.Send(conn, Out::kHello,
               {{"role", "visitor"},
                {"protocol", protocol::kVersion},
                {"limits", {{"max_message_bytes", config_.limits.max_message_bytes}}}});
}

void Hub::Disconnected(ConnId conn) {
  auto it = conns_.find(conn);
  if (it == conns_.end()) return;
  Conn cn = std::move(it->second);
  conns_.erase(it);
  TimeMs now = clock_.NowMs();
  if (cn.role == vocabulary::Role::kVisitor) {
    Conv* conv = FindConv(cn.conversation_id);
    if (!conv) return;
    conv->visitors.erase(conn);
    if (!conv->visitors.empty()) return;
    if (IsTerminal(conv->c.state)) {
      convs_.erase(cn.conversation_id);
      return;
    }
    conv->visitor_gone_since = now;
    if (conv->c.state == ConversationState::kAssigned) {
      SendToAgent(conv->c.agent_id, Out::kPresence,
                  {{"conversation_id", conv->c.id}, {"visitor_online", false}});
    }
    return;
  }
  auto ag = agents_.find(cn.agent_id);
  if (ag == agents_.end()) return;
  AgentLive& a = ag->second;
  a.conns.erase(conn);
  if (a.conns.empty()) {
    a.status = AgentStatus::kOffline;
    if (Conv* offered = FindConv(a.pending_offer)) RevokeOffer(*offered, false);
    a.pending_offer.clear();
    dirty_ = true;
  }
  Settle();
}

void Hub::Handle(ConnId conn, const Command& command) {
  if (!conns_.contains(conn)) return;
  std::visit([this, conn](const auto& c) { On(conn, c); }, command);
  Settle();
}

void Hub::On(ConnId conn, const command::Ping&) { outbox_.Send(conn, Out::kPong, json::object()); }

// ---------------------------------------------------------------- machinery

void Hub::Error(ConnId conn, ErrorCode c, const std::string& message, std::string_view request_type,
                std::string_view field) {
  json data = {{"code", vocabulary::Name(c)}, {"message", message}};
  if (!request_type.empty()) data["request_type"] = request_type;
  if (!field.empty()) data["field"] = field;
  outbox_.Send(conn, Out::kError, data);
}

void Hub::StorageError(ConnId conn, std::string_view request_type,
                       const std::string& conversation_id) {
  json data = {{"code", vocabulary::Name(ErrorCode::kInternal)},
               {"message", "storage error: the conversation could not be read; try again later"},
               {"conversation_id", conversation_id}};
  if (!request_type.empty()) data["request_type"] = request_type;
  outbox_.Send(conn, Out::kError, data);
}

bool Hub::Eligible(const Agent& agent, const Conversation& c) const {
  return IsEligible(agent, c, config_.FindQueue(c.queue));
}

void Hub::Persist(const Conversation& c, vocabulary::EventKind action,
                  const std::string& actor_kind, const std::string& actor_id, json detail,
                  std::function<void(Status)> then) {
  auto failed = std::make_shared<Status>();
  repo_.UpdateConversation(c, [failed](Status s) {
    if (!s.ok()) *failed = s;
  });
  const std::string name(vocabulary::Name(action));
  AuditEvent ev{clock_.NowMs(), actor_kind, actor_id, name, c.id, detail.dump()};
  if (!then) {
    repo_.AppendAudit(std::move(ev), [failed, logged = Logged(name)](Status s) {
      logged(failed->ok() ? s : *failed);
    });
    return;
  }
  repo_.AppendAudit(std::move(ev), OnHub<Status>([failed, then = std::move(then)](Status s) {
                      then(failed->ok() ? s : *failed);
                    }));
}

void Hub::Audit(vocabulary::EventKind action, const std::string& actor_kind,
                const std::string& actor_id, const std::string& conversation_id,
                const json& detail) {
  repo_.AppendAudit({clock_.NowMs(), actor_kind, actor_id, std::string(vocabulary::Name(action)),
                     conversation_id, detail.dump()},
                    Logged("audit"));
}

Repository::Done Hub::Logged(std::string what) {
  return [what = std::move(what)](Status s) {
    if (!s.ok()) std::cerr << "relais-server: storage: " << what << ": " << s.message() << "\n";
  };
}

void Hub::AppendAndBroadcast(ConnId sender, Message m) {
  Message copy = m;
  int64_t sender_agent = conns_[sender].agent_id;
  repo_.AppendMessage(
      std::move(m), OnHub<Result<Appended>>([this, sender, sender_agent, copy](Result<Appended> r) {
        if (!r.ok()) {
          return Error(sender, ErrorCode::kInternal, "the message could not be stored",
                       In::kMessageCreate);
        }
        const Appended& a = r.value();
        outbox_.Send(sender, Out::kMessageAck,
                     {{"conversation_id", copy.conversation_id},
                      {"client_id", copy.client_id},
                      {"seq", a.seq},
                      {"duplicate", a.duplicate}});
        if (a.duplicate) return;
        ++messages_;
        Message full = copy;
        full.seq = a.seq;
        full.created_ms = a.created_ms;
        Conv* conv = FindConv(copy.conversation_id);
        if (!conv) return;
        std::vector<ConnId> recipients;
        if (full.author != AuthorKind::kNote) {
          recipients.assign(conv->visitors.begin(), conv->visitors.end());
        }
        const auto add_agent = [&](int64_t agent_id) {
          auto it = agents_.find(agent_id);
          if (it != agents_.end()) {
            recipients.insert(recipients.end(), it->second.conns.begin(), it->second.conns.end());
          }
        };
        if (conv->c.state == ConversationState::kAssigned && conv->c.agent_id) {
          add_agent(conv->c.agent_id);
        }
        if (sender_agent && sender_agent != conv->c.agent_id) add_agent(sender_agent);
        outbox_.SendToEach(recipients, Out::kMessageCreated, MessageJson(full));
      }));
}

void Hub::FinishConversation(Conv& conv, ConversationState state, vocabulary::CloseOutcome how,
                             const std::string& actor_kind, const std::string& actor_id) {
  const std::string outcome(vocabulary::Name(how));
  TimeMs now = clock_.NowMs();
  if (conv.offered_to) RevokeOffer(conv, false);
  bool was_assigned = conv.c.state == ConversationState::kAssigned;
  int64_t agent = was_assigned ? conv.c.agent_id : 0;
  conv.c.state = state;
  conv.c.outcome = outcome;
  conv.c.closed_ms = conv.c.updated_ms = now;
  if (agent) {
    handle_times_[conv.c.queue].Add(static_cast<double>(now - conv.c.assigned_ms) / 1000.0);
    ReleaseAgent(agent, conv.c.id);
  }
  dirty_ = true;
  std::string id = conv.c.id;
  const auto event = state == ConversationState::kClosed
                         ? vocabulary::EventKind::kConversationClosed
                         : vocabulary::EventKind::kConversationAbandoned;
  Persist(conv.c, event, actor_kind, actor_id, {{"outcome", outcome}},
          [this, id, agent, state, outcome](Status s) {
            Conv* conv = FindConv(id);
            json data = {{"conversation_id", id},
                         {"state", vocabulary::Name(state)},
                         {"outcome", outcome},
                         {"survey", state == ConversationState::kClosed}};
            if (conv) SendToVisitors(*conv, Out::kConversationClosed, data);
            if (agent) SendToAgent(agent, Out::kConversationClosed, data);
            if (conv && conv->visitors.empty()) convs_.erase(id);
          });
}

void Hub::SendToVisitors(const Conv& conv, ServerFrame t, const json& data) {
  for (ConnId c : conv.visitors) outbox_.Send(c, t, data);
}

void Hub::SendToAgent(int64_t agent_id, ServerFrame t, const json& data) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end()) return;
  for (ConnId c : it->second.conns) outbox_.Send(c, t, data);
}

void Hub::SendToQueueAgents(const std::string& queue, ServerFrame t, const json& data) {
  for (const auto& [id, a] : agents_) {
    if (HasQueue(a, queue)) {
      for (ConnId c : a.conns) outbox_.Send(c, t, data);
    }
  }
}

json Hub::FollowUpJson(const FollowUp& f) {
  return {{"id", f.id},
          {"conversation_id", f.conversation_id},
          {"kind", vocabulary::Name(f.kind)},
          {"name", f.name},
          {"phone", f.phone},
          {"preferred_time", f.preferred_time},
          {"contact", f.contact},
          {"text", f.text},
          {"queue", f.queue},
          {"language", f.language},
          {"created_at", f.created_ms}};
}

json Hub::MessageJson(const Message& m) const {
  return {{"conversation_id", m.conversation_id},
          {"seq", m.seq},
          {"client_id", m.client_id},
          {"author", vocabulary::Name(m.author)},
          {"author_name", m.author_name},
          {"text", m.text},
          {"created_at", m.created_ms}};
}

json Hub::Summary(const Conv& conv) const {
  const Conversation& c = conv.c;
  json entities = json::parse(c.entities_json, nullptr, false);
  return {{"conversation_id", c.id},
          {"state", vocabulary::Name(c.state)},
          {"queue", c.queue},
          {"language", c.language},
          {"priority", vocabulary::Name(c.priority)},
          {"reason", c.reason},
          {"skill", c.skill},
          {"page_url", c.page_url},
          {"entities", entities.is_discarded() ? json::object() : entities},
          {"queued_at", c.queued_ms},
          {"waiting_ms", c.state == ConversationState::kQueued ? clock_.NowMs() - c.queued_ms : 0},
          {"agent_id", c.agent_id}};
}

Result<json> Hub::Detail(const Conversation& c, int64_t before_seq) const {
  const bool last_page = before_seq <= 0;
  // One more than a page: tells whether older messages exist.
  auto read = repo_.MessagesBefore(
      c.id, last_page ? std::numeric_limits<int64_t>::max() : before_seq, kDetailPageMessages + 1);
  if (!read.ok()) return read.status();
  std::vector<Message>& page = read.value();
  size_t keep = 0;
  size_t bytes = 0;
  for (auto it = page.rbegin(); it != page.rend() && keep < kDetailPageMessages; ++it) {
    bytes += it->text.size() + it->author_name.size() + it->client_id.size();
    if (keep > 0 && bytes > kDetailPageBytes) break;
    ++keep;
  }
  const bool more = page.size() > keep;
  page.erase(page.begin(), page.end() - static_cast<std::ptrdiff_t>(keep));

  Conv tmp;
  tmp.c = c;
  json out = Summary(tmp);
  out["created_at"] = c.created_ms;
  out["assigned_at"] = c.assigned_ms;
  out["outcome"] = c.outcome;
  json messages = json::array();
  for (const Message& m : page) messages.push_back(MessageJson(m));
  out["messages"] = std::move(messages);
  out["more"] = more;
  out["first_seq"] = page.empty() ? 0 : page.front().seq;
  if (!last_page) out["before_seq"] = before_seq;
  out["suggestions"] = suggestions_ && last_page
                           ? SuggestionsJson(suggestions_->Suggest(c, page, kSuggestionsShown))
                           : json::array();
  return out;
}

void Hub::On(ConnId conn, const command::KbSearch& c) {
  AgentLive* a = AgentOf(conn);
  if (!a) return;
  if (!suggestions_) {
    return Error(conn, ErrorCode::kUnavailable, "no knowledge base is loaded (--kb)", c.kFrame);
  }
  std::string language = !c.language.empty()          ? c.language
                         : a->agent.languages.empty() ? std::string("fr")
                                                      : a->agent.languages[0];
  outbox_.Send(
      conn, Out::kKbResults,
      {{"query", c.query},
       {"language", language},
       {"conversation_id", c.conversation_id},  // echoed for the console
       {"results", SuggestionsJson(suggestions_->Search(c.query, language, kSearchResultsShown))}});
}

Hub::Conv* Hub::FindConv(const std::string& id) {
  if (id.empty()) return nullptr;
  auto it = convs_.find(id);
  return it == convs_.end() ? nullptr : &it->second;
}

Hub::AgentLive* Hub::AgentOf(ConnId conn) {
  auto it = conns_.find(conn);
  if (it == conns_.end() || it->second.role != vocabulary::Role::kAgent) return nullptr;
  auto a = agents_.find(it->second.agent_id);
  return a == agents_.end() ? nullptr : &a->second;
}

bool Hub::HasQueue(const AgentLive& a, const std::string& queue) const {
  return std::find(a.agent.queues.begin(), a.agent.queues.end(), queue) != a.agent.queues.end();
}

std::vector<int64_t> Hub::ConnectedAgents() const {
  std::vector<int64_t> out;
  for (const auto& [id, a] : agents_) {
    if (!a.conns.empty()) out.push_back(id);
  }
  return out;
}

HubStats Hub::Stats() const {
  HubStats s;
  s.handoffs = handoffs_;
  s.messages = messages_;
  for (const auto& [id, c] : conns_) {
    (c.role == vocabulary::Role::kVisitor ? s.visitor_connections : s.agent_connections)++;
  }
  for (const auto& [id, a] : agents_) {
    if (a.status == AgentStatus::kAvailable && !a.conns.empty()) ++s.agents_available;
  }
  std::map<std::string, QueueStats> per = queue_stats_;
  TimeMs now = clock_.NowMs();
  for (const auto& [id, conv] : convs_) {
    if (!IsTerminal(conv.c.state)) ++s.conversations_open;
    if (conv.c.state != ConversationState::kQueued) continue;
    QueueStats& q = per[conv.c.queue];
    q.id = conv.c.queue;
    ++q.waiting;
    q.oldest_wait_ms = std::max(q.oldest_wait_ms, now - conv.c.queued_ms);
  }
  for (auto& [id, q] : per) s.queues.push_back(q);
  return s;
}

}  // namespace relais::server
