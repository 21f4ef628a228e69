#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "sim/folder/environment_error.hpp"
#include "sim/folder/manifest.hpp"
#include "sim/folder/output_dir.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "output_dir" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Names in a folder, to see that nothing else (hidden partial folders) is left over.
std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    names.insert(e.path().filename().string());
  return names;
}

// An earlier, complete output folder: its manifest lists what it holds.
void make_previous(const fs::path& dir) {
  fs::create_directories(dir);
  write_text(dir / "events.jsonl", "old events\n");
  Manifest m;
  m.status = RunStatus::complete;
  m.files = describe_output_files(dir);
  write_manifest(dir, m);
}

}  // namespace

TEST_CASE("a run writes into a hidden sibling and the folder appears only on commit") {
  const auto root = fresh_dir("commit");
  OutputTransaction tx(root / "run", false);
  CHECK(tx.work_dir() == root / (".run.partial-" + std::to_string(::getpid())));
  CHECK(fs::is_directory(tx.work_dir()));
  CHECK_FALSE(fs::exists(root / "run"));
  write_text(tx.work_dir() / "events.jsonl", "new\n");
  CHECK(tx.commit() == root / "run");
  CHECK(read_text(root / "run" / "events.jsonl") == "new\n");
  CHECK(listing(root) == std::set<std::string>{"run"});
}

TEST_CASE("missing parent folders are created, a trailing slash names the same folder") {
  const auto root = fresh_dir("parents");
  OutputTransaction tx((root / "a" / "b" / "run").string() + "/", false);
  CHECK(tx.target() == root / "a" / "b" / "run");
  tx.commit();
  CHECK(fs::is_directory(root / "a" / "b" / "run"));
}

TEST_CASE("an existing folder without force is an error and nothing is touched") {
  const auto root = fresh_dir("exists");
  make_previous(root / "run");
  const auto before = fs::last_write_time(root / "run" / "events.jsonl");
  CHECK_THROWS_AS(OutputTransaction(root / "run", false), OutputDirError);
  CHECK(read_text(root / "run" / "events.jsonl") == "old events\n");
  CHECK(fs::last_write_time(root / "run" / "events.jsonl") == before);
  CHECK(listing(root) == std::set<std::string>{"run"});
}

TEST_CASE("force replaces an earlier output only at commit") {
  const auto root = fresh_dir("force");
  make_previous(root / "run");
  OutputTransaction tx(root / "run", true);
  write_text(tx.work_dir() / "manifest.json", "{}\n");
  write_text(tx.work_dir() / "series.csv", "new\n");
  // Until the commit the old outputs are all there.
  CHECK(read_text(root / "run" / "events.jsonl") == "old events\n");
  tx.commit();
  CHECK(listing(root / "run") == std::set<std::string>{"manifest.json", "series.csv"});
  CHECK(listing(root) == std::set<std::string>{"run"});
}

TEST_CASE("a failed run leaves the previous folder intact and its own marked incomplete") {
  const auto root = fresh_dir("failed");
  make_previous(root / "run");
  OutputTransaction tx(root / "run", true);
  write_text(tx.work_dir() / "events.jsonl", "partial\n");
  Manifest m;
  m.status = RunStatus::incomplete;
  m.reason = "interrupted by SIGINT";
  m.files = describe_output_files(tx.work_dir());
  write_manifest(tx.work_dir(), m);
  const fs::path kept = tx.keep_incomplete();

  CHECK(kept == root / "run.incomplete");
  CHECK(read_text(root / "run" / "events.jsonl") == "old events\n");
  CHECK(listing(root / "run") == std::set<std::string>{"events.jsonl", "manifest.json"});
  CHECK(read_text(kept / "events.jsonl") == "partial\n");
  const auto j = nlohmann::json::parse(read_text(kept / "manifest.json"));
  CHECK(j["status"] == "incomplete");
  CHECK(j["reason"] == "interrupted by SIGINT");
  CHECK(j["files"]["events.jsonl"]["bytes"] == 8);
  CHECK(listing(root) == std::set<std::string>{"run", "run.incomplete"});

  // The next failed attempt replaces the older incomplete folder.
  OutputTransaction again(root / "run", true);
  write_text(again.work_dir() / "events.jsonl", "second\n");
  CHECK(again.keep_incomplete() == root / "run.incomplete");
  CHECK(listing(root / "run.incomplete") == std::set<std::string>{"events.jsonl"});
  CHECK(listing(root) == std::set<std::string>{"run", "run.incomplete"});
}

