#include "sim/sqlite_writer.hpp"

#include <cmath>
#include <cstring>

#include "agents/firm_spec.hpp"
#include "market/contract_spec.hpp"
#include "sim/event.hpp"
#include "sim/scenario_spec.hpp"
#include "sim/sha256.hpp"
#include "sim/version.hpp"

namespace alchemy {

namespace {

constexpr std::uint64_t kRowsPerTransaction = 50'000;

constexpr const char* kRunsSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  run INTEGER PRIMARY KEY, scenario TEXT, seed INTEGER, config_sha256 TEXT,
  alchemy_version TEXT, event_schema_version INTEGER, status TEXT,
  start_date TEXT, end_date TEXT, until_date TEXT, parent_run INTEGER, branched_on TEXT);
)sql";

constexpr const char* kRecordSchema = R"sql(
CREATE TABLE IF NOT EXISTS firms (
  run INTEGER, idx INTEGER, id TEXT, name TEXT, kind TEXT, listed INTEGER);
CREATE TABLE IF NOT EXISTS contracts (
  run INTEGER, idx INTEGER, id TEXT, type TEXT, from_firm TEXT, to_firm TEXT, signed TEXT,
  amount REAL, amount_cents INTEGER);
CREATE TABLE IF NOT EXISTS events (
  run INTEGER, seq INTEGER, date TEXT, tick INTEGER, type TEXT, firm TEXT, counterparty TEXT,
  contract TEXT, amount REAL, amount_cents INTEGER, cause INTEGER, data TEXT);
CREATE TABLE IF NOT EXISTS series (
  run INTEGER, date TEXT, firm TEXT, listed INTEGER, defaulted INTEGER, price REAL,
  shadow_price REAL, shares REAL, market_value REAL, cash REAL, fleet REAL, stakes REAL,
  warrants REAL, receivables REAL, other_assets REAL, debt REAL, payables REAL, equity REAL,
  revenue REAL, net_income REAL, gw REAL);
CREATE TABLE IF NOT EXISTS market (
  run INTEGER, date TEXT, sentiment REAL, gpu_index REAL, risk_free REAL);
CREATE TABLE IF NOT EXISTS loops (
  run INTEGER, date TEXT, tick INTEGER, loop TEXT, class TEXT, kinds TEXT, length INTEGER,
  gain REAL, per_edge_gain REAL);
)sql";

constexpr const char* kIndexes = R"sql(
CREATE INDEX IF NOT EXISTS events_run_date ON events (run, date);
CREATE INDEX IF NOT EXISTS events_type ON events (type);
CREATE INDEX IF NOT EXISTS series_run_date ON series (run, date);
CREATE INDEX IF NOT EXISTS market_run_date ON market (run, date);
CREATE INDEX IF NOT EXISTS loops_run_date ON loops (run, date);
)sql";

// SQLite stores a NaN as NULL anyway; infinities would read back as 9e999 text in some tools.
void bind_real(sqlite3_stmt* s, int i, double x) {
  if (std::isfinite(x)) {
    sqlite3_bind_double(s, i, x);
  } else {
    sqlite3_bind_null(s, i);
  }
}

void bind_money(sqlite3_stmt* s, int i, Money m) { sqlite3_bind_double(s, i, m.dollars()); }

void bind_text(sqlite3_stmt* s, int i, std::string_view t) {
  sqlite3_bind_text(s, i, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
}

void bind_id(sqlite3_stmt* s, int i, std::int32_t index, const std::vector<std::string>& ids) {
  if (index < 0 || static_cast<std::size_t>(index) >= ids.size()) {
    sqlite3_bind_null(s, i);
  } else {
    bind_text(s, i, ids[static_cast<std::size_t>(index)]);
  }
}

}  // namespace

const char* sqlite_record_tables_sql() { return kRecordSchema; }
const char* sqlite_record_indexes_sql() { return kIndexes; }

std::int64_t sqlite_run_id(const std::string& scenario_sha256, std::uint64_t seed) {
  const Sha256::Digest d = [&] {
    Sha256 h;
    h.update(scenario_sha256 + ":" + std::to_string(seed));
    return h.finish();
  }();
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | d[static_cast<std::size_t>(i)];
  return static_cast<std::int64_t>(v >> 4);  // 60 bits: positive, and exact in a double (pandas)
}

