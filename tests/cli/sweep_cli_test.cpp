// `alchemy sweep` end to end: the built binary through fork/exec, so that exit codes, signals,
// SIGKILL half-way through and the folders left on disk are the real ones. The sweeps run the
// six-month scenario of tests/data/sweep, so each takes well under a second.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/sweep";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "sweep_cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Done {
  int code = -1;  // exit code, or -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct Child {
  pid_t pid = -1;
  fs::path out_file;
  fs::path err_file;
};

// Starts `program args...` in `cwd`, stdout and stderr to files there.
Child spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& cwd) {
  static int serial = 0;
  Child c;
  // Named by process too: ctest runs test cases in parallel processes that share folders.
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++serial);
  c.out_file = cwd / ("stdout-" + tag + ".txt");
  c.err_file = cwd / ("stderr-" + tag + ".txt");
  std::vector<std::string> full{program};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  c.pid = ::fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    const int out = ::open(c.out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(c.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return c;
}

Done wait_for(const Child& c, std::chrono::seconds timeout = std::chrono::seconds(300)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (::waitpid(c.pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(c.pid, SIGKILL);
      ::waitpid(c.pid, &status, 0);
      FAIL("the command did not finish in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Done d;
  if (WIFEXITED(status)) d.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) d.signal = WTERMSIG(status);
  d.out = read_text(c.out_file);
  d.err = read_text(c.err_file);
  return d;
}

Done sweep(const std::vector<std::string>& args, const fs::path& cwd) {
  std::vector<std::string> full{"sweep"};
  full.insert(full.end(), args.begin(), args.end());
  return wait_for(spawn(ALCHEMY_BINARY, full, cwd));
}

std::string sweep_file(const char* name) {
  return (kData / name).string();
}

std::string last_line(const std::string& s) {
  const auto end = s.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  const auto start = s.rfind('\n', end);
  const auto from = start == std::string::npos ? 0 : start + 1;
  return s.substr(from, end - from + 1);
}

std::size_t journal_records(const fs::path& journal) {
  const std::string text = read_text(journal);
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return lines > 0 ? lines - 1 : 0;  // the header
}

std::size_t csv_rows(const fs::path& csv) {
  const std::string text = read_text(csv);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
}

// Waits until the journal of a running sweep has at least `n` records.
bool wait_for_records(const fs::path& journal, std::size_t n, pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(journal) && journal_records(journal) >= n) return true;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) != 0) return false;  // it ended first
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// The reference results of a sweep: one thread, uninterrupted.
struct Reference {
  std::string runs;
  std::string summary;
};

Reference reference(const char* file, const fs::path& dir) {
  const Done d = sweep({sweep_file(file), "--out", "ref", "--threads", "1", "--quiet"}, dir);
  REQUIRE(d.code == 0);
  return {read_text(dir / "ref/runs.csv"), read_text(dir / "ref/summary.csv")};
}

}  // namespace

TEST_CASE("sweep: writes runs.csv, summary.csv and manifest.json and prints the folder") {
  const auto dir = fresh_dir("basic");
  const Done d = sweep({sweep_file("grid.yaml"), "--out", "res", "--threads", "2"}, dir);
  INFO(d.err);
  REQUIRE(d.code == 0);
  CHECK(last_line(d.out) == "res");
  CHECK(fs::exists(dir / "res/manifest.json"));
  CHECK_FALSE(fs::exists(dir / "res.incomplete"));
  CHECK(csv_rows(dir / "res/runs.csv") == 18);
  CHECK(csv_rows(dir / "res/summary.csv") == 6);
  const std::string runs = read_text(dir / "res/runs.csv");
  CHECK(runs.rfind("run,point,seed_index,seed,firms.labco.revenue.growth,"
                   "market.sentiment.volatility,defaults,first_default_date,",
                   0) == 0);
  const std::string summary = read_text(dir / "res/summary.csv");
  CHECK(summary.rfind("point,firms.labco.revenue.growth,market.sentiment.volatility,runs,"
                      "pd.chipco,pd.cloudco,pd.labco,defaults.mean,defaults.se,",
                      0) == 0);
  const std::string manifest = read_text(dir / "res/manifest.json");
  CHECK(manifest.find("\"status\": \"complete\"") != std::string::npos);
  CHECK(manifest.find("\"runs\": 18") != std::string::npos);
  CHECK(manifest.find("\"summary.csv\"") != std::string::npos);

  // An existing output is not replaced without --force, and nothing is started.
  const Done again = sweep({sweep_file("grid.yaml"), "--out", "res"}, dir);
  CHECK(again.code == 2);
  CHECK(again.err.find("already exists") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "res.incomplete"));
  const Done forced = sweep({sweep_file("grid.yaml"), "--out", "res", "--force"}, dir);
  CHECK(forced.code == 0);
  CHECK(read_text(dir / "res/runs.csv") == runs);
}

