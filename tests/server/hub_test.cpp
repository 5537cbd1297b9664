// Domain tests: the Hub with real SQLite storage in a temp dir, a recording
// Outbox and a manual clock. Storage completions are posted to a queue that
// the test drains (the Hub's "thread" is the test's thread).
#include "relais/server/hub.h"

#include <catch2/catch_test_macros.hpp>
#include <deque>
#include <mutex>

#include "relais/server/auth.h"
#include "relais/server/sqlite_repository.h"
#include "test_util.h"

namespace relais::server {
namespace {

using nlohmann::json;
using protocol::Role;

constexpr TimeMs kMonday10h = 1795428000000;  // 2026-11-23 10:00 UTC (a Monday)

struct Sent {
  ConnId conn;
  std::string type;
  json data;
};

class Recorder : public Outbox {
 public:
  void Send(ConnId conn, protocol::ServerFrame type, const json& data) override {
    sent.push_back({conn, std::string(vocabulary::Name(type)), data});
  }
  void Close(ConnId conn, std::string_view) override { closed.push_back(conn); }

  std::vector<json> Of(ConnId conn, std::string_view type) const {
    std::vector<json> out;
    for (const auto& s : sent) {
      if (s.conn == conn && s.type == type) out.push_back(s.data);
    }
    return out;
  }
  size_t Count(ConnId conn, std::string_view type) const { return Of(conn, type).size(); }
  json Last(ConnId conn, std::string_view type) const {
    auto all = Of(conn, type);
    return all.empty() ? json() : all.back();
  }

  std::vector<Sent> sent;
  std::vector<ConnId> closed;
};

// Storage whose reads can be made to fail, as with a damaged file or an I/O
// error: everything goes to the real repository until `fail_reads` is set.
class FaultyReads : public Repository {
 public:
  explicit FaultyReads(std::unique_ptr<Repository> real) : real_(std::move(real)) {}

  bool fail_reads = false;

  void InsertConversation(Conversation c, Done done) override {
    real_->InsertConversation(std::move(c), std::move(done));
  }
  void UpdateConversation(Conversation c, Done done) override {
    real_->UpdateConversation(std::move(c), std::move(done));
  }
  void AppendMessage(Message m, AppendDone done) override {
    real_->AppendMessage(std::move(m), std::move(done));
  }
  void AppendAudit(AuditEvent e, Done done) override {
    real_->AppendAudit(std::move(e), std::move(done));
  }
  void InsertFollowUp(FollowUp f, std::function<void(Result<int64_t>)> done) override {
    real_->InsertFollowUp(std::move(f), std::move(done));
  }
  void CompleteFollowUp(int64_t id, int64_t agent_id, TimeMs at, Done done) override {
    real_->CompleteFollowUp(id, agent_id, at, std::move(done));
  }
  void InsertSurvey(Survey v, Done done) override {
    real_->InsertSurvey(std::move(v), std::move(done));
  }
  void PurgeClosedBefore(TimeMs before, Done done) override {
    real_->PurgeClosedBefore(before, std::move(done));
  }
  void Flush() override { real_->Flush(); }

  Result<std::optional<Conversation>> FindConversation(const std::string& id) override {
    if (fail_reads) return Broken();
    return real_->FindConversation(id);
  }
  Result<std::vector<Conversation>> OpenConversations() override {
    if (fail_reads) return Broken();
    return real_->OpenConversations();
  }
  Result<std::vector<Message>> MessagesAfter(const std::string& id, int64_t after,
                                             int limit) override {
    if (fail_reads) return Broken();
    return real_->MessagesAfter(id, after, limit);
  }
  Result<std::vector<Message>> MessagesBefore(const std::string& id, int64_t before,
                                              int limit) override {
    if (fail_reads) return Broken();
    return real_->MessagesBefore(id, before, limit);
  }
  Result<std::vector<FollowUp>> OpenFollowUps(const std::vector<std::string>& queues) override {
    if (fail_reads) return Broken();
    return real_->OpenFollowUps(queues);
  }
  Result<std::vector<AuditEvent>> AuditFor(const std::string& id) override {
    if (fail_reads) return Broken();
    return real_->AuditFor(id);
  }
  Result<int64_t> InsertAgent(const Agent& a) override { return real_->InsertAgent(a); }
  Status UpdateAgent(const Agent& a) override { return real_->UpdateAgent(a); }
  Result<std::optional<Agent>> FindAgentByEmail(const std::string& email) override {
    if (fail_reads) return Broken();
    return real_->FindAgentByEmail(email);
  }
  Result<std::optional<Agent>> FindAgentById(int64_t id) override {
    if (fail_reads) return Broken();
    return real_->FindAgentById(id);
  }
  Result<std::vector<Agent>> ListAgents() override {
    if (fail_reads) return Broken();
    return real_->ListAgents();
  }
  StorageStats Stats() const override { return real_->Stats(); }

 private:
  static Status Broken() {
    return Status::Error(StatusCode::kInternal,
                         "sqlite: messages: database disk image is malformed");
  }
  std::unique_ptr<Repository> real_;
};

Config TestConfig() {
  Config c = DemoConfig();
  c.offer_timeout_seconds = 30;
  c.agent_concurrency = 3;
  c.visitor_grace_seconds = 60;
  return c;
}

class World {
 public:
  explicit World(Config config = TestConfig()) : config_(std::move(config)), clock(kMonday10h) {
    REQUIRE(InitCrypto());
    config_.data_dir = dir_.path();
    auto r = OpenSqliteRepository(dir_.path());
    REQUIRE(r.ok());
    auto faulty = std::make_unique<FaultyReads>(std::move(r).value());
    faults = faulty.get();
    repo = std::move(faulty);
    MakeHub();
  }

  const Config& config() const { return config_; }
  ~World() {
    repo->Flush();
    hub.reset();
  }

  void MakeHub() {
    hub = std::make_unique<Hub>(config_, *repo, clock, out, [this](std::function<void()> fn) {
      std::lock_guard lock(mu_);
      tasks_.push_back(std::move(fn));
    });
    REQUIRE(hub->Recover().ok());
  }

