// The SQLite wrapper (sim/output/sqlite_db.hpp): its errors carry the owner's prefix, what was
// being done and SQLite's own message; statements are finalised when their handles go.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sim/folder/environment_error.hpp"
#include "sim/output/sqlite_db.hpp"
#include "sim/output/sqlite_writer.hpp"

using namespace alchemy;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const char* name) {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "sqlite_db" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// The message of the SqliteError that `f` throws ("" when it throws none).
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::runtime_error& e) {  // SqliteError, or EnvironmentError (the machine's)
    return e.what();
  }
  return "";
}

int live_statements(const SqliteDb& db) {
  int n = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s;
       s = sqlite3_next_stmt(db.handle(), s)) {
    ++n;
  }
  return n;
}

constexpr int kCreate = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

}  // namespace

TEST_CASE("SqliteDb: a failed exec reports the prefix, what was done and SQLite's message") {
  SqliteDb db("x.sqlite: ");
  db.open(temp_dir("exec") / "x.sqlite", kCreate);
  CHECK(error_of([&] { db.exec("SELEC 1"); }) == "x.sqlite: near \"SELEC\": syntax error");
  CHECK(error_of([&] { db.exec("SELECT * FROM nowhere", "reading"); }) ==
        "x.sqlite: reading: no such table: nowhere");
  CHECK(error_of([&] { db.prepare("SELECT * FROM nowhere"); }) ==
        "x.sqlite: cannot prepare a statement: no such table: nowhere");
  CHECK(error_of([&] { db.exec("CREATE TABLE t (a INTEGER UNIQUE)"); }) == "");
}

TEST_CASE("SqliteDb: a failed step names the step, and the statement stays usable") {
  SqliteDb db("p: ");
  db.open(temp_dir("step") / "x.sqlite", kCreate);
  db.exec("CREATE TABLE t (a INTEGER UNIQUE)");
  const SqliteStmt insert = db.prepare("INSERT INTO t VALUES (?1)", true);
  sqlite3_bind_int(insert.get(), 1, 7);
  db.step(insert.get(), "cannot insert a row");
  CHECK(error_of([&] { db.step(insert.get(), "cannot insert a row"); }) ==
        "p: cannot insert a row: UNIQUE constraint failed: t.a");
  sqlite3_bind_int(insert.get(), 1, 8);
  CHECK(error_of([&] { db.step(insert.get(), "cannot insert a row"); }) == "");
  const SqliteStmt count = db.prepare("SELECT count(*) FROM t");
  REQUIRE(sqlite3_step(count.get()) == SQLITE_ROW);
  CHECK(sqlite3_column_int(count.get(), 0) == 2);
}

TEST_CASE("SqliteDb: a statement is finalised when its handle goes, and close waits for them") {
  SqliteDb db("p: ");
  db.open(temp_dir("finalise") / "x.sqlite", kCreate);
  CHECK(live_statements(db) == 0);
  {
    SqliteStmt a = db.prepare("SELECT 1");
    CHECK(live_statements(db) == 1);
    SqliteStmt b = std::move(a);  // one statement, moved: still one, finalised once
    CHECK(a.get() == nullptr);
    CHECK(live_statements(db) == 1);
    b = db.prepare("SELECT 2");  // the first is finalised by the assignment
    CHECK(live_statements(db) == 1);
    CHECK(error_of([&] { db.close(); }) ==
          "p: cannot close: unable to close due to unfinalized statements or unfinished backups");
    CHECK(db.is_open());
  }
  CHECK(live_statements(db) == 0);
  db.close();
  CHECK_FALSE(db.is_open());
  db.close();  // a no-op once closed
}

TEST_CASE("SqliteDb: opening a missing file read-only fails with a clear message") {
  const fs::path missing = temp_dir("missing") / "none.sqlite";
  SqliteDb db(missing.string() + ": ");
  CHECK(error_of([&] { db.open(missing, SQLITE_OPEN_READONLY); }) ==
        missing.string() + ": cannot open: unable to open database file");
  CHECK_FALSE(db.is_open());
  CHECK_FALSE(fs::exists(missing));
  // A continuation's check says the same, without the file (its caller names it).
  CHECK(sqlite_continuation_problem(missing, SqliteContinuation{}) ==
        "cannot open: unable to open database file");
}

TEST_CASE("SqliteWriter: its errors keep the file name and what failed") {
  const fs::path dir = temp_dir("writer");
  const fs::path file = dir / "no-such-folder" / "run.sqlite";
  CHECK(error_of([&] { SqliteWriter w(file, SqliteRunInfo{}); }) ==
        file.string() + ": cannot open: unable to open database file");
  // A folder that is not there is the machine's doing, not a bug: exit code 3, not 1.
  CHECK_THROWS_AS(SqliteWriter(file, SqliteRunInfo{}), EnvironmentError);
}
