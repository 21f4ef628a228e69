// Checkpoints, `alchemy resume` and `alchemy fork` end to end, through the built binary:
//   - a run resumed from a checkpoint writes the files of a run that never stopped, byte for
//     byte (also after an interrupt), and the same SQLite contents;
//   - a fork follows its parent up to the fork date and differs after it;
//   - damaged, foreign or misplaced checkpoints and bad shocks exit 2 with a clear message and
//     create nothing;
//   - `alchemy run --with SHOCKS.yaml` runs the scenario as if it listed the file's shocks.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sim/folder/sha256.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kSmall = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/run/small.yaml";
const std::string kSteady = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/run/steady.yaml";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "checkpoint_cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Done {
  int code = -1;
  std::string out;
  std::string err;
};

pid_t spawn(const std::vector<std::string>& args, const fs::path& cwd, int serial) {
  std::vector<std::string> full{ALCHEMY_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const fs::path out = cwd / ("stdout-" + std::to_string(serial) + ".txt");
  const fs::path err = cwd / ("stderr-" + std::to_string(serial) + ".txt");
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::signal(SIGINT, SIG_DFL);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

Done wait_for(pid_t pid, const fs::path& cwd, int serial) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL("alchemy did not finish in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Done d;
  d.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  d.out = read_text(cwd / ("stdout-" + std::to_string(serial) + ".txt"));
  d.err = read_text(cwd / ("stderr-" + std::to_string(serial) + ".txt"));
  return d;
}

int next_serial() {
  static int serial = 0;
  return ++serial;
}

Done run(const std::vector<std::string>& args, const fs::path& cwd) {
  const int serial = next_serial();
  return wait_for(spawn(args, cwd, serial), cwd, serial);
}

// Every file of a folder (relative name → bytes), without the manifest, the SQLite file
// (compared by contents instead: its pages depend on how it was written) and summary.txt (what
// the process printed: a resumed process summarises the ticks it simulated).
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().lexically_relative(dir).generic_string();
    if (name == "manifest.json" || name == "run.sqlite" || name == "summary.txt") continue;
    out[name] = read_text(e.path());
  }
  return out;
}

std::vector<std::string> names(const std::map<std::string, std::string>& files) {
  std::vector<std::string> n;
  for (const auto& [k, v] : files)
    n.push_back(k);
  return n;
}

std::vector<std::string> sql_rows(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE_MESSAGE(sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK,
                  sqlite3_errmsg(h));
  std::vector<std::string> out;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(s); ++i) {
      const auto* t = sqlite3_column_text(s, i);
      row += (i ? "|" : "") + std::string(t ? reinterpret_cast<const char*>(t) : "NULL");
    }
    out.push_back(row);
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

std::vector<std::string> sqlite_contents(const fs::path& db) {
  std::vector<std::string> all;
  for (const char* q :
       {"SELECT * FROM runs", "SELECT * FROM firms ORDER BY idx",
        "SELECT * FROM contracts ORDER BY idx", "SELECT * FROM events ORDER BY seq",
        "SELECT * FROM series ORDER BY rowid", "SELECT * FROM market ORDER BY rowid",
        "SELECT * FROM loops ORDER BY rowid", "SELECT * FROM network ORDER BY rowid"}) {
    for (auto& r : sql_rows(db, q))
      all.push_back(q + std::string(": ") + r);
  }
  return all;
}

