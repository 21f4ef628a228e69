#pragma once
// run.sqlite: a run's records as SQL tables, for researchers who query with SQL, pandas or R
// rather than parse files. Every row carries the run id, so the tables of many runs (a sweep, a
// run and its forks) can be put together with ATTACH / INSERT ... SELECT and still be told apart.
//
//   runs       run, scenario, seed, config_sha256 (the manifest's scenario_sha256),
//              alchemy_version, event_schema_version, status ('running', 'complete',
//              'incomplete'), start_date, end_date, until_date, parent_run, branched_on
//   firms      run, idx, id, name, kind, listed                        (idx: the firm's index)
//   contracts  run, idx, id, type, from_firm, to_firm, signed, amount, amount_cents
//   events     run, seq, date, tick, type, firm, counterparty, contract, amount, amount_cents,
//              cause, data                 (as events.jsonl: ids as text, NULL for none; amount
//              in USD as REAL and exactly as INTEGER cents; cause NULL for none; data the
//              payload as JSON text, '{}' when empty, for json_extract(data, '$.shares'))
//   series     run, date, firm, and the other columns of series.csv (money in USD as REAL)
//   market     run, date, sentiment, gpu_index, risk_free
//   loops      run, date, tick, loop, class, kinds, length, gain, per_edge_gain  (as loops.csv:
//              one row per tracked circuit and one 'rho' row per loop step)
//   network    run, date, from_firm, to_firm, kind, contracts, amount, active, loop  (as
//              network.csv: the contract network at month ends; a defaulted firm's row has
//              to_firm NULL and kind 'defaulted'. Written by runs, resumes and forks, not by a
//              sweep's runs, and not merged into sweep.sqlite)
//
// Dates are ISO text (sorts and compares as dates; date(), strftime('%Y', date) work). Indexes
// on (run, date) of every dated table and on events(type) are built when the run finishes,
// which loads faster than maintaining them row by row.
//
// Speed: prepared multi-row inserts (16 rows a statement), one transaction per 50 000 rows, 64 KiB
// pages, no rollback journal and no fsync (the file is in the run's hidden partial folder until
// the run is committed; a transaction's pages stay in the cache until its commit, so the file on
// disk holds the last commit unless the process died during one, which a continuation detects).
// See tools/bench/bench_sqlite_writer.cpp for the rows/s against the JSONL writer.

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/network_csv_writer.hpp"
#include "sim/output/sqlite_db.hpp"
#include "sim/output/text_output.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

inline constexpr const char* kSqliteFileName = "run.sqlite";

// What the runs table says about the run (the rest comes from the RunHeader).
struct SqliteRunInfo {
  std::int64_t run = 0;  // sqlite_run_id
  std::string scenario_sha256;
  std::uint64_t seed = 0;
  std::optional<Date> until;
  std::optional<std::int64_t> parent_run;  // a fork's parent run
  std::optional<Date> branched_on;         // the date of the checkpoint a fork branched from
  bool indexes = true;  // false: no indexes at close (a sweep's run, merged into sweep.sqlite)
};

// The run id: the first 60 bits of SHA-256("<scenario sha256>:<seed>"), so the same scenario and
// seed always get the same id (a resumed run keeps its id), and a fork (whose scenario differs)
// gets its own.
std::int64_t sqlite_run_id(const std::string& scenario_sha256, std::uint64_t seed);

// The CREATE TABLE statements of the record tables (firms, contracts, events, series, market,
// loops; not runs), and the CREATE INDEX statements of their indexes: sweep.sqlite merges the
// databases of a sweep's runs into the same schema (sim/sweep/sweep_tables.hpp).
const char* sqlite_record_tables_sql();
const char* sqlite_record_indexes_sql();

// Continuing a database copied from the run a checkpoint came from: its rows after the
// checkpoint are deleted and the rest re-labelled with the new run id.
struct SqliteContinuation {
  std::int64_t parent_run = 0;
  std::uint64_t last_seq = 0;  // events with seq above this are removed
  Date last_date;              // series, market, loop and network rows after this date are
                               // removed
};