SqliteWriter::SqliteWriter(const std::filesystem::path& file, SqliteRunInfo info,
                           std::optional<SqliteContinuation> continuation)
    : file_(file), info_(std::move(info)) {
  // NOMUTEX: one thread uses the connection, so SQLite need not lock it on every call.
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (continuation ? 0 : SQLITE_OPEN_CREATE);
  if (!continuation) {
    // Also a stale -wal of an earlier attempt (a sweep run redone after a kill): SQLite would
    // replay it into the new database.
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(file.string() + suffix);
    }
  }
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    fail("cannot open");
  }
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=OFF");
  exec("PRAGMA temp_store=MEMORY");    // the index builds at close sort in memory
  exec("PRAGMA cache_size=-65536");    // 64 MiB of page cache
  exec(kRunsSchema);
  exec(kRecordSchema);
  begin_tx();
  if (continuation) {
    // Keep exactly what the parent run had written at the checkpoint, under this run's id.
    const std::string parent = std::to_string(continuation->parent_run);
    const std::string run = std::to_string(info_.run);
    const std::string last_date = continuation->last_date.iso();
    const std::string last_seq = std::to_string(continuation->last_seq);
    if (continuation->parent_run == info_.run && !info_.parent_run) keep_lineage();
    exec(("DELETE FROM events WHERE run=" + parent + " AND seq>" + last_seq).c_str());
    for (const char* t : {"series", "market", "loops"}) {
      exec(("DELETE FROM " + std::string(t) + " WHERE run=" + parent + " AND date>'" + last_date + "'").c_str());
    }
    for (const char* t : {"runs", "firms", "contracts"}) {
      exec(("DELETE FROM " + std::string(t) + " WHERE run IN (" + parent + "," + run + ")").c_str());
    }
    if (parent != run) {
      for (const char* t : {"events", "series", "market", "loops"}) {
        exec(("UPDATE " + std::string(t) + " SET run=" + run + " WHERE run=" + parent).c_str());
      }
    }
  }
  insert_event_ = prepare("INSERT INTO events VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
  insert_series_ = prepare(
      "INSERT INTO series VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,"
      "?19,?20,?21)");
  insert_market_ = prepare("INSERT INTO market VALUES (?1,?2,?3,?4,?5)");
  insert_loop_ = prepare("INSERT INTO loops VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  for (sqlite3_stmt* s : {insert_event_, insert_series_, insert_market_, insert_loop_}) {
    sqlite3_bind_int64(s, 1, info_.run);  // the same in every row
  }
  data_.reserve(256);
}

SqliteWriter::~SqliteWriter() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; callers who care call close() and see the error.
  }
}

