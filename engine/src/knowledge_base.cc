#include "relais/engine/knowledge_base.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "relais/engine/bundle_schema.h"

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

// One result row, its values read by column name (bundle_schema.h), never by
// position. The statement's column names are looked up once per statement.
class Row {
 public:
  explicit Row(sqlite3_stmt* stmt) : stmt_(stmt) {
    for (int i = 0, n = sqlite3_column_count(stmt); i < n; ++i) {
      const char* name = sqlite3_column_name(stmt, i);
      names_.emplace_back(name != nullptr ? name : "");
    }
  }

  std::string Text(std::string_view column) const {
    const int i = Index(column);
    if (i < 0) return {};
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return text == nullptr
               ? std::string()
               : std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)));
  }
  std::string Blob(std::string_view column) const {
    const int i = Index(column);
    if (i < 0) return {};
    const void* blob = sqlite3_column_blob(stmt_, i);
    const int size = sqlite3_column_bytes(stmt_, i);
    return blob == nullptr
               ? std::string()
               : std::string(static_cast<const char*>(blob), static_cast<std::size_t>(size));
  }
  std::int64_t Int(std::string_view column) const {
    const int i = Index(column);
    return i < 0 ? 0 : sqlite3_column_int64(stmt_, i);
  }

  // The first column asked for that the statement does not have (a reader asking
  // for another table's column), or empty.
  const std::string& missing() const { return missing_; }

 private:
  int Index(std::string_view column) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == column) return static_cast<int>(i);
    }
    if (missing_.empty()) missing_ = column;
    return -1;
  }

  sqlite3_stmt* stmt_;
  std::vector<std::string> names_;
  mutable std::string missing_;
};

// Reads every column of `table` (bundle::SelectSql: named columns, in key order)
// and calls `read(row)` for each row; the first non-ok Status it returns stops the
// query and is returned. Any SQLite error (a statement that does not prepare, a
// step that fails) means a damaged or foreign bundle.
template <typename Read>
Status ForEachRow(sqlite3* db, const bundle::Table& table, Read read) {
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = bundle::SelectSql(table);
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db);
    sqlite3_finalize(stmt);
    return Corrupt("unexpected schema (" + message + "); rebuild it with relais-kb build");
  }
  const Row row(stmt);
  Status status;
  std::size_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (++rows > kMaxRows) {
      status =
          Status::Error(StatusCode::kResourceExhausted, "knowledge-base bundle: too many rows");
      break;
    }
    status = read(row);
    if (!row.missing().empty()) {
      status = Status::Error(
          StatusCode::kInternal,
          "knowledge-base bundle: no column '" + row.missing() + "' in " + std::string(table.name));
    }
    if (!status.ok()) break;
  }
  if (status.ok() && rc != SQLITE_DONE) status = Corrupt(sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  return status;
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
  namespace m = bundle::meta;
  std::map<std::string, std::string, std::less<>> meta;
  Status status = ForEachRow(db, bundle::kMeta, [&](const Row& row) {
    meta[row.Text(m::kKey)] = row.Text(m::kValue);
    return Status::Ok();
  });
  if (!status.ok()) return status;
  const auto value = [&](std::string_view key) -> const std::string& {
    static const std::string kEmpty;
    const auto it = meta.find(key);
    return it == meta.end() ? kEmpty : it->second;
  };
  if (value(m::kFormatVersion) != std::to_string(kBundleFormatVersion)) {
    return Corrupt("meta.format_version is '" + value(m::kFormatVersion) + "', expected " +
                   std::to_string(kBundleFormatVersion));
  }
  info->format_version = kBundleFormatVersion;
  info->content_hash = value(m::kContentHash);
  info->build_time = value(m::kBuildTime);
  info->service_id = value(m::kServiceId);
  // Replaced by the questions read, when they are read.
  const std::string& question_count = value(m::kQuestionCount);
  const auto [end, error] = std::from_chars(
      question_count.data(), question_count.data() + question_count.size(), info->question_count);
  if (!question_count.empty() &&
      (error != std::errc() || end != question_count.data() + question_count.size())) {
    return Corrupt("meta.question_count is '" + question_count + "', not a count");
  }
  const nlohmann::json languages = ParseJson(value(m::kLanguages));
  if (!languages.is_array()) return Corrupt("meta.languages is not a JSON array");
  for (const nlohmann::json& language : languages) {
    if (!language.is_string()) return Corrupt("meta.languages holds a non-string");
    info->languages.push_back(language.get<std::string>());
  }
  if (info->languages.empty()) return Corrupt("meta.languages is empty");
  const nlohmann::json names = ParseJson(value(m::kServiceNames));
  const nlohmann::json alternatives = ParseJson(value(m::kAlternatives));
  if (!names.is_object() || !alternatives.is_object()) {
    return Corrupt("meta.service_names or meta.alternatives is not a JSON object");
  }
  for (const std::string& language : info->languages) {
    if (const auto name = names.find(language); name != names.end() && name->is_string()) {
      info->service_names[language] = name->get<std::string>();
    }
    const auto contacts = alternatives.find(language);
    if (contacts != alternatives.end() && !ReadContacts(*contacts, &info->alternatives[language])) {
      return Corrupt("meta.alternatives of '" + language + "' is not a list of contacts");
    }
  }
  return Status::Ok();
}

