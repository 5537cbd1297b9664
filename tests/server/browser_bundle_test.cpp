// BundleForBrowsers: the bundle without its full-text index, everything else kept.
#include "relais/server/browser_bundle.h"

#include <catch2/catch_test_macros.hpp>
#include <string>
#include <vector>

#include "support/sqlite_bytes.h"

namespace relais::server {
namespace {

using sqlite_testing::MemoryDatabase;

// A bundle-shaped database: an entries table, a long text in the FTS5 index.
std::string Bundle(bool with_index) {
  MemoryDatabase db;
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
  MemoryDatabase db(served);
  CHECK(db.Query("SELECT name FROM sqlite_schema WHERE name LIKE 'search%'").empty());
  CHECK(db.Query("SELECT title FROM entries ORDER BY id") ==
        std::vector<std::string>{"Frais", "Heures"});
  CHECK(db.Query("PRAGMA application_id") == std::vector<std::string>{"1380731714"});
  CHECK(db.Query("PRAGMA user_version") == std::vector<std::string>{"1"});
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
