// `alchemy resume CHECKPOINT [--until DATE] [--out DIR] [--force] [--quiet]
//                            [--outputs-from DIR | --no-prefix]`
// `alchemy fork CHECKPOINT --with SHOCKS.yaml [--until DATE] [--out DIR] [--force] [--quiet]
//                          [--outputs-from DIR | --no-prefix]`
//
// Both continue a run from a checkpoint (sim/run/world_io.hpp) into a new output folder, written as
// `alchemy run` writes one (a transaction: sim/folder/output_dir.hpp; the same files and formats as
// the run the checkpoint came from, and its --checkpoint-every). `fork` first adds the shocks of
// SHOCKS.yaml (sim/run/checkpoint_scenario.hpp).
//
// Without --out the new folder is a sibling of the parent run's, never the parent's own:
// <run> when resuming <run>.incomplete (the interrupted run completed under its name),
// <run>-resume-<checkpoint date> when resuming any other run, <run>-fork-<shocks stem> for a
// fork. An --out that is the parent's folder is refused (exit 2), --force or not.
//
// The new folder's record files are complete from the start of the run: the part up to the
// checkpoint is copied from the folder of the run that wrote it (by default the folder the
// checkpoint is in: <run>/checkpoints/<date>.ckpt), checked against the lengths and SHA-256 the
// checkpoint recorded (sim/output/output_prefix.hpp), and what is simulated is appended. A resumed
// run's files are therefore byte-identical to those of a run that never stopped. With
// --no-prefix the folder holds only what follows the checkpoint.
//
// manifest.json is that of `alchemy run`, plus "parent": the checkpoint (path, SHA-256, date),
// where the prefix came from, and for a fork the shocks file (path, SHA-256). Its ticks and
// events count the whole run in the folder.
//
// Exit codes as `alchemy run`: 0 complete; 2 bad input (a checkpoint that is not one, is
// corrupt, truncated or of another release; bad shocks; a missing or different parent output;
// an existing --out without --force, an --out that is the parent's folder); 3 the environment;
// 1 internal error; 128 + signal when interrupted.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/cli_command.hpp"
#include "sim/engine/engine.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/run/checkpoint_scenario.hpp"
#include "sim/run/recorded_run.hpp"
#include "sim/run/world_io.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIncompleteSuffix = ".incomplete";

struct ContinueArgs {
  std::string checkpoint;
  std::string shocks;  // fork only
  std::string until;
  std::string out;
  std::string outputs_from;
  bool no_prefix = false;
  bool quiet = false;
  bool force = false;
};

// The folder of the run a checkpoint came from: <run>/checkpoints/<date>.ckpt → <run>.
std::optional<fs::path> run_folder_of(const fs::path& checkpoint) {
  const fs::path dir = checkpoint.parent_path();
  if (dir.filename() != kCheckpointDir) return std::nullopt;
  return dir.parent_path();
}

bool is_incomplete(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > kIncompleteSuffix.size() && name.ends_with(kIncompleteSuffix);
}

// "out/x.incomplete" → "out/x".
fs::path without_incomplete(fs::path p) {
  if (is_incomplete(p)) {
    const std::string name = p.filename().string();
    p.replace_filename(name.substr(0, name.size() - kIncompleteSuffix.size()));
  }
  return p;
}

// The output folder when --out is not given; never the parent's own folder, so that neither the
// default nor a --force added to it can replace the run the checkpoint belongs to:
//   resume of an interrupted run (<x>.incomplete): <x>, the run completed under its own name;
//   resume of any other run <x>:                 <x>-resume-<checkpoint date>;
//   fork:                                        <x>-fork-<shocks file stem>.
fs::path default_out(const fs::path& parent, bool fork, const std::string& shocks, Date at) {
  fs::path out = without_incomplete(parent);
  if (fork) {
    out += "-fork-" + fs::path(shocks).stem().string();
  } else if (!is_incomplete(parent)) {
    out += "-resume-" + at.iso();
  }
  return out;
}

// The same folder, however it is spelled (relative, "./x", a trailing slash, a symlink).
bool same_folder(const fs::path& a, const fs::path& b) {
  std::error_code ec1, ec2;
  const fs::path ca = fs::weakly_canonical(a, ec1);
  const fs::path cb = fs::weakly_canonical(b, ec2);
  if (ec1 || ec2) return a.lexically_normal() == b.lexically_normal();
  return ca == cb;
}

