#include "relais/engine/knowledge_base.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>

namespace relais::engine {
namespace {

// Budgets on the content of a bundle (the bytes are already capped).
constexpr std::size_t kMaxRows = 200000;
constexpr std::size_t kMaxJsonBytes = 64 * 1024;

Status Corrupt(std::string what) {
  return Status::Error(StatusCode::kCorrupt, "knowledge-base bundle: " + std::move(what));
}

// Owns a deserialised read-only database.
class Database {
 public:
  ~Database() { sqlite3_close(db_); }
  sqlite3* db() const { return db_; }

  Status Open(std::string_view bytes) {
    if (sqlite3_open_v2(":memory:", &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) !=
        SQLITE_OK) {
      return Status::Error(StatusCode::kInternal, "cannot open an in-memory database");
    }
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    // SQLITE_DESERIALIZE_READONLY: SQLite never writes to the buffer, so the
    // caller's bytes can be used in place without a copy.
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    const auto size = static_cast<sqlite3_int64>(bytes.size());
    if (sqlite3_deserialize(db_, "main", data, size, size, SQLITE_DESERIALIZE_READONLY) !=
        SQLITE_OK) {
      return Corrupt(std::string("cannot open it: ") + sqlite3_errmsg(db_));
    }
    return Status::Ok();
  }

 private:
  sqlite3* db_ = nullptr;
};

// Runs `sql` and calls `row(stmt)` for each result row; the first non-ok Status
// it returns stops the query and is returned. Any SQLite error (a statement that
// does not prepare, a step that fails) means a damaged or foreign bundle.
template <typename Row>
Status ForEachRow(sqlite3* db, const char* sql, Row row) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    return Corrupt("unexpected schema (" + message + "); rebuild it with relais-kb build");
  }
  Status status;
  std::size_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (++rows > kMaxRows) {
      status =
          Status::Error(StatusCode::kResourceExhausted, "knowledge-base bundle: too many rows");
      break;
    }
    status = row(stmt);
    if (!status.ok()) break;
  }
  if (status.ok() && rc != SQLITE_DONE) status = Corrupt(sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  return status;
}

std::string Text(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text == nullptr
             ? std::string()
             : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)));
}

// A JSON value parsed without exceptions (the WebAssembly build has none);
// discarded (is_discarded()) when malformed or over budget.
nlohmann::json ParseJson(const std::string& text) {
  if (text.size() > kMaxJsonBytes) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text, nullptr, false);
}

bool ReadContacts(const nlohmann::json& array, std::vector<KbContact>* out) {
  if (!array.is_array()) return false;
  for (const nlohmann::json& item : array) {
    if (!item.is_object()) return false;
    KbContact contact;
    for (auto [field, target] :
         {std::pair{"kind", &contact.kind}, std::pair{"value", &contact.value},
          std::pair{"label", &contact.label}}) {
      const auto it = item.find(field);
      if (it == item.end() || !it->is_string()) return false;
      *target = it->get_ref<const std::string&>();
    }
    out->push_back(std::move(contact));
  }
  return true;
}