TEST_CASE("sweep: byte-identical results with 1, 2 and 4 threads") {
  const auto dir = fresh_dir("threads");
  const Reference ref = reference("grid.yaml", dir);
  for (const char* threads : {"2", "4"}) {
    const std::string out = std::string("t") + threads;
    const Done d = sweep({sweep_file("grid.yaml"), "--out", out, "--threads", threads}, dir);
    REQUIRE(d.code == 0);
    CHECK(read_text(dir / out / "runs.csv") == ref.runs);
    CHECK(read_text(dir / out / "summary.csv") == ref.summary);
  }
}

TEST_CASE("sweep: killed with SIGKILL and run again, it finishes with the same bytes") {
  const auto dir = fresh_dir("kill");
  const Reference ref = reference("long.yaml", dir);
  const std::vector<std::string> args{sweep_file("long.yaml"), "--out", "res", "--threads", "2"};
  std::vector<std::string> full{"sweep"};
  full.insert(full.end(), args.begin(), args.end());
  const Child c = spawn(ALCHEMY_BINARY, full, dir);
  const fs::path journal = dir / "res.incomplete/sweep.journal";
  const bool midway = wait_for_records(journal, 8, c.pid);
  ::kill(c.pid, SIGKILL);
  const Done killed = wait_for(c);
  REQUIRE_MESSAGE(midway, "the sweep ended before it could be killed; make long.yaml longer");
  CHECK(killed.signal == SIGKILL);
  CHECK_FALSE(fs::exists(dir / "res"));
  const std::size_t kept = journal_records(journal);
  CHECK(kept >= 8);
  CHECK(kept < 120);

  const Done resumed = sweep(args, dir);
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK(resumed.err.find("resuming the sweep") != std::string::npos);
  CHECK(read_text(dir / "res/runs.csv") == ref.runs);
  CHECK(read_text(dir / "res/summary.csv") == ref.summary);
  CHECK(read_text(dir / "res/manifest.json").find("\"runs_resumed\": " + std::to_string(kept)) !=
        std::string::npos);
}

TEST_CASE("sweep: Ctrl-C keeps partial tables, the same command continues") {
  const auto dir = fresh_dir("interrupt");
  const Reference ref = reference("long.yaml", dir);
  const std::vector<std::string> args{sweep_file("long.yaml"), "--out", "res", "--threads", "1"};
  std::vector<std::string> full{"sweep"};
  full.insert(full.end(), args.begin(), args.end());
  const Child c = spawn(ALCHEMY_BINARY, full, dir);
  const bool midway = wait_for_records(dir / "res.incomplete/sweep.journal", 5, c.pid);
  ::kill(c.pid, SIGINT);
  const Done stopped = wait_for(c);
  REQUIRE(midway);
  CHECK(stopped.code == 130);
  CHECK(stopped.err.find("run the same command again") != std::string::npos);
  const std::size_t rows = csv_rows(dir / "res.incomplete/runs.csv");
  CHECK(rows >= 5);
  CHECK(rows < 120);
  // One thread finishes runs in order, so the partial table is the start of the full one.
  CHECK(ref.runs.rfind(read_text(dir / "res.incomplete/runs.csv"), 0) == 0);
  CHECK(read_text(dir / "res.incomplete/manifest.json").find("\"status\": \"incomplete\"") !=
        std::string::npos);

  const Done resumed = sweep(args, dir);
  REQUIRE(resumed.code == 0);
  CHECK(read_text(dir / "res/runs.csv") == ref.runs);
  CHECK(read_text(dir / "res/summary.csv") == ref.summary);
}