// --out may not be the folder the continued run reads: replacing it would delete the checkpoint
// and the outputs the new folder is made from (exit 2, with or without --force).
void check_not_parent(const fs::path& out, const std::optional<fs::path>& parent,
                      const fs::path& checkpoint) {
  const std::optional<fs::path> ckpt_run = run_folder_of(checkpoint);
  for (const auto& p : {parent, ckpt_run}) {
    if (p && same_folder(out, *p)) {
      throw UsageError("--out " + out.string() + " is the folder of the run the checkpoint " +
                       "continues (" + p->string() + "); a resumed or forked run is written to a " +
                       "new folder: choose another --out, or leave it out for the default");
    }
  }
}

// The parent's scheduled checkpoints up to the one resumed from, so the folder matches a run
// that never stopped (not for forks: those checkpoints hold the parent's scenario).
void copy_parent_checkpoints(const fs::path& parent, const fs::path& work, Date upto) {
  const fs::path from = parent / kCheckpointDir;
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return;
  std::vector<fs::path> names;
  for (const auto& e : fs::directory_iterator(from)) {
    const std::string name = e.path().filename().string();
    const auto date = Date::parse_iso(name.substr(0, 10));
    if (date && *date <= upto && name == date->iso() + kCheckpointExtension) {
      names.push_back(e.path().filename());
    }
  }
  if (names.empty()) return;
  fs::create_directories(work / kCheckpointDir);
  for (const auto& n : names)
    fs::copy_file(from / n, work / kCheckpointDir / n);
}

int continue_command(const ContinueArgs& a, bool fork) {
  InterruptHandler interrupt;

  // 1. Inputs: nothing is created before they are all checked.
  const fs::path ckpt_path(a.checkpoint);
  const Checkpoint ckpt = load_checkpoint(ckpt_path);
  CheckpointRunInfo info;
  try {
    info = CheckpointRunInfo::from_json(ckpt.run);
  } catch (const std::exception& e) {
    throw CheckpointError(ckpt_path, std::string("malformed run description: ") + e.what());
  }
  LoadedScenario scenario;
  World world;
  std::size_t shocks_added = 0;
  if (fork) {
    ForkedRun f = fork_with_shocks(ckpt, ckpt_path, a.shocks);
    scenario = std::move(f.scenario);
    world = std::move(f.world);
    shocks_added = f.shocks_added;
  } else {
    scenario = checkpoint_scenario(ckpt, ckpt_path);
    scenario.resolved_yaml = ckpt.scenario_yaml;  // the run's identity, exactly as it was saved
    world = ckpt.world;
  }
  const ScenarioSpec& spec = scenario.spec;
  const Date after = world.date;

  RunOptions options;
  options.until = info.until;
  if (!a.until.empty()) {
    const auto d = Date::parse_iso(a.until);
    if (!d) throw UsageError("--until: expected a date YYYY-MM-DD, got '" + a.until + "'");
    if (*d > spec.end) {
      throw UsageError("--until " + a.until + " is after the scenario's end " + spec.end.iso());
    }
    options.until = d;
  }
  if (options.until.value_or(spec.end) <= after) {
    throw UsageError("nothing to simulate: the checkpoint is at " + after.iso() +
                     " and the run ends " + options.until.value_or(spec.end).iso());
  }
  options.verbose_events = info.verbose_events;

  std::optional<fs::path> parent;
  if (!a.outputs_from.empty()) {
    parent = fs::path(a.outputs_from);
  } else {
    parent = run_folder_of(ckpt_path);
  }
  if (!a.no_prefix && !parent) {
    throw UsageError(
        "the checkpoint is not in a run folder (<run>/checkpoints/), so the outputs "
        "before it cannot be found: pass --outputs-from DIR (the folder of the run "
        "that wrote it), or --no-prefix to write only what follows the checkpoint");
  }
  fs::path out;
  if (!a.out.empty()) {
    out = a.out;
  } else if (parent) {
    out = default_out(*parent, fork, a.shocks, after);
  } else {
    throw UsageError("give the output folder with --out");
  }
  check_not_parent(out, parent, ckpt_path);

  if (const auto stopped = stopped_before_start(interrupt)) return *stopped;

  // 2. The folder, and the prefix of every record file.
  OutputTransaction tx(out, a.force);
  const fs::path& work = tx.work_dir();
  const std::string scenario_sha = sha256_hex(scenario.resolved_yaml);

  CheckpointRunInfo next = info;  // what this run's own checkpoints will say
  next.until = options.until;
  next.interrupted = false;
  next.outputs.clear();
  SqliteRunInfo sqlite;
  sqlite.scenario_sha256 = scenario_sha;
  sqlite.seed = world.seed;
  sqlite.run = fork ? sqlite_run_id(scenario_sha, world.seed) : info.sqlite_run;
  sqlite.until = options.until;
  if (fork) {
    sqlite.parent_run = info.sqlite_run;
    sqlite.branched_on = after;
  }
  next.sqlite_run = sqlite.run;

  OutputContinuation cont;
  if (parent) cont.parent_dir = *parent;
  cont.prefixes = info.outputs;
  cont.sqlite = SqliteContinuation{info.sqlite_run, info.events, after};
  const bool with_prefix = !a.no_prefix;

  Manifest m;
  m.scenario_file = info.scenario_file;
  m.scenario_name = spec.name;
  m.scenario_sha256 = scenario_sha;
  m.seed = world.seed;
  m.start = spec.start;
  m.end = spec.end;
  m.until = options.until;
  m.verbose_events = info.verbose_events || spec.record.verbose_events;
  m.command_line = command_line();
  m.parent = {{"kind", fork ? "fork" : "resume"},
              {"checkpoint", a.checkpoint},
              {"checkpoint_sha256", sha256_file_hex(ckpt_path)},
              {"date", after.iso()},
              {"parent_scenario_sha256", sha256_hex(ckpt.scenario_yaml)},
              {"outputs_from", with_prefix ? nlohmann::json(parent->string()) : nlohmann::json()},
              {"ticks_before", world.tick + 1},
              {"events_before", info.events}};
  if (fork) {
    m.parent["shocks_file"] = a.shocks;
    m.parent["shocks_sha256"] = sha256_file_hex(a.shocks);
    m.parent["shocks_added"] = shocks_added;
  }

  std::optional<RunRecorders> recorders;
  try {
    recorders.emplace(work, scenario, after, next, sqlite, with_prefix ? &cont : nullptr);
  } catch (const PrefixError& e) {
    throw UsageError(std::string("cannot take the outputs before the checkpoint from ") +
                     (parent ? parent->string() : "") + ": " + e.what() +
                     "\n(pass --outputs-from DIR to name the folder of the run that wrote the "
                     "checkpoint, or --no-prefix to write only what follows the checkpoint)");
  }
  if (with_prefix && !fork) copy_parent_checkpoints(*parent, work, after);

  // 3. The run, its manifest and folder.
  const RunBefore before{after, static_cast<std::size_t>(ckpt.world.tick + 1), info.events,
                         with_prefix};
  RecordedRun run{tx, *recorders, interrupt, a.quiet, before, nullptr, {}};
  return run.record(m, options, [&](OutputSink& sink, const RunOptions& o) {
    return continue_run(spec, world, sink, o);
  });
}