Status ReadMeta(sqlite3* db, KbInfo* info) {
  std::map<std::string, std::string> meta;
  Status status = ForEachRow(db, "SELECT key, value FROM meta", [&](sqlite3_stmt* stmt) {
    meta[Text(stmt, 0)] = Text(stmt, 1);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  if (meta["format_version"] != std::to_string(kBundleFormatVersion)) {
    return Corrupt("meta.format_version is '" + meta["format_version"] + "', expected " +
                   std::to_string(kBundleFormatVersion));
  }
  info->format_version = kBundleFormatVersion;
  info->content_hash = meta["content_hash"];
  info->build_time = meta["build_time"];
  info->service_id = meta["service_id"];
  info->service_name_en = meta["service_name_en"];
  info->service_name_fr = meta["service_name_fr"];
  // Replaced by the questions read, when they are read.
  const std::string& question_count = meta["question_count"];
  const auto [end, error] = std::from_chars(
      question_count.data(), question_count.data() + question_count.size(), info->question_count);
  if (!question_count.empty() &&
      (error != std::errc() || end != question_count.data() + question_count.size())) {
    return Corrupt("meta.question_count is '" + question_count + "', not a count");
  }
  const nlohmann::json languages = ParseJson(meta["languages"]);
  if (!languages.is_array()) return Corrupt("meta.languages is not a JSON array");
  for (const nlohmann::json& language : languages) {
    if (!language.is_string()) return Corrupt("meta.languages holds a non-string");
    info->languages.push_back(language.get<std::string>());
  }
  if (!ReadContacts(ParseJson(meta["alternatives_en"]), &info->alternatives_en) ||
      !ReadContacts(ParseJson(meta["alternatives_fr"]), &info->alternatives_fr)) {
    return Corrupt("meta.alternatives_en or alternatives_fr is not a list of contacts");
  }
  return Status::Ok();
}

Status ReadEntry(sqlite3_stmt* stmt, std::vector<KbEntry>* entries) {
  KbEntry entry;
  entry.id = Text(stmt, 0);
  entry.category = Text(stmt, 1);
  entry.en.title = Text(stmt, 2);
  entry.fr.title = Text(stmt, 3);
  entry.en.answer_markdown = Text(stmt, 4);
  entry.fr.answer_markdown = Text(stmt, 5);
  const nlohmann::json follow_ups = ParseJson(Text(stmt, 6));
  if (!follow_ups.is_array()) return Corrupt("follow_ups of '" + entry.id + "' is not an array");
  for (const nlohmann::json& id : follow_ups) {
    if (!id.is_string()) return Corrupt("follow_ups of '" + entry.id + "' holds a non-string");
    entry.follow_ups.push_back(id.get<std::string>());
  }
  const std::string handoff = Text(stmt, 7);
  if (handoff != "never" && handoff != "always") {
    return Corrupt("handoff of '" + entry.id + "' is '" + handoff + "'");
  }
  entry.handoff = handoff == "always" ? KbHandoff::kAlways : KbHandoff::kNever;
  entry.queue = Text(stmt, 8);
  entry.skill = Text(stmt, 9);
  const std::string priority = Text(stmt, 10);
  if (priority != "normal" && priority != "urgent") {
    return Corrupt("priority of '" + entry.id + "' is '" + priority + "'");
  }
  entry.priority = priority == "urgent" ? KbPriority::kUrgent : KbPriority::kNormal;
  entry.show_service_alternatives = sqlite3_column_int(stmt, 11) != 0;
  const nlohmann::json alternatives = ParseJson(Text(stmt, 12));
  if (!alternatives.is_object() || !alternatives.contains("en") || !alternatives.contains("fr") ||
      !ReadContacts(alternatives["en"], &entry.en.alternatives) ||
      !ReadContacts(alternatives["fr"], &entry.fr.alternatives)) {
    return Corrupt("alternatives of '" + entry.id + "' are malformed");
  }
  entry.owner = Text(stmt, 13);
  entry.reviewed = Text(stmt, 14);
  entries->push_back(std::move(entry));
  return Status::Ok();
}

// The entry with this id in `entries` (sorted by id), or nullptr.
const KbEntry* FindById(const std::vector<KbEntry>& entries, std::string_view id) {
  const auto it =
      std::lower_bound(entries.begin(), entries.end(), id,
                       [](const KbEntry& entry, std::string_view key) { return entry.id < key; });
  return it != entries.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

Result<KnowledgeBase> KnowledgeBase::FromBundle(std::string_view sqlite_bytes,
                                                KbQuestions questions) {
  if (sqlite_bytes.size() > kMaxBundleBytes) {
    return Status::Error(StatusCode::kResourceExhausted,
                         "knowledge-base bundle: " + std::to_string(sqlite_bytes.size()) +
                             " bytes, more than the " + std::to_string(kMaxBundleBytes) +
                             " allowed");
  }
  // A SQLite file starts with this 16-byte header string; checking it first
  // gives a clearer message than SQLite's for a truncated or foreign file.
  static constexpr std::string_view kMagic("SQLite format 3\0", 16);
  if (sqlite_bytes.size() < 100 || sqlite_bytes.substr(0, 16) != kMagic) {
    return Corrupt("not a SQLite file (truncated or damaged?); rebuild it with relais-kb build");
  }
  // The header's big-endian application id and user version (PRAGMA
  // application_id and user_version), read without running SQL.
  const auto header_u32 = [&](std::size_t offset) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i)
      v = v << 8 | static_cast<std::uint8_t>(sqlite_bytes[offset + i]);
    return static_cast<int>(v);
  };
  if (header_u32(68) != kBundleApplicationId) {
    return Corrupt("this SQLite file is not a Relais knowledge-base bundle");
  }
  if (const int user_version = header_u32(60); user_version != kBundleFormatVersion) {
    return Corrupt("format version " + std::to_string(user_version) + ", but this engine reads " +
                   "version " + std::to_string(kBundleFormatVersion) +
                   "; rebuild the bundle with the matching relais-kb");
  }
  Database database;
  if (Status status = database.Open(sqlite_bytes); !status.ok()) return status;
  sqlite3* db = database.db();

  auto data = std::make_shared<Data>();
  Status status = ReadMeta(db, &data->info);
  if (!status.ok()) return status;
  status = ForEachRow(
      db,
      "SELECT id, category, title_en, title_fr, answer_en, answer_fr, follow_ups, handoff, queue, "
      "skill, priority, show_alternatives, alternatives, owner, reviewed FROM entries ORDER BY id",
      [&](sqlite3_stmt* stmt) { return ReadEntry(stmt, &data->entries); });
  if (!status.ok()) return status;
  auto read_texts = [&](const char* sql, auto* out) {
    return ForEachRow(db, sql, [&](sqlite3_stmt* stmt) {
      std::string entry_id = Text(stmt, 0);
      std::string language = Text(stmt, 1);
      if (FindById(data->entries, entry_id) == nullptr) {
        return Corrupt("a row refers to unknown entry '" + entry_id + "'");
      }
      if (language != "en" && language != "fr") {
        return Corrupt("unknown language '" + language + "'");
      }
      out->push_back({std::move(entry_id), std::move(language), Text(stmt, 2)});
      return Status::Ok();
    });
  };
  data->questions_read = questions == KbQuestions::kRead;
  if (data->questions_read) {
    status = read_texts(
        "SELECT entry_id, language, text FROM questions ORDER BY entry_id, language, position",
        &data->questions);
  }
  if (status.ok()) {
    status = read_texts(
        "SELECT entry_id, language, pattern FROM patterns ORDER BY entry_id, language, position",
        &data->patterns);
  }
  if (status.ok()) {
    status = ForEachRow(db, "SELECT name, data FROM model ORDER BY name", [&](sqlite3_stmt* stmt) {
      const void* blob = sqlite3_column_blob(stmt, 1);
      const int size = sqlite3_column_bytes(stmt, 1);
      data->models.emplace_back(Text(stmt, 0),
                                std::string(static_cast<const char*>(blob), blob ? size : 0));
      return Status::Ok();
    });
  }
  if (!status.ok()) return status;
  data->info.entry_count = data->entries.size();
  if (data->questions_read) data->info.question_count = data->questions.size();
  return KnowledgeBase(std::move(data));
}

const KbEntry* KnowledgeBase::FindEntry(std::string_view id) const {
  return FindById(data_->entries, id);
}

std::string_view KnowledgeBase::Model(std::string_view name) const {
  for (const auto& [model_name, bytes] : data_->models) {
    if (model_name == name) return bytes;
  }
  return {};
}

}  // namespace relais::engine
