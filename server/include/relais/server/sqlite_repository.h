// The SQLite implementation of Repository (see sqlite_repository.cc for the
// concurrency model: one writer thread that groups commits).
#ifndef RELAIS_SERVER_SQLITE_REPOSITORY_H_
#define RELAIS_SERVER_SQLITE_REPOSITORY_H_

#include <memory>
#include <string>

#include "relais/server/repository.h"

namespace relais::server {

// Opens (creating if needed) DIR/relais.sqlite in WAL mode with synchronous=FULL,
// checks its integrity (PRAGMA quick_check: every page of the file is read, so
// this takes time in proportion to its size — see server/README.md), creates
// or migrates the schema (one transaction per numbered migration: src/sqlite_schema.h)
// and starts the writer thread.
// The returned object owns the thread; destroying it flushes pending writes
// and joins.
// Fails with kCorrupt, before writing anything, when the file is damaged (the
// message names the file, what is wrong and how to recover); with kInternal
// when the directory or database cannot be opened or its schema is newer than
// this server's.
Result<std::unique_ptr<Repository>> OpenSqliteRepository(const std::string& data_dir);

}  // namespace relais::server

#endif  // RELAIS_SERVER_SQLITE_REPOSITORY_H_
