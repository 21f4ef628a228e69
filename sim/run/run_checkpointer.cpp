#include "sim/run/run_checkpointer.hpp"

#include <stdexcept>

#include "sim/run/json_int.hpp"
#include "sim/run/world_io.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

namespace fs = std::filesystem;
using nlohmann::json;

json CheckpointRunInfo::to_json() const {
  json outs = json::array();
  for (const auto& o : outputs)
    outs.push_back({{"name", o.name}, {"bytes", o.bytes}, {"sha256", o.sha256}});
  return {{"scenario_file", scenario_file},
          {"until", until ? json(until->iso()) : json()},
          {"verbose_events", verbose_events},
          {"formats", formats.str()},
          {"checkpoint_every", every ? json(every->str()) : json()},
          {"interrupted", interrupted},
          {"events", events},
          {"outputs", std::move(outs)},
          {"sqlite_run", sqlite_run}};
}

CheckpointRunInfo CheckpointRunInfo::from_json(const json& j) {
  CheckpointRunInfo r;
  r.scenario_file = j.at("scenario_file").get<std::string>();
  if (!j.at("until").is_null()) {
    const auto d = Date::parse_iso(j.at("until").get<std::string>());
    if (!d) throw std::invalid_argument("run.until is not a date");
    r.until = d;
  }
  r.verbose_events = j.at("verbose_events").get<bool>();
  r.formats = parse_output_formats(j.at("formats").get<std::string>());
  if (!j.at("checkpoint_every").is_null()) {
    const auto d = parse_duration(j.at("checkpoint_every").get<std::string>());
    if (!d.ok()) throw std::invalid_argument("run.checkpoint_every: " + d.problem());
    r.every = d.value();
  }
  r.interrupted = j.at("interrupted").get<bool>();
  r.events = json_int<std::uint64_t>(j.at("events"));
  for (const auto& o : j.at("outputs")) {
    r.outputs.push_back({o.at("name").get<std::string>(), json_int<std::uint64_t>(o.at("bytes")),
                         o.at("sha256").get<std::string>()});
  }
  r.sqlite_run = json_int<std::int64_t>(j.at("sqlite_run"));
  return r;
}

fs::path checkpoint_path(Date date, bool interrupted) {
  return fs::path(kCheckpointDir) /
         (date.iso() + (interrupted ? "-interrupted" : "") + kCheckpointExtension);
}

RunCheckpointer::RunCheckpointer(fs::path run_dir, Date anchor, std::string scenario_yaml,
                                 CheckpointRunInfo info, RunOutputs& outputs)
    : run_dir_(std::move(run_dir)),
      anchor_(anchor),
      scenario_yaml_(std::move(scenario_yaml)),
      info_(std::move(info)),
      outputs_(outputs),
      followed_(outputs.followed_files()) {}

void RunCheckpointer::attach(RunOptions& options) {
  options.after_tick = [this](const World& w) { after_tick(w); };
}

Date RunCheckpointer::anniversary(std::int64_t k) const {
  // From the anchor each time, so month-end clamping does not drift (Jan 31 + 2m = Mar 31).
  return Duration{info_.every->count * k, info_.every->unit}.after(anchor_);
}

void RunCheckpointer::start_after(Date date) {
  if (!info_.every) return;
  while (anniversary(next_k_) <= date)
    ++next_k_;
}

void RunCheckpointer::after_tick(const World& w) {
  if (!info_.every || w.date < anniversary(next_k_)) return;
  if (ticks_done_ != total_ticks_) save(w, false);
  while (anniversary(next_k_) <= w.date)
    ++next_k_;
}

void RunCheckpointer::finish(bool complete) {
  // Stopped early: save where it stopped, unless that tick was just saved on schedule.
  if (complete || !info_.every || !last_world_ || last_world_->tick < 0) return;
  if (last_saved_ == last_world_->date) return;
  save(*last_world_, true);
}

void RunCheckpointer::save(const World& w, bool interrupted) {
  outputs_.flush();
  Checkpoint c;
  c.scenario_yaml = scenario_yaml_;
  CheckpointRunInfo info = info_;
  info.interrupted = interrupted;
  info.events = w.next_event_seq - 1;
  for (FollowedFile& f : followed_)
    info.outputs.push_back(f.catch_up());
  c.run = info.to_json();
  c.world = w;
  const fs::path rel = checkpoint_path(w.date, interrupted);
  fs::create_directories(run_dir_ / kCheckpointDir);
  save_checkpoint(run_dir_ / rel, c);
  written_.push_back(rel);
  last_saved_ = w.date;
}

}  // namespace alchemy
