// run.sqlite (sim/output/sqlite_writer.hpp) holds what events.jsonl and series.csv hold: the same
// events in the same order with the same amounts and payloads, the same series rows; and a database
// continued from a checkpoint equals one written in one go.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/output/jsonl_writer.hpp"
#include "sim/output/sqlite_writer.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const char* name) {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "sqlite_writer" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Every row of a query, each as text cells ("NULL" for null), joined by '|'.
std::vector<std::string> rows(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK,
                  sqlite3_errmsg(h));
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      if (i) row += '|';
      const auto* t = sqlite3_column_text(s, i);
      row += t ? reinterpret_cast<const char*>(t) : "NULL";
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

SqliteRunInfo info_for(const ScenarioSpec& spec) {
  SqliteRunInfo info;
  info.scenario_sha256 = sha256_hex(spec.name);
  info.seed = spec.seed;
  info.run = sqlite_run_id(info.scenario_sha256, info.seed);
  return info;
}

std::vector<nlohmann::json> jsonl(const fs::path& p) {
  std::ifstream in(p);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("sqlite: the events table holds the JSONL's events, in order, with the same amounts") {
  const fs::path dir = temp_dir("equal");
  const ScenarioSpec spec = small_web();
  const SqliteRunInfo info = info_for(spec);
  {
    JsonlWriter events(dir / "events.jsonl");
    SqliteWriter db(dir / "run.sqlite", info);
    FanoutSink sink;
    sink.add(&events);
    sink.add(&db);
    RunOptions o;
    o.until = day(2026, 6, 30);
    run_scenario(spec, spec.seed, sink, o);
    events.close();
    db.close();
  }
  const auto lines = jsonl(dir / "events.jsonl");
  const auto table = rows(dir / "run.sqlite",
                          "SELECT seq, date, tick, type, firm, counterparty, contract, amount, "
                          "amount_cents, cause, data, run FROM events ORDER BY rowid");
  REQUIRE(lines.size() > 50);
  REQUIRE(table.size() == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const nlohmann::json& e = lines[i];
    const auto str = [](const nlohmann::json& v) {
      return v.is_null() ? std::string("NULL") : v.is_string() ? v.get<std::string>() : v.dump();
    };
    const auto cents = std::llround(e["amount"].get<double>() * 100.0);
    const std::string expected = str(e["seq"]) + "|" + str(e["date"]) + "|" + str(e["tick"]) + "|" +
                                 str(e["type"]) + "|" + str(e["firm"]) + "|" +
                                 str(e["counterparty"]) + "|" + str(e["contract"]);
    const std::string& row = table[i];
    CAPTURE(i);
    CAPTURE(row);
    CHECK(row.rfind(expected + "|", 0) == 0);
    // The columns after contract: amount (REAL), amount_cents, cause, data, run.
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t p; (p = row.find('|', start)) != std::string::npos; start = p + 1) {
      cells.push_back(row.substr(start, p - start));
    }
    cells.push_back(row.substr(start));
    // data may itself hold no '|': payload keys and numbers only.
    REQUIRE(cells.size() == 12);
    CHECK(std::stoll(cells[8]) == cents);
    CHECK(std::llround(std::stod(cells[7]) * 100.0) == cents);
    CHECK(cells[9] == str(e["cause"]));
    CHECK(nlohmann::json::parse(cells[10]) == e["data"]);
    CHECK(std::stoll(cells[11]) == info.run);
  }
  // The run and its tables.
  CHECK(rows(dir / "run.sqlite", "SELECT scenario, seed, status FROM runs") ==
        std::vector<std::string>{"small web|7|complete"});
  CHECK(rows(dir / "run.sqlite", "SELECT idx, id, kind, listed FROM firms ORDER BY idx").size() ==
        5);
  CHECK(rows(dir / "run.sqlite", "SELECT id FROM contracts").size() == spec.contracts.size());
  CHECK(rows(dir / "run.sqlite", "SELECT count(*) FROM series")[0] != "0");
  CHECK(rows(dir / "run.sqlite", "SELECT count(*) FROM market")[0] != "0");
  CHECK(rows(dir / "run.sqlite",
             "SELECT name FROM sqlite_master WHERE type='index' AND name='events_type'")
            .size() == 1);
  // The journal is back to a plain file: no -wal beside it.
  CHECK(rows(dir / "run.sqlite", "PRAGMA journal_mode") == std::vector<std::string>{"delete"});
  CHECK(!fs::exists(dir / "run.sqlite-wal"));
}

TEST_CASE("sqlite: a database continued from a checkpoint equals one written in one go") {
  const fs::path dir = temp_dir("continued");
  const ScenarioSpec spec = small_web();
  const SqliteRunInfo info = info_for(spec);
  const auto everything = [&](const fs::path& db) {
    std::vector<std::string> all;
    for (const char* q :
         {"SELECT * FROM events ORDER BY seq", "SELECT * FROM series ORDER BY rowid",
          "SELECT * FROM market ORDER BY rowid", "SELECT * FROM firms ORDER BY idx",
          "SELECT * FROM contracts ORDER BY idx", "SELECT * FROM runs"}) {
      for (auto& r : rows(db, q))
        all.push_back(std::move(r));
    }
    return all;
  };
  {
    SqliteWriter db(dir / "whole.sqlite", info);
    run_scenario(spec, spec.seed, db);
  }
  // The world at a checkpoint: saved from a run that goes on writing past it.
  World w;
  {
    SqliteWriter db(dir / "first.sqlite", info);
    std::atomic<bool> stop{false};
    RunOptions o;
    o.stop = &stop;
    o.after_tick = [&](const World& x) {
      if (x.date >= day(2026, 1, 5) && w.tick < 0) w = x;
      stop = stop || x.date >= day(2026, 4, 1);
    };
    run_scenario(spec, spec.seed, db, o);
  }
  REQUIRE(w.tick > 0);
  fs::copy_file(dir / "first.sqlite", dir / "continued.sqlite");
  {
    SqliteWriter db(dir / "continued.sqlite", info,
                    SqliteContinuation{info.run, w.next_event_seq - 1, w.date});
    continue_run(spec, w, db);
  }
  const auto whole = everything(dir / "whole.sqlite");
  CHECK(whole.size() > 1000);
  CHECK(everything(dir / "continued.sqlite") == whole);
}
