#include "relais/kb/bundle_writer.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "relais/engine/bundle_schema.h"
#include "relais/engine/engine.h"
#include "relais/engine/knowledge_base.h"
#include "text_util.h"

namespace relais::kb {
namespace {

using engine::Result;
using engine::Status;
using engine::StatusCode;

namespace bundle = engine::bundle;

// Binds as a BLOB rather than TEXT.
struct Blob {
  std::string_view bytes;
};

// The INSERT statement of one bundle table (bundle::InsertSql), its values bound
// by column name; finalised on destruction.
class Insert {
 public:
  Insert(sqlite3* db, const bundle::Table& table) {
    sqlite3_prepare_v2(db, bundle::InsertSql(table).c_str(), -1, &stmt_, nullptr);
  }
  ~Insert() { sqlite3_finalize(stmt_); }
  Insert(const Insert&) = delete;
  Insert& operator=(const Insert&) = delete;

  // Binds `value` to `column`. A name the table does not have makes the next Run
  // fail; a column left unbound is NULL, which its NOT NULL constraint refuses.
  template <typename Value>
  Insert& Set(std::string_view column, const Value& value) {
    const int index =
        stmt_ == nullptr ? 0
                         : sqlite3_bind_parameter_index(stmt_, (":" + std::string(column)).c_str());
    if (index == 0) {
      unknown_column_ = true;
    } else {
      Bind(index, value);
    }
    return *this;
  }