nlohmann::json manifest(const fs::path& dir) {
  return nlohmann::json::parse(read_text(dir / "manifest.json"));
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

// The checkpoints of a folder, by name.
std::vector<std::string> checkpoints(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir / "checkpoints")) return out;
  for (const auto& e : fs::directory_iterator(dir / "checkpoints"))
    out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("checkpoint: a resumed run writes exactly the files of a run that never stopped") {
  const auto dir = fresh_dir("resume_equal");
  const Done full = run({"run", kSmall, "--out", "full", "--quiet", "--checkpoint-every", "3m",
                         "--format", "jsonl,csv,sqlite"},
                        dir);
  REQUIRE_MESSAGE(full.code == 0, full.err);
  // The first tick on or after each quarter's anniversary of 2025-01-02 (weekends skipped).
  CHECK(checkpoints(dir / "full") ==
        std::vector<std::string>{"2025-04-02.ckpt", "2025-07-02.ckpt", "2025-10-02.ckpt"});
  CHECK(manifest(dir / "full")["files"].contains("checkpoints/2025-07-02.ckpt"));

  const Done resumed =
      run({"resume", "full/checkpoints/2025-07-02.ckpt", "--out", "resumed", "--quiet"}, dir);
  REQUIRE_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(resumed.out == "resumed\n");

  const auto a = files_of(dir / "full");
  const auto b = files_of(dir / "resumed");
  CHECK(names(a) == names(b));
  // network.csv too, with snapshots on both sides of the checkpoint (June and July month ends).
  REQUIRE(a.count("network.csv") == 1);
  CHECK(a.at("network.csv").find("\n2025-06-30,") != std::string::npos);
  CHECK(a.at("network.csv").find("\n2025-07-31,") != std::string::npos);
  for (const auto& [name, bytes] : a) {
    CAPTURE(name);
    CHECK(bytes.size() > 0);
    CHECK((b.count(name) && b.at(name) == bytes));
  }
  CHECK(sqlite_contents(dir / "full" / "run.sqlite") ==
        sqlite_contents(dir / "resumed" / "run.sqlite"));

  const auto m = manifest(dir / "resumed");
  const auto m0 = manifest(dir / "full");
  CHECK(m["status"] == "complete");
  CHECK(m["scenario_sha256"] == m0["scenario_sha256"]);
  CHECK(m["events"] == m0["events"]);
  CHECK(m["ticks"] == m0["ticks"]);
  auto files = m["files"], files0 = m0["files"];
  files.erase("run.sqlite");  // its pages depend on how it was written; contents compared above
  files0.erase("run.sqlite");
  files.erase("summary.txt");  // what each process printed (see files_of)
  files0.erase("summary.txt");
  CHECK(files == files0);
  CHECK(m["parent"]["kind"] == "resume");
  CHECK(m["parent"]["date"] == "2025-07-02");
  CHECK(m["parent"]["checkpoint"] == "full/checkpoints/2025-07-02.ckpt");
  CHECK(m["parent"]["checkpoint_sha256"] ==
        alchemy::sha256_file_hex(dir / "full" / "checkpoints" / "2025-07-02.ckpt"));
  CHECK(m["parent"]["outputs_from"] == "full");
}