Status ReadEntry(const Row& row, std::vector<KbEntry>* entries) {
  namespace e = bundle::entries;
  KbEntry entry;
  entry.id = row.Text(e::kId);
  entry.category = row.Text(e::kCategory);
  const nlohmann::json follow_ups = ParseJson(row.Text(e::kFollowUps));
  if (!follow_ups.is_array()) return Corrupt("follow_ups of '" + entry.id + "' is not an array");
  for (const nlohmann::json& id : follow_ups) {
    if (!id.is_string()) return Corrupt("follow_ups of '" + entry.id + "' holds a non-string");
    entry.follow_ups.push_back(id.get<std::string>());
  }
  const std::string handoff = row.Text(e::kHandoff);
  if (handoff != "never" && handoff != "always") {
    return Corrupt("handoff of '" + entry.id + "' is '" + handoff + "'");
  }
  entry.handoff = handoff == "always" ? KbHandoff::kAlways : KbHandoff::kNever;
  entry.queue = row.Text(e::kQueue);
  entry.skill = row.Text(e::kSkill);
  const std::string priority = row.Text(e::kPriority);
  if (priority != "normal" && priority != "urgent") {
    return Corrupt("priority of '" + entry.id + "' is '" + priority + "'");
  }
  entry.priority = vocabulary::ParsePriority(priority).value_or(vocabulary::Priority::kNormal);
  const std::string alternatives = row.Text(e::kAlternatives);
  if (alternatives != "yes" && alternatives != "no") {
    return Corrupt("alternatives of '" + entry.id + "' is '" + alternatives + "'");
  }
  entry.show_service_alternatives = alternatives == "yes";
  entry.owner = row.Text(e::kOwner);
  entry.reviewed = row.Text(e::kReviewed);
  entries->push_back(std::move(entry));
  return Status::Ok();
}

// The entry with this id in `entries` (sorted by id), or nullptr.
template <typename Entries>
auto* FindById(Entries& entries, std::string_view id) {
  const auto it =
      std::lower_bound(entries.begin(), entries.end(), id,
                       [](const KbEntry& entry, std::string_view key) { return entry.id < key; });
  return it != entries.end() && it->id == id ? &*it : nullptr;
}

