#include "sim/output/sqlite_db.hpp"

#include <cerrno>
#include <mutex>

#include "sim/folder/environment_error.hpp"

namespace alchemy {

namespace {

// An EnvironmentError when SQLite's code says the machine is at fault (full, read-only, cannot
// open, I/O, permission), else an SqliteError. `db` may be null (out of memory).
[[noreturn]] void throw_failure(sqlite3* db, const std::string& message) {
  const int code = db ? (sqlite3_extended_errcode(db) & 0xff) : SQLITE_NOMEM;
  switch (code) {
    case SQLITE_FULL:
      throw EnvironmentError(message + " (" + environment_hint(ENOSPC) + ")");
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR: {
      const int err = db ? sqlite3_system_errno(db) : 0;
      const std::string hint = err ? environment_hint(err) : std::string();
      throw EnvironmentError(hint.empty() ? message : message + " (" + hint + ")");
    }
    default:
      throw SqliteError(message);
  }
}

}  // namespace

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
    sqlite3* failed = db_;
    db_ = nullptr;
    try {
      throw_failure(failed, prefix_ + std::string(what) + ": " +
                                (failed ? sqlite3_errmsg(failed) : "out of memory"));
    } catch (...) {
      sqlite3_close(failed);
      throw;
    }
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
  if (what.empty()) throw_failure(db_, prefix_ + errmsg());
  throw_failure(db_, prefix_ + std::string(what) + ": " + errmsg());
}

void SqliteDb::step_failed(sqlite3_stmt* s, std::string_view what) const {
  // Resetting keeps the statement usable and leaves the step's error as the connection's.
  sqlite3_reset(s);
  fail(what);
}

}  // namespace alchemy
