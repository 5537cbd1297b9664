#include <signal.h>
#include <sys/resource.h>

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
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
  f.kind = FollowUpKind::kCallback;
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

TEST_CASE("every field of a record is written and read back by its column") {
  TempDir dir;
  auto repo = Open(dir.path());
  Conversation c = MakeConversation("c1");
  c.skill = "passports";
  c.visitor_ip = "203.0.113.9";
  REQUIRE(Insert(*repo, c).ok());
  c.state = ConversationState::kClosed;
  c.priority = Priority::kFrustrated;
  c.queue = "passports";
  c.language = "en";
  c.reason = "frustration";
  c.page_url = "https://example.gc.ca/en";
  c.entities_json = "{}";
  c.skill = "complaints";
  c.agent_id = 7;
  c.outcome = "resolved";
  c.token_hash = "other-hash";
  c.updated_ms = 11;
  c.queued_ms = 12;
  c.assigned_ms = 13;
  c.closed_ms = 14;
  std::promise<Status> updated;
  repo->UpdateConversation(c, [&](Status s) { updated.set_value(s); });
  REQUIRE(updated.get_future().get().ok());
  auto found = repo->FindConversation("c1");
  REQUIRE(found.ok());
  REQUIRE(found.value().has_value());
  const Conversation& r = *found.value();
  CHECK(r.id == c.id);
  CHECK(r.token_hash == c.token_hash);
  CHECK(r.state == c.state);
  CHECK(r.queue == c.queue);
  CHECK(r.language == c.language);
  CHECK(r.priority == c.priority);
  CHECK(r.reason == c.reason);
  CHECK(r.page_url == c.page_url);
  CHECK(r.entities_json == c.entities_json);
  CHECK(r.skill == c.skill);
  CHECK(r.agent_id == c.agent_id);
  CHECK(r.outcome == c.outcome);
  CHECK(r.visitor_ip == c.visitor_ip);
  CHECK(r.created_ms == c.created_ms);
  CHECK(r.updated_ms == c.updated_ms);
  CHECK(r.queued_ms == c.queued_ms);
  CHECK(r.assigned_ms == c.assigned_ms);
  CHECK(r.closed_ms == c.closed_ms);

  Message m = MakeMessage("c1", "m1", "Bonjour « là »");
  m.author = AuthorKind::kAgent;
  m.author_id = "7";
  m.author_name = "Marie";
  m.seq = 99;  // ignored: storage assigns it
  REQUIRE(Append(*repo, m).ok());
  auto ms = repo->MessagesAfter("c1", 0, 10);
  REQUIRE(ms.value().size() == 1);
  CHECK(ms.value()[0].conversation_id == "c1");
  CHECK(ms.value()[0].seq == 1);
  CHECK(ms.value()[0].client_id == "m1");
  CHECK(ms.value()[0].author == AuthorKind::kAgent);
  CHECK(ms.value()[0].author_id == "7");
  CHECK(ms.value()[0].author_name == "Marie");
  CHECK(ms.value()[0].text == "Bonjour « là »");
  CHECK(ms.value()[0].created_ms == 2000);

  Agent a;
  a.email = "a@example.ca";
  a.display_name = "A";
  a.password_hash = "$argon2id$h";
  a.skills = {"passports"};
  a.languages = {"fr"};
  a.queues = {"general", "passports"};
  a.created_ms = 42;
  auto id = repo->InsertAgent(a);
  REQUIRE(id.ok());
  a.id = id.value();
  a.email = "b@example.ca";
  a.display_name = "B";
  a.password_hash = "$argon2id$i";
  a.skills = {};
  a.languages = {"en", "fr"};
  a.queues = {"general"};
  a.disabled = true;
  a.created_ms = 0;  // not updated: an agent's creation time stays
  REQUIRE(repo->UpdateAgent(a).ok());
  auto agent = repo->FindAgentById(id.value());
  REQUIRE(agent.value().has_value());
  CHECK(agent.value()->email == "b@example.ca");
  CHECK(agent.value()->display_name == "B");
  CHECK(agent.value()->password_hash == "$argon2id$i");
  CHECK(agent.value()->skills.empty());
  CHECK(agent.value()->languages == std::vector<std::string>{"en", "fr"});
  CHECK(agent.value()->queues == std::vector<std::string>{"general"});
  CHECK(agent.value()->disabled);
  CHECK(agent.value()->created_ms == 42);

  FollowUp f;
  f.conversation_id = "c1";
  f.kind = FollowUpKind::kMessage;
  f.name = "Luc";
  f.phone = "819";
  f.preferred_time = "soir";
  f.contact = "luc@example.ca";
  f.text = "Rappel";
  f.queue = "general";
  f.language = "fr";
  f.created_ms = 77;
  std::promise<Result<int64_t>> fp;
  repo->InsertFollowUp(f, [&](Result<int64_t> r) { fp.set_value(std::move(r)); });
  auto fid = fp.get_future().get();
  REQUIRE(fid.ok());
  auto open = repo->OpenFollowUps({"general"});
  REQUIRE(open.value().size() == 1);
  const FollowUp& g = open.value()[0];
  CHECK(g.id == fid.value());
  CHECK(g.conversation_id == "c1");
  CHECK(g.kind == FollowUpKind::kMessage);
  CHECK(g.name == "Luc");
  CHECK(g.phone == "819");
  CHECK(g.preferred_time == "soir");
  CHECK(g.contact == "luc@example.ca");
  CHECK(g.text == "Rappel");
  CHECK(g.queue == "general");
  CHECK(g.language == "fr");
  CHECK(g.state == "open");
  CHECK(g.created_ms == 77);
  CHECK(g.done_ms == 0);
  CHECK(g.done_by == 0);

  repo->AppendAudit({5, "agent", "7", "conversation.close", "c1", R"({"outcome":"resolved"})"},
                    nullptr);
  repo->Flush();
  auto audit = repo->AuditFor("c1");
  REQUIRE(audit.value().size() == 1);
  CHECK(audit.value()[0].at_ms == 5);
  CHECK(audit.value()[0].actor_kind == "agent");
  CHECK(audit.value()[0].actor_id == "7");
  CHECK(audit.value()[0].action == "conversation.close");
  CHECK(audit.value()[0].conversation_id == "c1");
  CHECK(audit.value()[0].detail_json == R"({"outcome":"resolved"})");
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

// ---------------------------------------------------------------- idempotence per author

Message By(AuthorKind author, const std::string& author_id, const std::string& client_id) {
  Message m = MakeMessage("c1", client_id, vocabulary::Name(author).data() + (" " + author_id));
  m.author = author;
  m.author_id = author_id;
  return m;
}

TEST_CASE("a client id deduplicates one author's retries, not another author's message") {
  TempDir dir;
  auto repo = Open(dir.path());
  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  auto visitor = Append(*repo, By(AuthorKind::kVisitor, "", "next"));
  auto agent = Append(*repo, By(AuthorKind::kAgent, "7", "next"));
  auto other_agent = Append(*repo, By(AuthorKind::kAgent, "8", "next"));
  auto note = Append(*repo, By(AuthorKind::kNote, "7", "next"));
  auto retry = Append(*repo, By(AuthorKind::kAgent, "7", "next"));
  for (const auto* r : {&visitor, &agent, &other_agent, &note, &retry}) REQUIRE(r->ok());
  CHECK(visitor.value().seq == 1);
  CHECK_FALSE(agent.value().duplicate);
  CHECK(agent.value().seq == 2);
  CHECK(other_agent.value().seq == 3);
  CHECK(note.value().seq == 4);
  CHECK(retry.value().duplicate);
  CHECK(retry.value().seq == 2);
  auto all = repo->MessagesAfter("c1", 0, 100);
  REQUIRE(all.value().size() == 4);
  CHECK(all.value()[1].text == "agent 7");
}

TEST_CASE("messages are read backwards a page at a time") {
  TempDir dir;
  auto repo = Open(dir.path());
  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  for (int i = 1; i <= 10; ++i) {
    repo->AppendMessage(MakeMessage("c1", "m" + std::to_string(i), "t" + std::to_string(i)),
                        nullptr);
  }
  repo->Flush();
  auto last = repo->MessagesBefore("c1", INT64_MAX, 4);
  REQUIRE(last.ok());
  REQUIRE(last.value().size() == 4);
  CHECK(last.value().front().seq == 7);  // the newest four, in seq order
  CHECK(last.value().back().seq == 10);
  auto older = repo->MessagesBefore("c1", 7, 4);
  REQUIRE(older.value().size() == 4);
  CHECK(older.value().front().seq == 3);
  CHECK(older.value().front().text == "t3");
  auto first = repo->MessagesBefore("c1", 3, 4);
  REQUIRE(first.value().size() == 2);
  CHECK(first.value().front().seq == 1);
  CHECK(repo->MessagesBefore("c1", 1, 4).value().empty());
  CHECK(repo->MessagesBefore("nope", INT64_MAX, 4).value().empty());
}

// Schema versions and migrations: schema_migration_test.cpp.

// ---------------------------------------------------------------- damaged files

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Overwrites `count` pages of 4 KiB from page `first` (1-based) with junk.
void Damage(const std::string& path, size_t first, size_t count) {
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  REQUIRE(f);
  f.seekp(static_cast<std::streamoff>((first - 1) * 4096));
  const std::string junk(count * 4096, '\xa5');
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  REQUIRE(f);
}

TEST_CASE("a damaged database is refused, named, and left as it was") {
  TempDir dir;
  const std::string path = dir.path() + "/relais.sqlite";
  {
    auto repo = Open(dir.path());
    REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
    for (int i = 0; i < 3000; ++i) {
      repo->AppendMessage(MakeMessage("c1", "m" + std::to_string(i), std::string(300, 'm')),
                          nullptr);
    }
    repo->Flush();
  }  // closed: the WAL is copied into the file and removed
  REQUIRE_FALSE(std::filesystem::exists(path + "-wal"));
  const size_t pages = std::filesystem::file_size(path) / 4096;
  REQUIRE(pages > 100);

  SECTION("pages in the middle overwritten") {
    Damage(path, pages / 2, 3);
    const std::string damaged = ReadFile(path);
    auto r = OpenSqliteRepository(dir.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kCorrupt);
    const std::string message = r.status().message();
    INFO(message);
    CHECK(message.find(path + " is damaged") == 0);
    CHECK(message.find("backup") != std::string::npos);
    CHECK(message.find("sqlite3 " + path + " .recover") != std::string::npos);
    CHECK(ReadFile(path) == damaged);  // nothing written
  }
  SECTION("the header overwritten") {
    Damage(path, 1, 1);
    auto r = OpenSqliteRepository(dir.path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kCorrupt);
    CHECK(r.status().message().find("not a database") != std::string::npos);
  }
}

// ---------------------------------------------------------------- write health

// Limits the size of every file this process writes (as a full disk would),
// with SIGXFSZ ignored so that writes fail with EFBIG instead of killing the
// process; restores the limit when destroyed.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    signal(SIGXFSZ, SIG_IGN);
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved_) == 0);
    rlimit limited = saved_;
    limited.rlim_cur = bytes;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &limited) == 0);
  }
  ~FileSizeLimit() { Lift(); }
  void Lift() { setrlimit(RLIMIT_FSIZE, &saved_); }

 private:
  rlimit saved_{};
};

