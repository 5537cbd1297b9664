#include "relais/kb/bundle_writer.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"
#include "text_util.h"

namespace relais::kb {
namespace {

using engine::Result;
using engine::Status;
using engine::StatusCode;

// The schema, format version engine::kBundleFormatVersion. Documented in
// knowledge-base/README.md; change both together (and bump the version).
// `entries` keeps its rowid: its rows are large (answers), which WITHOUT ROWID
// tables store poorly; the small-row tables are WITHOUT ROWID.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  title_en TEXT NOT NULL,
  title_fr TEXT NOT NULL,
  answer_en TEXT NOT NULL,
  answer_fr TEXT NOT NULL,
  follow_ups TEXT NOT NULL,
  handoff TEXT NOT NULL,
  queue TEXT NOT NULL,
  skill TEXT NOT NULL,
  priority TEXT NOT NULL,
  show_alternatives INTEGER NOT NULL,
  alternatives TEXT NOT NULL,
  owner TEXT NOT NULL,
  reviewed TEXT NOT NULL
);
CREATE TABLE questions (
  entry_id TEXT NOT NULL REFERENCES entries(id),
  language TEXT NOT NULL,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (entry_id, language, position)
) WITHOUT ROWID;
CREATE TABLE patterns (
  entry_id TEXT NOT NULL REFERENCES entries(id),
  language TEXT NOT NULL,
  position INTEGER NOT NULL,
  pattern TEXT NOT NULL,
  PRIMARY KEY (entry_id, language, position)
) WITHOUT ROWID;
CREATE TABLE model (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(
  entry_id UNINDEXED, language UNINDEXED, title, answer, questions,
  tokenize = 'unicode61 remove_diacritics 2'
);
)sql";

// Binds as a BLOB rather than TEXT.
struct Blob {
  std::string_view bytes;
};

// One prepared statement, finalised on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds the values to ?1, ?2..., steps once and resets. SQLITE_DONE on success.
  template <typename... Values>
  int Run(const Values&... values) {
    if (stmt_ == nullptr) return SQLITE_ERROR;
    int index = 0;
    (Bind(++index, values), ...);
    const int rc = sqlite3_step(stmt_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return rc;
  }

 private:
  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void Bind(int index, const std::string& text) { Bind(index, std::string_view(text)); }
  void Bind(int index, const char* text) { Bind(index, std::string_view(text)); }
  void Bind(int index, Blob blob) {
    sqlite3_bind_blob64(stmt_, index, blob.bytes.data(), blob.bytes.size(), SQLITE_TRANSIENT);
  }
  void Bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, int value) { sqlite3_bind_int64(stmt_, index, value); }

  sqlite3_stmt* stmt_ = nullptr;
};

