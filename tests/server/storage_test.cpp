#include <catch2/catch_test_macros.hpp>
#include <future>
#include <thread>

#include "relais/server/sqlite_repository.h"
#include "test_util.h"

namespace relais::server {
namespace {

using testing::TempDir;

std::unique_ptr<Repository> Open(const std::string& dir) {
  auto r = OpenSqliteRepository(dir);
  REQUIRE(r.ok());
  return std::move(r).value();
}

Conversation MakeConversation(const std::string& id) {
  Conversation c;
  c.id = id;
  c.token_hash = "hash-" + id;
  c.state = ConversationState::kQueued;
  c.queue = "general";
  c.language = "fr";
  c.priority = Priority::kUrgent;
  c.reason = "asked_for_human";
  c.page_url = "https://example.gc.ca/passeport";
  c.entities_json = R"({"city":"Gatineau"})";
  c.created_ms = c.updated_ms = c.queued_ms = 1000;
  return c;
}

Message MakeMessage(const std::string& conv, const std::string& client_id,
                    const std::string& text) {
  Message m;
  m.conversation_id = conv;
  m.client_id = client_id;
  m.text = text;
  m.created_ms = 2000;
  return m;
}

// Appends synchronously (waits for the durable completion).
Result<Appended> Append(Repository& repo, Message m) {
  std::promise<Result<Appended>> p;
  auto f = p.get_future();
  repo.AppendMessage(std::move(m), [&p](Result<Appended> r) { p.set_value(std::move(r)); });
  return f.get();
}

Status Insert(Repository& repo, Conversation c) {
  std::promise<Status> p;
  auto f = p.get_future();
  repo.InsertConversation(std::move(c), [&p](Status s) { p.set_value(s); });
  return f.get();
}

TEST_CASE("seq is assigned in order and client ids are deduplicated") {
  TempDir dir;
  auto repo = Open(dir.path());
  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  REQUIRE(Insert(*repo, MakeConversation("c2")).ok());
  auto a = Append(*repo, MakeMessage("c1", "m1", "un"));
  auto b = Append(*repo, MakeMessage("c1", "m2", "deux"));
  auto other = Append(*repo, MakeMessage("c2", "m1", "autre"));
  auto dup = Append(*repo, MakeMessage("c1", "m1", "un (again)"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(other.ok());
  REQUIRE(dup.ok());
  CHECK(a.value().seq == 1);
  CHECK(b.value().seq == 2);
  CHECK(other.value().seq == 1);  // seq is per conversation; client ids too
  CHECK_FALSE(other.value().duplicate);
  CHECK(dup.value().duplicate);
  CHECK(dup.value().seq == 1);
  auto all = repo->MessagesAfter("c1", 0, 100);
  REQUIRE(all.ok());
  REQUIRE(all.value().size() == 2);
  CHECK(all.value()[0].text == "un");
  CHECK(all.value()[1].text == "deux");
  auto after = repo->MessagesAfter("c1", 1, 100);
  REQUIRE(after.value().size() == 1);
  CHECK(after.value()[0].seq == 2);
}

TEST_CASE("a message for an unknown conversation fails alone") {
  TempDir dir;
  auto repo = Open(dir.path());
  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  // Submitted back to back: likely in one batch; the failing op must not undo the other.
  std::promise<Result<Appended>> p1, p2;
  repo->AppendMessage(MakeMessage("nope", "m1", "x"),
                      [&](Result<Appended> r) { p1.set_value(std::move(r)); });
  repo->AppendMessage(MakeMessage("c1", "m1", "y"),
                      [&](Result<Appended> r) { p2.set_value(std::move(r)); });
  CHECK_FALSE(p1.get_future().get().ok());
  auto ok = p2.get_future().get();
  REQUIRE(ok.ok());
  CHECK(ok.value().seq == 1);
}

TEST_CASE("data survives a reopen") {
  TempDir dir;
  {
    auto repo = Open(dir.path());
    REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
    for (int i = 0; i < 50; ++i) {
      repo->AppendMessage(MakeMessage("c1", "m" + std::to_string(i), "t" + std::to_string(i)),
                          nullptr);
    }
    Conversation closed = MakeConversation("c1");
    closed.state = ConversationState::kAssigned;
    closed.agent_id = 9;
    repo->UpdateConversation(closed, nullptr);
    repo->Flush();
  }
  auto repo = Open(dir.path());
  auto c = repo->FindConversation("c1");
  REQUIRE(c.ok());
  REQUIRE(c.value().has_value());
  CHECK(c.value()->state == ConversationState::kAssigned);
  CHECK(c.value()->agent_id == 9);
  CHECK(c.value()->priority == Priority::kUrgent);
  CHECK(c.value()->entities_json == R"({"city":"Gatineau"})");
  auto open = repo->OpenConversations();
  REQUIRE(open.value().size() == 1);
  auto ms = repo->MessagesAfter("c1", 0, 1000);
  REQUIRE(ms.value().size() == 50);
  for (int i = 0; i < 50; ++i) {
    CHECK(ms.value()[i].seq == i + 1);
    CHECK(ms.value()[i].text == "t" + std::to_string(i));
  }
  CHECK_FALSE(repo->FindConversation("c2").value().has_value());
}

TEST_CASE("concurrent writers are grouped into few commits") {
  TempDir dir;
  auto repo = Open(dir.path());
  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  uint64_t before = repo->Stats().commits;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&repo, t] {
      for (int i = 0; i < 250; ++i) {
        repo->AppendMessage(MakeMessage("c1", std::to_string(t) + "-" + std::to_string(i), "x"),
                            nullptr);
      }
    });
  }
  for (auto& th : threads) th.join();
  repo->Flush();
  StorageStats s = repo->Stats();
  CHECK(s.pending == 0);
  CHECK(s.commits - before < 1000);  // grouped
  CHECK(s.max_batch > 1);
  auto ms = repo->MessagesAfter("c1", 0, 2000);
  REQUIRE(ms.value().size() == 1000);
  for (size_t i = 0; i < ms.value().size(); ++i) CHECK(ms.value()[i].seq == int64_t(i + 1));
}

TEST_CASE("agents, follow-ups, surveys and the append-only audit log") {
  TempDir dir;
  auto repo = Open(dir.path());
  Agent a;
  a.email = "Agent@Example.ca";
  a.display_name = "Agent";
  a.password_hash = "$argon2id$x";
  a.queues = {"general"};
  a.languages = {"fr", "en"};
  auto id = repo->InsertAgent(a);
  REQUIRE(id.ok());
  a.email = "agent@example.ca";
  CHECK(repo->InsertAgent(a).status().code() == StatusCode::kAlreadyExists);
  auto found = repo->FindAgentByEmail("AGENT@example.ca");
  REQUIRE(found.value().has_value());
  CHECK(found.value()->id == id.value());
  CHECK(found.value()->languages == std::vector<std::string>{"fr", "en"});
  found.value()->disabled = true;
  REQUIRE(repo->UpdateAgent(*found.value()).ok());
  CHECK(repo->FindAgentById(id.value()).value()->disabled);

  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  FollowUp f;
  f.conversation_id = "c1";
  f.kind = "callback";
  f.phone = "819-555-0100";
  f.queue = "general";
  f.language = "fr";
  std::promise<Result<int64_t>> fp;
  repo->InsertFollowUp(f, [&](Result<int64_t> r) { fp.set_value(std::move(r)); });
  auto fid = fp.get_future().get();
  REQUIRE(fid.ok());
  CHECK(repo->OpenFollowUps({"general"}).value().size() == 1);
  CHECK(repo->OpenFollowUps({"passports"}).value().empty());
  std::promise<Status> done;
  repo->CompleteFollowUp(fid.value(), id.value(), 5000, [&](Status s) { done.set_value(s); });
  CHECK(done.get_future().get().ok());
  CHECK(repo->OpenFollowUps({"general"}).value().empty());

  std::promise<Status> s1, s2;
  repo->InsertSurvey({"c1", 5, "merci", 1}, [&](Status s) { s1.set_value(s); });
  repo->InsertSurvey({"c1", 4, "again", 2}, [&](Status s) { s2.set_value(s); });
  CHECK(s1.get_future().get().ok());
  CHECK(s2.get_future().get().code() == StatusCode::kAlreadyExists);

  repo->AppendAudit({1, "agent", "1", "conversation.accept", "c1", "{}"}, nullptr);
  repo->Flush();
  auto audit = repo->AuditFor("c1");
  REQUIRE(audit.value().size() == 1);
  CHECK(audit.value()[0].action == "conversation.accept");
}

TEST_CASE("retention purges old closed conversations and their messages") {
  TempDir dir;
  auto repo = Open(dir.path());
  Conversation old_closed = MakeConversation("old");
  old_closed.state = ConversationState::kClosed;
  old_closed.updated_ms = 10;
  Conversation recent = MakeConversation("recent");
  recent.state = ConversationState::kClosed;
  recent.updated_ms = 5000;
  Conversation open_old = MakeConversation("open");
  open_old.updated_ms = 10;
  REQUIRE(Insert(*repo, old_closed).ok());
  REQUIRE(Insert(*repo, recent).ok());
  REQUIRE(Insert(*repo, open_old).ok());
  repo->AppendMessage(MakeMessage("old", "m", "x"), nullptr);
  repo->PurgeClosedBefore(1000, nullptr);
  repo->Flush();
  CHECK_FALSE(repo->FindConversation("old").value().has_value());
  CHECK(repo->MessagesAfter("old", 0, 10).value().empty());
  CHECK(repo->FindConversation("recent").value().has_value());
  CHECK(repo->FindConversation("open").value().has_value());
}

}  // namespace
}  // namespace relais::server