TEST_CASE("checkpoint: an interrupted run saves where it stopped, and resuming completes it") {
  const auto dir = fresh_dir("resume_interrupted");
  const std::vector<std::string> args{"run",     kSteady,     "--out", "result",
                                      "--quiet", "--horizon", "200y",  "--checkpoint-every",
                                      "20y"};
  const int serial = next_serial();
  const pid_t pid = spawn(args, dir, serial);
  // Interrupt it once its first scheduled checkpoint is written.
  const fs::path partial = dir / (".result.partial-" + std::to_string(pid)) / "checkpoints";
  for (int i = 0; i < 3000 && !(fs::exists(partial) && !fs::is_empty(partial)); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  int status = 0;
  REQUIRE_MESSAGE(::waitpid(pid, &status, WNOHANG) == 0,
                  "the run ended before it could be interrupted: make it longer");
  REQUIRE(::kill(pid, SIGINT) == 0);
  const Done stopped = wait_for(pid, dir, serial);
  REQUIRE_MESSAGE(stopped.code == 130, stopped.err);

  // Where it stopped: "<date>-interrupted.ckpt", unless it stopped right after a scheduled one.
  const auto saved = checkpoints(dir / "result.incomplete");
  REQUIRE(!saved.empty());
  const std::string last = saved.back();
  const auto stopped_on = manifest(dir / "result.incomplete")["last_date"].get<std::string>();
  CHECK((last == stopped_on + "-interrupted.ckpt" || last == stopped_on + ".ckpt"));
  // Resumed without --out: the interrupted folder's name without ".incomplete".
  const Done resumed = run({"resume", "result.incomplete/checkpoints/" + last, "--quiet"}, dir);
  REQUIRE_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(resumed.out == "result\n");

  const Done straight = run({"run", kSteady, "--out", "straight", "--quiet", "--horizon", "200y",
                             "--checkpoint-every", "20y"},
                            dir);
  REQUIRE_MESSAGE(straight.code == 0, straight.err);
  const auto a = files_of(dir / "straight");
  const auto b = files_of(dir / "result");
  CHECK(names(a) == names(b));  // the interrupt's own checkpoint is not carried over
  for (const auto& [name, bytes] : a) {
    CAPTURE(name);
    CHECK((b.count(name) && b.at(name) == bytes));
  }
}

TEST_CASE(
    "checkpoint: --no-prefix writes only what follows, with the parent's prefix it is the whole "
    "run") {
  const auto dir = fresh_dir("no_prefix");
  REQUIRE(run({"run", kSmall, "--out", "full", "--quiet", "--checkpoint-every", "6m"}, dir).code ==
          0);
  // A checkpoint moved away from its run folder.
  fs::copy_file(dir / "full" / "checkpoints" / "2025-07-02.ckpt", dir / "moved.ckpt");

  const Done lost = run({"resume", "moved.ckpt", "--out", "x", "--quiet"}, dir);
  CHECK(lost.code == 2);
  CHECK(lost.err.find("--outputs-from") != std::string::npos);
  CHECK(!fs::exists(dir / "x"));

  const Done found =
      run({"resume", "moved.ckpt", "--out", "y", "--quiet", "--outputs-from", "full"}, dir);
  REQUIRE_MESSAGE(found.code == 0, found.err);
  CHECK(read_text(dir / "y" / "events.jsonl") == read_text(dir / "full" / "events.jsonl"));

  const Done tail = run({"resume", "moved.ckpt", "--out", "tail", "--quiet", "--no-prefix"}, dir);
  REQUIRE_MESSAGE(tail.code == 0, tail.err);
  // Events: the parent's up to the checkpoint's last seq, then the tail's, make the whole file.
  const auto whole = lines(read_text(dir / "full" / "events.jsonl"));
  const auto after = lines(read_text(dir / "tail" / "events.jsonl"));
  REQUIRE(!after.empty());
  REQUIRE(after.size() < whole.size());
  const std::size_t before = whole.size() - after.size();
  CHECK(
      std::equal(after.begin(), after.end(), whole.begin() + static_cast<std::ptrdiff_t>(before)));
  CHECK(manifest(dir / "tail")["parent"]["events_before"] == before);
  CHECK(manifest(dir / "tail")["parent"]["outputs_from"].is_null());
  // series.csv: header, then the rows after the checkpoint date.
  const auto rows_all = lines(read_text(dir / "full" / "series.csv"));
  const auto rows_tail = lines(read_text(dir / "tail" / "series.csv"));
  CHECK(rows_tail.front() == rows_all.front());
  CHECK(rows_tail[1].substr(0, 10) > "2025-07-02");
  CHECK(std::equal(rows_tail.begin() + 1, rows_tail.end(),
                   rows_all.end() - static_cast<std::ptrdiff_t>(rows_tail.size() - 1)));
}

TEST_CASE("checkpoint: a fork follows its parent up to the fork date and differs after it") {
  const auto dir = fresh_dir("fork");
  REQUIRE(run({"run", kSmall, "--out", "base", "--quiet", "--checkpoint-every", "6m", "--format",
               "jsonl,csv,sqlite"},
              dir)
              .code == 0);
  write_text(dir / "crash.yaml",
             "# a sharp loss of confidence in the lab\n"
             "shocks:\n"
             "  - {on: 2025-08-01, kind: price, target: labco, value: -1.5}\n"
             "  - {on: 2025-08-01, kind: sentiment, value: -0.8}\n");
  const Done f =
      run({"fork", "base/checkpoints/2025-07-02.ckpt", "--with", "crash.yaml", "--quiet"}, dir);
  REQUIRE_MESSAGE(f.code == 0, f.err);
  CHECK(f.out == "base-fork-crash\n");

  const auto parent = lines(read_text(dir / "base" / "series.csv"));
  const auto fork = lines(read_text(dir / "base-fork-crash" / "series.csv"));
  REQUIRE(parent.size() == fork.size());
  std::size_t same_before = 0, differ_after = 0, before = 0;
  for (std::size_t i = 1; i < parent.size(); ++i) {
    const std::string date = parent[i].substr(0, 10);
    if (date < "2025-08-01") {
      ++before;
      same_before += parent[i] == fork[i];
    } else {
      differ_after += parent[i] != fork[i];
    }
  }
  CHECK(before > 100);
  CHECK(same_before == before);
  CHECK(differ_after > 100);
  // network.csv: the parent's month ends before the fork date, then the fork's own.
  const auto parent_net = lines(read_text(dir / "base" / "network.csv"));
  const auto fork_net = lines(read_text(dir / "base-fork-crash" / "network.csv"));
  REQUIRE(!parent_net.empty());
  REQUIRE(!fork_net.empty());
  CHECK(parent_net[0] == fork_net[0]);  // the header
  std::size_t net_before = 0;
  for (std::size_t i = 1; i < parent_net.size() && parent_net[i].substr(0, 10) < "2025-08-01";
       ++i) {
    REQUIRE(i < fork_net.size());
    CHECK(parent_net[i] == fork_net[i]);
    ++net_before;
  }
  CHECK(net_before > 5);  // the rows of the month ends of January to July
  CHECK(fork_net != parent_net);
  // The shocks are events of the fork, on their date.
  const std::string events = read_text(dir / "base-fork-crash" / "events.jsonl");
  CHECK(events.find("\"date\":\"2025-08-01\",\"tick\"") != std::string::npos);
  CHECK(events.find("\"type\":\"shock\"") != std::string::npos);

  const auto m = manifest(dir / "base-fork-crash");
  CHECK(m["parent"]["kind"] == "fork");
  CHECK(m["parent"]["checkpoint"] == "base/checkpoints/2025-07-02.ckpt");
  CHECK(m["parent"]["checkpoint_sha256"] ==
        alchemy::sha256_file_hex(dir / "base" / "checkpoints" / "2025-07-02.ckpt"));
  CHECK(m["parent"]["shocks_file"] == "crash.yaml");
  CHECK(m["parent"]["shocks_added"] == 2);
  CHECK(m["scenario_sha256"] != manifest(dir / "base")["scenario_sha256"]);
  // Its database names its parent run.
  const auto runs = sql_rows(dir / "base-fork-crash" / "run.sqlite",
                             "SELECT run, parent_run, branched_on FROM runs");
  const auto parent_run = sql_rows(dir / "base" / "run.sqlite", "SELECT run FROM runs");
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].find("|" + parent_run.at(0) + "|2025-07-02") != std::string::npos);

  // The parent's checkpoints are not copied: they would resume the parent, not the fork (and
  // the fork's own next one, 2026-01-02, is after the run's end).
  CHECK(checkpoints(dir / "base-fork-crash").empty());
}

