#include "sim/sweep/sweep_manifest.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/cli/cli_command.hpp"
#include "sim/folder/manifest.hpp"
#include "sim/folder/version.hpp"
#include "sim/output/text_output.hpp"
#include "sim/sweep/sweep_folder.hpp"

namespace alchemy {

namespace {

const char* sampling_name(Sampling s) {
  switch (s) {
    case Sampling::grid:
      return "grid";
    case Sampling::random:
      return "random";
    case Sampling::latin_hypercube:
      return "latin_hypercube";
  }
  return "grid";
}

}  // namespace

void write_sweep_manifest(const std::filesystem::path& dir, const SweepPlan& plan,
                          const SweepSession& s) {
  nlohmann::json j;
  j["alchemy_version"] = std::string(version());
  j["git_revision"] = std::string(git_revision());
  j["sweep_file"] = plan.spec().file.string();
  j["sweep_sha256"] = plan.hash();
  j["base_scenario"] = plan.spec().base.string();
  j["base_scenario_sha256"] = plan.base_sha256();
  j["sampling"] = sampling_name(plan.spec().sampling);
  j["parameters"] = plan.parameter_keys();
  j["outcomes"] = plan.reported_firms();
  j["points"] = plan.points();
  j["seeds"] = plan.seeds();
  j["runs"] = plan.runs();
  j["seed"] = plan.base_seed();
  j["runs_done"] = s.runs_done;
  j["runs_resumed"] = s.runs_resumed;
  j["threads"] = s.threads;
  j["ranks"] = s.ranks;
  j["command_line"] = command_line();
  j["started_at"] = utc_iso(s.started_at);
  j["finished_at"] = utc_iso(std::chrono::system_clock::now());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - s.started_steady).count();
  j["duration_seconds"] = std::round(seconds * 1000.0) / 1000.0;
  j["status"] = s.complete ? "complete" : "incomplete";
  nlohmann::json files = nlohmann::json::object();
  for (const auto& f : describe_output_files(dir)) {
    files[f.name] = {{"bytes", f.bytes}, {"sha256", f.sha256}};
  }
  j["files"] = std::move(files);
  BufferedFile out(dir / kManifestFileName, 1 << 16);
  out.append(j.dump(2));
  out.append("\n");
  out.close();
}

}  // namespace alchemy