  // Runs storage completions until nothing is pending.
  void Drain() {
    for (int round = 0; round < 100; ++round) {
      repo->Flush();
      std::deque<std::function<void()>> tasks;
      {
        std::lock_guard lock(mu_);
        tasks.swap(tasks_);
      }
      if (tasks.empty()) return;
      for (auto& t : tasks) t();
    }
    FAIL("storage completions did not settle");
  }

  Agent AddAgent(const std::string& email, std::vector<std::string> queues,
                 std::vector<std::string> languages = {"fr", "en"},
                 std::vector<std::string> skills = {}) {
    Agent a;
    a.email = email;
    a.display_name = email.substr(0, email.find('@'));
    a.password_hash = "unused";
    a.queues = std::move(queues);
    a.languages = std::move(languages);
    a.skills = std::move(skills);
    auto id = repo->InsertAgent(a);
    REQUIRE(id.ok());
    a.id = id.value();
    return a;
  }

  ConnId ConnectAgent(const Agent& a, bool available = true) {
    ConnId conn = next_conn_++;
    roles_[conn] = Role::kAgent;
    hub->AgentConnected(conn, a);
    if (available) Frame(conn, {{"type", "agent.status"}, {"status", "available"}});
    Drain();
    return conn;
  }

  ConnId ConnectVisitor() {
    ConnId conn = next_conn_++;
    roles_[conn] = Role::kVisitor;
    hub->VisitorConnected(conn, "127.0.0.1");
    return conn;
  }

  // A visitor hands off; returns its connection.
  ConnId Handoff(json body) {
    ConnId conn = ConnectVisitor();
    body["type"] = "conversation.handoff";
    if (!body.contains("language")) body["language"] = "fr";
    Frame(conn, body);
    return conn;
  }

  void Frame(ConnId conn, const json& body) {
    Command command;
    protocol::FrameError error;
    INFO(body.dump());
    REQUIRE(protocol::DecodeClientFrame(body.dump(), roles_[conn], {}, &command, &error));
    hub->Handle(conn, command);
    Drain();
  }

  std::string ConversationOf(ConnId visitor) {
    json created = out.Last(visitor, "conversation.created");
    REQUIRE(created.is_object());
    return created["conversation_id"];
  }

  // The conversation id most recently offered to this agent connection.
  std::string OfferOf(ConnId agent) {
    json offered = out.Last(agent, "conversation.offered");
    if (!offered.is_object()) return "";
    return offered["conversation"]["conversation_id"];
  }

  void Accept(ConnId agent, const std::string& id) {
    Frame(agent, {{"type", "conversation.accept"}, {"conversation_id", id}});
  }

  void Tick(TimeMs advance) {
    clock.Advance(advance);
    hub->Tick();
    Drain();
  }

 private:
  testing::TempDir dir_;
  Config config_;

 public:
  ManualClock clock;
  Recorder out;
  std::unique_ptr<Repository> repo;
  FaultyReads* faults = nullptr;  // `repo`, to make its reads fail
  std::unique_ptr<Hub> hub;

 private:
  std::mutex mu_;
  std::deque<std::function<void()>> tasks_;
  std::map<ConnId, Role> roles_;
  ConnId next_conn_ = 1;
};

TEST_CASE("hand-off carries its context to the agent who accepts") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId visitor = w.Handoff({{"queue", "general"},
                              {"reason", "asked_for_human"},
                              {"page_url", "https://example.ca/passeport"},
                              {"entities", {{"city", "Gatineau"}}},
                              {"transcript", json::array({{{"author", "visitor"}, {"text", "Q?"}},
                                                          {{"author", "bot"}, {"text", "A."}}})}});
  std::string id = w.ConversationOf(visitor);
  CHECK(w.out.Last(visitor, "conversation.created")["token"].get<std::string>().size() == 43);
  CHECK(w.out.Last(visitor, "queue.position")["position"] == 1);
  REQUIRE(w.OfferOf(agent) == id);
  w.Accept(agent, id);
  json assigned = w.out.Last(agent, "conversation.assigned");
  REQUIRE(assigned.is_object());
  CHECK(assigned["reason"] == "asked_for_human");
  CHECK(assigned["page_url"] == "https://example.ca/passeport");
  CHECK(assigned["entities"]["city"] == "Gatineau");
  CHECK(assigned["language"] == "fr");
  REQUIRE(assigned["messages"].size() == 2);
  CHECK(assigned["messages"][0]["author"] == "visitor");
  CHECK(assigned["messages"][1]["author"] == "bot");
  CHECK(w.out.Last(visitor, "agent.joined")["agent"]["display_name"] == "alice");

  // Visitor and agent talk; each message acked after commit and seen by both.
  w.Frame(visitor, {{"type", "message.create"}, {"client_id", "v1"}, {"text", "Bonjour"}});
  CHECK(w.out.Last(visitor, "message.ack")["seq"] == 3);
  CHECK(w.out.Last(agent, "message.created")["text"] == "Bonjour");
  w.Frame(agent, {{"type", "message.create"},
                  {"conversation_id", id},
                  {"client_id", "a1"},
                  {"text", "Bonjour, je peux vous aider."}});
  CHECK(w.out.Last(visitor, "message.created")["author"] == "agent");
  CHECK(w.out.Last(visitor, "message.created")["seq"] == 4);

  // A private note never reaches the visitor.
  size_t visitor_messages = w.out.Count(visitor, "message.created");
  w.Frame(agent, {{"type", "note.create"},
                  {"conversation_id", id},
                  {"client_id", "n1"},
                  {"text", "dossier 123"}});
  CHECK(w.out.Count(visitor, "message.created") == visitor_messages);
  CHECK(w.out.Last(agent, "message.created")["author"] == "note");