TEST_CASE(
    "checkpoint: shocks dated before the checkpoint, or malformed, are refused with their line") {
  const auto dir = fresh_dir("fork_bad");
  REQUIRE(run({"run", kSmall, "--out", "base", "--quiet", "--checkpoint-every", "6m"}, dir).code ==
          0);
  write_text(dir / "early.yaml",
             "shocks:\n"
             "  - on: 2025-09-01\n"
             "    kind: sentiment\n"
             "    value: -0.5\n"
             "  - on: 2025-03-03\n"
             "    kind: sentiment\n"
             "    value: -0.5\n");
  const Done early =
      run({"fork", "base/checkpoints/2025-07-02.ckpt", "--with", "early.yaml", "--quiet"}, dir);
  CHECK(early.code == 2);
  CHECK(early.err.find("early.yaml:5:9") != std::string::npos);
  CHECK(early.err.find("before the checkpoint's date 2025-07-02") != std::string::npos);

  write_text(dir / "typo.yaml",
             "shocks:\n  - {on: 2025-09-01, kind: price, target: labcoo, value: -1}\n");
  const Done typo =
      run({"fork", "base/checkpoints/2025-07-02.ckpt", "--with", "typo.yaml", "--quiet"}, dir);
  CHECK(typo.code == 2);
  CHECK(typo.err.find("typo.yaml:2:") != std::string::npos);
  CHECK(typo.err.find("labco") != std::string::npos);  // did you mean

  for (const auto& e : fs::directory_iterator(dir)) {
    CHECK(e.path().filename().string().find("base-fork") == std::string::npos);
  }
}

