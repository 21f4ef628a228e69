// `alchemy run` end to end: the built binary on tests/data/run/small.yaml, through fork/exec so
// that exit codes, signals and the folders left on disk are the real ones.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string kScenario = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/run/small.yaml";
// Same firms, no growth or noise: runs for seconds with --horizon 1000y without overflowing.
const std::string kSteady = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/run/steady.yaml";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "run_cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    names.insert(e.path().filename().string());
  return names;
}

struct Child {
  pid_t pid = -1;
  fs::path out_file;
  fs::path err_file;
};

struct Done {
  int code = -1;    // exit code, or -1 when killed by a signal
  int signal = 0;   // the signal that killed it
  std::string out;  // stdout
  std::string err;  // stderr
};

// Starts `alchemy args...` in `cwd`, stdout and stderr to files there.
Child spawn(const std::vector<std::string>& args, const fs::path& cwd) {
  static int serial = 0;
  Child c;
  // Named by process too: ctest runs test cases in parallel processes that share folders.
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++serial);
  c.out_file = cwd / ("stdout-" + tag + ".txt");
  c.err_file = cwd / ("stderr-" + tag + ".txt");
  std::vector<std::string> full{ALCHEMY_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  c.pid = ::fork();
  REQUIRE(c.pid >= 0);
  if (c.pid == 0) {
    // The child: SIGINT as at a terminal (a test runner may start us with it ignored).
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    const int out = ::open(c.out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(c.err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
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
      FAIL("alchemy did not finish in time");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Done d;
  if (WIFEXITED(status)) d.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) d.signal = WTERMSIG(status);
  d.out = read_text(c.out_file);
  d.err = read_text(c.err_file);
  return d;
}

Done run(const std::vector<std::string>& args, const fs::path& cwd) {
  return wait_for(spawn(args, cwd));
}

std::string last_line(const std::string& s) {
  const auto end = s.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  const auto start = s.rfind('\n', end);
  return s.substr(start == std::string::npos ? 0 : start + 1,
                  end - (start == std::string::npos ? 0 : start + 1) + 1);
}

nlohmann::json manifest(const fs::path& dir) {
  return nlohmann::json::parse(read_text(dir / "manifest.json"));
}

// The manifest without the fields that legitimately differ between two identical runs.
nlohmann::json without_times(nlohmann::json j) {
  j.erase("started_at");
  j.erase("finished_at");
  j.erase("duration_seconds");
  return j;
}

}  // namespace

TEST_CASE("run: the same scenario and seed twice give byte-identical outputs") {
  const auto dir = fresh_dir("reproducible");
  const std::vector<std::string> args{"run", kScenario, "--out", "result", "--quiet", "--force"};
  const Done first = run(args, dir);
  REQUIRE_MESSAGE(first.code == 0, first.err);
  CHECK(last_line(first.out) == "result");
  fs::rename(dir / "result", dir / "first");
  const Done second = run(args, dir);
  REQUIRE_MESSAGE(second.code == 0, second.err);

  for (const char* f : {"events.jsonl", "series.csv", "market.csv"}) {
    CAPTURE(f);
    CHECK(fs::file_size(dir / "result" / f) > 0);
    CHECK(read_text(dir / "first" / f) == read_text(dir / "result" / f));
  }
  const auto m1 = manifest(dir / "first");
  const auto m2 = manifest(dir / "result");
  CHECK(without_times(m1) == without_times(m2));
  CHECK(m1["status"] == "complete");
  CHECK(m1["seed"] == 7);
  CHECK(m1["reason"].is_null());
  CHECK(m1["events"].get<std::uint64_t>() > 0);
  CHECK(m1["ticks"].get<std::uint64_t>() > 200);
  CHECK(m1["scenario_file"] == kScenario);
  CHECK(m1["command_line"].size() == args.size() + 1);
  // The manifest's hashes are those of the files next to it.
  for (const auto& [name, info] : m1["files"].items()) {
    CAPTURE(name);
    CHECK(info["bytes"] == fs::file_size(dir / "first" / name));
  }
  CHECK(m1["files"].contains("events.jsonl"));
  CHECK(m1["files"].contains("series.csv"));
  CHECK(m1["files"].contains("market.csv"));
  // Nothing else is left beside the output (no hidden partial folder).
  CHECK(listing(dir).count("first") == 1);
  for (const auto& name : listing(dir))
    CHECK(name.rfind(".result", 0) != 0);
}

TEST_CASE("run: --seed changes the outputs and is recorded") {
  const auto dir = fresh_dir("seed");
  const Done a = run({"run", kScenario, "--out", "a", "--quiet"}, dir);
  const Done b = run({"run", kScenario, "--out", "b", "--quiet", "--seed", "8"}, dir);
  REQUIRE_MESSAGE(a.code == 0, a.err);
  REQUIRE_MESSAGE(b.code == 0, b.err);
  CHECK(read_text(dir / "a" / "series.csv") != read_text(dir / "b" / "series.csv"));
  CHECK(manifest(dir / "b")["seed"] == 8);
  // The seed is not part of the scenario: same scenario hash.
  CHECK(manifest(dir / "a")["scenario_sha256"] == manifest(dir / "b")["scenario_sha256"]);
}

TEST_CASE("run: the default output folder is out/<scenario name>") {
  const auto dir = fresh_dir("default_out");
  const Done d = run({"run", kScenario, "--quiet", "--until", "2025-02-28"}, dir);
  REQUIRE_MESSAGE(d.code == 0, d.err);
  CHECK(last_line(d.out) == "out/small");
  const auto m = manifest(dir / "out" / "small");
  CHECK(m["until"] == "2025-02-28");
  CHECK(m["last_date"].get<std::string>() <= "2025-02-28");
}

TEST_CASE("run: an existing folder without --force is an error and is left untouched") {
  const auto dir = fresh_dir("exists");
  fs::create_directories(dir / "result");
  std::ofstream(dir / "result" / "mine.txt") << "keep me\n";
  const Done d = run({"run", kScenario, "--out", "result", "--quiet"}, dir);
  CHECK(d.code == 2);
  CHECK(d.err.find("error: ") == 0);
  CHECK(d.err.find("--force") != std::string::npos);
  CHECK(listing(dir / "result") == std::set<std::string>{"mine.txt"});
  CHECK(read_text(dir / "result" / "mine.txt") == "keep me\n");
  for (const auto& name : listing(dir))
    CHECK(name.rfind(".result", 0) != 0);
}

TEST_CASE("run: bad input exits 2 before any folder is created") {
  const auto dir = fresh_dir("bad_input");
  const auto no_folders = [&] {
    for (const auto& e : fs::directory_iterator(dir))
      CHECK_FALSE(e.is_directory());
  };
  const std::vector<std::vector<std::string>> cases{
      {"run", (dir / "missing.yaml").string(), "--out", "result"},
      {"run", kScenario, "--out", "result", "--set", "seed=minus-one"},
      {"run", kScenario, "--out", "result", "--set", "no_such_key=1"},
      {"run", kScenario, "--out", "result", "--until", "2030-01-01"},
      {"run", kScenario, "--out", "result", "--until", "2025-13-01"},
      {"run", kScenario, "--out", "result", "--horizon", "five years"},
      {"run", kScenario, "--out", "result", "--until", "2025-03-01", "--horizon", "2y"},
      {"run", kScenario, "--out", "result", "--seed", "-3"},
  };
  for (const auto& args : cases) {
    CAPTURE(args.back());
    const Done d = run(args, dir);
    CHECK(d.code == 2);
    CHECK_FALSE(d.err.empty());  // "error: ..." from us; CLI11 words its own usage errors
    CHECK(d.out.empty());
    no_folders();
  }
}

TEST_CASE("run: SIGINT stops a long run, keeps it as incomplete, and the earlier output stays") {
  const auto dir = fresh_dir("interrupt");
  // An earlier complete output in the folder the long run will try to replace.
  const Done earlier =
      run({"run", kScenario, "--out", "result", "--quiet", "--until", "2025-03-31"}, dir);
  REQUIRE_MESSAGE(earlier.code == 0, earlier.err);
  const std::string earlier_events = read_text(dir / "result" / "events.jsonl");
  const std::string earlier_manifest = read_text(dir / "result" / "manifest.json");

  const Child c =
      spawn({"run", kSteady, "--out", "result", "--quiet", "--force", "--horizon", "1000y"}, dir);
  // Let it get going: its partial folder exists once inputs are checked; then give it some ticks.
  const fs::path partial = dir / (".result.partial-" + std::to_string(c.pid));
  for (int i = 0; i < 500 && !fs::exists(partial / "events.jsonl"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Wait until the first buffer of series rows reached the disk, so that some ticks are done
  // (a fixed sleep is too short under the sanitizers, which make each tick slow).
  for (int i = 0; i < 6000 && !(fs::exists(partial / "series.csv") &&
                                fs::file_size(partial / "series.csv") > 0);
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  int status = 0;
  REQUIRE_MESSAGE(::waitpid(c.pid, &status, WNOHANG) == 0,
                  "the long run ended before it could be interrupted: make it longer");
  REQUIRE(::kill(c.pid, SIGINT) == 0);
  const Done d = wait_for(c);

  CHECK_MESSAGE(d.code == 130, d.err);
  CHECK(d.err.find("interrupted by SIGINT") != std::string::npos);
  // The earlier output is exactly as it was.
  CHECK(read_text(dir / "result" / "events.jsonl") == earlier_events);
  CHECK(read_text(dir / "result" / "manifest.json") == earlier_manifest);
  // The interrupted run is kept beside it, marked incomplete, with whole lines flushed.
  const fs::path kept = dir / "result.incomplete";
  REQUIRE(fs::is_directory(kept));
  CHECK_FALSE(fs::exists(partial));
  const auto m = manifest(kept);
  CHECK(m["status"] == "incomplete");
  CHECK(m["reason"] == "interrupted by SIGINT");
  CHECK(m["ticks"].get<std::uint64_t>() > 0);
  const std::string events = read_text(kept / "events.jsonl");
  CHECK(m["files"]["events.jsonl"]["bytes"] == events.size());
  if (!events.empty()) CHECK(events.back() == '\n');
  CHECK(std::count(events.begin(), events.end(), '\n') == m["events"].get<std::int64_t>());
  const std::string series = read_text(kept / "series.csv");
  CHECK(series.rfind("date,firm,", 0) == 0);
}

namespace {

const std::string kBaseline = std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml";

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::istringstream in(read_text(p));
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// The ISO date of a record line: events.jsonl's "date" field, else a CSV row's first column;
// "" for a header.
std::string date_of(const std::string& line) {
  const auto at = line.find("\"date\":\"");
  if (at != std::string::npos) return line.substr(at + 8, 10);
  if (line.size() >= 10 && line[4] == '-' && line[7] == '-') return line.substr(0, 10);
  return "";
}

}  // namespace

TEST_CASE("run: a horizon shorter than the contracts only stops the clock") {
  const auto dir = fresh_dir("short_horizon");
  const Done full = run({"run", kBaseline, "--out", "full", "--quiet"}, dir);
  REQUIRE_MESSAGE(full.code == 0, full.err);
  // Microsoft's Azure contract with OpenAI ends in 2030: past a five-year run's end.
  const Done cut = run({"run", kBaseline, "--out", "cut", "--quiet", "--horizon", "5y"}, dir);
  REQUIRE_MESSAGE(cut.code == 0, cut.err);
  const std::string end = "2029-12-31";  // the five-year run's last day, a trading day
  for (const std::string file : {"events.jsonl", "series.csv", "market.csv", "loops.csv"}) {
    INFO(file);
    // Every line dated before the end (and the CSV headers) is the same in both runs.
    const auto before_end = [&](const std::vector<std::string>& lines) {
      std::vector<std::string> out;
      for (const auto& line : lines) {
        if (date_of(line) < end) out.push_back(line);
      }
      return out;
    };
    const auto a = lines_of(dir / "cut" / file);
    const auto b = lines_of(dir / "full" / file);
    const auto prefix = before_end(b);
    REQUIRE(prefix.size() > 10);
    CHECK(prefix.size() < b.size());  // the full run did write beyond the end
    CHECK(before_end(a) == prefix);
    // What may differ is dated on the end itself: the last tick's rows (a run records the loop
    // analysis on its last tick, between the monthly steps), nothing later.
    for (const auto& line : a) {
      if (!(date_of(line) < end)) CHECK(date_of(line) == end);
    }
  }
}

TEST_CASE("run: a run that leaves the representable range stops with exit 4 and an event") {
  const auto dir = fresh_dir("overflow");
  const std::string fast =
      std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/values/overflow_fast.yaml";
  for (const auto& [scenario, name] :
       {std::pair{fast, std::string("fast")}, std::pair{kBaseline, std::string("baseline")}}) {
    INFO(name);
    const Done d = run({"run", scenario, "--out", name, "--quiet", "--horizon", "200y"}, dir);
    CHECK_MESSAGE(d.code == 4, d.err);
    CHECK(d.err.find("the model left its representable range") != std::string::npos);
    CHECK(d.err.find("internal error") == std::string::npos);
    const fs::path kept = dir / (name + ".incomplete");
    REQUIRE(fs::exists(kept / "manifest.json"));
    const auto manifest = nlohmann::json::parse(read_text(kept / "manifest.json"));
    CHECK(manifest["status"] == "incomplete");
    // The last event names the firm, the variable and the date.
    const auto events = lines_of(kept / "events.jsonl");
    REQUIRE(!events.empty());
    const auto last = nlohmann::json::parse(events.back());
    CHECK(last["type"] == "overflow");
    CHECK(last["firm"].is_string());
    CHECK(last["data"]["variable"].is_string());
    CHECK(last["data"]["limit"] == 1e15);
    CHECK(d.err.find(last["date"].get<std::string>()) != std::string::npos);
  }
}
