#include "sim/output/sqlite_writer.hpp"

#include <cmath>
#include <cstring>

#include "agents/firm_spec.hpp"
#include "sim/contracts/contract_spec.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/folder/version.hpp"
#include "sim/world/event.hpp"
#include "sim/world/scenario_spec.hpp"

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
  warrants REAL, receivables REAL, other_assets REAL, operating_assets REAL, debt REAL,
  payables REAL, other_liabilities REAL, equity REAL, revenue REAL, net_income REAL, gw REAL,
  unmet_demand REAL, default_probability REAL, commitment_value REAL);
CREATE TABLE IF NOT EXISTS market (
  run INTEGER, date TEXT, sentiment REAL, gpu_index REAL, risk_free REAL);
CREATE TABLE IF NOT EXISTS loops (
  run INTEGER, date TEXT, tick INTEGER, loop TEXT, class TEXT, kinds TEXT, length INTEGER,
  gain REAL, per_edge_gain REAL);
)sql";

// Not among the record tables sweep.sqlite merges: a sweep's runs record no network.
constexpr const char* kNetworkSchema = R"sql(
CREATE TABLE IF NOT EXISTS network (
  run INTEGER, date TEXT, from_firm TEXT, to_firm TEXT, kind TEXT, contracts INTEGER,
  amount REAL, active INTEGER, loop INTEGER);
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

void bind_money(sqlite3_stmt* s, int i, Money m) {
  sqlite3_bind_double(s, i, m.dollars());
}

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

const char* sqlite_record_tables_sql() {
  return kRecordSchema;
}
const char* sqlite_record_indexes_sql() {
  return kIndexes;
}

std::int64_t sqlite_run_id(const std::string& scenario_sha256, std::uint64_t seed) {
  const Sha256::Digest d = [&] {
    Sha256 h;
    h.update(scenario_sha256 + ":" + std::to_string(seed));
    return h.finish();
  }();
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v = (v << 8) | d[static_cast<std::size_t>(i)];
  return static_cast<std::int64_t>(v >> 4);  // 60 bits: positive, and exact in a double (pandas)
}

std::string sqlite_continuation_problem(const std::filesystem::path& file,
                                        const SqliteContinuation& c) {
  SqliteDb db;  // no prefix: the caller says which file
  std::string problem;
  try {
    db.open(file, SQLITE_OPEN_READONLY);
  } catch (const std::runtime_error& e) {  // SqliteError or EnvironmentError: a copy unusable
    return e.what();
  }
  // One value of one query, as text ("" on an error, with SQLite's message in `problem`).
  auto value = [&](const std::string& sql) {
    std::string out;
    try {
      const SqliteStmt s = db.prepare(sql, false, "");
      if (sqlite3_step(s.get()) != SQLITE_ROW) {
        problem = db.errmsg();
      } else if (const auto* t = sqlite3_column_text(s.get(), 0)) {
        out = reinterpret_cast<const char*>(t);
      }
    } catch (const std::runtime_error& e) {
      problem = e.what();
    }
    return out;
  };
  std::string check = value("PRAGMA quick_check");
  for (char& ch : check)
    ch = ch == '\n' ? ' ' : ch;  // one line of findings
  if (problem.empty() && check != "ok") {
    problem = "the database is damaged (" + check + "; was its run killed while writing it?)";
  }
  const std::string seq = std::to_string(c.last_seq);
  const std::string events = value(
      "SELECT count(*) FROM events WHERE run=" + std::to_string(c.parent_run) + " AND seq<=" + seq);
  if (problem.empty() && events != seq) {
    problem = "it holds " + events + " of the " + seq +
              " events the checkpoint's run had written by then";
  }
  return problem;
}