void SqliteWriter::begin(const RunHeader& h) {
  firm_ids_ = h.firm_ids;
  contract_ids_ = h.contract_ids;
  const ScenarioSpec* spec = h.scenario;
  sqlite3_stmt* run = prepare(
      "INSERT OR REPLACE INTO runs VALUES (?1,?2,?3,?4,?5,?6,'running',?7,?8,?9,?10,?11)");
  sqlite3_bind_int64(run, 1, info_.run);
  if (spec) bind_text(run, 2, spec->name);
  sqlite3_bind_int64(run, 3, static_cast<std::int64_t>(info_.seed));  // as SQLite stores it
  bind_text(run, 4, info_.scenario_sha256);
  bind_text(run, 5, version());
  sqlite3_bind_int(run, 6, kEventSchemaVersion);
  const std::string start = spec ? spec->start.iso() : "";
  const std::string end = spec ? spec->end.iso() : "";
  const std::string until = info_.until ? info_.until->iso() : "";
  const std::string branched = info_.branched_on ? info_.branched_on->iso() : "";
  if (spec) bind_text(run, 7, start);
  if (spec) bind_text(run, 8, end);
  if (info_.until) bind_text(run, 9, until);
  if (info_.parent_run) sqlite3_bind_int64(run, 10, *info_.parent_run);
  if (info_.branched_on) bind_text(run, 11, branched);
  step(run);
  sqlite3_finalize(run);
  if (!spec) return;

  sqlite3_stmt* firm = prepare("INSERT INTO firms VALUES (?1,?2,?3,?4,?5,?6)");
  for (std::size_t i = 0; i < spec->firms.size(); ++i) {
    const FirmSpec& f = spec->firms[i];
    sqlite3_bind_int64(firm, 1, info_.run);
    sqlite3_bind_int64(firm, 2, static_cast<std::int64_t>(i));
    bind_text(firm, 3, f.id);
    bind_text(firm, 4, f.name.empty() ? f.id : f.name);
    bind_text(firm, 5, to_string(f.kind));
    sqlite3_bind_int(firm, 6, f.listed ? 1 : 0);
    step(firm);
  }
  sqlite3_finalize(firm);
  sqlite3_stmt* contract = prepare("INSERT INTO contracts VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)");
  for (std::size_t i = 0; i < spec->contracts.size(); ++i) {
    const ContractSpec& c = spec->contracts[i];
    const std::string signed_on = c.signed_on.iso();
    sqlite3_bind_int64(contract, 1, info_.run);
    sqlite3_bind_int64(contract, 2, static_cast<std::int64_t>(i));
    bind_text(contract, 3, c.id);
    bind_text(contract, 4, to_string(c.type));
    bind_text(contract, 5, spec->firms.at(c.from).id);
    bind_text(contract, 6, spec->firms.at(c.to).id);
    bind_text(contract, 7, signed_on);
    bind_money(contract, 8, c.amount);
    sqlite3_bind_int64(contract, 9, c.amount.in_cents());
    step(contract);
  }
  sqlite3_finalize(contract);
}

void SqliteWriter::event(const Event& e) {
  sqlite3_stmt* s = insert_event_;
  *dates_.write(date_, e.date) = '\0';
  sqlite3_bind_int64(s, 2, static_cast<std::int64_t>(e.seq));
  sqlite3_bind_text(s, 3, date_, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  sqlite3_bind_int(s, 4, e.tick);
  bind_text(s, 5, to_string(e.type));
  bind_id(s, 6, e.firm, firm_ids_);
  bind_id(s, 7, e.counterparty, firm_ids_);
  bind_id(s, 8, e.contract, contract_ids_);
  bind_money(s, 9, e.amount);
  sqlite3_bind_int64(s, 10, e.amount.in_cents());
  if (e.cause == 0) {
    sqlite3_bind_null(s, 11);
  } else {
    sqlite3_bind_int64(s, 11, static_cast<std::int64_t>(e.cause));
  }
  // The payload as events.jsonl writes it: shortest round-trip numbers, null when not finite.
  data_.assign(1, '{');
  char num[kMaxDoubleChars];
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    if (i > 0) data_ += ',';
    data_ += '"';
    data_ += e.fields[i].key;
    data_ += "\":";
    const double v = e.fields[i].value;
    if (std::isfinite(v)) {
      data_.append(num, write_double(num, v));
    } else {
      data_ += "null";
    }
  }
  data_ += '}';
  sqlite3_bind_text(s, 12, data_.data(), static_cast<int>(data_.size()), SQLITE_STATIC);
  step(s);
  row_done();
}

