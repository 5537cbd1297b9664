// The knowledge-base bundle's SQLite schema, defined once: the tables, their
// columns and keys, the keys of the `meta` table and the format version.
//
// relais-kb writes bundles from it (knowledge-base/src/bundle_writer.cc: CREATE and
// INSERT statements generated here, values bound by column name) and the engine
// reads them from it (KnowledgeBase::FromBundle: SELECT statements generated here,
// values read by column name). The human description is knowledge-base/README.md.
//
// Changing a table here changes both sides at once; a change an older engine
// could not read (a column removed, renamed or given another meaning) also bumps
// kBundleFormatVersion, which the engine checks before reading anything.
// Everything here is constant and thread-safe; the functions are pure.
#ifndef RELAIS_ENGINE_BUNDLE_SCHEMA_H_
#define RELAIS_ENGINE_BUNDLE_SCHEMA_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace relais::engine {

// The bundle format this engine reads. Written by relais-kb into
// `PRAGMA user_version` and meta.format_version; bumped on any schema change an
// older engine could not read. FromBundle refuses any other version.
inline constexpr int kBundleFormatVersion = 2;
// `PRAGMA application_id` of every bundle ("RLKB"), so that an unrelated SQLite
// file is rejected with a clear message.
inline constexpr std::int32_t kBundleApplicationId = 0x524C4B42;