SqliteWriter::SqliteWriter(const std::filesystem::path& file, SqliteRunInfo info,
                           std::optional<SqliteContinuation> continuation)
    : info_(std::move(info)), db_(file.string() + ": ") {
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
  db_.open(file, flags);
  // The file lives in the run's hidden partial folder until the run is committed, so it needs
  // no rollback journal: what is on disk is what the last commit wrote (a transaction's pages
  // stay in the cache until its commit), and a copy for a continuation is checked below.
  if (!continuation) db_.exec("PRAGMA page_size=65536");  // fewer, fuller b-tree pages
  db_.exec("PRAGMA locking_mode=EXCLUSIVE");  // one writer: no lock and unlock per transaction
  db_.exec("PRAGMA journal_mode=OFF");
  db_.exec("PRAGMA synchronous=OFF");
  db_.exec("PRAGMA temp_store=MEMORY");  // the index builds at close sort in memory
  db_.exec("PRAGMA cache_size=-65536");  // 64 MiB of page cache
  db_.exec("PRAGMA cache_spill=OFF");    // never write a transaction's pages before its commit
  db_.exec(kRunsSchema);
  db_.exec(kRecordSchema);
  db_.exec(kNetworkSchema);
  begin_tx();
  if (continuation) {
    // Keep exactly what the parent run had written at the checkpoint, under this run's id.
    const std::string parent = std::to_string(continuation->parent_run);
    const std::string run = std::to_string(info_.run);
    const std::string last_date = continuation->last_date.iso();
    const std::string last_seq = std::to_string(continuation->last_seq);
    if (continuation->parent_run == info_.run && !info_.parent_run) keep_lineage();
    db_.exec("DELETE FROM events WHERE run=" + parent + " AND seq>" + last_seq);
    for (const char* t : {"series", "market", "loops", "network"}) {
      db_.exec("DELETE FROM " + std::string(t) + " WHERE run=" + parent + " AND date>'" +
               last_date + "'");
    }
    for (const char* t : {"runs", "firms", "contracts"}) {
      db_.exec("DELETE FROM " + std::string(t) + " WHERE run IN (" + parent + "," + run + ")");
    }
    if (parent != run) {
      for (const char* t : {"events", "series", "market", "loops", "network"}) {
        db_.exec("UPDATE " + std::string(t) + " SET run=" + run + " WHERE run=" + parent);
      }
    }
  }
  events_ = prepare_table("events", 12);
  series_ = prepare_table("series", 26);
  market_ = prepare_table("market", 5);
  loops_ = prepare_table("loops", 9);
  network_ = db_.prepare("INSERT INTO network VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", true);
  for (std::string& d : data_)
    d.reserve(256);
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
  const SqliteStmt run_stmt = db_.prepare(
      "INSERT OR REPLACE INTO runs VALUES (?1,?2,?3,?4,?5,?6,'running',?7,?8,?9,?10,?11)", true);
  sqlite3_stmt* run = run_stmt.get();
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
  if (!spec) return;

  const SqliteStmt firm_stmt = db_.prepare("INSERT INTO firms VALUES (?1,?2,?3,?4,?5,?6)", true);
  sqlite3_stmt* firm = firm_stmt.get();
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
  const SqliteStmt contract_stmt =
      db_.prepare("INSERT INTO contracts VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", true);
  sqlite3_stmt* contract = contract_stmt.get();
  for (std::size_t i = 0; i < spec->contracts.size(); ++i) {
    const ContractSpec& c = spec->contracts[i];
    const std::string signed_on = c.signed_on.iso();
    sqlite3_bind_int64(contract, 1, info_.run);
    sqlite3_bind_int64(contract, 2, static_cast<std::int64_t>(i));
    bind_text(contract, 3, c.id);
    bind_text(contract, 4, to_string(c.type()));
    bind_text(contract, 5, spec->firms.at(c.from).id);
    bind_text(contract, 6, spec->firms.at(c.to).id);
    bind_text(contract, 7, signed_on);
    bind_money(contract, 8, c.amount);
    sqlite3_bind_int64(contract, 9, c.amount.in_cents());
    step(contract);
  }
}

SqliteWriter::Table SqliteWriter::prepare_table(const char* name, int columns) {
  auto values = [&](int rows) {
    std::string sql = std::string("INSERT INTO ") + name + " VALUES ";
    for (int r = 0; r < rows; ++r) {
      sql += r ? ",(" : "(";
      for (int c = 0; c < columns; ++c)
        sql += c ? ",?" : "?";
      sql += ')';
    }
    return sql;
  };
  Table t;
  t.columns = columns;
  t.one = db_.prepare(values(1), true);
  t.many = db_.prepare(values(static_cast<int>(kRowsPerInsert)), true);
  // The run column is the same in every row: bound once.
  sqlite3_bind_int64(t.one.get(), 1, info_.run);
  for (int r = 0; r < static_cast<int>(kRowsPerInsert); ++r) {
    sqlite3_bind_int64(t.many.get(), r * columns + 1, info_.run);
  }
  return t;
}

template <class Row, class Bind>
void SqliteWriter::insert_rows(Table& t, Pending<Row>& pending, Bind bind) {
  if (pending.count == kRowsPerInsert) {
    sqlite3_stmt* many = t.many.get();
    for (std::size_t i = 0; i < kRowsPerInsert; ++i) {
      bind(many, static_cast<int>(i) * t.columns, pending.rows[i], i);
    }
    step(many);
  } else {  // a partial batch before a commit: row by row
    sqlite3_stmt* one = t.one.get();
    for (std::size_t i = 0; i < pending.count; ++i) {
      bind(one, 0, pending.rows[i], 0);
      step(one);
    }
  }
  rows_done(pending.count);
  pending.count = 0;
}