// Why a copy of a parent's run.sqlite cannot be continued (damaged, e.g. by a process killed
// while committing, or missing events up to the checkpoint), or "" when it can.
std::string sqlite_continuation_problem(const std::filesystem::path& file,
                                        const SqliteContinuation& c);

class SqliteWriter final : public OutputSink {
 public:
  // Creates `file` (or opens the copy to continue, see SqliteContinuation). Throws SqliteError.
  SqliteWriter(const std::filesystem::path& file, SqliteRunInfo info,
               std::optional<SqliteContinuation> continuation = std::nullopt);
  ~SqliteWriter() override;
  SqliteWriter(const SqliteWriter&) = delete;
  SqliteWriter& operator=(const SqliteWriter&) = delete;

  void begin(const RunHeader& header) override;
  void event(const Event& e) override;
  void series(const SeriesRow& r) override;
  void market(const MarketRow& r) override;
  void loop(const LoopRow& r) override { add_loop_row(r); }
  void finish(bool complete) override;  // the run's status, and commit

  void add_loop_row(const LoopRow& r);
  // A row of the network table (sim/run/network_recorder.hpp; not a row of the engine's sink).
  void network_row(const NetworkRow& r);
  // Commits what was written so far (a checkpoint needs it on disk).
  void flush();
  // Builds the indexes, leaves WAL and closes (a run that never finished is marked 'failed').
  // Idempotent; throws SqliteError.
  void close();
  std::uint64_t rows_written() const { return rows_; }

 private:
  // Rows go in kRowsPerInsert at a time, by one multi-row INSERT … VALUES (…),(…),… : one
  // statement step per batch instead of per row, a third faster. A partial batch (at a commit)
  // goes row by row. Tables keep their rows in the order written.
  static constexpr std::size_t kRowsPerInsert = 16;
  struct Table {
    SqliteStmt one;   // one row
    SqliteStmt many;  // kRowsPerInsert rows
    int columns = 0;
  };
  template <class Row>
  struct Pending {
    std::array<Row, kRowsPerInsert> rows{};
    std::size_t count = 0;
  };

  Table prepare_table(const char* name, int columns);
  void step(sqlite3_stmt* s) { db_.step(s, "cannot insert a row"); }
  void keep_lineage();
  template <class Row, class Bind>
  void insert_rows(Table& t, Pending<Row>& pending, Bind bind);
  // Bind one row at parameter offset `at`, with the text buffers of batch slot `slot`.
  void bind_event(sqlite3_stmt* s, int at, const Event& e, std::size_t slot);
  void bind_series(sqlite3_stmt* s, int at, const SeriesRow& r, std::size_t slot);
  void bind_market(sqlite3_stmt* s, int at, const MarketRow& r, std::size_t slot);
  void bind_loop(sqlite3_stmt* s, int at, const LoopRow& r, std::size_t slot);
  void insert_events();
  void insert_series();
  void insert_market();
  void insert_loops();
  void insert_pending();
  void rows_done(std::size_t n);
  void begin_tx();
  void commit_tx();

  SqliteRunInfo info_;
  SqliteDb db_;  // before the statements, which must go first
  Table events_, series_, market_, loops_;
  SqliteStmt network_;  // one row at a time: a few rows a month
  Pending<Event> pending_events_;
  Pending<SeriesRow> pending_series_;
  Pending<MarketRow> pending_market_;
  Pending<LoopRow> pending_loops_;
  std::vector<std::string> firm_ids_;
  std::vector<std::string> contract_ids_;
  std::array<std::string, kRowsPerInsert> data_;  // the payload JSON of each batch slot
  char dates_out_[kRowsPerInsert][16] = {};       // the ISO date of each batch slot
  IsoDateCache dates_;
  bool in_tx_ = false;
  std::uint64_t rows_ = 0;
  std::uint64_t rows_in_tx_ = 0;
  bool finished_ = false;
};

}  // namespace alchemy
