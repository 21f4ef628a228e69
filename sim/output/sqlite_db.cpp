#include "sim/output/sqlite_db.hpp"

#include <mutex>

namespace alchemy {

void sqlite_setup_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No memory statistics: SQLite would otherwise take a global mutex on every allocation,
    // which every thread of a sweep writing its run.sqlite would contend for. Only possible
    // before SQLite initialises, hence once, before any connection is opened.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  });
}

SqliteDb::~SqliteDb() {
  // _v2: a statement handle that outlives the connection (e.g. one unwinding after an error)
  // finalises it later instead of leaving it open.
  sqlite3_close_v2(db_);
}

void SqliteDb::open(const std::filesystem::path& file, int flags, std::string_view what) {
  sqlite_setup_once();
  close();
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    // SQLite returns a handle even on failure (for its message), which must still be closed.
    const std::string message = std::string(errmsg());
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(prefix_ + std::string(what) + ": " + message);
  }
}

void SqliteDb::exec(const char* sql, std::string_view what) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(what);
}

SqliteStmt SqliteDb::prepare(const char* sql, bool persistent, std::string_view what) {
  sqlite3_stmt* s = nullptr;
  const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  if (sqlite3_prepare_v3(db_, sql, -1, flags, &s, nullptr) != SQLITE_OK) {
    fail(what);
  }
  return SqliteStmt(s);
}

void SqliteDb::close(std::string_view what) {
  if (!db_) return;
  if (sqlite3_close(db_) != SQLITE_OK) fail(what);
  db_ = nullptr;
}

const char* SqliteDb::errmsg() const {
  return db_ ? sqlite3_errmsg(db_) : "out of memory";
}

void SqliteDb::fail(std::string_view what) const {
  if (what.empty()) throw SqliteError(prefix_ + errmsg());
  throw SqliteError(prefix_ + std::string(what) + ": " + errmsg());
}

void SqliteDb::step_failed(sqlite3_stmt* s, std::string_view what) const {
  // Resetting keeps the statement usable and leaves the step's error as the connection's.
  sqlite3_reset(s);
  fail(what);
}

}  // namespace alchemy