TEST_CASE("failing writes make storage not writable, with the reason, until one succeeds") {
  TempDir dir;
  auto repo = Open(dir.path());
  REQUIRE(Insert(*repo, MakeConversation("c1")).ok());
  CHECK(repo->Stats().writable);
  CHECK(repo->Stats().write_error.empty());
  const std::string path = dir.path() + "/relais.sqlite";
  std::error_code ec;
  const auto wal = std::filesystem::file_size(path + "-wal", ec);
  const auto largest = std::max<uintmax_t>(std::filesystem::file_size(path), ec ? 0 : wal);
  FileSizeLimit limit(static_cast<rlim_t>(largest + 64 * 1024));
  Status failed;
  int acked = 0;
  for (int i = 0; i < 2000 && failed.ok(); ++i) {
    auto r = Append(*repo, MakeMessage("c1", "m" + std::to_string(i), std::string(4000, 'x')));
    if (r.ok()) {
      ++acked;
    } else {
      failed = r.status();
    }
  }
  REQUIRE_FALSE(failed.ok());
  INFO(failed.message());
  StorageStats stats = repo->Stats();
  CHECK_FALSE(stats.writable);
  // "disk I/O error (write failed)", or "database or disk is full" when a
  // write was cut short.
  CHECK(stats.write_error.find("sqlite: ") == 0);
  CHECK(stats.write_error == failed.message());

  limit.Lift();
  auto after = Append(*repo, MakeMessage("c1", "after", "de la place"));
  REQUIRE(after.ok());
  CHECK(after.value().seq == acked + 1);  // the failed one was not stored
  CHECK(repo->Stats().writable);
  CHECK(repo->Stats().write_error.empty());
  CHECK(repo->MessagesAfter("c1", 0, 3000).value().size() == static_cast<size_t>(acked + 1));
}

}  // namespace
}  // namespace relais::server
