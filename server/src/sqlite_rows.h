// Internal: how each record maps to its SQLite table, defined once per record.
//
// A Table<Record> lists the record's columns by name, each with how its value
// is read into the record and written from it. Every SELECT, INSERT and UPDATE
// of a whole record is built from that list, and rows are read by column name
// (RowReader), never by position. Adding a column means one entry in
// sqlite_rows.cc, plus the migration that creates it (sqlite_schema.h).
#ifndef RELAIS_SERVER_SRC_SQLITE_ROWS_H_
#define RELAIS_SERVER_SRC_SQLITE_ROWS_H_

#include <string>
#include <string_view>
#include <vector>

#include "relais/server/model.h"
#include "sqlite_db.h"

namespace relais::server::internal {

// How a column takes part in writes (every column is read).
enum class ColumnRole {
  kData,        // inserted and updated
  kKey,         // inserted; names the row an UPDATE writes (WHERE key=?)
  kRowId,       // assigned by SQLite (INTEGER PRIMARY KEY): not inserted;
                // names the row an UPDATE writes
  kInsertOnly,  // inserted, never updated (when the row was created)
};

// One value of the current row, in a column found by name.
class Cell {
 public:
  Cell(Query& q, int index) : q_(q), index_(index) {}
  int64_t Int() const { return q_.Int(index_); }
  std::string Text() const { return q_.Text(index_); }

 private:
  Query& q_;
  int index_;
};

template <typename Record>
struct Column {
  const char* name;
  // Sets the record's field from the column's value.
  void (*read)(Record& record, const Cell& value);
  // Binds the record's field to statement parameter `parameter`.
  void (*write)(const Record& record, Query& q, int parameter);
  ColumnRole role = ColumnRole::kData;
};

// A record's table: its name and its columns. Immutable once built; the
// tables below are built on first use and shared by every thread.
template <typename Record>
class Table {
 public:
  Table(std::string name, std::vector<Column<Record>> columns);

  const std::string& name() const { return name_; }
  const std::vector<Column<Record>>& columns() const { return columns_; }

  // "SELECT <every column> FROM <table> <rest>" (rest: WHERE, ORDER BY...;
  // its parameters are its own).
  std::string Select(std::string_view rest = {}) const;
  // "INSERT INTO <table> (<every column but a row id>) VALUES (...) <rest>"
  // (rest: an ON CONFLICT clause). Bind with BindInsert.
  std::string Insert(std::string_view rest = {}) const;
  // "UPDATE <table> SET <kData columns> WHERE <key or row id>". Bind with
  // BindUpdate.
  std::string Update() const;

  // Bind the record's values to the parameters of Insert() / Update(): the
  // value of the Nth column is parameter ?N (1-based), in both.
  void BindInsert(Query& q, const Record& record) const;
  void BindUpdate(Query& q, const Record& record) const;

 private:
  std::string name_;
  std::vector<Column<Record>> columns_;
};

// Reads the rows of one statement into records. Each column of the table is
// looked up by name among the statement's result columns once, when the
// reader is made (after the Query, before or after stepping). A column the
// statement does not return leaves its field at the record's default (a
// SELECT of a few columns reads just those); a result column the table does
// not know is ignored. Lives no longer than `table` and `q`.
template <typename Record>
class RowReader {
 public:
  RowReader(const Table<Record>& table, Query& q);
  // The record in the current row (after q.Step() returned SQLITE_ROW).
  Record Read() const;

 private:
  const Table<Record>& table_;
  Query& q_;
  std::vector<int> positions_;  // per column of the table: result column, or -1
};

// The tables (one row mapping per record).
const Table<Conversation>& ConversationsTable();
const Table<Message>& MessagesTable();
const Table<Agent>& AgentsTable();
const Table<FollowUp>& FollowUpsTable();
const Table<Survey>& SurveysTable();
const Table<AuditEvent>& EventsTable();  // the audit log (table `events`)

// JSON array text <-> list of strings (agents' skills, languages, queues).
std::string ToJson(const std::vector<std::string>& v);
std::vector<std::string> FromJson(const std::string& text);

// Defined in sqlite_rows.cc for these records only.
extern template class Table<Conversation>;
extern template class Table<Message>;
extern template class Table<Agent>;
extern template class Table<FollowUp>;
extern template class Table<Survey>;
extern template class Table<AuditEvent>;
extern template class RowReader<Conversation>;
extern template class RowReader<Message>;
extern template class RowReader<Agent>;
extern template class RowReader<FollowUp>;
extern template class RowReader<Survey>;
extern template class RowReader<AuditEvent>;

}  // namespace relais::server::internal

#endif  // RELAIS_SERVER_SRC_SQLITE_ROWS_H_