  // Close with an outcome; the visitor may rate.
  w.Frame(agent,
          {{"type", "conversation.close"}, {"conversation_id", id}, {"outcome", "resolved"}});
  CHECK(w.out.Last(visitor, "conversation.closed")["outcome"] == "resolved");
  w.Frame(visitor, {{"type", "survey.submit"}, {"rating", 5}, {"comment", "merci"}});
  CHECK(w.out.Count(visitor, "survey.submitted") == 1);
  w.Frame(visitor, {{"type", "survey.submit"}, {"rating", 4}});
  CHECK(w.out.Last(visitor, "error")["code"] == "invalid_state");
  auto stored = w.repo->FindConversation(id);
  CHECK(stored.value()->state == ConversationState::kClosed);
  CHECK(stored.value()->outcome == "resolved");

  // The same connection may start a new hand-off once the first is over.
  w.Frame(visitor, {{"type", "conversation.handoff"}, {"language", "en"}});
  CHECK(w.out.Of(visitor, "conversation.created").size() == 2);
  CHECK(w.ConversationOf(visitor) != id);
  w.Frame(visitor, {{"type", "conversation.handoff"}, {"language", "en"}});
  CHECK(w.out.Last(visitor, "error")["code"] == "invalid_state");
}

TEST_CASE("duplicate client ids are acknowledged once, broadcast once") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId visitor = w.Handoff({{"queue", "general"}});
  w.Accept(agent, w.OfferOf(agent));
  json m = {{"type", "message.create"}, {"client_id", "same"}, {"text", "une fois"}};
  w.Frame(visitor, m);
  w.Frame(visitor, m);
  auto acks = w.out.Of(visitor, "message.ack");
  REQUIRE(acks.size() == 2);
  CHECK(acks[0]["seq"] == acks[1]["seq"]);
  CHECK_FALSE(acks[0]["duplicate"].get<bool>());
  CHECK(acks[1]["duplicate"].get<bool>());
  CHECK(w.out.Count(agent, "message.created") == 1);
}

TEST_CASE("a visitor writing in another script reaches an agent who reads it") {
  Config config = TestConfig();
  QueueConfig punjabi = config.queues.front();
  punjabi.id = "punjabi";
  punjabi.languages = {"pa"};
  punjabi.skills = {};
  config.queues.push_back(punjabi);
  World w(config);
  Agent fr_general = w.AddAgent("fr@demo", {"general"}, {"fr"});
  Agent harpreet = w.AddAgent("pa@demo", {"punjabi"}, {"pa", "en"});
  ConnId fr = w.ConnectAgent(fr_general);
  ConnId pa = w.ConnectAgent(harpreet);
  // The page is French; the engine saw Gurmukhi.
  ConnId v =
      w.Handoff({{"language", "fr"}, {"visitor_languages", {"pa"}}, {"reason", "other_language"}});
  json created = w.out.Last(v, "conversation.created");
  CHECK(created["language"] == "pa");
  CHECK(created["queue"] == "punjabi");
  CHECK(w.OfferOf(pa) == w.ConversationOf(v));
  CHECK(w.OfferOf(fr).empty());
  // Chinese, which no queue serves: the page's language and queue.
  ConnId v2 = w.Handoff({{"language", "fr"}, {"visitor_languages", {"zh"}}});
  CHECK(w.out.Last(v2, "conversation.created")["language"] == "fr");
}

TEST_CASE("routing by language and skill") {
  World w;
  Agent en_only = w.AddAgent("en@demo", {"general", "passports"}, {"en"}, {"passports"});
  Agent fr_general = w.AddAgent("fr@demo", {"general"}, {"fr"});
  ConnId en = w.ConnectAgent(en_only);
  ConnId fr = w.ConnectAgent(fr_general);
  ConnId v1 = w.Handoff({{"queue", "general"}, {"language", "fr"}});
  CHECK(w.OfferOf(fr) == w.ConversationOf(v1));
  CHECK(w.OfferOf(en).empty());
  ConnId v2 = w.Handoff({{"queue", "passports"}, {"language", "en"}});
  CHECK(w.OfferOf(en) == w.ConversationOf(v2));
  // A French passports request: nobody has both; it waits.
  w.clock.Advance(1000);  // equal wait times would be ordered by (random) id
  ConnId v3 = w.Handoff({{"queue", "passports"}, {"language", "fr"}});
  // Behind v2, which is offered but not yet accepted (still waiting).
  CHECK(w.out.Last(v3, "queue.position")["position"] == 2);
  std::string id3 = w.ConversationOf(v3);
  for (const auto& s : w.out.sent) {
    if (s.type == "conversation.offered") CHECK(s.data["conversation"]["conversation_id"] != id3);
  }
}

TEST_CASE("agents' snapshots refresh once a second only while someone waits") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  w.Handoff({{"queue", "general"}});
  w.Accept(agent, w.OfferOf(agent));
  // One conversation, assigned, nobody waiting: time alone changes nothing.
  size_t before = w.out.Count(agent, "queue.snapshot");
  for (int i = 0; i < 5; ++i) w.Tick(1000);
  CHECK(w.out.Count(agent, "queue.snapshot") == before);

  // Someone waits (the agent stepped away):
  w.Frame(agent, {{"type", "agent.status"}, {"status", "away"}});
  ConnId second = w.Handoff({{"queue", "general"}});
  CHECK(w.out.Last(second, "queue.position")["position"] == 1);
  before = w.out.Count(agent, "queue.snapshot");
  w.Tick(1000);
  w.Tick(1000);
  CHECK(w.out.Count(agent, "queue.snapshot") == before + 2);  // the waits grow
  CHECK(w.out.Last(agent, "queue.snapshot")["queues"][0]["oldest_wait_ms"] >= 2000);
}

