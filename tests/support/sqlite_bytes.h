// Test helper: a SQLite database held as bytes (a knowledge-base bundle), opened
// as a writable copy in memory to change it, query it and serialise it again.
// Tests that include it link SQLite (relais::sqlite3).
#ifndef RELAIS_TESTS_SUPPORT_SQLITE_BYTES_H_
#define RELAIS_TESTS_SUPPORT_SQLITE_BYTES_H_

#include <sqlite3.h>

#include <catch2/catch_test_macros.hpp>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace relais::sqlite_testing {

class MemoryDatabase {
 public:
  // An empty database, or a writable copy of `bytes` (which stay untouched).
  explicit MemoryDatabase(std::string_view bytes = {}) {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    if (bytes.empty()) return;
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bytes.size()));
    REQUIRE(copy != nullptr);
    std::memcpy(copy, bytes.data(), bytes.size());
    REQUIRE(sqlite3_deserialize(db_, "main", copy, static_cast<sqlite3_int64>(bytes.size()),
                                static_cast<sqlite3_int64>(bytes.size()),
                                SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) ==
            SQLITE_OK);
  }
  ~MemoryDatabase() { sqlite3_close(db_); }
  MemoryDatabase(const MemoryDatabase&) = delete;
  MemoryDatabase& operator=(const MemoryDatabase&) = delete;

  void Exec(const std::string& sql) {
    INFO(sql);
    REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }

  // The rows of `sql`, one string per row with columns separated by '|' (NULL as "NULL").
  std::vector<std::string> Query(const std::string& sql) {
    INFO(sql);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        row += (c == 0 ? "" : "|") + std::string(text == nullptr ? "NULL" : text);
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    return rows;
  }

  std::string Bytes() {
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db_, "main", &size, 0);
    REQUIRE(bytes != nullptr);
    std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
    sqlite3_free(bytes);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// `bytes` with `sql` applied.
inline std::string Modified(std::string_view bytes, const std::string& sql) {
  MemoryDatabase db(bytes);
  db.Exec(sql);
  return db.Bytes();
}

// The rows of `sql` on `bytes` (see MemoryDatabase::Query).
inline std::vector<std::string> Query(std::string_view bytes, const std::string& sql) {
  return MemoryDatabase(bytes).Query(sql);
}

}  // namespace relais::sqlite_testing

#endif  // RELAIS_TESTS_SUPPORT_SQLITE_BYTES_H_