int continue_safely(const ContinueArgs& a, bool fork) {
  return exit_code_of([&] { return continue_command(a, fork); });
}

void add_common(CLI::App* cmd, ContinueArgs& a) {
  cmd->add_option("checkpoint", a.checkpoint, "a checkpoint file (<run>/checkpoints/<date>.ckpt)")
      ->required();
  cmd->add_option("--until", a.until,
                  "stop after this date (default: where the checkpoint's run was to stop)");
  cmd->add_option("--out", a.out,
                  "output folder; it must not exist unless --force, and is never the parent run's "
                  "(default: <run> for <run>.incomplete, else <run>-resume-<date> or "
                  "<run>-fork-<shocks>)");
  auto* from = cmd->add_option(
      "--outputs-from", a.outputs_from,
      "the folder of the run that wrote the checkpoint, whose outputs up to the checkpoint are "
      "copied (default: the folder the checkpoint is in)");
  auto* none = cmd->add_flag("--no-prefix", a.no_prefix,
                             "write only what follows the checkpoint (no parent outputs needed)");
  from->excludes(none);
  cmd->add_flag("--quiet", a.quiet, "no progress bar and no summary; only the folder is printed");
  cmd->add_flag("--force", a.force, "replace an existing output folder (once the run is complete)");
}

}  // namespace

void register_resume_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ContinueArgs>();
  CLI::App* cmd = app.add_subcommand(
      "resume",
      "Continue a run from a checkpoint; the outputs are those of a run that never stopped");
  add_common(cmd, *a);
  cmd->callback([a, &exit_code] { exit_code = continue_safely(*a, false); });
}

void register_fork_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<ContinueArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fork",
      "Branch a counterfactual from a checkpoint: the same run with more shocks from then on");
  add_common(cmd, *a);
  cmd->add_option("--with", a->shocks, "a YAML file with a `shocks:` list (as in a scenario)")
      ->required();
  cmd->callback([a, &exit_code] { exit_code = continue_safely(*a, true); });
}

}  // namespace alchemy