TEST_CASE("urgent first, then oldest; positions pushed live") {
  World w;
  ConnId a = w.Handoff({{"queue", "general"}});
  w.clock.Advance(1000);
  ConnId b = w.Handoff({{"queue", "general"}});
  w.clock.Advance(1000);
  ConnId urgent = w.Handoff({{"queue", "general"}, {"priority", "urgent"}});
  w.clock.Advance(1000);
  ConnId frustrated = w.Handoff({{"queue", "general"}, {"priority", "frustrated"}});
  CHECK(w.out.Last(urgent, "queue.position")["position"] == 1);
  CHECK(w.out.Last(frustrated, "queue.position")["position"] == 2);
  CHECK(w.out.Last(a, "queue.position")["position"] == 3);
  CHECK(w.out.Last(b, "queue.position")["position"] == 4);
  CHECK(w.out.Last(b, "queue.position")["estimated_wait_seconds"].get<int>() > 0);

  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  CHECK(w.OfferOf(agent) == w.ConversationOf(urgent));
  w.Accept(agent, w.OfferOf(agent));
  CHECK(w.OfferOf(agent) == w.ConversationOf(frustrated));
  w.Accept(agent, w.OfferOf(agent));
  CHECK(w.OfferOf(agent) == w.ConversationOf(a));
  CHECK(w.out.Last(b, "queue.position")["position"] == 2);
}

TEST_CASE("an agent never exceeds the concurrency limit") {
  Config config = TestConfig();
  config.agent_concurrency = 2;
  World w(config);
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  for (int i = 0; i < 3; ++i) w.Handoff({{"queue", "general"}});
  w.Accept(agent, w.OfferOf(agent));
  w.Accept(agent, w.OfferOf(agent));
  size_t offers = w.out.Count(agent, "conversation.offered");
  CHECK(offers == 2);
  w.Tick(1000);
  CHECK(w.out.Count(agent, "conversation.offered") == 2);
  // Closing one frees a slot: the third is offered.
  std::string first = w.out.Of(agent, "conversation.assigned")[0]["conversation_id"];
  w.Frame(agent,
          {{"type", "conversation.close"}, {"conversation_id", first}, {"outcome", "resolved"}});
  CHECK(w.out.Count(agent, "conversation.offered") == 3);
}

TEST_CASE("longest-idle eligible agent gets the offer") {
  World w;
  Agent a = w.AddAgent("a@demo", {"general"});
  Agent b = w.AddAgent("b@demo", {"general"});
  ConnId ca = w.ConnectAgent(a);
  w.clock.Advance(5000);
  ConnId cb = w.ConnectAgent(b);
  ConnId v = w.Handoff({{"queue", "general"}});
  CHECK(w.OfferOf(ca) == w.ConversationOf(v));
  CHECK(w.OfferOf(cb).empty());
}

TEST_CASE("an offer times out and goes to someone else") {
  World w;
  Agent a = w.AddAgent("a@demo", {"general"});
  Agent b = w.AddAgent("b@demo", {"general"});
  ConnId ca = w.ConnectAgent(a);
  w.clock.Advance(1000);
  ConnId cb = w.ConnectAgent(b);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  REQUIRE(w.OfferOf(ca) == id);
  w.Tick(29000);
  CHECK(w.out.Count(ca, "conversation.offer_revoked") == 0);
  CHECK(w.OfferOf(cb).empty());
  w.Tick(1000);
  CHECK(w.out.Last(ca, "conversation.offer_revoked")["reason"] == "timeout");
  CHECK(w.out.Last(ca, "agent.state")["status"] == "away");
  CHECK(w.OfferOf(cb) == id);
  // The first agent can no longer accept; the second can.
  w.Accept(ca, id);
  CHECK(w.out.Last(ca, "error")["code"] == "invalid_state");
  w.Accept(cb, id);
  CHECK(w.out.Last(cb, "conversation.assigned")["conversation_id"] == id);
}

TEST_CASE("declining re-offers to another agent") {
  World w;
  Agent a = w.AddAgent("a@demo", {"general"});
  Agent b = w.AddAgent("b@demo", {"general"});
  ConnId ca = w.ConnectAgent(a);
  w.clock.Advance(1000);
  ConnId cb = w.ConnectAgent(b);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Frame(ca, {{"type", "conversation.decline"}, {"conversation_id", id}});
  CHECK(w.OfferOf(cb) == id);
  // Declining is deliberate: unlike a missed offer it does not set the agent away.
  CHECK(w.out.Last(ca, "agent.state")["status"] == "available");
  CHECK(w.out.Last(ca, "conversation.offer_revoked")["reason"] == "withdrawn");
}

TEST_CASE("transfer to another queue with a note") {
  World w;
  Agent gen = w.AddAgent("gen@demo", {"general"});
  Agent pass = w.AddAgent("pass@demo", {"passports"}, {"fr", "en"}, {"passports"});
  ConnId cg = w.ConnectAgent(gen);
  ConnId cp = w.ConnectAgent(pass);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Accept(cg, id);
  w.Frame(cg, {{"type", "conversation.transfer"},
               {"conversation_id", id},
               {"queue", "passports"},
               {"note", "renouvellement urgent"}});
  CHECK(w.out.Last(cg, "conversation.transferred")["queue"] == "passports");
  CHECK(w.out.Last(v, "conversation.transferred")["queue"] == "passports");
  CHECK(w.out.Count(v, "agent.left") == 1);
  REQUIRE(w.OfferOf(cp) == id);
  w.Accept(cp, id);
  json detail = w.out.Last(cp, "conversation.assigned");
  CHECK(detail["queue"] == "passports");
  bool has_note = false;
  for (const auto& m : detail["messages"]) {
    if (m["author"] == "note" && m["text"] == "renouvellement urgent") has_note = true;
  }
  CHECK(has_note);
  auto audit = w.repo->AuditFor(id).value();
  bool transfer_logged = false;
  for (const auto& e : audit) transfer_logged |= e.action == "conversation.transfer";
  CHECK(transfer_logged);
}