// A texts row: the entry in one language, kept in the order of `languages`.
Status ReadText(const Row& row, const std::vector<std::string>& languages,
                std::vector<KbEntry>* entries) {
  namespace t = bundle::texts;
  const std::string entry_id = row.Text(t::kEntryId);
  KbEntry* entry = FindById(*entries, entry_id);
  if (entry == nullptr) return Corrupt("a text refers to unknown entry '" + entry_id + "'");
  KbEntryText text;
  text.language = row.Text(t::kLanguage);
  const auto rank = [&](const KbEntryText& t) {
    return std::find(languages.begin(), languages.end(), t.language) - languages.begin();
  };
  if (rank(text) == static_cast<std::ptrdiff_t>(languages.size())) {
    return Corrupt("the text of '" + entry_id + "' is in '" + text.language +
                   "', not a language of the bundle");
  }
  text.title = row.Text(t::kTitle);
  text.answer_markdown = row.Text(t::kAnswer);
  if (!ReadContacts(ParseJson(row.Text(t::kAlternatives)), &text.alternatives)) {
    return Corrupt("alternatives of '" + entry_id + "' are malformed");
  }
  const auto at = std::upper_bound(
      entry->texts.begin(), entry->texts.end(), text,
      [&](const KbEntryText& a, const KbEntryText& b) { return rank(a) < rank(b); });
  entry->texts.insert(at, std::move(text));
  return Status::Ok();
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
  if (const int user_version = header_u32(60); user_version > kBundleFormatVersion) {
    return Corrupt("format version " + std::to_string(user_version) +
                   " is newer than this engine reads (version " +
                   std::to_string(kBundleFormatVersion) +
                   "); update the engine, or rebuild the bundle with the relais-kb of this engine");
  } else if (user_version != kBundleFormatVersion) {
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
  status = ForEachRow(db, bundle::kEntries,
                      [&](const Row& row) { return ReadEntry(row, &data->entries); });
  if (status.ok()) {
    status = ForEachRow(db, bundle::kTexts, [&](const Row& row) {
      return ReadText(row, data->info.languages, &data->entries);
    });
  }
  if (!status.ok()) return status;
  // Every entry is written in the default language, whose text is the fallback.
  for (const KbEntry& entry : data->entries) {
    if (entry.texts.empty() || entry.texts.front().language != data->info.languages.front()) {
      return Corrupt("the entry '" + entry.id + "' has no text in '" +
                     data->info.languages.front() + "'");
    }
  }
  // questions and patterns: (entry id, language, text) rows of known entries.
  auto read_texts = [&](const bundle::Table& table, std::string_view entry_id_column,
                        std::string_view language_column, std::string_view text_column, auto* out) {
    return ForEachRow(db, table, [&](const Row& row) {
      std::string entry_id = row.Text(entry_id_column);
      std::string language = row.Text(language_column);
      if (FindById(data->entries, entry_id) == nullptr) {
        return Corrupt("a row refers to unknown entry '" + entry_id + "'");
      }
      if (std::find(data->info.languages.begin(), data->info.languages.end(), language) ==
          data->info.languages.end()) {
        return Corrupt("unknown language '" + language + "'");
      }
      out->push_back({std::move(entry_id), std::move(language), row.Text(text_column)});
      return Status::Ok();
    });
  };
  data->questions_read = questions == KbQuestions::kRead;
  if (data->questions_read) {
    namespace q = bundle::questions;
    status = read_texts(bundle::kQuestions, q::kEntryId, q::kLanguage, q::kText, &data->questions);
  }
  if (status.ok()) {
    namespace p = bundle::patterns;
    status = read_texts(bundle::kPatterns, p::kEntryId, p::kLanguage, p::kPattern, &data->patterns);
  }
  if (status.ok()) {
    status = ForEachRow(db, bundle::kModel, [&](const Row& row) {
      data->models.emplace_back(row.Text(bundle::model::kName), row.Blob(bundle::model::kData));
      return Status::Ok();
    });
  }
  if (!status.ok()) return status;
  data->info.entry_count = data->entries.size();
  if (data->questions_read) data->info.question_count = data->questions.size();
  return KnowledgeBase(std::move(data));
}

const KbEntryText& KbEntry::Text(std::string_view language) const {
  for (const KbEntryText& text : texts) {
    if (text.language == language) return text;
  }
  return texts.front();  // FromBundle guarantees the default language's text
}

const std::vector<KbContact>& KbInfo::Alternatives(std::string_view language) const {
  static const std::vector<KbContact> kNone;
  auto it = alternatives.find(language);
  if (it == alternatives.end() && !languages.empty()) it = alternatives.find(languages.front());
  return it == alternatives.end() ? kNone : it->second;
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