void SqliteWriter::bind_event(sqlite3_stmt* s, int at, const Event& e, std::size_t slot) {
  char* date = dates_out_[slot];
  *dates_.write(date, e.date) = '\0';
  sqlite3_bind_int64(s, at + 2, static_cast<std::int64_t>(e.seq));
  sqlite3_bind_text(s, at + 3, date, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  sqlite3_bind_int(s, at + 4, e.tick);
  bind_text(s, at + 5, to_string(e.type));
  bind_id(s, at + 6, e.firm, firm_ids_);
  bind_id(s, at + 7, e.counterparty, firm_ids_);
  bind_id(s, at + 8, e.contract, contract_ids_);
  bind_money(s, at + 9, e.amount);
  sqlite3_bind_int64(s, at + 10, e.amount.in_cents());
  if (e.cause == 0) {
    sqlite3_bind_null(s, at + 11);
  } else {
    sqlite3_bind_int64(s, at + 11, static_cast<std::int64_t>(e.cause));
  }
  // The payload as events.jsonl writes it: shortest round-trip numbers, null when not finite.
  std::string& data = data_[slot];
  data.assign(1, '{');
  char num[kMaxDoubleChars];
  for (std::uint8_t i = 0; i < e.field_count; ++i) {
    if (i > 0) data += ',';
    data += '"';
    data += e.fields[i].key;
    data += "\":";
    const double v = e.fields[i].value;
    if (const char* text = e.fields[i].text) {  // a name: nothing to escape (event.hpp)
      data += '"';
      data += text;
      data += '"';
    } else if (std::isfinite(v)) {
      data.append(num, write_double(num, v));
    } else {
      data += "null";
    }
  }
  data += '}';
  sqlite3_bind_text(s, at + 12, data.data(), static_cast<int>(data.size()), SQLITE_STATIC);
}

void SqliteWriter::bind_series(sqlite3_stmt* s, int at, const SeriesRow& r, std::size_t slot) {
  char* date = dates_out_[slot];
  *dates_.write(date, r.date) = '\0';
  sqlite3_bind_text(s, at + 2, date, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  bind_id(s, at + 3, r.firm, firm_ids_);
  sqlite3_bind_int(s, at + 4, r.listed ? 1 : 0);
  sqlite3_bind_int(s, at + 5, r.defaulted ? 1 : 0);
  bind_real(s, at + 6, r.price);
  bind_real(s, at + 7, r.shadow_price);
  bind_real(s, at + 8, r.shares);
  int col = at + 9;
  for (const Money* m : {&r.market_value, &r.cash, &r.fleet, &r.stakes, &r.warrants, &r.receivables,
                         &r.other_assets, &r.operating_assets, &r.debt, &r.payables,
                         &r.other_liabilities, &r.equity, &r.revenue, &r.net_income}) {
    bind_money(s, col++, *m);
  }
  bind_real(s, at + 23, r.gw);
  bind_real(s, at + 24, r.unmet_demand);
  bind_real(s, at + 25, r.default_probability);
  bind_real(s, at + 26, r.commitment_value);
}

void SqliteWriter::bind_market(sqlite3_stmt* s, int at, const MarketRow& r, std::size_t slot) {
  char* date = dates_out_[slot];
  *dates_.write(date, r.date) = '\0';
  sqlite3_bind_text(s, at + 2, date, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  bind_real(s, at + 3, r.sentiment);
  bind_real(s, at + 4, r.gpu_index);
  bind_real(s, at + 5, r.risk_free);
}

void SqliteWriter::bind_loop(sqlite3_stmt* s, int at, const LoopRow& r, std::size_t slot) {
  char* date = dates_out_[slot];
  *dates_.write(date, r.date) = '\0';
  sqlite3_bind_text(s, at + 2, date, static_cast<int>(kIsoDateChars), SQLITE_STATIC);
  sqlite3_bind_int(s, at + 3, r.tick);
  bind_text(s, at + 4, r.loop);
  bind_text(s, at + 5, r.loop_class);
  bind_text(s, at + 6, r.kinds);
  sqlite3_bind_int64(s, at + 7, static_cast<std::int64_t>(r.length));
  bind_real(s, at + 8, r.gain);
  bind_real(s, at + 9, r.per_edge_gain);
}

void SqliteWriter::event(const Event& e) {
  pending_events_.rows[pending_events_.count++] = e;
  if (pending_events_.count == kRowsPerInsert) insert_events();
}

void SqliteWriter::series(const SeriesRow& r) {
  pending_series_.rows[pending_series_.count++] = r;
  if (pending_series_.count == kRowsPerInsert) insert_series();
}

void SqliteWriter::market(const MarketRow& r) {
  pending_market_.rows[pending_market_.count++] = r;
  if (pending_market_.count == kRowsPerInsert) insert_market();
}

void SqliteWriter::add_loop_row(const LoopRow& r) {
  pending_loops_.rows[pending_loops_.count++] = r;
  if (pending_loops_.count == kRowsPerInsert) insert_loops();
}

void SqliteWriter::network_row(const NetworkRow& r) {
  sqlite3_stmt* s = network_.get();
  sqlite3_bind_int64(s, 1, info_.run);
  const std::string date = r.date.iso();
  sqlite3_bind_text(s, 2, date.c_str(), static_cast<int>(date.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 3, r.from.c_str(), static_cast<int>(r.from.size()), SQLITE_TRANSIENT);
  if (r.is_firm()) {
    sqlite3_bind_null(s, 4);
  } else {
    sqlite3_bind_text(s, 4, r.to.c_str(), static_cast<int>(r.to.size()), SQLITE_TRANSIENT);
  }
  sqlite3_bind_text(s, 5, r.kind.c_str(), static_cast<int>(r.kind.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 6, r.contracts);
  bind_real(s, 7, r.amount);
  sqlite3_bind_int(s, 8, r.active ? 1 : 0);
  sqlite3_bind_int(s, 9, r.loop ? 1 : 0);
  step(s);
  rows_done(1);
}

void SqliteWriter::insert_events() {
  insert_rows(events_, pending_events_,
              [this](sqlite3_stmt* s, int at, const Event& e, std::size_t slot) {
                bind_event(s, at, e, slot);
              });
}

void SqliteWriter::insert_series() {
  insert_rows(series_, pending_series_,
              [this](sqlite3_stmt* s, int at, const SeriesRow& r, std::size_t slot) {
                bind_series(s, at, r, slot);
              });
}

void SqliteWriter::insert_market() {
  insert_rows(market_, pending_market_,
              [this](sqlite3_stmt* s, int at, const MarketRow& r, std::size_t slot) {
                bind_market(s, at, r, slot);
              });
}

void SqliteWriter::insert_loops() {
  insert_rows(loops_, pending_loops_,
              [this](sqlite3_stmt* s, int at, const LoopRow& r, std::size_t slot) {
                bind_loop(s, at, r, slot);
              });
}

void SqliteWriter::insert_pending() {
  insert_events();
  insert_series();
  insert_market();
  insert_loops();
}

void SqliteWriter::finish(bool complete) {
  if (!db_.is_open()) return;
  const std::string sql = std::string("UPDATE runs SET status='") +
                          (complete ? "complete" : "incomplete") +
                          "' WHERE run=" + std::to_string(info_.run);
  db_.exec(sql);
  finished_ = true;
  flush();
}

void SqliteWriter::flush() {
  if (!db_.is_open()) return;
  insert_pending();
  commit_tx();
  begin_tx();
}

void SqliteWriter::close() {
  if (!db_.is_open()) return;
  if (!finished_) {
    db_.exec("UPDATE runs SET status='failed' WHERE run=" + std::to_string(info_.run));
    finished_ = true;
  }
  insert_pending();
  commit_tx();
  for (Table* t : {&events_, &series_, &market_, &loops_}) {
    t->one = SqliteStmt();
    t->many = SqliteStmt();
  }
  network_ = SqliteStmt();
  if (info_.indexes) db_.exec(kIndexes);
  db_.close();
}

void SqliteWriter::keep_lineage() {
  // A resumed fork is still a fork: its runs row keeps the parent it branched from.
  const SqliteStmt stmt =
      db_.prepare("SELECT parent_run, branched_on FROM runs WHERE run=?1", true);
  sqlite3_stmt* s = stmt.get();
  sqlite3_bind_int64(s, 1, info_.run);
  if (sqlite3_step(s) == SQLITE_ROW) {
    if (sqlite3_column_type(s, 0) != SQLITE_NULL) info_.parent_run = sqlite3_column_int64(s, 0);
    const auto* d = sqlite3_column_text(s, 1);
    if (d) info_.branched_on = Date::parse_iso(reinterpret_cast<const char*>(d));
  }
}

void SqliteWriter::rows_done(std::size_t n) {
  rows_ += n;
  rows_in_tx_ += n;
  if (rows_in_tx_ >= kRowsPerTransaction) {
    commit_tx();  // the other tables' pending rows go into the next transaction
    begin_tx();
  }
}

void SqliteWriter::begin_tx() {
  db_.exec("BEGIN");
  in_tx_ = true;
  rows_in_tx_ = 0;
}

void SqliteWriter::commit_tx() {
  if (!in_tx_) return;
  in_tx_ = false;
  db_.exec("COMMIT");
}

}  // namespace alchemy
