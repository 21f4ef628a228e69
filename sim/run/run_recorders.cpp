#include "sim/run/run_recorders.hpp"

#include <CLI/CLI.hpp>

#include "sim/folder/sha256.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace fs = std::filesystem;

void add_record_flags(CLI::App& cmd, RecordFlags& flags) {
  cmd.add_option("--format", flags.formats,
                 "record files, a comma list of jsonl (events.jsonl), csv (series.csv, "
                 "market.csv, loops.csv, network.csv) and sqlite (run.sqlite)")
      ->default_str("jsonl,csv");
  cmd.add_option("--checkpoint-every", flags.checkpoint_every,
                 "save the world to checkpoints/<date>.ckpt in the output folder at the first tick "
                 "on or after each anniversary of the start, e.g. 1y, 6m, 90d, 1w; an interrupted "
                 "run then also saves where it stopped (resume with `alchemy resume`)");
}

RecordPlan parse_record_flags(const RecordFlags& flags) {
  const SourceLocation where{"<command line>", 0, 0};
  RecordPlan plan;
  try {
    plan.formats = parse_output_formats(flags.formats);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(where, "--format", e.what());
  }
  if (!flags.checkpoint_every.empty()) {
    const Parsed<Duration> d = parse_duration(flags.checkpoint_every);
    if (!d.ok()) throw ConfigError(where, "--checkpoint-every", d.problem());
    if (d.value().count <= 0)
      throw ConfigError(where, "--checkpoint-every", "must be longer than 0");
    plan.every = d.value();
  }
  return plan;
}

namespace {

CheckpointRunInfo fresh_info(const RecordPlan& plan, const LoadedScenario& s, std::uint64_t seed,
                             std::optional<Date> until, bool verbose, const std::string& file) {
  CheckpointRunInfo info;
  info.scenario_file = file;
  info.until = until;
  info.verbose_events = verbose;
  info.formats = plan.formats;
  info.every = plan.every;
  info.sqlite_run = sqlite_run_id(sha256_hex(s.resolved_yaml), seed);
  return info;
}

SqliteRunInfo fresh_sqlite(const LoadedScenario& s, std::uint64_t seed, std::optional<Date> until) {
  SqliteRunInfo r;
  r.scenario_sha256 = sha256_hex(s.resolved_yaml);
  r.seed = seed;
  r.run = sqlite_run_id(r.scenario_sha256, seed);
  r.until = until;
  return r;
}

}  // namespace

RunRecorders::RunRecorders(const fs::path& work, const RecordPlan& plan, const LoadedScenario& s,
                           std::uint64_t seed, std::optional<Date> until, bool verbose_events,
                           const std::string& scenario_file)
    : outputs_(work, plan.formats, fresh_sqlite(s, seed, until), nullptr, true),
      checkpointer_(work, s.spec.start, s.resolved_yaml,
                    fresh_info(plan, s, seed, until, verbose_events, scenario_file), outputs_),
      network_(outputs_.network_csv(), outputs_.sqlite()) {}

RunRecorders::RunRecorders(const fs::path& work, const LoadedScenario& s, Date after,
                           CheckpointRunInfo info, SqliteRunInfo sqlite,
                           const OutputContinuation* continuation)
    : outputs_(work, info.formats, std::move(sqlite), continuation, true),
      checkpointer_(work, s.spec.start, s.resolved_yaml, std::move(info), outputs_),
      network_(outputs_.network_csv(), outputs_.sqlite()) {
  checkpointer_.start_after(after);
}

void RunRecorders::attach(FanoutSink& sink, RunOptions& options) {
  outputs_.add_to(sink);
  sink.add(&checkpointer_);
  sink.add(&network_);
  checkpointer_.attach(options);
  network_.attach(options);  // runs before the checkpointer's hook, which it wraps
}

}  // namespace alchemy
