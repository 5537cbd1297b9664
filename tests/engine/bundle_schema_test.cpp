// The bundle's schema (relais/engine/bundle_schema.h) and the SQL generated from
// it. Bundles themselves, written and read, are tested in tests/knowledge-base/.
#include "relais/engine/bundle_schema.h"

#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch_test_macros.hpp>
#include <set>
#include <string>
#include <vector>

namespace relais::engine::bundle {
namespace {

bool HasColumn(const Table& table, std::string_view name) {
  return std::any_of(table.columns.begin(), table.columns.end(),
                     [&](const Column& column) { return column.name == name; });
}

TEST_CASE("every table has unique column names and a key made of its own columns") {
  std::set<std::string_view> tables;
  for (const Table* table : kTables) {
    INFO(table->name);
    CHECK(tables.insert(table->name).second);
    std::set<std::string_view> names;
    for (const Column& column : table->columns) CHECK(names.insert(column.name).second);
    for (std::string_view key : table->key) CHECK(HasColumn(*table, key));
    CHECK(table->key.empty() == (table->kind == TableKind::kFts5));
    CHECK(table->fts5_options.empty() == (table->kind != TableKind::kFts5));
  }
}

TEST_CASE("CREATE, INSERT and SELECT statements are generated from the columns") {
  CHECK(CreateSql(kMeta) ==
        "CREATE TABLE meta (\n  key TEXT,\n  value TEXT NOT NULL,\n  PRIMARY KEY (key)\n) "
        "WITHOUT ROWID");
  CHECK(CreateSql(kSearch) ==
        "CREATE VIRTUAL TABLE search USING fts5(\n  entry_id UNINDEXED,\n  language UNINDEXED,\n"
        "  title,\n  answer,\n  questions,\n  tokenize = 'unicode61 remove_diacritics 2'\n)");
  CHECK(CreateSql(kEntries).ends_with(
      "  alternatives TEXT NOT NULL,\n  PRIMARY KEY (id)\n) WITHOUT ROWID"));
  CHECK(CreateSql(kTexts).ends_with("  PRIMARY KEY (entry_id, language)\n)"));
  CHECK(InsertSql(kModel) == "INSERT INTO model (name, data) VALUES (:name, :data)");
  CHECK(SelectSql(kQuestions) ==
        "SELECT entry_id, language, position, text FROM questions ORDER BY entry_id, language, "
        "position");
  CHECK(SelectSql(kSearch) == "SELECT entry_id, language, title, answer, questions FROM search");
}

TEST_CASE("SQLite creates the schema with the columns it names, and takes every statement") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, SchemaSql().c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  for (const Table* table : kTables) {
    INFO(table->name);
    for (const std::string& sql : {InsertSql(*table), SelectSql(*table)}) {
      sqlite3_stmt* stmt = nullptr;
      CHECK(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
      sqlite3_finalize(stmt);
    }
    // The columns as SQLite declares them, in order.
    std::vector<std::string> declared;
    sqlite3_stmt* stmt = nullptr;
    const std::string info =
        "SELECT name FROM pragma_table_info('" + std::string(table->name) + "')";
    REQUIRE(sqlite3_prepare_v2(db, info.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      declared.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    std::vector<std::string> expected;
    for (const Column& column : table->columns) expected.emplace_back(column.name);
    CHECK(declared == expected);
  }
  sqlite3_close(db);
}

}  // namespace
}  // namespace relais::engine::bundle
