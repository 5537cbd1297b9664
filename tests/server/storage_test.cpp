#include <signal.h>
#include <sqlite3.h>
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

// ---------------------------------------------------------------- idempotence per author

Message By(AuthorKind author, const std::string& author_id, const std::string& client_id) {
  Message m = MakeMessage("c1", client_id, AuthorName(author).data() + (" " + author_id));
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

// ---------------------------------------------------------------- schema versions

// Runs SQL on a database file with SQLite directly (no repository).
void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

int64_t UserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  int64_t version = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return version;
}

TEST_CASE("a version-1 database is upgraded in place and keeps its data") {
  TempDir dir;
  const std::string path = dir.path() + "/relais.sqlite";
  // The tables written by the server at schema version 1 (messages with
  // UNIQUE (conversation_id, client_id)), with a little data.
  Sql(path, R"sql(
    PRAGMA journal_mode=WAL;
    CREATE TABLE conversations (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, state TEXT NOT NULL,
      queue TEXT NOT NULL, language TEXT NOT NULL, priority TEXT NOT NULL,
      reason TEXT NOT NULL DEFAULT '', page_url TEXT NOT NULL DEFAULT '',
      entities TEXT NOT NULL DEFAULT '{}', skill TEXT NOT NULL DEFAULT '',
      agent_id INTEGER NOT NULL DEFAULT 0, outcome TEXT NOT NULL DEFAULT '',
      visitor_ip TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL, queued_ms INTEGER NOT NULL DEFAULT 0,
      assigned_ms INTEGER NOT NULL DEFAULT 0, closed_ms INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX conversations_state ON conversations(state);
    CREATE TABLE messages (
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL, client_id TEXT NOT NULL, author_kind TEXT NOT NULL,
      author_id TEXT NOT NULL DEFAULT '', author_name TEXT NOT NULL DEFAULT '',
      text TEXT NOT NULL, created_ms INTEGER NOT NULL,
      PRIMARY KEY (conversation_id, seq), UNIQUE (conversation_id, client_id)) WITHOUT ROWID;
    CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL,
      actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, action TEXT NOT NULL,
      conversation_id TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}');
    CREATE INDEX events_conversation ON events(conversation_id);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TABLE agents (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL, password_hash TEXT NOT NULL, skills TEXT NOT NULL DEFAULT '[]',
      languages TEXT NOT NULL DEFAULT '[]', queues TEXT NOT NULL DEFAULT '[]',
      status TEXT NOT NULL DEFAULT 'offline', disabled INTEGER NOT NULL DEFAULT 0,
      created_ms INTEGER NOT NULL);
    CREATE TABLE followups (id INTEGER PRIMARY KEY, conversation_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('callback', 'message')), name TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '', preferred_time TEXT NOT NULL DEFAULT '',
      contact TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '', queue TEXT NOT NULL,
      language TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'open', created_ms INTEGER NOT NULL,
      done_ms INTEGER NOT NULL DEFAULT 0, done_by INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX followups_open ON followups(state, queue);
    CREATE TABLE surveys (conversation_id TEXT PRIMARY KEY,
      rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5), comment TEXT NOT NULL DEFAULT '',
      created_ms INTEGER NOT NULL);
    INSERT INTO conversations (id, token_hash, state, queue, language, priority, created_ms,
      updated_ms) VALUES ('c1', 'h', 'assigned', 'general', 'fr', 'normal', 1, 1);
    INSERT INTO messages VALUES ('c1', 1, 'transcript-0', 'visitor', '', '', 'Bonjour', 10);
    INSERT INTO messages VALUES ('c1', 2, 'x-1', 'agent', '3', 'Marie', 'Que puis-je ?', 20);
    INSERT INTO messages VALUES ('c1', 3, 'note-1', 'note', '3', 'Marie', 'dossier 12', 30);
    INSERT INTO events (at_ms, actor_kind, actor_id, action, conversation_id)
      VALUES (5, 'agent', '3', 'conversation.accept', 'c1');
    PRAGMA user_version=1;
  )sql");
  {
    auto repo = Open(dir.path());
    auto ms = repo->MessagesAfter("c1", 0, 10);
    REQUIRE(ms.ok());
    REQUIRE(ms.value().size() == 3);
    CHECK(ms.value()[0].text == "Bonjour");
    CHECK(ms.value()[1].author == AuthorKind::kAgent);
    CHECK(ms.value()[1].author_id == "3");
    CHECK(ms.value()[1].author_name == "Marie");
    CHECK(ms.value()[1].created_ms == 20);
    CHECK(ms.value()[2].author == AuthorKind::kNote);
    CHECK(repo->AuditFor("c1").value().size() == 1);
    // The new key: the agent's "x-1" does not hide the visitor's; a retry is a duplicate.
    Message visitor = MakeMessage("c1", "x-1", "moi aussi");
    auto appended = Append(*repo, visitor);
    REQUIRE(appended.ok());
    CHECK_FALSE(appended.value().duplicate);
    CHECK(appended.value().seq == 4);
    auto retry = Append(*repo, visitor);
    CHECK(retry.value().duplicate);
    CHECK(retry.value().seq == 4);
    // The audit log is still append-only.
    std::promise<Status> p;
    repo->AppendAudit({6, "agent", "3", "conversation.close", "c1", "{}"},
                      [&p](Status s) { p.set_value(s); });
    CHECK(p.get_future().get().ok());
  }
  CHECK(UserVersion(path) == 2);
  // Reopening an upgraded file changes nothing.
  auto repo = Open(dir.path());
  CHECK(repo->MessagesAfter("c1", 0, 10).value().size() == 4);
}

TEST_CASE("a database written by a newer server is refused") {
  TempDir dir;
  { Open(dir.path()); }
  Sql(dir.path() + "/relais.sqlite", "PRAGMA user_version=3;");
  auto r = OpenSqliteRepository(dir.path());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("newer") != std::string::npos);
  CHECK(UserVersion(dir.path() + "/relais.sqlite") == 3);
}

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