TEST_CASE("sweep: partial results of a changed sweep are refused, or discarded with --force") {
  const auto dir = fresh_dir("changed");
  fs::copy_file(kData / "small.yaml", dir / "small.yaml");
  fs::copy_file(kData / "long.yaml", dir / "s.yaml");
  const Child c = spawn(ALCHEMY_BINARY, {"sweep", "s.yaml", "--out", "res", "--threads", "1"}, dir);
  const bool midway = wait_for_records(dir / "res.incomplete/sweep.journal", 3, c.pid);
  ::kill(c.pid, SIGKILL);
  wait_for(c);
  REQUIRE(midway);
  {
    std::ofstream out(dir / "s.yaml", std::ios::app);
    out << "outcomes: [labco]\n";
  }
  const Done refused = sweep({"s.yaml", "--out", "res"}, dir);
  CHECK(refused.code == 2);
  CHECK(refused.err.find("different sweep") != std::string::npos);
  const Done forced = sweep({"s.yaml", "--out", "res", "--force"}, dir);
  CHECK(forced.code == 0);
  CHECK(forced.err.find("discarding partial results") != std::string::npos);
  CHECK(read_text(dir / "res/runs.csv").find("defaulted.chipco") == std::string::npos);
}

TEST_CASE("sweep: a bad key path exits 2 with file:line:column and creates nothing") {
  const auto dir = fresh_dir("errors");
  const Done d = sweep({sweep_file("err_key.yaml"), "--out", "res"}, dir);
  CHECK(d.code == 2);
  CHECK(d.err.find("err_key.yaml:7:10:") != std::string::npos);
  CHECK(d.err.find("did you mean 'growth'") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "res"));
  CHECK_FALSE(fs::exists(dir / "res.incomplete"));
  const Done v = sweep({sweep_file("err_value.yaml"), "--out", "res"}, dir);
  CHECK(v.code == 2);
  CHECK(v.err.find("err_value.yaml:6:19:") != std::string::npos);
  const Done f = sweep({sweep_file("grid.yaml"), "--out", "res", "--format", "parquet"}, dir);
  CHECK(f.code == 2);
  CHECK(sweep({}, dir).code == 2);
  const Done ref = sweep({"--print-reference"}, dir);
  CHECK(ref.code == 0);
  CHECK(ref.out.find("| `samples` |") != std::string::npos);
}

TEST_CASE("sweep: --keep-logs keeps each run's events.jsonl, series.csv, market.csv, loops.csv") {
  const auto dir = fresh_dir("logs");
  const Done d = sweep({sweep_file("lhs.yaml"), "--out", "res", "--keep-logs", "--quiet"}, dir);
  REQUIRE(d.code == 0);
  for (int run = 0; run < 8; ++run) {
    const fs::path logs = dir / "res/runs" / std::to_string(run);
    CHECK(fs::file_size(logs / "events.jsonl") > 0);
    // six months of daily rows for three firms, and the header
    CHECK(csv_rows(logs / "series.csv") > 3 * 100);
    CHECK(csv_rows(logs / "market.csv") > 100);
    CHECK(fs::exists(logs / "loops.csv"));
    CHECK_FALSE(fs::exists(logs / "run.sqlite"));
  }
  CHECK_FALSE(fs::exists(dir / "res/sweep.sqlite"));
  CHECK(fs::exists(dir / "res/runs.csv"));
}