TEST_CASE("force never deletes what is not an earlier output") {
  const auto root = fresh_dir("refuse");
  fs::create_directories(root / "notes");
  write_text(root / "notes" / "thesis.tex", "precious\n");
  CHECK_THROWS_AS(OutputTransaction(root / "notes", true), OutputDirError);
  write_text(root / "file", "a file\n");
  CHECK_THROWS_AS(OutputTransaction(root / "file", true), EnvironmentError);  // not a folder
  fs::create_directory_symlink(root / "notes", root / "link");
  CHECK_THROWS_AS(OutputTransaction(root / "link", true), OutputDirError);
  CHECK(read_text(root / "notes" / "thesis.tex") == "precious\n");
  CHECK_THROWS_AS(OutputTransaction(".", true), OutputDirError);
  CHECK_THROWS_AS(OutputTransaction(root / "..", true), OutputDirError);

  // An empty folder (made by hand beforehand) is fine to replace.
  fs::create_directories(root / "empty");
  OutputTransaction tx(root / "empty", true);
  write_text(tx.work_dir() / "events.jsonl", "x\n");
  tx.commit();
  CHECK(listing(root / "empty") == std::set<std::string>{"events.jsonl"});
}

TEST_CASE("a folder created by someone else during the run is not overwritten") {
  const auto root = fresh_dir("race");
  OutputTransaction tx(root / "run", false);
  make_previous(root / "run");
  CHECK_THROWS_AS(tx.commit(), OutputDirError);
  CHECK(read_text(root / "run" / "events.jsonl") == "old events\n");
  CHECK(fs::is_directory(tx.work_dir()));
}

TEST_CASE("the manifest is sorted JSON with the run's facts") {
  const auto root = fresh_dir("manifest");
  write_text(root / "events.jsonl", "abc");
  fs::create_directories(root / "sub");
  write_text(root / "sub" / "x.csv", "");
  Manifest m;
  m.scenario_file = "configs/x.yaml";
  m.seed = 18446744073709551615ULL;
  m.start = Date::from_ymd(2025, 1, 1);
  m.end = Date::from_ymd(2034, 12, 31);
  m.started_at = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764406979123));
  m.finished_at = m.started_at + std::chrono::milliseconds(1500);
  m.duration_seconds = 1.50049;
  m.status = RunStatus::complete;
  m.command_line = {"alchemy", "run", "configs/x.yaml"};
  m.files = describe_output_files(root);
  write_manifest(root, m);
  const std::string text = read_text(root / "manifest.json");
  const auto j = nlohmann::json::parse(text);
  CHECK(j["started_at"] == "2025-11-29T09:02:59.123Z");
  CHECK(j["finished_at"] == "2025-11-29T09:03:00.623Z");
  CHECK(j["duration_seconds"] == 1.5);
  CHECK(j["seed"].get<std::uint64_t>() == m.seed);
  CHECK(j["status"] == "complete");
  CHECK(j["reason"].is_null());
  CHECK(j["until"].is_null());
  CHECK(j["event_schema_version"] == 1);
  CHECK(j["files"]["events.jsonl"]["sha256"] ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(j["files"]["sub/x.csv"]["bytes"] == 0);
  CHECK(j["files"].size() == 2);  // not the manifest itself
  // Keys sorted: "alchemy_version" is the first key and the text ends with a newline.
  CHECK(text.rfind("{\n  \"alchemy_version\"", 0) == 0);
  CHECK(text.back() == '\n');
}
