// `alchemy summary RUN_DIR` end to end: it prints, byte for byte, the summary `alchemy run`
// printed (the run keeps it as summary.txt, listed in the manifest, also with --quiet), and
// refuses with exit 2 and a message a folder that is not a run, a run from before summaries
// were kept, and a summary edited since.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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