TEST_CASE("transfer to a named agent") {
  World w;
  Agent a = w.AddAgent("a@demo", {"general"});
  Agent b = w.AddAgent("b@demo", {"general"});
  Agent c = w.AddAgent("c@demo", {"general"});
  ConnId ca = w.ConnectAgent(a);
  w.clock.Advance(1000);
  ConnId cc = w.ConnectAgent(c);
  w.clock.Advance(1000);
  ConnId cb = w.ConnectAgent(b);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Accept(ca, id);
  w.Frame(ca,
          {{"type", "conversation.transfer"}, {"conversation_id", id}, {"agent_email", "B@demo"}});
  CHECK(w.OfferOf(cb) == id);  // not c, although c was idle longer
  CHECK(w.OfferOf(cc).empty());
  w.Frame(
      ca,
      {{"type", "conversation.transfer"}, {"conversation_id", id}, {"agent_email", "nobody@demo"}});
  CHECK(w.out.Last(ca, "error")["code"] == "forbidden");  // no longer assigned to a
}

TEST_CASE("a full queue offers callback or message") {
  Config config = TestConfig();
  config.queues[0].capacity = 1;
  World w(config);
  w.Handoff({{"queue", "general"}});
  ConnId v = w.Handoff({{"queue", "general"}});
  json unavailable = w.out.Last(v, "conversation.unavailable");
  REQUIRE(unavailable.is_object());
  CHECK(unavailable["reason"] == "full");
  CHECK(w.out.Count(v, "queue.position") == 0);
  // (A callback without a phone is refused when decoded: protocol_test.)
  w.Frame(v, {{"type", "followup.request"},
              {"kind", "callback"},
              {"phone", "819-555-0100"},
              {"preferred_time", "demain matin"}});
  CHECK(w.out.Last(v, "followup.created")["kind"] == "callback");
  std::string id = w.ConversationOf(v);
  CHECK(w.repo->FindConversation(id).value()->state == ConversationState::kCallbackRequested);
  auto items = w.repo->OpenFollowUps({"general"}).value();
  REQUIRE(items.size() == 1);
  CHECK(items[0].phone == "819-555-0100");

  // Agents of the queue list and complete it; others cannot.
  Agent alice = w.AddAgent("alice@demo", {"general"});
  Agent bob = w.AddAgent("bob@demo", {"complaints"}, {"fr"}, {"complaints"});
  ConnId ca = w.ConnectAgent(alice, false);
  ConnId cb = w.ConnectAgent(bob, false);
  w.Frame(ca, {{"type", "followup.list"}});
  CHECK(w.out.Last(ca, "followup.items")["items"].size() == 1);
  w.Frame(cb, {{"type", "followup.complete"}, {"id", items[0].id}});
  CHECK(w.out.Last(cb, "error")["code"] == "not_found");
  w.Frame(ca, {{"type", "followup.complete"}, {"id", items[0].id}});
  CHECK(w.out.Last(ca, "followup.completed")["id"] == items[0].id);
  CHECK(w.repo->OpenFollowUps({"general"}).value().empty());
}

TEST_CASE("outside business hours the visitor can leave a message") {
  Config config = TestConfig();
  auto parsed = ParseConfig(R"({"queues": [{"id": "general", "hours": {"utc_offset": "-05:00",
                              "mon": ["08:30-17:00"]}}]})");
  REQUIRE(parsed.ok());
  config.queues = parsed.value().queues;
  World w(config);  // Monday 10:00 UTC = 05:00 local: closed
  ConnId v = w.Handoff({{"queue", "general"}});
  CHECK(w.out.Last(v, "conversation.unavailable")["reason"] == "closed");
  w.Frame(v, {{"type", "message.create"}, {"client_id", "x"}, {"text", "allo?"}});
  CHECK(w.out.Last(v, "error")["code"] == "invalid_state");
  w.Frame(v, {{"type", "followup.request"},
              {"kind", "message"},
              {"contact", "a@example.ca"},
              {"text", "Rappelez-moi"}});
  CHECK(w.out.Last(v, "followup.created")["kind"] == "message");
  CHECK(w.repo->FindConversation(w.ConversationOf(v)).value()->state ==
        ConversationState::kMessageLeft);
  // At 14:00 UTC (09:00 local) the queue is open.
  w.clock.Advance(4 * 3600 * 1000);
  ConnId v2 = w.Handoff({{"queue", "general"}});
  CHECK(w.out.Count(v2, "conversation.unavailable") == 0);
  CHECK(w.out.Last(v2, "queue.position")["position"] == 1);
}

TEST_CASE("reconnect replays missed messages; a wrong token is refused") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  std::string token = w.out.Last(v, "conversation.created")["token"];
  w.Accept(agent, id);
  w.Frame(v, {{"type", "message.create"}, {"client_id", "v1"}, {"text", "un"}});
  int64_t seen = w.out.Last(v, "message.ack")["seq"];
  w.hub->Disconnected(v);
  w.Drain();
  CHECK(w.out.Last(agent, "presence")["visitor_online"] == false);
  for (int i = 0; i < 3; ++i) {
    w.Frame(agent, {{"type", "message.create"},
                    {"conversation_id", id},
                    {"client_id", "a" + std::to_string(i)},
                    {"text", "réponse " + std::to_string(i)}});
  }
  ConnId bad = w.ConnectVisitor();
  w.Frame(bad, {{"type", "conversation.resume"}, {"conversation_id", id}, {"token", "wrong"}});
  CHECK(w.out.Last(bad, "error")["code"] == "unauthenticated");
  ConnId back = w.ConnectVisitor();
  w.Frame(back, {{"type", "conversation.resume"},
                 {"conversation_id", id},
                 {"token", token},
                 {"last_seq", seen}});
  auto replay = w.out.Of(back, "message.created");
  REQUIRE(replay.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(replay[i]["seq"] == seen + 1 + i);
    CHECK(replay[i]["text"] == "réponse " + std::to_string(i));
  }
  CHECK(w.out.Last(back, "conversation.state")["state"] == "assigned");
  CHECK(w.out.Last(back, "conversation.state")["last_seq"] == seen + 3);
}