  // Inserts the row bound so far, then clears the bindings. SQLITE_DONE on success.
  int Run() {
    if (stmt_ == nullptr || unknown_column_) return SQLITE_ERROR;
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
  bool unknown_column_ = false;
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

// The value of a header field as its bundle column holds it (FieldKind).
std::string ColumnValue(const EntryField& spec, const EntryHeader& header) {
  const Located& field = header.*spec.member;
  switch (spec.kind) {
    case FieldKind::kIds:
      return Dump(SplitFollowUps(field.text));
    case FieldKind::kChoice:
      return field.present() ? field.text : std::string(spec.choices.front());
    default:
      return field.text;
  }
}

Status InsertEntries(sqlite3* db, const std::vector<const Entry*>& entries,
                     const Languages& languages) {
  namespace t = bundle::texts;
  namespace q = bundle::questions;
  namespace p = bundle::patterns;
  namespace s = bundle::search;
  Insert entry_row(db, bundle::kEntries);
  Insert text_row(db, bundle::kTexts);
  Insert question_row(db, bundle::kQuestions);
  Insert pattern_row(db, bundle::kPatterns);
  Insert search_row(db, bundle::kSearch);
  for (const Entry* entry : entries) {
    const EntryHeader& h = entry->header;
    for (const EntryField& spec : kEntryFields) entry_row.Set(spec.column, ColumnValue(spec, h));
    if (entry_row.Run() != SQLITE_DONE) return SqliteError(db, "entry " + h.id.text);
    for (const std::string& code : languages.codes) {
      const LanguageSection& section = entry->section(code);
      if (!section.present()) continue;  // a partial language this entry is not written in
      text_row.Set(t::kEntryId, h.id.text)
          .Set(t::kLanguage, code)
          .Set(t::kTitle, section.title.text)
          .Set(t::kAnswer, JoinLines(section.answer))
          .Set(t::kAlternatives, Dump(ContactsJson(section.contacts)));
      if (text_row.Run() != SQLITE_DONE) return SqliteError(db, "text of " + h.id.text);
      std::string all_questions;
      for (std::size_t i = 0; i < section.questions.size(); ++i) {
        const std::string& text = section.questions[i].text;
        all_questions += (i == 0 ? "" : "\n") + text;
        question_row.Set(q::kEntryId, h.id.text)
            .Set(q::kLanguage, code)
            .Set(q::kPosition, static_cast<std::int64_t>(i))
            .Set(q::kText, text);
        if (question_row.Run() != SQLITE_DONE) {
          return SqliteError(db, "question of " + h.id.text);
        }
      }
      for (std::size_t i = 0; i < section.patterns.size(); ++i) {
        pattern_row.Set(p::kEntryId, h.id.text)
            .Set(p::kLanguage, code)
            .Set(p::kPosition, static_cast<std::int64_t>(i))
            .Set(p::kPattern, section.patterns[i].text);
        if (pattern_row.Run() != SQLITE_DONE) return SqliteError(db, "pattern of " + h.id.text);
      }
      search_row.Set(s::kEntryId, h.id.text)
          .Set(s::kLanguage, code)
          .Set(s::kTitle, section.title.text)
          .Set(s::kAnswer, MarkdownToSearchText(JoinLines(section.answer)))
          .Set(s::kQuestions, all_questions);
      if (search_row.Run() != SQLITE_DONE) return SqliteError(db, "search index of " + h.id.text);
    }
  }
  return Status::Ok();
}

Status InsertMeta(sqlite3* db, const KnowledgeBaseSource& kb, const BundleOptions& options,
                  std::size_t entry_count) {
  std::size_t questions = 0;
  std::size_t patterns = 0;
  const Languages languages = kb.languages();
  for (const Entry& entry : kb.entries) {
    for (const LanguageSection& section : entry.sections) {
      if (!languages.Has(section.language)) continue;
      questions += section.questions.size();
      patterns += section.patterns.size();
    }
  }
  const Service& s = kb.service;
  nlohmann::json names = nlohmann::json::object();
  nlohmann::json alternatives = nlohmann::json::object();
  for (const std::string& code : languages.codes) {
    if (s.name(code).present()) names[code] = s.name(code).text;
    // A partial language without its own shows the default language's.
    if (s.section(code).present()) alternatives[code] = ContactsJson(s.section(code).contacts);
  }
  namespace m = bundle::meta;
  // Sorted by key: the insertion order is part of the byte-identical output.
  const std::vector<std::pair<std::string_view, std::string>> rows = {
      {m::kAlternatives, Dump(alternatives)},
      {m::kBuildTime, FormatUtcTimestamp(options.build_time)},
      {m::kContentHash, kb.content_hash},
      {m::kEntryCount, std::to_string(entry_count)},
      {m::kFormatVersion, std::to_string(engine::kBundleFormatVersion)},
      {m::kLanguages, Dump(languages.codes)},
      {m::kPatternCount, std::to_string(patterns)},
      {m::kQuestionCount, std::to_string(questions)},
      {m::kServiceId, s.id.text},
      {m::kServiceNames, Dump(names)},
  };
  Insert row(db, bundle::kMeta);
  for (const auto& [key, value] : rows) {
    if (row.Set(m::kKey, key).Set(m::kValue, value).Run() != SQLITE_DONE) {
      return SqliteError(db, "meta " + std::string(key));
    }
  }
  return Status::Ok();
}

Status InsertModels(sqlite3* db, std::vector<std::pair<std::string, std::string>> models) {
  std::sort(models.begin(), models.end());
  Insert row(db, bundle::kModel);
  for (const auto& [name, bytes] : models) {
    if (row.Set(bundle::model::kName, name).Set(bundle::model::kData, Blob{bytes}).Run() !=
        SQLITE_DONE) {
      return SqliteError(db, "model " + name);
    }
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
  for (const std::string& sql : {pragmas, std::string("BEGIN"), bundle::SchemaSql()}) {
    if (Status s = Exec(db, sql); !s.ok()) return s;
  }
  if (Status s = InsertMeta(db, kb, options, entries.size()); !s.ok()) return s;
  if (Status s = InsertEntries(db, entries, kb.languages()); !s.ok()) return s;
  if (Status s = InsertModels(db, options.models); !s.ok()) return s;
  // FTS5's 'optimize' command: merges the index into one b-tree.
  const std::string search(bundle::kSearch.name);
  const std::string optimize = "INSERT INTO " + search + "(" + search + ") VALUES ('optimize')";
  for (const std::string& sql : {optimize, std::string("COMMIT"), std::string("VACUUM")}) {
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
