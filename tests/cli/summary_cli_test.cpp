// `alchemy summary RUN_DIR` end to end: it prints, byte for byte, the summary `alchemy run`
// printed (the run keeps it as summary.txt, listed in the manifest, also with --quiet), and
// refuses with exit 2 and a message a folder that is not a run, a run from before summaries
// were kept, and a summary edited since.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli/shell_run.hpp"

namespace fs = std::filesystem;
using alchemy::testing::run_alchemy;
using alchemy::testing::slurp;

namespace {

const std::string kScenario = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/run/small.yaml";

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "summary_cli" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// What `alchemy run` printed before its last line (the folder's name).
std::string without_last_line(const std::string& out) {
  REQUIRE(out.size() >= 2);
  const auto cut = out.rfind('\n', out.size() - 2);
  REQUIRE(cut != std::string::npos);
  return out.substr(0, cut + 1);
}

}  // namespace

TEST_CASE("summary: prints exactly what the run printed, also for a --quiet run") {
  const auto dir = fresh_dir("same");
  const auto run = run_alchemy("run '" + kScenario + "' --out " + quoted(dir / "loud"), dir);
  REQUIRE_MESSAGE(run.code == 0, run.err);
  CHECK(run.out.find("firm ") != std::string::npos);
  const std::string printed = without_last_line(run.out);

  const auto again = run_alchemy("summary " + quoted(dir / "loud"), dir);
  CHECK(again.code == 0);
  CHECK(again.err.empty());
  CHECK(again.out == printed);
  CHECK(slurp(dir / "loud" / "summary.txt") == printed);

  std::ifstream in(dir / "loud" / "manifest.json");
  const auto m = nlohmann::json::parse(in);
  REQUIRE(m["files"].contains("summary.txt"));
  CHECK(m["files"]["summary.txt"]["bytes"] == printed.size());

  // --quiet prints only the folder but keeps the same summary.
  const auto quiet =
      run_alchemy("run '" + kScenario + "' --quiet --out " + quoted(dir / "quiet"), dir);
  REQUIRE_MESSAGE(quiet.code == 0, quiet.err);
  CHECK(quiet.out == (dir / "quiet").string() + "\n");
  const auto later = run_alchemy("summary " + quoted(dir / "quiet"), dir);
  CHECK(later.code == 0);
  CHECK(later.out == printed);
}

TEST_CASE("summary: a folder that is not a run is refused with exit 2 and a message") {
  const auto dir = fresh_dir("not_a_run");
  const auto none = run_alchemy("summary " + quoted(dir / "absent"), dir);
  CHECK(none.code == 2);
  CHECK(none.out.empty());
  CHECK(none.err.find("not a folder") != std::string::npos);

  fs::create_directories(dir / "plain");
  const auto plain = run_alchemy("summary " + quoted(dir / "plain"), dir);
  CHECK(plain.code == 2);
  CHECK(plain.out.empty());
  CHECK(plain.err.find("not a run folder (no manifest.json") != std::string::npos);

  fs::create_directories(dir / "other");
  std::ofstream(dir / "other" / "manifest.json") << "{\"name\": \"something else\"}\n";
  const auto other = run_alchemy("summary " + quoted(dir / "other"), dir);
  CHECK(other.code == 2);
  CHECK(other.err.find("not an alchemy run's manifest") != std::string::npos);
}

TEST_CASE("summary: a run from before summaries were kept, or an edited one, is refused") {
  const auto dir = fresh_dir("old_or_edited");
  const auto run = run_alchemy("run '" + kScenario + "' --quiet --out " + quoted(dir / "run"), dir);
  REQUIRE_MESSAGE(run.code == 0, run.err);

  std::ofstream(dir / "run" / "summary.txt", std::ios::app) << "one line more\n";
  const auto edited = run_alchemy("summary " + quoted(dir / "run"), dir);
  CHECK(edited.code == 2);
  CHECK(edited.out.empty());
  CHECK(edited.err.find("summary.txt differs from what the run wrote") != std::string::npos);

  // A folder as alchemy wrote it before this command: no summary.txt, none in the manifest.
  nlohmann::json m;
  {
    std::ifstream in(dir / "run" / "manifest.json");
    m = nlohmann::json::parse(in);
  }
  m["files"].erase("summary.txt");
  std::ofstream(dir / "run" / "manifest.json") << m.dump(2) << "\n";
  fs::remove(dir / "run" / "summary.txt");
  const auto old = run_alchemy("summary " + quoted(dir / "run"), dir);
  CHECK(old.code == 2);
  CHECK(old.out.empty());
  CHECK(old.err.find("before runs kept their summary") != std::string::npos);
}

TEST_CASE("summary: a run of 2x10^4 generated firms prints a page, in seconds") {
  // The Gai–Kapadia scenario at 20,000 banks: 18,831 default on the first day. The summary grew
  // with the square of the defaults (1.7 GB and 39 s for this run before); past 1000 rows each
  // table now shows 20 and counts the rest, so it stays a page (27 KB). The bound on time is 20×
  // the 1 s this run takes on the development machine, for sanitizer builds and a loaded machine.
  const auto dir = fresh_dir("large");
  const auto t0 = std::chrono::steady_clock::now();
  const auto run = run_alchemy("run '" + std::string(ALCHEMY_SOURCE_DIR) +
                                   "/configs/sweeps/gai_kapadia_network.yaml' --set "
                                   "network.n=20000 --seed 1 --quiet --out " +
                                   quoted(dir / "run"),
                               dir);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE_MESSAGE(run.code == 0, run.err);
  CHECK(seconds < 20.0);
  const std::string text = slurp(dir / "run" / "summary.txt");
  CHECK(text.size() < 64 * 1024);

  // The counts against the run's own events.
  std::ifstream events(dir / "run" / "events.jsonl");
  std::size_t defaults = 0;
  for (std::string line; std::getline(events, line);)
    defaults += line.find(R"("type":"default",)") != std::string::npos ? 1 : 0;
  REQUIRE(defaults > 1000);
  CHECK(text.find("\n20000 firms, " + std::to_string(defaults) + " defaulted, ") !=
        std::string::npos);
  CHECK(text.find("\n  and " + std::to_string(defaults - 20) +
                  " more defaults (the first 20 shown; each is a default event)\n") !=
        std::string::npos);

  // 20 firm rows, all live (more than 20 survive); at most 20 cascade lines of at most 20 names.
  std::istringstream lines(text);
  std::size_t firm_rows = 0, live_rows = 0, cascade_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("syn", 0) == 0) {
      ++firm_rows;
      live_rows += line.size() >= 3 && line.compare(line.size() - 3, 3, "  -") == 0 ? 1 : 0;
    }
    if (line.find("  cascade by cause links started by") == 0) {
      ++cascade_lines;
      std::size_t names = 1;
      for (std::size_t at = 0; (at = line.find("; ", at)) != std::string::npos; ++at)
        ++names;
      CHECK(names <= 21);  // 20 followers and "and N more"
    }
  }
  CHECK(firm_rows == 20);
  CHECK(live_rows == 20);
  CHECK(cascade_lines > 0);
  CHECK(cascade_lines <= 20);
}
