#include "sim/folder/manifest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "sim/folder/partial_owner.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/folder/version.hpp"
#include "sim/output/text_output.hpp"
#include "sim/world/event.hpp"

namespace alchemy {

namespace fs = std::filesystem;

std::string_view to_string(RunStatus s) {
  switch (s) {
    case RunStatus::complete:
      return "complete";
    case RunStatus::incomplete:
      return "incomplete";
    case RunStatus::failed:
      return "failed";
  }
  return "failed";
}

std::string utc_iso(std::chrono::system_clock::time_point t) {
  namespace chr = std::chrono;
  const auto ms = chr::floor<chr::milliseconds>(t).time_since_epoch().count();
  const std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  const auto frac = static_cast<int>(((ms % 1000) + 1000) % 1000);
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

nlohmann::json manifest_json(const Manifest& m) {
  // nlohmann::json keeps object keys in a std::map: sorted, whatever the insertion order.
  nlohmann::json j;
  j["alchemy_version"] = std::string(version());
  j["git_revision"] = std::string(git_revision());
  j["event_schema_version"] = kEventSchemaVersion;
  j["scenario_file"] = m.scenario_file;
  j["scenario_name"] = m.scenario_name;
  j["scenario_sha256"] = m.scenario_sha256;
  if (!m.shocks_file.empty()) {
    j["shocks_file"] = m.shocks_file;
    j["shocks_sha256"] = m.shocks_sha256;
  }
  j["seed"] = m.seed;
  j["start"] = m.start.iso();
  j["end"] = m.end.iso();
  j["until"] = m.until ? nlohmann::json(m.until->iso()) : nlohmann::json();
  j["verbose_events"] = m.verbose_events;
  j["command_line"] = m.command_line;
  j["started_at"] = utc_iso(m.started_at);
  j["finished_at"] = utc_iso(m.finished_at);
  j["duration_seconds"] = std::round(m.duration_seconds * 1000.0) / 1000.0;
  j["status"] = std::string(to_string(m.status));
  j["reason"] = m.reason.empty() ? nlohmann::json() : nlohmann::json(m.reason);
  j["ticks"] = m.ticks;
  j["planned_ticks"] = m.planned_ticks;
  j["events"] = m.events;
  j["last_date"] = m.last_date ? nlohmann::json(m.last_date->iso()) : nlohmann::json();
  nlohmann::json files = nlohmann::json::object();
  for (const auto& f : m.files)
    files[f.name] = {{"bytes", f.bytes}, {"sha256", f.sha256}};
  j["files"] = std::move(files);
  if (!m.parent.is_null()) j["parent"] = m.parent;
  return j;
}

std::vector<ManifestFile> describe_output_files(const fs::path& dir) {
  std::vector<ManifestFile> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const fs::path rel = entry.path().lexically_relative(dir);
    if (rel == kManifestFileName || rel == kPartialOwnerFile) continue;  // not outputs
    out.push_back({rel.generic_string(), static_cast<std::uint64_t>(entry.file_size()),
                   sha256_file_hex(entry.path())});
  }
  std::sort(out.begin(), out.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.name < b.name; });
  return out;
}

void write_manifest(const fs::path& dir, const Manifest& m) {
  BufferedFile out(dir / kManifestFileName, 1 << 16);
  out.append(manifest_json(m).dump(2));
  out.append("\n");
  out.close();
}

}  // namespace alchemy
