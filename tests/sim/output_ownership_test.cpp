// --force's rule (sim/folder/output_ownership.hpp): only a folder alchemy wrote itself, of the same
// kind, holding nothing its manifest does not list, may be replaced.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/folder/manifest.hpp"
#include "sim/folder/output_ownership.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

fs::path fresh_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / "output_ownership" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A run folder as alchemy writes it: files, then a manifest listing them.
void make_run(const fs::path& dir) {
  fs::create_directories(dir / "checkpoints");
  std::ofstream(dir / "events.jsonl") << "{}\n";
  std::ofstream(dir / "checkpoints" / "2025-07-02.ckpt") << "ckpt";
  Manifest m;
  m.status = RunStatus::complete;
  m.files = describe_output_files(dir);
  write_manifest(dir, m);
}

std::string why(const fs::path& dir, OutputKind kind = OutputKind::run) {
  return not_replaceable_because(dir, kind).value_or("");
}

}  // namespace

TEST_CASE("ownership: an empty folder and a run's own folder are replaceable") {
  const auto root = fresh_dir("own");
  fs::create_directories(root / "empty");
  CHECK(why(root / "empty").empty());
  make_run(root / "run");
  CHECK(why(root / "run").empty());
  fs::create_directories(root / "run" / "nothing");  // an empty folder holds nothing to lose
  CHECK(why(root / "run").empty());
}

TEST_CASE("ownership: a foreign file is named, first in path order") {
  const auto root = fresh_dir("foreign");
  make_run(root / "run");
  std::ofstream(root / "run" / "thesis.tex") << "keep\n";
  std::ofstream(root / "run" / "checkpoints" / "notes.txt") << "keep\n";
  CHECK(why(root / "run").find("run/checkpoints/notes.txt is not listed") != std::string::npos);
}

TEST_CASE("ownership: a listed file whose size changed is not alchemy's any more") {
  const auto root = fresh_dir("changed");
  make_run(root / "run");
  std::ofstream(root / "run" / "events.jsonl", std::ios::app) << "my notes\n";
  CHECK(why(root / "run").find("events.jsonl changed since alchemy wrote it") != std::string::npos);
}

TEST_CASE("ownership: a manifest that is not alchemy's names the first other file") {
  const auto root = fresh_dir("fake");
  fs::create_directories(root / "d");
  std::ofstream(root / "d" / "manifest.json") << "{}\n";
  std::ofstream(root / "d" / "thesis.tex") << "keep\n";
  const std::string w = why(root / "d");
  CHECK(w.find("d/thesis.tex") != std::string::npos);
  CHECK(w.find("not an alchemy manifest") != std::string::npos);
  std::ofstream(root / "d" / "manifest.json") << "not json";
  CHECK(why(root / "d").find("d/thesis.tex") != std::string::npos);
  fs::remove(root / "d" / "thesis.tex");
  CHECK(why(root / "d").find("manifest.json is not an alchemy manifest") != std::string::npos);
}

TEST_CASE("ownership: a run is not a sweep, and a sweep not a run") {
  const auto root = fresh_dir("kind");
  make_run(root / "run");
  CHECK(why(root / "run", OutputKind::sweep).find("not the manifest of an alchemy sweep") !=
        std::string::npos);
  fs::create_directories(root / "sweep");
  std::ofstream(root / "sweep" / "manifest.json")
      << R"({"alchemy_version": "x", "sweep_sha256": "y", "files": {}})";
  CHECK(why(root / "sweep", OutputKind::sweep).empty());
  CHECK(why(root / "sweep", OutputKind::run).find("(it is of a sweep)") != std::string::npos);
}

TEST_CASE("ownership: symlinks are never alchemy's") {
  const auto root = fresh_dir("links");
  make_run(root / "run");
  fs::create_directory_symlink(root / "run", root / "link");
  CHECK(why(root / "link").find("symbolic link") != std::string::npos);
  fs::create_symlink(root / "elsewhere", root / "run" / "data");
  CHECK(why(root / "run").find("run/data is not listed") != std::string::npos);
  std::ofstream(root / "file") << "x";
  CHECK(why(root / "file").find("is not a folder") != std::string::npos);
}