Status SqliteError(sqlite3* db, std::string_view what) {
  return Status::Error(StatusCode::kInternal,
                       "bundle: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

nlohmann::json ContactsJson(const std::vector<Contact>& contacts) {
  nlohmann::json array = nlohmann::json::array();
  for (const Contact& c : contacts) {
    array.push_back({{"kind", c.kind}, {"value", c.value}, {"label", c.label}});
  }
  return array;
}

// Compact JSON text. The parser only lets valid UTF-8 through; `replace` keeps
// dump() from throwing should that ever change.
std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const std::string& Or(const Located& field, const std::string& fallback) {
  return field.present() && !field.text.empty() ? field.text : fallback;
}

Status InsertEntries(sqlite3* db, const std::vector<const Entry*>& entries) {
  Statement entry_row(db,
                      "INSERT INTO entries VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                      "?11, ?12, ?13, ?14, ?15)");
  Statement question_row(db, "INSERT INTO questions VALUES (?1, ?2, ?3, ?4)");
  Statement pattern_row(db, "INSERT INTO patterns VALUES (?1, ?2, ?3, ?4)");
  Statement search_row(db, "INSERT INTO search VALUES (?1, ?2, ?3, ?4, ?5)");
  static const std::string kNever = "never", kNormal = "normal", kYes = "yes";
  for (const Entry* entry : entries) {
    const EntryHeader& h = entry->header;
    const LanguageSection& en = entry->section(Language::kEn);
    const LanguageSection& fr = entry->section(Language::kFr);
    const nlohmann::json follow_ups = SplitFollowUps(h.follow_up.text);
    const nlohmann::json alternatives = {{"en", ContactsJson(en.contacts)},
                                         {"fr", ContactsJson(fr.contacts)}};
    if (entry_row.Run(h.id.text, h.category.text, en.title.text, fr.title.text,
                      JoinLines(en.answer), JoinLines(fr.answer), Dump(follow_ups),
                      Or(h.handoff, kNever), h.queue.text, h.skill.text, Or(h.priority, kNormal),
                      Or(h.alternatives, kYes) == "yes" ? 1 : 0, Dump(alternatives), h.owner.text,
                      h.reviewed.text) != SQLITE_DONE) {
      return SqliteError(db, "entry " + h.id.text);
    }
    for (Language language : kLanguages) {
      const LanguageSection& section = entry->section(language);
      const std::string code(LanguageCode(language));
      std::string all_questions;
      for (std::size_t i = 0; i < section.questions.size(); ++i) {
        const std::string& text = section.questions[i].text;
        all_questions += (i == 0 ? "" : "\n") + text;
        if (question_row.Run(h.id.text, code, static_cast<std::int64_t>(i), text) != SQLITE_DONE) {
          return SqliteError(db, "question of " + h.id.text);
        }
      }
      for (std::size_t i = 0; i < section.patterns.size(); ++i) {
        if (pattern_row.Run(h.id.text, code, static_cast<std::int64_t>(i),
                            section.patterns[i].text) != SQLITE_DONE) {
          return SqliteError(db, "pattern of " + h.id.text);
        }
      }
      if (search_row.Run(h.id.text, code, section.title.text,
                         MarkdownToSearchText(JoinLines(section.answer)),
                         all_questions) != SQLITE_DONE) {
        return SqliteError(db, "search index of " + h.id.text);
      }
    }
  }
  return Status::Ok();
}

Status InsertMeta(sqlite3* db, const KnowledgeBaseSource& kb, const BundleOptions& options,
                  std::size_t entry_count) {
  std::size_t questions = 0;
  std::size_t patterns = 0;
  for (const Entry& entry : kb.entries) {
    for (Language language : kLanguages) {
      questions += entry.section(language).questions.size();
      patterns += entry.section(language).patterns.size();
    }
  }
  const Service& s = kb.service;
  // Sorted by key: the insertion order is part of the byte-identical output.
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"alternatives_en", Dump(ContactsJson(s.section(Language::kEn).contacts))},
      {"alternatives_fr", Dump(ContactsJson(s.section(Language::kFr).contacts))},
      {"build_time", FormatUtcTimestamp(options.build_time)},
      {"content_hash", kb.content_hash},
      {"entry_count", std::to_string(entry_count)},
      {"format_version", std::to_string(engine::kBundleFormatVersion)},
      {"languages", R"(["en","fr"])"},
      {"pattern_count", std::to_string(patterns)},
      {"question_count", std::to_string(questions)},
      {"service_id", s.id.text},
      {"service_name_en", s.name_en.text},
      {"service_name_fr", s.name_fr.text},
  };
  Statement row(db, "INSERT INTO meta VALUES (?1, ?2)");
  for (const auto& [key, value] : rows) {
    if (row.Run(key, value) != SQLITE_DONE) return SqliteError(db, "meta " + key);
  }
  return Status::Ok();
}

Status InsertModels(sqlite3* db, std::vector<std::pair<std::string, std::string>> models) {
  std::sort(models.begin(), models.end());
  Statement row(db, "INSERT INTO model VALUES (?1, ?2)");
  for (const auto& [name, bytes] : models) {
    if (row.Run(name, Blob{bytes}) != SQLITE_DONE) return SqliteError(db, "model " + name);
  }
  return Status::Ok();
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  const std::string text = message != nullptr ? message : "unknown error";
  sqlite3_free(message);
  return Status::Error(StatusCode::kInternal, "bundle: " + text);
}

Result<std::string> Serialize(sqlite3* db) {
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  if (bytes == nullptr) return SqliteError(db, "serialize");
  std::string out(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(size));
  sqlite3_free(bytes);
  return out;
}

