#pragma once
// manifest.json: what a run was and what it wrote, so a result can be traced to its inputs and
// checked for tampering or truncation. Pretty-printed JSON with keys sorted. Two runs of the same
// command on the same build differ only in started_at, finished_at and duration_seconds.
//
//   alchemy_version, git_revision, event_schema_version   the build and the events.jsonl schema
//   scenario_file     the scenario path as given on the command line
//   scenario_name     the scenario's `name`
//   scenario_sha256   SHA-256 of the resolved scenario YAML (after `base:` and every override,
//                     including --horizon); identifies the scenario independently of the seed
//   shocks_file, shocks_sha256   only for `alchemy run --with SHOCKS.yaml`: the shocks file as
//                     given and its SHA-256 (its shocks are in the resolved scenario too)
//   seed              the seed of the run (--seed, else the scenario's)
//   start, end        the scenario's period;  until: the --until date or null
//   verbose_events    whether daily accrual events were logged
//   command_line      argv
//   started_at, finished_at   UTC wall clock, ISO 8601 with milliseconds ("...T09:02:59.123Z")
//   duration_seconds  steady-clock duration of the run, in seconds (3 decimals)
//   status            "complete" | "incomplete" (interrupted) | "failed" (an error)
//   reason            why it is not complete, or null
//   ticks, events, last_date   how far it got;  planned_ticks: the ticks of the whole run
//   files             {"events.jsonl": {"bytes": n, "sha256": "..."}, ...}: every file of the
//                     folder except the manifest itself
//   parent            only for `alchemy resume` and `fork`: the checkpoint the run continues
//                     (path, sha256, date, ...; see sim/cli/cli_checkpoint.cpp)

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "market/date.hpp"

namespace alchemy {

enum class RunStatus { complete, incomplete, failed };
std::string_view to_string(RunStatus s);

struct ManifestFile {
  std::string name;  // relative to the output folder, '/'-separated
  std::uint64_t bytes = 0;
  std::string sha256;
};

struct Manifest {
  std::string scenario_file;
  std::string scenario_name;
  std::string scenario_sha256;
  std::string shocks_file;    // empty (and not written) unless `run --with`
  std::string shocks_sha256;  // of the shocks file
  std::uint64_t seed = 0;
  Date start;
  Date end;
  std::optional<Date> until;
  bool verbose_events = false;
  std::vector<std::string> command_line;
  std::chrono::system_clock::time_point started_at;
  std::chrono::system_clock::time_point finished_at;
  double duration_seconds = 0.0;
  RunStatus status = RunStatus::failed;
  std::string reason;  // empty when complete
  std::size_t ticks = 0;
  std::size_t planned_ticks = 0;
  std::uint64_t events = 0;
  std::optional<Date> last_date;
  std::vector<ManifestFile> files;  // sorted by name
  nlohmann::json parent;            // null (and not written) unless resumed or forked
};

// "2026-11-29T09:02:59.123Z"
std::string utc_iso(std::chrono::system_clock::time_point t);

nlohmann::json manifest_json(const Manifest& m);

// Lists and hashes every regular file under `dir` except manifest.json, sorted by name.
std::vector<ManifestFile> describe_output_files(const std::filesystem::path& dir);

// Writes dir/manifest.json (2-space indent, keys sorted, trailing newline). Throws
// std::system_error on I/O errors.
void write_manifest(const std::filesystem::path& dir, const Manifest& m);

inline constexpr const char* kManifestFileName = "manifest.json";

}  // namespace alchemy
