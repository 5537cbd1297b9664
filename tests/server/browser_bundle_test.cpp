// BundleForBrowsers: the bundle without its full-text index, everything else kept.
#include "relais/server/browser_bundle.h"

#include <sqlite3.h>

#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

namespace relais::server {
namespace {

// A database in memory: `sql` run on it, or on `bytes` when given.
class Memory {
 public:
  explicit Memory(const std::string& bytes = "") {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    if (bytes.empty()) return;
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
    std::copy(bytes.begin(), bytes.end(), copy);
    REQUIRE(sqlite3_deserialize(db_, "main", copy, bytes.size(), bytes.size(),
                                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) ==
            SQLITE_OK);
  }
  ~Memory() { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    INFO(sql);
    REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  // The first column of every row, as text.
  std::vector<std::string> Column(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::vector<std::string> out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  std::string Bytes() {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
    std::string out(reinterpret_cast<char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A bundle-shaped database: an entries table, a long text in the FTS5 index.
std::string Bundle(bool with_index) {
  Memory db;
  db.Exec("PRAGMA application_id = 1380731714; PRAGMA user_version = 1;");
  db.Exec("CREATE TABLE entries (id TEXT PRIMARY KEY, title TEXT) WITHOUT ROWID;");
  db.Exec("INSERT INTO entries VALUES ('hours', 'Heures'), ('fees', 'Frais');");
  if (with_index) {
    db.Exec("CREATE VIRTUAL TABLE search USING fts5(entry_id UNINDEXED, text);");
    db.Exec(
        "INSERT INTO search SELECT id, printf('%.*c', 20000, 'x') || ' ' || title FROM "
        "entries;");
  }
  return db.Bytes();
}

TEST_CASE("the full-text index is dropped, the rest kept") {
  const std::string bundle = Bundle(true);
  const std::string served = BundleForBrowsers(bundle);
  CHECK(served.size() < bundle.size());
  Memory db(served);
  CHECK(db.Column("SELECT name FROM sqlite_schema WHERE name LIKE 'search%'").empty());
  CHECK(db.Column("SELECT title FROM entries ORDER BY id") ==
        std::vector<std::string>{"Frais", "Heures"});
  CHECK(db.Column("PRAGMA application_id") == std::vector<std::string>{"1380731714"});
  CHECK(db.Column("PRAGMA user_version") == std::vector<std::string>{"1"});
}

TEST_CASE("a bundle without an index, or that is not a database, is served as it is") {
  const std::string plain = Bundle(false);
  CHECK(BundleForBrowsers(plain) == plain);
  const std::string damaged = std::string("SQLite format 3\0", 16) + "truncated";
  CHECK(BundleForBrowsers(damaged) == damaged);
  CHECK(BundleForBrowsers("").empty());
}

}  // namespace
}  // namespace relais::server
