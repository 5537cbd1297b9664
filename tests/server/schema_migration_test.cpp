// Schema migrations (server/src/sqlite_schema.h): every earlier version, as
// frozen in tests/server/data/schema_vK.sql, is upgraded by the repository and
// keeps every row; a newer file is refused; a failing step leaves the file at
// the version before it.
#include <sqlite3.h>

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <sstream>

#include "relais/server/sqlite_repository.h"
#include "sqlite_rows.h"
#include "sqlite_schema.h"
#include "test_util.h"

namespace relais::server {
namespace {

using internal::Db;
using internal::LatestSchemaVersion;
using internal::MigrateSchema;
using internal::Migration;
using internal::Query;
using internal::RowReader;
using testing::TempDir;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Fixture(int version) {
  return std::string(RELAIS_SOURCE_DIR) + "/tests/server/data/schema_v" + std::to_string(version) +
         ".sql";
}

// Runs SQL on a database file with SQLite directly (foreign keys off, as
// SQLite's default). Returns SQLite's error message, "" on success.
std::string Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = rc == SQLITE_OK ? "" : (error ? error : "error");
  sqlite3_free(error);
  sqlite3_close(db);
  return message;
}

// Every row of a query, each as its values joined by '|'.
std::vector<std::string> Rows(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const unsigned char* text = sqlite3_column_text(stmt, i);
      row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    out.push_back(row);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

int64_t UserVersion(const std::string& path) {
  auto rows = Rows(path, "PRAGMA user_version");
  REQUIRE(rows.size() == 1);
  return std::stoll(rows[0]);
}

// What a file's schema is: every table, index and trigger with its SQL (not
// where its pages are).
std::vector<std::string> SchemaOf(const std::string& path) {
  return Rows(path, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
}

// A database file built by the frozen script of `version`, in `dir`.
std::string LoadFixture(const std::string& dir, int version) {
  const std::string script = ReadFile(Fixture(version));
  REQUIRE_FALSE(script.empty());
  const std::string path = dir + "/relais.sqlite";
  REQUIRE(Sql(path, script).empty());
  REQUIRE(UserVersion(path) == version);
  return path;
}

std::unique_ptr<Repository> Open(const std::string& dir) {
  auto r = OpenSqliteRepository(dir);
  INFO((r.ok() ? std::string() : r.status().message()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

Result<Appended> Append(Repository& repo, Message m) {
  std::promise<Result<Appended>> p;
  auto f = p.get_future();
  repo.AppendMessage(std::move(m), [&p](Result<Appended> r) { p.set_value(std::move(r)); });
  return f.get();
}

template <typename Write>
Status Wait(Write write) {
  std::promise<Status> p;
  auto f = p.get_future();
  write([&p](Status s) { p.set_value(s); });
  return f.get();
}

// Every field of a record, for comparisons that show what differs.
std::string Show(const Conversation& c) {
  std::ostringstream s;
  s << c.id << "|" << c.token_hash << "|" << vocabulary::Name(c.state) << "|" << c.queue << "|"
    << c.language << "|" << vocabulary::Name(c.priority) << "|" << c.reason << "|" << c.page_url
    << "|" << c.entities_json << "|" << c.skill << "|" << c.agent_id << "|" << c.outcome << "|"
    << c.visitor_ip << "|" << c.created_ms << "|" << c.updated_ms << "|" << c.queued_ms << "|"
    << c.assigned_ms << "|" << c.closed_ms;
  return s.str();
}
std::string Show(const Message& m) {
  std::ostringstream s;
  s << m.conversation_id << "|" << m.seq << "|" << m.client_id << "|" << vocabulary::Name(m.author)
    << "|" << m.author_id << "|" << m.author_name << "|" << m.text << "|" << m.created_ms;
  return s.str();
}
std::string Show(const std::vector<std::string>& v) { return internal::ToJson(v); }
std::string Show(const Agent& a) {
  std::ostringstream s;
  s << a.id << "|" << a.email << "|" << a.display_name << "|" << a.password_hash << "|"
    << Show(a.skills) << "|" << Show(a.languages) << "|" << Show(a.queues) << "|" << a.disabled
    << "|" << a.created_ms;
  return s.str();
}
std::string Show(const FollowUp& f) {
  std::ostringstream s;
  s << f.id << "|" << f.conversation_id << "|" << vocabulary::Name(f.kind) << "|" << f.name << "|"
    << f.phone << "|" << f.preferred_time << "|" << f.contact << "|" << f.text << "|" << f.queue
    << "|" << f.language << "|" << f.state << "|" << f.created_ms << "|" << f.done_ms << "|"
    << f.done_by;
  return s.str();
}
std::string Show(const Survey& v) {
  std::ostringstream s;
  s << v.conversation_id << "|" << v.rating << "|" << v.comment << "|" << v.created_ms;
  return s.str();
}
std::string Show(const AuditEvent& e) {
  std::ostringstream s;
  s << e.at_ms << "|" << e.actor_kind << "|" << e.actor_id << "|" << e.action << "|"
    << e.conversation_id << "|" << e.detail_json;
  return s.str();
}
template <typename Record>
std::vector<std::string> Show(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const Record& r : records) out.push_back(Show(r));
  return out;
}

// Every row of a table read with its row mapping (sqlite_rows.h), straight
// from the file: for records the repository has no read for (surveys, done
// follow-ups).
template <typename Record>
std::vector<std::string> ReadTable(const std::string& path, const internal::Table<Record>& table,
                                   const std::string& order) {
  Db db;
  REQUIRE(db.Open(path).ok());
  Query q(db, table.Select("ORDER BY " + order));
  RowReader rows(table, q);
  std::vector<std::string> out;
  while (q.Step() == SQLITE_ROW) out.push_back(Show(rows.Read()));
  return out;
}

// The rows of every tests/server/data/schema_vK.sql, as the repository reads
// them (each fixture holds the same rows, written as its version wrote them).
void CheckFixtureRows(Repository& repo) {
  auto assigned = repo.FindConversation("c-assigned");
  REQUIRE(assigned.ok());
  REQUIRE(assigned.value().has_value());
  CHECK(Show(*assigned.value()) ==
        "c-assigned|hash-assigned|assigned|passports|fr|urgent|asked_for_human|"
        "https://example.gc.ca/passeport?lang=fr|{\"city\":\"Gatineau\",\"document\":"
        "\"passeport\"}|passports|1||203.0.113.7|1000|5000|2000|3000|0");
  CHECK(Show(*repo.FindConversation("c-closed").value()) ==
        "c-closed|hash-closed|closed|general|en|normal|frustration|https://example.gc.ca/en|{}||2|"
        "resolved|2001:db8::1|6000|9000|6500|7000|9000");
  CHECK(Show(*repo.FindConversation("c-callback").value()) ==
        "c-callback|hash-callback|callback_requested|general|fr|frustrated|out_of_hours||{}||0||"
        "198.51.100.2|7000|7100|7050|0|7100");
  auto open = repo.OpenConversations();
  REQUIRE(open.ok());
  REQUIRE(open.value().size() == 1);
  CHECK(open.value()[0].id == "c-assigned");

  CHECK(Show(repo.MessagesAfter("c-assigned", 0, 100).value()) ==
        std::vector<std::string>{
            "c-assigned|1|transcript-0|visitor|||Bonjour, j'ai perdu mon passeport 🛂|1000",
            "c-assigned|2|b-1|bot|||Je vous mets en relation avec un agent.|1001",
            "c-assigned|3|s-1|system|||Marie Tremblay a rejoint la conversation|3000",
            "c-assigned|4|x-1|agent|1|Marie Tremblay|Que puis-je faire pour vous ?|3100",
            "c-assigned|5|note-1|note|1|Marie Tremblay|dossier 12 — \"urgent\"|3200",
        });
  CHECK(Show(repo.MessagesBefore("c-closed", INT64_MAX, 10).value()) ==
        std::vector<std::string>{
            "c-closed|1|transcript-0|visitor|||Hello|6000",
            "c-closed|2|x-1|agent|2|Jean Roy|Done.\nAnything else?|8000",
        });

  const std::vector<std::string> agents = {
      "1|marie@example.gc.ca|Marie Tremblay|"
      "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA|"
      "[\"passports\",\"complaints\"]|[\"fr\",\"en\"]|[\"passports\",\"general\"]|0|100",
      "2|Jean.Roy@Example.gc.ca|Jean Roy|$argon2id$v=19$m=65536,t=2,p=1$eA$eQ|[]|[\"en\"]|"
      "[\"general\"]|1|200",
  };
  CHECK(Show(repo.ListAgents().value()) == agents);
  auto jean = repo.FindAgentByEmail("jean.roy@example.gc.ca");  // e-mails: any case
  REQUIRE(jean.ok());
  REQUIRE(jean.value().has_value());
  CHECK(Show(*jean.value()) == agents[1]);
  CHECK(Show(repo.FindAgentById(1).value().value()) == agents[0]);

  CHECK(Show(repo.OpenFollowUps({"general", "passports"}).value()) ==
        std::vector<std::string>{
            "1|c-callback|callback|Luc Gagnon|+1 819 555 0100|demain matin|||general|fr|open|"
            "7100|0|0",
        });

  CHECK(Show(repo.AuditFor("c-assigned").value()) ==
        std::vector<std::string>{
            "2000|system||conversation.queued|c-assigned|{\"queue\":\"passports\"}",
            "3000|agent|1|conversation.accept|c-assigned|{}",
        });
  CHECK(Show(repo.AuditFor("c-closed").value()) ==
        std::vector<std::string>{
            "9000|agent|2|conversation.close|c-closed|{\"outcome\":\"resolved\"}",
        });
  CHECK(Show(repo.AuditFor("").value()) ==
        std::vector<std::string>{"9001|system||agent.disable||{\"agent_id\":2}"});
}

// The rows the repository cannot read back, straight from the file.
void CheckFixtureRowsInFile(const std::string& path) {
  CHECK(ReadTable(path, internal::FollowUpsTable(), "id") ==
        std::vector<std::string>{
            "1|c-callback|callback|Luc Gagnon|+1 819 555 0100|demain matin|||general|fr|open|"
            "7100|0|0",
            "2|c-closed|message||||jean@example.com|Rappelez-moi, s'il vous plaît.|general|en|"
            "done|8500|9500|2",
        });
  CHECK(ReadTable(path, internal::SurveysTable(), "conversation_id") ==
        std::vector<std::string>{"c-closed|4|Très bien, merci|9100"});
}

// The schema a new file gets (every migration), for comparisons.
std::vector<std::string> FreshSchema() {
  TempDir dir;
  { Open(dir.path()); }
  return SchemaOf(dir.path() + "/relais.sqlite");
}

TEST_CASE("every earlier schema version is upgraded in place and keeps every row") {
  const int latest = LatestSchemaVersion();
  REQUIRE(latest >= 2);
  const std::vector<std::string> fresh = FreshSchema();
  for (int version = 1; version < latest; ++version) {
    DYNAMIC_SECTION("version " << version) {
      INFO("a fixture per earlier version: " << Fixture(version));
      REQUIRE(std::filesystem::exists(Fixture(version)));
      TempDir dir;
      const std::string path = LoadFixture(dir.path(), version);
      {
        auto repo = Open(dir.path());
        CheckFixtureRows(*repo);
      }
      CHECK(UserVersion(path) == latest);
      CHECK(SchemaOf(path) == fresh);
      CheckFixtureRowsInFile(path);

      // Opening again changes nothing (no migration runs: same schema, same rows).
      const std::vector<std::string> schema = SchemaOf(path);
      {
        auto repo = Open(dir.path());
        CheckFixtureRows(*repo);
      }
      CHECK(UserVersion(path) == latest);
      CHECK(SchemaOf(path) == schema);
      CheckFixtureRowsInFile(path);
    }
  }
}

TEST_CASE("an upgraded file takes writes under the latest schema") {
  TempDir dir;
  const std::string path = LoadFixture(dir.path(), 1);
  auto repo = Open(dir.path());
  // Version 2's key: the agent's "x-1" does not hide the visitor's; a retry is a duplicate.
  Message visitor;
  visitor.conversation_id = "c-assigned";
  visitor.client_id = "x-1";
  visitor.text = "moi aussi";
  visitor.created_ms = 4000;
  auto appended = Append(*repo, visitor);
  REQUIRE(appended.ok());
  CHECK_FALSE(appended.value().duplicate);
  CHECK(appended.value().seq == 6);
  auto retry = Append(*repo, visitor);
  REQUIRE(retry.ok());
  CHECK(retry.value().duplicate);
  CHECK(retry.value().seq == 6);
  CHECK(retry.value().created_ms == 4000);
  // Follow-ups complete, surveys stay one per conversation, agents update.
  CHECK(Wait([&](auto done) { repo->CompleteFollowUp(1, 1, 9900, done); }).ok());
  CHECK(repo->OpenFollowUps({"general"}).value().empty());
  CHECK(Wait([&](auto done) {
          repo->InsertSurvey({"c-closed", 5, "", 9950}, done);
        }).code() == StatusCode::kAlreadyExists);
  Agent marie = repo->FindAgentById(1).value().value();
  marie.display_name = "Marie T.";
  REQUIRE(repo->UpdateAgent(marie).ok());
  CHECK(repo->FindAgentById(1).value()->display_name == "Marie T.");
  CHECK(repo->FindAgentById(1).value()->created_ms == 100);
  // The audit log takes appends and is still append-only.
  CHECK(Wait([&](auto done) {
          repo->AppendAudit({9990, "agent", "1", "conversation.close", "c-assigned", "{}"}, done);
        }).ok());
  CHECK(repo->AuditFor("c-assigned").value().size() == 3);
  repo.reset();
  CHECK(Sql(path, "UPDATE events SET action='x'").find("append-only") != std::string::npos);
  CHECK(Sql(path, "DELETE FROM events").find("append-only") != std::string::npos);
}

TEST_CASE("each fixture is what its migrations create: the versions are frozen") {
  // Migrations 1..K on an empty file give exactly the tables, indexes and
  // triggers of schema_vK.sql: editing a released migration fails here.
  for (int version = 1; version < LatestSchemaVersion(); ++version) {
    DYNAMIC_SECTION("version " << version) {
      TempDir frozen, built;
      const std::string fixture = LoadFixture(frozen.path(), version);
      const std::string path = built.path() + "/relais.sqlite";
      {
        Db db;
        REQUIRE(db.Open(path).ok());
        Status s = MigrateSchema(db, path, internal::Migrations().first(version));
        INFO(s.message());
        REQUIRE(s.ok());
      }
      CHECK(UserVersion(path) == version);
      CHECK(SchemaOf(path) == SchemaOf(fixture));
    }
  }
}

TEST_CASE("a version-1 file without its user_version is upgraded too") {
  // Version 1 wrote user_version after creating its tables (not in one
  // transaction): a crash in between left version 0 with tables.
  TempDir dir;
  const std::string path = LoadFixture(dir.path(), 1);
  REQUIRE(Sql(path, "PRAGMA user_version=0").empty());
  {
    auto repo = Open(dir.path());
    CheckFixtureRows(*repo);
  }
  CHECK(UserVersion(path) == LatestSchemaVersion());
  CHECK(SchemaOf(path) == FreshSchema());
  CheckFixtureRowsInFile(path);
}

TEST_CASE("a salvaged copy of a latest-version file (no user_version) opens with its rows") {
  // `sqlite3 .dump` / `.recover` (server/README.md, "Damaged database") keep
  // the tables but not user_version.
  TempDir dir;
  const std::string path = LoadFixture(dir.path(), 1);
  { Open(dir.path()); }
  REQUIRE(Sql(path, "PRAGMA user_version=0").empty());
  {
    auto repo = Open(dir.path());
    CheckFixtureRows(*repo);
  }
  CHECK(UserVersion(path) == LatestSchemaVersion());
  CHECK(SchemaOf(path) == FreshSchema());
}

TEST_CASE("a database written by a newer server is refused and left as it was") {
  TempDir dir;
  const std::string path = dir.path() + "/relais.sqlite";
  { Open(dir.path()); }
  const int newer = LatestSchemaVersion() + 1;
  REQUIRE(Sql(path, "PRAGMA user_version=" + std::to_string(newer)).empty());
  const std::string before = ReadFile(path);
  auto r = OpenSqliteRepository(dir.path());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == path + ": database schema version " + std::to_string(newer) +
                                    " is newer than this server's (" +
                                    std::to_string(LatestSchemaVersion()) +
                                    "): run a newer relais-server");
  CHECK(UserVersion(path) == newer);
  CHECK(ReadFile(path) == before);
}

TEST_CASE("a migration that fails leaves the file at the version before it") {
  // Migration 2 copies the messages into the rebuilt table with foreign keys
  // on: a message whose conversation is gone (written with them off) fails
  // the copy, and so the step.
  TempDir dir;
  const std::string path = LoadFixture(dir.path(), 1);
  REQUIRE(Sql(path, "INSERT INTO messages VALUES ('gone', 1, 'm', 'visitor', '', '', 'orphan', 1)")
              .empty());
  const std::vector<std::string> schema = SchemaOf(path);
  const std::vector<std::string> messages =
      Rows(path, "SELECT * FROM messages ORDER BY conversation_id, seq");
  auto r = OpenSqliteRepository(dir.path());
  REQUIRE_FALSE(r.ok());
  const std::string message = r.status().message();
  CHECK(message.find(path + ": schema upgrade from version 1 to 2 failed (the file was left at "
                            "version 1): ") == 0);
  CHECK(message.find("FOREIGN KEY constraint failed") != std::string::npos);
  CHECK(UserVersion(path) == 1);
  CHECK(SchemaOf(path) == schema);
  CHECK(Rows(path, "SELECT * FROM messages ORDER BY conversation_id, seq") == messages);

  // Once the stray row is removed, the same file upgrades.
  REQUIRE(Sql(path, "DELETE FROM messages WHERE conversation_id='gone'").empty());
  {
    auto repo = Open(dir.path());
    CheckFixtureRows(*repo);
  }
  CHECK(UserVersion(path) == LatestSchemaVersion());
}

TEST_CASE("each migration commits on its own, with its version") {
  TempDir dir;
  const std::string path = dir.path() + "/db.sqlite";
  Db db;
  REQUIRE(db.Open(path).ok());
  const Migration failing[] = {
      {"CREATE TABLE a (x);"},
      {"CREATE TABLE b (x); INSERT INTO b VALUES (1);"},
      {"CREATE TABLE c (x); INSERT INTO nowhere VALUES (1);"},
  };
  Status s = MigrateSchema(db, path, failing);
  REQUIRE_FALSE(s.ok());
  CHECK(s.message() == path +
                           ": schema upgrade from version 2 to 3 failed (the file was left at "
                           "version 2): sqlite: no such table: nowhere");
  CHECK(UserVersion(path) == 2);
  CHECK(Rows(path, "SELECT name FROM sqlite_schema ORDER BY name") ==
        std::vector<std::string>{"a", "b"});

  const Migration fixed[] = {failing[0], failing[1], {"CREATE TABLE c (x);"}};
  REQUIRE(MigrateSchema(db, path, fixed).ok());
  CHECK(UserVersion(path) == 3);
  // At the last version already: nothing runs (these would fail).
  const Migration unrunnable[] = {{"not sql"}, {"not sql"}, {"not sql"}};
  CHECK(MigrateSchema(db, path, unrunnable).ok());
  // Fewer migrations than the file's version: refused.
  CHECK(MigrateSchema(db, path, std::span(fixed).first(2)).message().find("is newer") !=
        std::string::npos);
  CHECK(Rows(path, "SELECT name FROM sqlite_schema ORDER BY name") ==
        std::vector<std::string>{"a", "b", "c"});
}

}  // namespace
}  // namespace relais::server
