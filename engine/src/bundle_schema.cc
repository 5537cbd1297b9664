// SQL generated from the bundle's schema (relais/engine/bundle_schema.h).
#include "relais/engine/bundle_schema.h"

namespace relais::engine::bundle {
namespace {

// "a, b, c", each name with `prefix` before it.
std::string JoinNames(std::span<const std::string_view> names, std::string_view prefix = "") {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out.append(prefix).append(name);
  }
  return out;
}

std::string JoinColumns(const Table& table, std::string_view prefix = "") {
  std::string out;
  for (const Column& column : table.columns) {
    if (!out.empty()) out += ", ";
    out.append(prefix).append(column.name);
  }
  return out;
}

}  // namespace

std::string CreateSql(const Table& table) {
  std::string sql = table.kind == TableKind::kFts5
                        ? "CREATE VIRTUAL TABLE " + std::string(table.name) + " USING fts5(\n"
                        : "CREATE TABLE " + std::string(table.name) + " (\n";
  std::string_view separator = "";
  const auto add_line = [&](std::string_view line) {
    sql.append(separator).append("  ").append(line);
    separator = ",\n";
  };
  for (const Column& column : table.columns) {
    std::string line(column.name);
    if (!column.definition.empty()) line.append(" ").append(column.definition);
    add_line(line);
  }
  if (!table.key.empty()) add_line("PRIMARY KEY (" + JoinNames(table.key) + ")");
  if (!table.fts5_options.empty()) add_line(table.fts5_options);
  sql += "\n)";
  if (table.kind == TableKind::kWithoutRowid) sql += " WITHOUT ROWID";
  return sql;
}

std::string SchemaSql() {
  std::string sql;
  for (const Table* table : kTables) sql += CreateSql(*table) + ";\n";
  return sql;
}

std::string InsertSql(const Table& table) {
  return "INSERT INTO " + std::string(table.name) + " (" + JoinColumns(table) + ") VALUES (" +
         JoinColumns(table, ":") + ")";
}

std::string SelectSql(const Table& table) {
  std::string sql = "SELECT " + JoinColumns(table) + " FROM " + std::string(table.name);
  if (!table.key.empty()) sql += " ORDER BY " + JoinNames(table.key);
  return sql;
}

}  // namespace relais::engine::bundle