void SqliteWriter::series(const SeriesRow& r) {
  sqlite3_stmt* s = insert_series_;
  *dates_.write(date_, r.date) = '\0';
  sqlite3_bind_text(s, 2, date_, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  bind_id(s, 3, r.firm, firm_ids_);
  sqlite3_bind_int(s, 4, r.listed ? 1 : 0);
  sqlite3_bind_int(s, 5, r.defaulted ? 1 : 0);
  bind_real(s, 6, r.price);
  bind_real(s, 7, r.shadow_price);
  bind_real(s, 8, r.shares);
  bind_money(s, 9, r.market_value);
  bind_money(s, 10, r.cash);
  bind_money(s, 11, r.fleet);
  bind_money(s, 12, r.stakes);
  bind_money(s, 13, r.warrants);
  bind_money(s, 14, r.receivables);
  bind_money(s, 15, r.other_assets);
  bind_money(s, 16, r.debt);
  bind_money(s, 17, r.payables);
  bind_money(s, 18, r.equity);
  bind_money(s, 19, r.revenue);
  bind_money(s, 20, r.net_income);
  bind_real(s, 21, r.gw);
  step(s);
  row_done();
}

void SqliteWriter::market(const MarketRow& r) {
  sqlite3_stmt* s = insert_market_;
  *dates_.write(date_, r.date) = '\0';
  sqlite3_bind_text(s, 2, date_, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  bind_real(s, 3, r.sentiment);
  bind_real(s, 4, r.gpu_index);
  bind_real(s, 5, r.risk_free);
  step(s);
  row_done();
}

void SqliteWriter::add_loop_row(const LoopRow& r) {
  sqlite3_stmt* s = insert_loop_;
  *dates_.write(date_, r.date) = '\0';
  sqlite3_bind_text(s, 2, date_, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  sqlite3_bind_int(s, 3, r.tick);
  bind_text(s, 4, r.loop);
  bind_text(s, 5, r.loop_class);
  bind_text(s, 6, r.kinds);
  sqlite3_bind_int64(s, 7, static_cast<std::int64_t>(r.length));
  bind_real(s, 8, r.gain);
  bind_real(s, 9, r.per_edge_gain);
  step(s);
  row_done();
}

void SqliteWriter::finish(bool complete) {
  if (!db_) return;
  const std::string sql = std::string("UPDATE runs SET status='") +
                          (complete ? "complete" : "incomplete") +
                          "' WHERE run=" + std::to_string(info_.run);
  exec(sql.c_str());
  finished_ = true;
  flush();
}

void SqliteWriter::flush() {
  if (!db_) return;
  commit_tx();
  begin_tx();
}

void SqliteWriter::close() {
  if (!db_) return;
  if (!finished_) {
    exec(("UPDATE runs SET status='failed' WHERE run=" + std::to_string(info_.run)).c_str());
    finished_ = true;
  }
  commit_tx();
  for (sqlite3_stmt** s : {&insert_event_, &insert_series_, &insert_market_, &insert_loop_}) {
    sqlite3_finalize(*s);
    *s = nullptr;
  }
  if (info_.indexes) exec(kIndexes);
  exec("PRAGMA journal_mode=DELETE");
  if (sqlite3_close(db_) != SQLITE_OK) fail("cannot close");
  db_ = nullptr;
}

void SqliteWriter::keep_lineage() {
  // A resumed fork is still a fork: its runs row keeps the parent it branched from.
  sqlite3_stmt* s = prepare("SELECT parent_run, branched_on FROM runs WHERE run=?1");
  sqlite3_bind_int64(s, 1, info_.run);
  if (sqlite3_step(s) == SQLITE_ROW) {
    if (sqlite3_column_type(s, 0) != SQLITE_NULL) info_.parent_run = sqlite3_column_int64(s, 0);
    const auto* d = sqlite3_column_text(s, 1);
    if (d) info_.branched_on = Date::parse_iso(reinterpret_cast<const char*>(d));
  }
  sqlite3_finalize(s);
}

void SqliteWriter::row_done() {
  ++rows_;
  if (++rows_in_tx_ >= kRowsPerTransaction) flush();
}

void SqliteWriter::begin_tx() {
  exec("BEGIN");
  in_tx_ = true;
  rows_in_tx_ = 0;
}

void SqliteWriter::commit_tx() {
  if (!in_tx_) return;
  in_tx_ = false;
  exec("COMMIT");
}

void SqliteWriter::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string m = message ? message : "unknown error";
    sqlite3_free(message);
    throw SqliteError(file_.string() + ": " + m);
  }
}

sqlite3_stmt* SqliteWriter::prepare(const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
    fail("cannot prepare a statement");
  }
  return s;
}

void SqliteWriter::step(sqlite3_stmt* s) {
  if (sqlite3_step(s) != SQLITE_DONE) {
    sqlite3_reset(s);
    fail("cannot insert a row");
  }
  sqlite3_reset(s);
}

void SqliteWriter::fail(const std::string& what) {
  throw SqliteError(file_.string() + ": " + what + ": " +
                    (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

}  // namespace alchemy