namespace bundle {

// One column: its name and its SQL type with column constraints ("TEXT NOT NULL";
// "UNINDEXED" or nothing in the FTS5 table). The primary key is Table::key.
struct Column {
  std::string_view name;
  std::string_view definition;
};

enum class TableKind {
  kRowid,         // an ordinary table (large rows: SQLite stores them best with a rowid)
  kWithoutRowid,  // small rows stored in their primary key's b-tree
  kFts5,          // an FTS5 full-text index (CREATE VIRTUAL TABLE ... USING fts5)
};

struct Table {
  std::string_view name;
  TableKind kind;
  std::span<const Column> columns;  // in this order in CREATE, INSERT and SELECT
  // The primary key's columns, which is also the order the engine reads rows in
  // (a fixed order keeps loading deterministic). Empty for the FTS5 table.
  std::span<const std::string_view> key;
  // Options after the FTS5 table's columns ("tokenize = ..."); empty otherwise.
  std::string_view fts5_options = {};
};

// meta: the bundle's properties as (key, value) text rows.
namespace meta {
inline constexpr std::string_view kKey = "key";
inline constexpr std::string_view kValue = "value";
// The keys of its rows. Counts are decimal; languages is a JSON array of codes, the
// default language first (every entry is written in it); service_names a JSON
// object {code: name}; alternatives a JSON object {code: [{kind, value, label}]} of
// the service-wide other ways to get help; build_time is ISO 8601 UTC.
inline constexpr std::string_view kAlternatives = "alternatives";
inline constexpr std::string_view kBuildTime = "build_time";
inline constexpr std::string_view kContentHash = "content_hash";
inline constexpr std::string_view kEntryCount = "entry_count";
inline constexpr std::string_view kFormatVersion = "format_version";
inline constexpr std::string_view kLanguages = "languages";
inline constexpr std::string_view kPatternCount = "pattern_count";
inline constexpr std::string_view kQuestionCount = "question_count";
inline constexpr std::string_view kServiceId = "service_id";
inline constexpr std::string_view kServiceNames = "service_names";

inline constexpr Column kColumns[] = {{kKey, "TEXT"}, {kValue, "TEXT NOT NULL"}};
inline constexpr std::string_view kPrimaryKey[] = {kKey};
}  // namespace meta
inline constexpr Table kMeta{"meta", TableKind::kWithoutRowid, meta::kColumns, meta::kPrimaryKey};

// entries: one row per FAQ entry (KbEntry), its header fields (relais-kb's
// kEntryFields name these columns). follow_ups is a JSON array of entry ids;
// handoff "never" or "always"; priority "normal" or "urgent"; alternatives "yes" or
// "no" (show the service's other ways to get help under the answer).
namespace entries {
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kCategory = "category";
inline constexpr std::string_view kFollowUps = "follow_ups";
inline constexpr std::string_view kHandoff = "handoff";
inline constexpr std::string_view kQueue = "queue";
inline constexpr std::string_view kSkill = "skill";
inline constexpr std::string_view kPriority = "priority";
inline constexpr std::string_view kAlternatives = "alternatives";
inline constexpr std::string_view kOwner = "owner";
inline constexpr std::string_view kReviewed = "reviewed";

inline constexpr Column kColumns[] = {
    {kId, "TEXT"},
    {kCategory, "TEXT NOT NULL"},
    {kOwner, "TEXT NOT NULL"},
    {kReviewed, "TEXT NOT NULL"},
    {kFollowUps, "TEXT NOT NULL"},
    {kHandoff, "TEXT NOT NULL"},
    {kQueue, "TEXT NOT NULL"},
    {kSkill, "TEXT NOT NULL"},
    {kPriority, "TEXT NOT NULL"},
    {kAlternatives, "TEXT NOT NULL"},
};
inline constexpr std::string_view kPrimaryKey[] = {kId};
}  // namespace entries
inline constexpr Table kEntries{"entries", TableKind::kWithoutRowid, entries::kColumns,
                                entries::kPrimaryKey};

// texts: an entry in one language (KbEntryText): its title, Markdown answer and
// own other ways to get help (a JSON array of {kind, value, label}). Every entry
// has a row in each complete language, and in the partial languages it is written in.
namespace texts {
inline constexpr std::string_view kEntryId = "entry_id";
inline constexpr std::string_view kLanguage = "language";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kAnswer = "answer";
inline constexpr std::string_view kAlternatives = "alternatives";

inline constexpr Column kColumns[] = {{kEntryId, "TEXT NOT NULL REFERENCES entries(id)"},
                                      {kLanguage, "TEXT NOT NULL"},
                                      {kTitle, "TEXT NOT NULL"},
                                      {kAnswer, "TEXT NOT NULL"},
                                      {kAlternatives, "TEXT NOT NULL"}};
inline constexpr std::string_view kPrimaryKey[] = {kEntryId, kLanguage};
}  // namespace texts
// Keeps its rowid: its rows are large (answers), which WITHOUT ROWID tables store poorly.
inline constexpr Table kTexts{"texts", TableKind::kRowid, texts::kColumns, texts::kPrimaryKey};

// questions: an entry's example questions (the classifier's training data), per
// language (its code), in author order (position from 0).
namespace questions {
inline constexpr std::string_view kEntryId = "entry_id";
inline constexpr std::string_view kLanguage = "language";
inline constexpr std::string_view kPosition = "position";
inline constexpr std::string_view kText = "text";

inline constexpr Column kColumns[] = {{kEntryId, "TEXT NOT NULL REFERENCES entries(id)"},
                                      {kLanguage, "TEXT NOT NULL"},
                                      {kPosition, "INTEGER NOT NULL"},
                                      {kText, "TEXT NOT NULL"}};
inline constexpr std::string_view kPrimaryKey[] = {kEntryId, kLanguage, kPosition};
}  // namespace questions
inline constexpr Table kQuestions{"questions", TableKind::kWithoutRowid, questions::kColumns,
                                  questions::kPrimaryKey};

// patterns: an entry's RE2 patterns, laid out as questions.
namespace patterns {
inline constexpr std::string_view kEntryId = "entry_id";
inline constexpr std::string_view kLanguage = "language";
inline constexpr std::string_view kPosition = "position";
inline constexpr std::string_view kPattern = "pattern";

inline constexpr Column kColumns[] = {{kEntryId, "TEXT NOT NULL REFERENCES entries(id)"},
                                      {kLanguage, "TEXT NOT NULL"},
                                      {kPosition, "INTEGER NOT NULL"},
                                      {kPattern, "TEXT NOT NULL"}};
inline constexpr std::string_view kPrimaryKey[] = {kEntryId, kLanguage, kPosition};
}  // namespace patterns
inline constexpr Table kPatterns{"patterns", TableKind::kWithoutRowid, patterns::kColumns,
                                 patterns::kPrimaryKey};

// model: named binary models (kClassifierModelName and the derived ones,
// knowledge_base.h).
namespace model {
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kData = "data";

inline constexpr Column kColumns[] = {{kName, "TEXT"}, {kData, "BLOB NOT NULL"}};
inline constexpr std::string_view kPrimaryKey[] = {kName};
}  // namespace model
inline constexpr Table kModel{"model", TableKind::kWithoutRowid, model::kColumns,
                              model::kPrimaryKey};

// search: a full-text index of each entry per language, for tools that query the
// bundle with SQLite (the engine does not read it; relais-server drops it from the
// copy it serves to browsers). answer is the Markdown reduced to its words,
// questions the example questions one per line.
namespace search {
inline constexpr std::string_view kEntryId = "entry_id";
inline constexpr std::string_view kLanguage = "language";
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kAnswer = "answer";
inline constexpr std::string_view kQuestions = "questions";

inline constexpr Column kColumns[] = {{kEntryId, "UNINDEXED"},
                                      {kLanguage, "UNINDEXED"},
                                      {kTitle, ""},
                                      {kAnswer, ""},
                                      {kQuestions, ""}};
}  // namespace search
inline constexpr Table kSearch{
    "search", TableKind::kFts5, search::kColumns, {}, "tokenize = 'unicode61 remove_diacritics 2'"};

// Every table, in the order relais-kb creates them.
inline constexpr const Table* kTables[] = {&kMeta,     &kEntries, &kTexts, &kQuestions,
                                           &kPatterns, &kModel,   &kSearch};

// "CREATE TABLE name (\n  column definition,\n  ...\n  PRIMARY KEY (k1, ...)\n)", plus
// " WITHOUT ROWID" for kWithoutRowid, or "CREATE VIRTUAL TABLE name USING fts5(\n  column
// definition,\n  ...\n  options\n)"; no final semicolon. The text is stored in the
// bundle (sqlite_schema), so it is part of the bundle's bytes.
std::string CreateSql(const Table& table);

// The CREATE statements of kTables, each followed by ";\n".
std::string SchemaSql();

// "INSERT INTO name (c1, c2, ...) VALUES (:c1, :c2, ...)": every column is bound by
// its name (sqlite3_bind_parameter_index with ":" + column name).
std::string InsertSql(const Table& table);

// "SELECT c1, c2, ... FROM name ORDER BY k1, k2, ..." (no ORDER BY without a key).
std::string SelectSql(const Table& table);

}  // namespace bundle
}  // namespace relais::engine

#endif  // RELAIS_ENGINE_BUNDLE_SCHEMA_H_
