#pragma once
// An SQLite connection and its prepared statements, owned (closed and finalised when their
// handles go) and reporting failures in one way: an EnvironmentError when the machine is at
// fault (disk full, read-only, cannot open, I/O, permission), else an SqliteError; the message is
// the owner's prefix (e.g. the file's name and ": "), what was being done, and SQLite's message.
//
// Binding and reading columns stay raw sqlite3_* calls on SqliteStmt::get(): the hot loops
// that bind rows (sqlite_writer.cpp) pay nothing for the wrapper.

#include <sqlite3.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace alchemy {

// Why a database could not be opened, read or written (the message says which).
class SqliteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Configures SQLite for this process (no memory statistics) before the first connection; every
// opener of a database calls it first (SqliteDb::open does). Thread-safe.
void sqlite_setup_once();

// A prepared statement, finalised when the handle goes.
class SqliteStmt {
 public:
  SqliteStmt() = default;
  explicit SqliteStmt(sqlite3_stmt* s) : s_(s) {}
  ~SqliteStmt() { sqlite3_finalize(s_); }
  SqliteStmt(SqliteStmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  SqliteStmt& operator=(SqliteStmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      s_ = o.s_;
      o.s_ = nullptr;
    }
    return *this;
  }
  SqliteStmt(const SqliteStmt&) = delete;
  SqliteStmt& operator=(const SqliteStmt&) = delete;

  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

class SqliteDb {
 public:
  // `prefix` starts every error message.
  explicit SqliteDb(std::string prefix = {}) : prefix_(std::move(prefix)) {}
  // Closes the connection if still open; statements still alive keep it until they go.
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // sqlite3_open_v2 with `flags`; throws "<prefix><what>: <SQLite's message>".
  void open(const std::filesystem::path& file, int flags, std::string_view what = "cannot open");
  bool is_open() const { return db_ != nullptr; }
  sqlite3* handle() const { return db_; }

  // Runs one or more statements; throws "<prefix><what>: <message>".
  void exec(const char* sql, std::string_view what = {});
  void exec(const std::string& sql, std::string_view what = {}) { exec(sql.c_str(), what); }

  // persistent: the statement is kept and reused many times (SQLITE_PREPARE_PERSISTENT), a hint
  // that keeps SQLite from taking its memory from the lookaside pool meant for brief uses.
  SqliteStmt prepare(const char* sql, bool persistent = false,
                     std::string_view what = "cannot prepare a statement");
  SqliteStmt prepare(const std::string& sql, bool persistent = false,
                     std::string_view what = "cannot prepare a statement") {
    return prepare(sql.c_str(), persistent, what);
  }

  // Steps a statement that returns no rows and resets it for the next bindings (the bindings
  // stay); throws "<prefix><what>: <message>". Inline: a writer calls it once per batch of rows.
  void step(sqlite3_stmt* s, std::string_view what) {
    if (sqlite3_step(s) != SQLITE_DONE) step_failed(s, what);
    sqlite3_reset(s);
  }

  // Closes; throws "<prefix><what>: <message>" if SQLite cannot (a statement still alive), and
  // stays open. Does nothing when not open.
  void close(std::string_view what = "cannot close");

  // SQLite's message about the last failure ("out of memory" when there is no connection).
  const char* errmsg() const;
  // Throws "<prefix><what>: <SQLite's message>" ("<prefix><SQLite's message>" when `what` is
  // empty, as every `what` above may be).
  [[noreturn]] void fail(std::string_view what) const;

 private:
  [[noreturn]] void step_failed(sqlite3_stmt* s, std::string_view what) const;

  std::string prefix_;
  sqlite3* db_ = nullptr;
};

}  // namespace alchemy