TEST_CASE("agents cannot read or write another queue's conversation") {
  World w;
  Agent gen = w.AddAgent("gen@demo", {"general"});
  Agent comp = w.AddAgent("comp@demo", {"complaints"}, {"fr", "en"}, {"complaints"});
  ConnId cg = w.ConnectAgent(gen);
  ConnId cc = w.ConnectAgent(comp);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Frame(cc, {{"type", "conversation.view"}, {"conversation_id", id}});
  CHECK(w.out.Last(cc, "error")["code"] == "forbidden");
  CHECK(w.out.Count(cc, "conversation.detail") == 0);
  w.Frame(cc, {{"type", "message.create"},
               {"conversation_id", id},
               {"client_id", "x"},
               {"text", "intrusion"}});
  CHECK(w.out.Last(cc, "error")["code"] == "forbidden");
  w.Frame(cc, {{"type", "note.create"},
               {"conversation_id", id},
               {"client_id", "x"},
               {"text", "intrusion"}});
  CHECK(w.out.Last(cc, "error")["code"] == "forbidden");
  w.Frame(cg, {{"type", "conversation.view"}, {"conversation_id", id}});
  CHECK(w.out.Last(cg, "conversation.detail")["conversation_id"] == id);
  // The snapshot of each agent lists only its queues.
  CHECK(w.out.Last(cg, "queue.snapshot")["waiting"].size() == 1);
  CHECK(w.out.Last(cc, "queue.snapshot")["waiting"].size() == 0);
}

TEST_CASE("a queued visitor who never comes back is abandoned") {
  World w;
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.hub->Disconnected(v);
  w.Tick(59000);
  CHECK(w.repo->FindConversation(id).value()->state == ConversationState::kQueued);
  w.Tick(2000);
  CHECK(w.repo->FindConversation(id).value()->state == ConversationState::kAbandoned);
}

TEST_CASE("after a restart queued conversations are routed again") {
  World w;
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  Agent alice = w.AddAgent("alice@demo", {"general"});
  w.repo->Flush();
  w.hub = nullptr;
  w.MakeHub();
  ConnId agent = w.ConnectAgent(alice);
  CHECK(w.OfferOf(agent) == id);
}

TEST_CASE("disabling an agent closes its connections and requeues its chats") {
  World w;
  Agent a = w.AddAgent("a@demo", {"general"});
  Agent b = w.AddAgent("b@demo", {"general"});
  ConnId ca = w.ConnectAgent(a);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Accept(ca, id);
  w.hub->DisableAgent(a.id);
  w.Drain();
  REQUIRE(w.out.closed.size() == 1);
  CHECK(w.out.closed[0] == ca);
  CHECK(w.out.Count(v, "agent.left") == 1);
  ConnId cb = w.ConnectAgent(b);
  CHECK(w.OfferOf(cb) == id);
}

// A minimal SuggestionSource: proposes the answer whose keyword appears in the
// visitor's last message (what the engine-backed source will do properly).
class KeywordSuggestions : public SuggestionSource {
 public:
  std::vector<Suggestion> Suggest(const Conversation&, const std::vector<Message>& messages,
                                  int limit) override {
    ++calls;
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
      if (it->author != AuthorKind::kVisitor) continue;
      return Search(it->text, "fr", limit);
    }
    return {};
  }
  std::vector<Suggestion> Search(std::string_view query, std::string_view, int limit) override {
    ++calls;
    if (query.find("passeport") == std::string_view::npos || limit <= 0) return {};
    return {{"passport-renewal", "Renouveler un passeport", "Voici comment…", 0.9}};
  }
  int calls = 0;
};

TEST_CASE("suggested answers come from the seam when one is set") {
  World w;
  KeywordSuggestions source;
  w.hub->SetSuggestionSource(&source);
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId v = w.Handoff(
      {{"queue", "general"},
       {"transcript", json::array({{{"author", "visitor"}, {"text", "mon passeport expire"}}})}});
  w.Accept(agent, w.ConversationOf(v));
  json assigned = w.out.Last(agent, "conversation.assigned");
  REQUIRE(assigned["suggestions"].size() == 1);
  CHECK(assigned["suggestions"][0]["id"] == "passport-renewal");
  CHECK(source.calls >= 1);
  w.hub->SetSuggestionSource(nullptr);
  w.Frame(agent, {{"type", "conversation.view"}, {"conversation_id", w.ConversationOf(v)}});
  CHECK(w.out.Last(agent, "conversation.detail")["suggestions"].empty());
}

TEST_CASE("agents search the knowledge base through the seam; without one it is unavailable") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  w.Frame(agent, {{"type", "kb.search"}, {"query", "passeport perdu"}});
  CHECK(w.out.Last(agent, "error")["code"] == "unavailable");
  KeywordSuggestions source;
  w.hub->SetSuggestionSource(&source);
  w.Frame(agent, {{"type", "kb.search"}, {"query", "passeport perdu"}, {"language", "fr"}});
  json results = w.out.Last(agent, "kb.results");
  CHECK(results["query"] == "passeport perdu");
  REQUIRE(results["results"].size() == 1);
  CHECK(results["results"][0]["id"] == "passport-renewal");
  w.hub->SetSuggestionSource(nullptr);
}

TEST_CASE("too many hand-offs from one address are refused") {
  Config config = TestConfig();
  config.limits.new_conversations_per_ip_per_minute = 2;
  World w(config);
  w.Handoff({});
  w.Handoff({});
  ConnId third = w.Handoff({});
  CHECK(w.out.Last(third, "error")["code"] == "rate_limited");
  w.clock.Advance(61000);
  ConnId fourth = w.Handoff({});
  CHECK(w.out.Count(fourth, "conversation.created") == 1);
}

// ---------------------------------------------------------------- one eligibility rule

