#include "toolchain_smoke.h"

#include <re2/re2.h>
#include <sqlite3.h>

#include <memory>

namespace relais::smoke {
namespace {

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using Statement = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

std::string SqliteError(sqlite3* db, const char* step) {
  return std::string("error: ") + step + ": " + sqlite3_errmsg(db);
}

}  // namespace

std::string RunToolchainSmoke() {
  sqlite3* raw = nullptr;
  if (sqlite3_open(":memory:", &raw) != SQLITE_OK) return "error: sqlite3_open";
  Database db(raw, &sqlite3_close);

  const char* setup =
      "CREATE VIRTUAL TABLE faq USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');"
      "INSERT INTO faq VALUES ('Renouveler un passeport', 'Le renouvellement se fait en ligne.');"
      "INSERT INTO faq VALUES ('Change your address', 'Sign in to your account to update it.');"
      "INSERT INTO faq VALUES ('Heures d''ouverture', 'Nos bureaux sont ouverts de 8 h 30 à 16 h 30.');";
  if (sqlite3_exec(db.get(), setup, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db.get(), "create fts5 table");
  }

  sqlite3_stmt* raw_stmt = nullptr;
  const char* query = "SELECT title FROM faq WHERE faq MATCH ? ORDER BY bm25(faq) LIMIT 1";
  if (sqlite3_prepare_v2(db.get(), query, -1, &raw_stmt, nullptr) != SQLITE_OK) {
    return SqliteError(db.get(), "prepare fts5 query");
  }
  Statement stmt(raw_stmt, &sqlite3_finalize);
  // "ouverture" without its accent and "a" for "à": FTS5's remove_diacritics folds both.
  sqlite3_bind_text(stmt.get(), 1, "bureaux ouverts a", -1, SQLITE_STATIC);
  if (sqlite3_step(stmt.get()) != SQLITE_ROW) return SqliteError(db.get(), "fts5 query");
  std::string title = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));

  // RE2 with Unicode and a capture, as the engine's entity extractors use it.
  RE2 postal_code(R"((?i)\b([a-z]\d[a-z])\s?(\d[a-z]\d)\b)");
  if (!postal_code.ok()) return "error: re2 compile: " + postal_code.error();
  std::string first, second;
  if (!RE2::PartialMatch("Mon code postal est k1a 0b1, merci.", postal_code, &first, &second)) {
    return "error: re2 match";
  }

  return "fts5=" + title + ";re2=" + first + " " + second + ";sqlite=" + sqlite3_libversion();
}

}  // namespace relais::smoke
