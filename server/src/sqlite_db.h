// Internal: a thin RAII layer over one SQLite connection with a prepared
// statement cache. Not thread-safe: each connection belongs to one thread (or
// is guarded by its owner's mutex).
#ifndef RELAIS_SERVER_SRC_SQLITE_DB_H_
#define RELAIS_SERVER_SRC_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "relais/server/status.h"

namespace relais::server::internal {

class Db {
 public:
  Db() = default;
  ~Db() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    if (db_) sqlite3_close_v2(db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // `vfs`: a registered VFS name, or nullptr for the default.
  Status Open(const std::string& path, const char* vfs = nullptr) {
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) return Error("open " + path);
    sqlite3_busy_timeout(db_, 5000);
    return Status::Ok();
  }

  // Runs one or more statements without results.
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err ? err : "unknown";
      sqlite3_free(err);
      return Status::Error(StatusCode::kInternal, std::string("sqlite: ") + message);
    }
    return Status::Ok();
  }

  // A cached prepared statement for `sql`, or nullptr. The cache is keyed by
  // the text, so `sql` need not outlive the call; the statement lives as long
  // as the connection.
  sqlite3_stmt* Prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return nullptr;
    }
    cache_.emplace(sql, stmt);
    return stmt;
  }

  // The connection's last error as kInternal ("sqlite: what: message"). I/O
  // errors say which operation failed ("disk I/O error (write failed)"):
  // SQLite's message alone does not, and the system's errno is not kept
  // reliably by the time the statement returns.
  Status Error(const std::string& what) const {
    if (!db_) return Status::Error(StatusCode::kInternal, "sqlite: " + what + ": no connection");
    std::string message = "sqlite: " + what + ": " + sqlite3_errmsg(db_);
    switch (sqlite3_extended_errcode(db_)) {
      case SQLITE_IOERR_WRITE:
        message += " (write failed)";
        break;
      case SQLITE_IOERR_FSYNC:
      case SQLITE_IOERR_DIR_FSYNC:
        message += " (fsync failed)";
        break;
      case SQLITE_IOERR_READ:
      case SQLITE_IOERR_SHORT_READ:
        message += " (read failed)";
        break;
      case SQLITE_IOERR_TRUNCATE:
        message += " (truncate failed)";
        break;
      default:
        break;
    }
    return Status::Error(StatusCode::kInternal, message);
  }
  sqlite3* raw() { return db_; }
  int64_t Changes() { return sqlite3_changes64(db_); }
  int64_t LastRowId() { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

// One execution of a cached statement; resets it when destroyed.
class Query {
 public:
  Query(Db& db, const char* sql) : db_(db), stmt_(db.Prepare(sql)) {}
  Query(Db& db, const std::string& sql) : Query(db, sql.c_str()) {}
  ~Query() {
    if (stmt_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }
  Query& Bind(int i, int64_t v) {
    if (stmt_) sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Query& Bind(int i, std::string_view v) {
    if (stmt_) sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return stmt_ ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  // Steps to completion; kAlreadyExists on a UNIQUE violation.
  Status Run(const char* what) {
    int rc = Step();
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return Status::Error(StatusCode::kAlreadyExists, std::string(what) + ": already exists");
    }
    return db_.Error(what);
  }
  // The result columns: how many, and each one's name (its alias, or the
  // column's own name), known once the statement is prepared.
  int ColumnCount() { return stmt_ ? sqlite3_column_count(stmt_) : 0; }
  std::string_view ColumnName(int col) {
    const char* name = stmt_ ? sqlite3_column_name(stmt_, col) : nullptr;
    return name ? std::string_view(name) : std::string_view();
  }
  // The current row's value in column `col`. Records are read by column name
  // (sqlite_rows.h); positions are for one-value statements (PRAGMA, MAX()).
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const unsigned char* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  Db& db_;
  sqlite3_stmt* stmt_;
};

}  // namespace relais::server::internal

#endif  // RELAIS_SERVER_SRC_SQLITE_DB_H_