// A classifier and none of the models derived from the bundle (the caller may
// have computed them already).
bool HasClassifierOnly(const BundleOptions& options) {
  const auto has = [&](std::string_view name) {
    return std::any_of(options.models.begin(), options.models.end(),
                       [&](const auto& model) { return model.first == name; });
  };
  return has(engine::kClassifierModelName) && !has(engine::kEntryVocabularyModelName) &&
         !has(engine::kCallbackEntriesModelName);
}

Result<std::string> Build(sqlite3* db, const KnowledgeBaseSource& kb,
                          const BundleOptions& options) {
  std::vector<const Entry*> entries;
  for (const Entry& entry : kb.entries) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(),
            [](const Entry* a, const Entry* b) { return a->header.id.text < b->header.id.text; });
  const std::string pragmas =
      "PRAGMA page_size = 4096; PRAGMA application_id = " +
      std::to_string(engine::kBundleApplicationId) +
      "; PRAGMA user_version = " + std::to_string(engine::kBundleFormatVersion) + ";";
  for (const std::string& sql : {pragmas, std::string("BEGIN"), std::string(kSchema)}) {
    if (Status s = Exec(db, sql); !s.ok()) return s;
  }
  if (Status s = InsertMeta(db, kb, options, entries.size()); !s.ok()) return s;
  if (Status s = InsertEntries(db, entries); !s.ok()) return s;
  if (Status s = InsertModels(db, options.models); !s.ok()) return s;
  for (const char* sql : {"INSERT INTO search(search) VALUES ('optimize')", "COMMIT", "VACUUM"}) {
    if (Status s = Exec(db, sql); !s.ok()) return s;
  }
  Result<std::string> bundle = Serialize(db);
  if (!bundle.ok() || !HasClassifierOnly(options)) return bundle;
  // What the engine would otherwise derive at start-up, computed from the bundle
  // exactly as the engine reads it, so that the results cannot differ.
  Result<engine::KnowledgeBase> written = engine::KnowledgeBase::FromBundle(bundle.value());
  if (!written.ok()) return written.status();
  auto derived = engine::BuildDerivedModels(written.value());
  if (!derived.ok()) return bundle;  // a classifier that does not load (tests' stand-ins)
  if (Status s = Exec(db, "BEGIN"); !s.ok()) return s;
  if (Status s = InsertModels(db, std::move(derived).value()); !s.ok()) return s;
  for (const char* sql : {"COMMIT", "VACUUM"}) {
    if (Status s = Exec(db, sql); !s.ok()) return s;
  }
  return Serialize(db);
}

}  // namespace

Result<std::string> BuildBundle(const KnowledgeBaseSource& kb, const BundleOptions& options) {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::Error(StatusCode::kInternal, "bundle: cannot open an in-memory database");
  }
  Result<std::string> result = Build(db, kb, options);
  sqlite3_close(db);
  return result;
}

Result<std::int64_t> ResolveBuildTime(const char* source_date_epoch, std::int64_t now) {
  if (source_date_epoch == nullptr) return now;
  const std::optional<std::int64_t> seconds = internal::ParseDecimal(source_date_epoch, 12);
  if (!seconds) {
    return Status::Error(StatusCode::kInvalidArgument,
                         "SOURCE_DATE_EPOCH must be a number of seconds, not '" +
                             std::string(source_date_epoch) + "'");
  }
  return *seconds;
}

std::string FormatUtcTimestamp(std::int64_t seconds) {
  // Howard Hinnant's civil_from_days.
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[128];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return buffer;
}

std::string MarkdownToSearchText(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  for (std::size_t i = 0; i < markdown.size(); ++i) {
    const char c = markdown[i];
    if (c == ']' && i + 1 < markdown.size() && markdown[i + 1] == '(') {
      const std::size_t close = markdown.find(')', i);
      i = close == std::string_view::npos ? markdown.size() : close;
      continue;
    }
    if (c == '*' || c == '[' || c == ']' || c == '_') continue;
    out.push_back(c);
  }
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::filesystem::remove(temporary);
      return Status::Error(StatusCode::kInternal, "cannot write " + temporary);
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return Status::Error(StatusCode::kInternal, "cannot replace " + path + ": " + error.message());
  }
  return Status::Ok();
}

}  // namespace relais::kb
