#include "relais/server/browser_bundle.h"

#include <sqlite3.h>

#include <cstring>
#include <memory>

namespace relais::server {
namespace {

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

}  // namespace

std::string BundleForBrowsers(std::string_view bundle) {
  sqlite3* raw = nullptr;
  const int opened =
      sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr);
  std::unique_ptr<sqlite3, CloseDb> db(raw);
  if (opened != SQLITE_OK) return std::string(bundle);
  // A copy SQLite owns and may grow: the bundle itself is only read.
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(bundle.size()));
  if (copy == nullptr) return std::string(bundle);
  std::memcpy(copy, bundle.data(), bundle.size());
  if (sqlite3_deserialize(db.get(), "main", copy, static_cast<sqlite3_int64>(bundle.size()),
                          static_cast<sqlite3_int64>(bundle.size()),
                          SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
      SQLITE_OK) {
    return std::string(bundle);
  }
  sqlite3_stmt* stmt = nullptr;
  bool has_index = false;
  if (sqlite3_prepare_v2(db.get(), "SELECT 1 FROM sqlite_schema WHERE name = 'search'", -1, &stmt,
                         nullptr) == SQLITE_OK) {
    has_index = sqlite3_step(stmt) == SQLITE_ROW;
  }
  sqlite3_finalize(stmt);
  if (!has_index || sqlite3_exec(db.get(), "DROP TABLE search; VACUUM;", nullptr, nullptr,
                                 nullptr) != SQLITE_OK) {
    return std::string(bundle);
  }
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db.get(), "main", &size, 0);
  if (bytes == nullptr) return std::string(bundle);
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  return out;
}

}  // namespace relais::server