TEST_CASE("a transfer to a named agent who may not take the conversation is refused") {
  World w;
  Agent gen = w.AddAgent("gen@demo", {"general"});
  Agent pass = w.AddAgent("pass@demo", {"passports"}, {"fr", "en"}, {"passports"});
  Agent english = w.AddAgent("english@demo", {"general"}, {"en"});
  ConnId cg = w.ConnectAgent(gen);
  ConnId v = w.Handoff({{"queue", "general"}, {"language", "fr"}});
  std::string id = w.ConversationOf(v);
  w.Accept(cg, id);
  ConnId cp = w.ConnectAgent(pass);
  ConnId ce = w.ConnectAgent(english);

  // Another queue's agent, then an agent of the queue who does not speak French.
  w.Frame(cg, {{"type", "conversation.transfer"},
               {"conversation_id", id},
               {"agent_email", "pass@demo"},
               {"note", "dossier 123"}});
  json refused = w.out.Last(cg, "error");
  CHECK(refused["code"] == "forbidden");
  CHECK(refused["request_type"] == "conversation.transfer");
  CHECK(refused["message"].get<std::string>().find("general") != std::string::npos);
  w.Frame(cg, {{"type", "conversation.transfer"},
               {"conversation_id", id},
               {"agent_email", "english@demo"}});
  CHECK(w.out.Last(cg, "error")["code"] == "forbidden");
  w.Tick(1000);
  // Nothing moved and nothing reached them: no offer, no transcript, no note.
  for (ConnId other : {cp, ce}) {
    CHECK(w.out.Count(other, "conversation.offered") == 0);
    CHECK(w.out.Count(other, "conversation.assigned") == 0);
  }
  CHECK(w.out.Count(v, "agent.left") == 0);
  CHECK(w.out.Count(cg, "conversation.transferred") == 0);
  CHECK(w.repo->FindConversation(id).value()->agent_id == gen.id);
  const auto before = w.repo->MessagesAfter(id, 0, 100);
  REQUIRE(before.ok());
  for (const Message& m : before.value()) CHECK(m.author != AuthorKind::kNote);

  // Moved to a queue the agent works, the same transfer is allowed; the
  // note's client id is random (nobody can claim it in advance).
  w.Frame(cg, {{"type", "conversation.transfer"},
               {"conversation_id", id},
               {"queue", "passports"},
               {"agent_email", "pass@demo"},
               {"note", "dossier 123"}});
  CHECK(w.OfferOf(cp) == id);
  CHECK(w.OfferOf(ce).empty());
  std::string note_id;
  const auto after = w.repo->MessagesAfter(id, 0, 100);
  REQUIRE(after.ok());
  for (const Message& m : after.value()) {
    if (m.author == AuthorKind::kNote) note_id = m.client_id;
  }
  CHECK(note_id.rfind("transfer-", 0) == 0);
  CHECK(note_id.size() == std::string("transfer-").size() + 22);  // 16 random bytes
  CHECK(note_id.find(std::to_string(w.clock.NowMs())) == std::string::npos);
}

TEST_CASE("an assigned conversation leaves an agent who no longer works its queue") {
  World w;
  Agent a = w.AddAgent("a@demo", {"general"});
  Agent b = w.AddAgent("b@demo", {"general"});
  ConnId ca = w.ConnectAgent(a);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Accept(ca, id);
  // An administrator moves the agent to another queue.
  a.queues = {"passports"};
  a.skills = {"passports"};
  REQUIRE(w.repo->UpdateAgent(a).ok());

  SECTION("after a restart") {
    w.repo->Flush();
    w.hub = nullptr;
    w.MakeHub();
    ConnId again = w.ConnectAgent(a);
    CHECK(w.out.Count(again, "conversation.assigned") == 0);
    ConnId cb = w.ConnectAgent(b);
    CHECK(w.OfferOf(cb) == id);
    CHECK(w.OfferOf(again).empty());
  }
  SECTION("when the agent reconnects with the new record") {
    w.hub->Disconnected(ca);
    w.Drain();
    ConnId again = w.ConnectAgent(a);
    CHECK(w.out.Count(again, "conversation.assigned") == 0);
    CHECK(w.out.Count(v, "agent.left") == 1);
    CHECK(w.repo->FindConversation(id).value()->state == ConversationState::kQueued);
    ConnId cb = w.ConnectAgent(b);
    CHECK(w.OfferOf(cb) == id);
  }
}

// ---------------------------------------------------------------- idempotence per author

TEST_CASE("a client id is an idempotence key of its author only") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  w.Accept(agent, id);
  // The visitor guesses the id the agent's next reply will carry.
  w.Frame(v, {{"type", "message.create"}, {"client_id", "reply-7"}, {"text", "pris !"}});
  int64_t visitor_seq = w.out.Last(v, "message.ack")["seq"];
  json reply = {{"type", "message.create"},
                {"conversation_id", id},
                {"client_id", "reply-7"},
                {"text", "Bonjour, je suis là."}};
  w.Frame(agent, reply);
  json ack = w.out.Last(agent, "message.ack");
  CHECK_FALSE(ack["duplicate"].get<bool>());
  CHECK(ack["seq"] == visitor_seq + 1);
  CHECK(w.out.Last(v, "message.created")["text"] == "Bonjour, je suis là.");
  CHECK(w.out.Last(v, "message.created")["author"] == "agent");
  // A true retry from the agent is still one message.
  size_t seen = w.out.Count(v, "message.created");
  w.Frame(agent, reply);
  ack = w.out.Last(agent, "message.ack");
  CHECK(ack["duplicate"].get<bool>());
  CHECK(ack["seq"] == visitor_seq + 1);
  CHECK(w.out.Count(v, "message.created") == seen);
  auto stored = w.repo->MessagesAfter(id, 0, 100).value();
  REQUIRE(stored.size() == 2);
  CHECK(stored[1].text == "Bonjour, je suis là.");
}

// ---------------------------------------------------------------- storage errors