TEST_CASE("run --with: a shocks file's shocks run as if the scenario listed them last") {
  const auto dir = fresh_dir("run_with");
  const std::string shocks =
      "  - {on: 2025-08-01, kind: price, target: labco, value: -1.5}\n"
      "  - {on: 2025-03-03, kind: sentiment, value: -0.8}\n";
  write_text(dir / "crash.yaml", "shocks:\n" + shocks);
  write_text(dir / "inline.yaml", "base: " + kSmall + "\nshocks:\n" + shocks);
  const Done with = run({"run", kSmall, "--with", "crash.yaml", "--out", "with", "--quiet",
                         "--format", "jsonl,csv,sqlite"},
                        dir);
  REQUIRE_MESSAGE(with.code == 0, with.err);
  const Done listed = run(
      {"run", "inline.yaml", "--out", "inline", "--quiet", "--format", "jsonl,csv,sqlite"}, dir);
  REQUIRE_MESSAGE(listed.code == 0, listed.err);
  REQUIRE(run({"run", kSmall, "--out", "plain", "--quiet"}, dir).code == 0);

  const auto a = files_of(dir / "with");
  const auto b = files_of(dir / "inline");
  CHECK(names(a) == names(b));
  for (const auto& [name, bytes] : a) {
    CAPTURE(name);
    CHECK((b.count(name) && b.at(name) == bytes));
  }
  CHECK(sqlite_contents(dir / "with" / "run.sqlite") ==
        sqlite_contents(dir / "inline" / "run.sqlite"));
  // Not vacuous: the shocks changed the run.
  CHECK(read_text(dir / "plain" / "series.csv") != a.at("series.csv"));
  CHECK(a.at("events.jsonl").find("\"type\":\"shock\"") != std::string::npos);

  // The same resolved scenario, so the same hash; the manifest names the shocks file.
  const auto m = manifest(dir / "with");
  CHECK(m["scenario_sha256"] == manifest(dir / "inline")["scenario_sha256"]);
  CHECK(m["scenario_sha256"] != manifest(dir / "plain")["scenario_sha256"]);
  CHECK(m["shocks_file"] == "crash.yaml");
  CHECK(m["shocks_sha256"] == alchemy::sha256_file_hex(dir / "crash.yaml"));
  CHECK(!manifest(dir / "plain").contains("shocks_file"));
  // `cascades --counterfactual` simulates the run again from its manifest: the scenario file,
  // its --set and its --with file, checked against the manifest's SHA-256 (exit 2 if it differs).
  const Done cascades = run({"cascades", "with", "--counterfactual"}, dir);
  CHECK_MESSAGE(cascades.code == 0, cascades.err);

  // A bad shocks file is exit 2 at its line, and creates nothing.
  write_text(dir / "typo.yaml",
             "shocks:\n  - {on: 2025-09-01, kind: price, target: labcoo, value: -1}\n");
  const Done typo = run({"run", kSmall, "--with", "typo.yaml", "--out", "typo", "--quiet"}, dir);
  CHECK(typo.code == 2);
  CHECK(typo.err.find("typo.yaml:2:") != std::string::npos);
  CHECK(typo.err.find("labco") != std::string::npos);  // did you mean
  write_text(dir / "empty.yaml", "shocks: []\n");
  const Done empty = run({"run", kSmall, "--with", "empty.yaml", "--out", "empty", "--quiet"}, dir);
  CHECK(empty.code == 2);
  CHECK(empty.err.find("expected a list of one or more shocks") != std::string::npos);
  CHECK(!fs::exists(dir / "typo"));
  CHECK(!fs::exists(dir / "empty"));
}