namespace {

// The rows of a query, one line per row, cells separated by '|' (NULL as "∅").
std::string query(const fs::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  const int prepared = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  INFO(sql << ": " << sqlite3_errmsg(db));
  REQUIRE(prepared == SQLITE_OK);
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      if (c) out += '|';
      const auto* t = sqlite3_column_text(st, c);
      out += t ? reinterpret_cast<const char*>(t) : "∅";
    }
    out += '\n';
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Everything in a sweep.sqlite, table by table, rows in the order they were inserted (which
// must not depend on threads or interruptions either): the comparison "by content".
std::string sqlite_content(const fs::path& db) {
  std::string all;
  for (const char* t :
       {"runs", "summary", "firms", "contracts", "events", "series", "market", "loops"}) {
    all += std::string("== ") + t + "\n" +
           query(db, std::string("SELECT * FROM ") + t + " ORDER BY rowid");
  }
  return all;
}

}  // namespace

TEST_CASE("sweep: --format jsonl,csv,sqlite --keep-logs puts the runs' records into sweep.sqlite") {
  const auto dir = fresh_dir("sqlite");
  const Done d = sweep({sweep_file("lhs.yaml"), "--out", "res", "--keep-logs", "--format",
                        "jsonl,csv,sqlite", "--quiet"},
                       dir);
  INFO(d.err);
  REQUIRE(d.code == 0);
  const fs::path db = dir / "res/sweep.sqlite";
  CHECK(query(db, "SELECT count(*) FROM runs") == "8\n");
  CHECK(query(db, "SELECT count(*) FROM summary") == "4\n");
  // The runs' own databases were merged and removed; their text logs stay.
  for (int run = 0; run < 8; ++run) {
    const fs::path logs = dir / "res/runs" / std::to_string(run);
    CHECK_FALSE(fs::exists(logs / "run.sqlite"));
    const std::string r = std::to_string(run);
    // The same records as the run's own text files.
    const std::size_t events = count_lines(read_text(logs / "events.jsonl"));
    REQUIRE(events > 0);
    CHECK(query(db, "SELECT count(*), min(seq), max(seq) FROM events WHERE run=" + r) ==
          std::to_string(events) + "|1|" + std::to_string(events) + "\n");
    CHECK(query(db, "SELECT count(*) FROM series WHERE run=" + r) ==
          std::to_string(csv_rows(logs / "series.csv")) + "\n");
    CHECK(query(db, "SELECT count(*) FROM market WHERE run=" + r) ==
          std::to_string(csv_rows(logs / "market.csv")) + "\n");
    CHECK(query(db, "SELECT count(*) FROM loops WHERE run=" + r) ==
          std::to_string(csv_rows(logs / "loops.csv")) + "\n");
    CHECK(query(db, "SELECT count(*) FROM firms WHERE run=" + r) == "3\n");
    // The first line of events.jsonl is the first event's row.
    const std::string jsonl = read_text(logs / "events.jsonl");
    const std::string first_line = jsonl.substr(0, jsonl.find('\n'));
    std::string type = query(db, "SELECT type FROM events WHERE run=" + r + " AND seq=1");
    type.pop_back();  // the '\n'
    CHECK(first_line.find("\"type\":\"" + type + "\"") != std::string::npos);
  }
  // runs.first_default_firm (from the run's metrics) is the firm of its first default event.
  CHECK(query(db,
              "SELECT count(*) FROM runs r WHERE coalesce(r.first_default_firm, '') IS NOT "
              "coalesce((SELECT firm FROM events e WHERE e.run = r.run AND e.type = 'default' "
              "ORDER BY seq LIMIT 1), '')") == "0\n");
  // Lookups by (run, date) and by event type use an index, not a scan of the table.
  for (const char* t : {"events", "series", "market", "loops"}) {
    const std::string plan = query(db, std::string("EXPLAIN QUERY PLAN SELECT * FROM ") + t +
                                           " WHERE run = 3 AND date = '2025-03-03'");
    INFO(t << ": " << plan);
    CHECK(plan.find("SEARCH") != std::string::npos);
    CHECK(plan.find("(run=? AND date=?)") != std::string::npos);
  }
  const std::string by_type =
      query(db, "EXPLAIN QUERY PLAN SELECT * FROM events WHERE type = 'default'");
  CHECK(by_type.find("SEARCH events USING INDEX events_type (type=?)") != std::string::npos);
}

TEST_CASE("sweep: killed and resumed with sqlite logs, sweep.sqlite has the same content") {
  const auto dir = fresh_dir("sqlite_kill");
  const std::vector<std::string> flags{"--keep-logs", "--format", "csv,sqlite", "--quiet"};
  std::vector<std::string> ref_args{sweep_file("long.yaml"), "--out", "ref", "--threads", "1"};
  ref_args.insert(ref_args.end(), flags.begin(), flags.end());
  REQUIRE(sweep(ref_args, dir).code == 0);

  std::vector<std::string> args{sweep_file("long.yaml"), "--out", "res", "--threads", "2"};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<std::string> full{"sweep"};
  full.insert(full.end(), args.begin(), args.end());
  const Child c = spawn(ALCHEMY_BINARY, full, dir);
  const bool midway = wait_for_records(dir / "res.incomplete/sweep.journal", 8, c.pid);
  ::kill(c.pid, SIGKILL);
  wait_for(c);
  REQUIRE_MESSAGE(midway, "the sweep ended before it could be killed; make long.yaml longer");
  const Done resumed = sweep(args, dir);
  INFO(resumed.err);
  REQUIRE(resumed.code == 0);
  CHECK(read_text(dir / "res/runs.csv") == read_text(dir / "ref/runs.csv"));
  const std::string want = sqlite_content(dir / "ref/sweep.sqlite");
  CHECK(count_lines(want) > 120 * 100);  // the runs' series are in it
  CHECK(sqlite_content(dir / "res/sweep.sqlite") == want);
}

TEST_CASE("sweep: --format errors exit 2 and create nothing") {
  const auto dir = fresh_dir("format_errors");
  const Done jsonl = sweep({sweep_file("grid.yaml"), "--out", "res", "--format", "jsonl,csv"}, dir);
  CHECK(jsonl.code == 2);
  CHECK(jsonl.err.find("--keep-logs") != std::string::npos);
  const Done no_table =
      sweep({sweep_file("grid.yaml"), "--out", "res", "--format", "jsonl", "--keep-logs"}, dir);
  CHECK(no_table.code == 2);
  CHECK(no_table.err.find("csv") != std::string::npos);
  const Done twice = sweep({sweep_file("grid.yaml"), "--out", "res", "--format", "csv,csv"}, dir);
  CHECK(twice.code == 2);
  CHECK_FALSE(fs::exists(dir / "res"));
  CHECK_FALSE(fs::exists(dir / "res.incomplete"));
}

TEST_CASE("sweep: 2 MPI ranks give the same bytes as one process") {
#ifndef ALCHEMY_WITH_MPI
  MESSAGE("skipped: built without MPI (ALCHEMY_WITH_MPI=OFF)");
  return;
#else
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    MESSAGE("skipped: mpirun not found");
    return;
  }
  const auto dir = fresh_dir("mpi");
  const Reference ref = reference("grid.yaml", dir);
  // Under LeakSanitizer (make test-sanitize), Open MPI's own allocations at exit are suppressed
  // by library name (.ci/lsan.supp). Those names are only on the stack with the slow unwinder:
  // the frame-pointer one stops in Open MPI's plugins (built without frame pointers, and
  // unloaded by MPI_Finalize, hence "<unknown module>"), so every rank would report them as
  // leaks and exit 1. Leaks in alchemy's own code are still reported. mpirun passes the
  // environment on to the ranks; without a sanitizer the variable is ignored.
  const char* lsan = std::getenv("LSAN_OPTIONS");
  const std::string lsan_options = "LSAN_OPTIONS=" + std::string(lsan ? lsan : "") +
                                   (lsan ? ":" : "") + "fast_unwind_on_malloc=0";
  const Done d =
      wait_for(spawn("env",
                     {lsan_options, "mpirun", "--oversubscribe", "--allow-run-as-root", "-n", "2",
                      ALCHEMY_BINARY, "sweep", sweep_file("grid.yaml"), "--out", "res", "--quiet"},
                     dir));
  INFO(d.err);
  REQUIRE(d.code == 0);
  CHECK(last_line(d.out) == "res");
  CHECK(read_text(dir / "res/runs.csv") == ref.runs);
  CHECK(read_text(dir / "res/summary.csv") == ref.summary);
  CHECK(read_text(dir / "res/manifest.json").find("\"ranks\": 2") != std::string::npos);
#endif
}