TEST_CASE("a storage read that fails is an error frame, never an empty transcript") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId v = w.Handoff({{"queue", "general"},
                        {"transcript", json::array({{{"author", "visitor"}, {"text", "Q?"}},
                                                    {{"author", "bot"}, {"text", "A."}}})}});
  std::string id = w.ConversationOf(v);
  std::string token = w.out.Last(v, "conversation.created")["token"];
  w.Accept(agent, id);
  w.faults->fail_reads = true;

  // The agent views it.
  size_t details = w.out.Count(agent, "conversation.detail");
  w.Frame(agent, {{"type", "conversation.view"}, {"conversation_id", id}});
  json error = w.out.Last(agent, "error");
  CHECK(error["code"] == "internal");
  CHECK(error["request_type"] == "conversation.view");
  CHECK(error["conversation_id"] == id);
  CHECK(error["message"].get<std::string>().find("storage error") == 0);
  CHECK(w.out.Count(agent, "conversation.detail") == details);

  // The agent reconnects: its conversation comes as an error, not empty.
  ConnId again = w.ConnectAgent(alice, false);
  CHECK(w.out.Count(again, "conversation.assigned") == 0);
  CHECK(w.out.Last(again, "error")["code"] == "internal");
  CHECK(w.out.Last(again, "error")["conversation_id"] == id);

  // The visitor resumes: an error, not "nothing missed".
  w.hub->Disconnected(v);
  w.Drain();
  ConnId back = w.ConnectVisitor();
  w.Frame(back, {{"type", "conversation.resume"},
                 {"conversation_id", id},
                 {"token", token},
                 {"last_seq", 0}});
  CHECK(w.out.Last(back, "error")["code"] == "internal");
  CHECK(w.out.Count(back, "conversation.state") == 0);
  CHECK(w.out.Count(back, "message.created") == 0);

  // Follow-ups, and a restart, fail the same way.
  w.Frame(agent, {{"type", "followup.list"}});
  CHECK(w.out.Last(agent, "error")["request_type"] == "followup.list");
  CHECK(w.out.Count(agent, "followup.items") == 0);
  Hub restarted(w.config(), *w.repo, w.clock, w.out, [](std::function<void()>) {});
  CHECK_FALSE(restarted.Recover().ok());

  // Once storage reads again, so does everyone.
  w.faults->fail_reads = false;
  w.Frame(agent, {{"type", "conversation.view"}, {"conversation_id", id}});
  CHECK(w.out.Last(agent, "conversation.detail")["messages"].size() == 2);
}

// ---------------------------------------------------------------- paged views

// Appends `n` visitor messages straight to storage (faster than n frames).
void AppendMany(World& w, const std::string& id, int n, const std::string& text) {
  for (int i = 0; i < n; ++i) {
    Message m;
    m.conversation_id = id;
    m.client_id = "bulk-" + std::to_string(i);
    m.author = AuthorKind::kVisitor;
    m.text = text.empty() ? "message " + std::to_string(i + 1) : text;
    m.created_ms = w.clock.NowMs();
    w.repo->AppendMessage(std::move(m), nullptr);
  }
  w.repo->Flush();
}

TEST_CASE("a long conversation is sent a page at a time, the newest first") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  AppendMany(w, id, 450, "");
  w.Accept(agent, id);

  const auto check_page = [&](const json& page, int64_t first, int64_t last, bool more) {
    REQUIRE(page.is_object());
    REQUIRE(page["messages"].size() == static_cast<size_t>(last - first + 1));
    CHECK(page["messages"].front()["seq"] == first);
    CHECK(page["messages"].back()["seq"] == last);
    CHECK(page["first_seq"] == first);
    CHECK(page["more"] == more);
  };
  json assigned = w.out.Last(agent, "conversation.assigned");
  check_page(assigned, 251, 450, true);
  CHECK(assigned["messages"].back()["text"] == "message 450");
  CHECK_FALSE(assigned.contains("before_seq"));

  w.Frame(agent, {{"type", "conversation.view"}, {"conversation_id", id}, {"before_seq", 251}});
  json older = w.out.Last(agent, "conversation.detail");
  check_page(older, 51, 250, true);
  CHECK(older["before_seq"] == 251);
  CHECK(older["suggestions"].empty());
  w.Frame(agent, {{"type", "conversation.view"}, {"conversation_id", id}, {"before_seq", 51}});
  check_page(w.out.Last(agent, "conversation.detail"), 1, 50, false);

  // The first page again on a reconnect, and for a plain view.
  ConnId again = w.ConnectAgent(alice, false);
  check_page(w.out.Last(again, "conversation.assigned"), 251, 450, true);
  w.Frame(agent, {{"type", "conversation.view"}, {"conversation_id", id}});
  check_page(w.out.Last(agent, "conversation.detail"), 251, 450, true);
}

TEST_CASE("a page of large messages is bounded in bytes, and the pages cover everything once") {
  World w;
  Agent alice = w.AddAgent("alice@demo", {"general"});
  ConnId agent = w.ConnectAgent(alice);
  ConnId v = w.Handoff({{"queue", "general"}});
  std::string id = w.ConversationOf(v);
  const int count = 150;
  AppendMany(w, id, count, std::string(4000, 'x'));
  w.Accept(agent, id);

  std::vector<int64_t> seen;
  json page = w.out.Last(agent, "conversation.assigned");
  for (int pages = 0; pages < 20; ++pages) {
    REQUIRE(page.is_object());
    REQUIRE_FALSE(page["messages"].empty());
    size_t bytes = 0;
    for (const json& m : page["messages"]) bytes += m["text"].get<std::string>().size();
    CHECK(bytes <= Hub::kDetailPageBytes);
    std::vector<int64_t> seqs;
    for (const json& m : page["messages"]) seqs.push_back(m["seq"]);
    seen.insert(seen.begin(), seqs.begin(), seqs.end());
    if (!page["more"].get<bool>()) break;
    w.Frame(agent, {{"type", "conversation.view"},
                    {"conversation_id", id},
                    {"before_seq", page["first_seq"]}});
    page = w.out.Last(agent, "conversation.detail");
  }
  CHECK_FALSE(page["more"].get<bool>());
  REQUIRE(seen.size() == count);
  for (int i = 0; i < count; ++i) CHECK(seen[i] == i + 1);
  CHECK(w.out.Last(agent, "conversation.assigned")["messages"].size() < count);
}

}  // namespace
}  // namespace relais::server