TEST_CASE("checkpoint: a parent's run.sqlite that lost events or is damaged is refused") {
  const auto dir = fresh_dir("bad_sqlite");
  REQUIRE(run({"run", kSmall, "--out", "full", "--quiet", "--checkpoint-every", "3m", "--format",
               "jsonl,csv,sqlite"},
              dir)
              .code == 0);
  const std::string ckpt = "checkpoints/2025-07-02.ckpt";
  // Rows the checkpoint's run had written by then are missing.
  fs::copy(dir / "full", dir / "lost", fs::copy_options::recursive);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir / "lost" / "run.sqlite").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "DELETE FROM events WHERE seq = 2", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  const Done lost = run({"resume", "lost/" + ckpt, "--out", "r", "--quiet"}, dir);
  CHECK(lost.code == 2);
  CHECK(lost.err.find("lost/run.sqlite") != std::string::npos);
  CHECK(lost.err.find("events") != std::string::npos);
  CHECK(!fs::exists(dir / "r"));
  // A file damaged half-way (e.g. by a process killed while committing).
  fs::copy(dir / "full", dir / "torn", fs::copy_options::recursive);
  std::string bytes = read_text(dir / "torn" / "run.sqlite");
  REQUIRE(bytes.size() > 3 * 65536);
  for (std::size_t i = 65536 + 100; i < 2 * 65536; ++i)
    bytes[i] = '\x5a';
  write_text(dir / "torn" / "run.sqlite", bytes);
  const Done torn = run({"resume", "torn/" + ckpt, "--out", "r", "--quiet"}, dir);
  CHECK(torn.code == 2);
  CHECK(torn.err.find("torn/run.sqlite") != std::string::npos);
  CHECK(!fs::exists(dir / "r"));
  // The intact parent still resumes.
  CHECK(run({"resume", "full/" + ckpt, "--out", "r", "--quiet"}, dir).code == 0);
}

TEST_CASE("checkpoint: a corrupt, truncated or foreign checkpoint exits 2 and creates nothing") {
  const auto dir = fresh_dir("bad_checkpoint");
  REQUIRE(run({"run", kSmall, "--out", "base", "--quiet", "--checkpoint-every", "6m"}, dir).code ==
          0);
  const fs::path good = dir / "base" / "checkpoints" / "2025-07-02.ckpt";
  const std::string bytes = read_text(good);
  fs::create_directories(dir / "bad" / "checkpoints");

  std::string flipped = bytes;
  flipped[bytes.size() / 3] ^= 0x20;
  write_text(dir / "bad" / "checkpoints" / "flipped.ckpt", flipped);
  write_text(dir / "bad" / "checkpoints" / "cut.ckpt", bytes.substr(0, bytes.size() - 100));
  std::string other = bytes;
  const std::size_t at = other.find("alchemy-version ");
  other.replace(at, other.find('\n', at) - at, "alchemy-version 9.9.9");
  other.resize(other.size() - 72);
  other += "sha256 " + alchemy::sha256_hex(other) + "\n";
  write_text(dir / "bad" / "checkpoints" / "other.ckpt", other);

  const std::map<std::string, std::string> expected{{"flipped.ckpt", ": corrupt"},
                                                    {"cut.ckpt", ": truncated"},
                                                    {"other.ckpt", "written by alchemy 9.9.9"}};
  for (const auto& [name, message] : expected) {
    CAPTURE(name);
    const std::string path = "bad/checkpoints/" + name;
    const Done d = run({"resume", path, "--out", "r", "--quiet"}, dir);
    CHECK(d.code == 2);
    CHECK(d.err.rfind("error: " + path, 0) == 0);
    CHECK(d.err.find(message) != std::string::npos);
    CHECK(!fs::exists(dir / "r"));
    const Done f = run({"fork", path, "--with", "none.yaml", "--out", "f", "--quiet"}, dir);
    CHECK(f.code == 2);
  }
  // Bad flags of `run` are caught before anything is created, too.
  const Done fmt = run({"run", kSmall, "--out", "z", "--quiet", "--format", "jsonl,parquet"}, dir);
  CHECK(fmt.code == 2);
  CHECK(fmt.err.find("parquet") != std::string::npos);
  const Done every =
      run({"run", kSmall, "--out", "z", "--quiet", "--checkpoint-every", "0.5y"}, dir);
  CHECK(every.code == 2);
  CHECK(!fs::exists(dir / "z"));
}
