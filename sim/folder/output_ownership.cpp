#include "sim/folder/output_ownership.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/folder/manifest.hpp"
#include "sim/folder/report_mark.hpp"

namespace alchemy {

namespace fs = std::filesystem;

const char* to_string(OutputKind k) {
  return k == OutputKind::run ? "run" : "sweep";
}

namespace {

// The key only that kind's manifest has.
const char* identity_key(OutputKind k) {
  return k == OutputKind::run ? "scenario_sha256" : "sweep_sha256";
}
const char* other_identity_key(OutputKind k) {
  return k == OutputKind::run ? "sweep_sha256" : "scenario_sha256";
}

// The manifest's files and sizes, or why there are none.
struct Listing {
  std::map<std::string, std::uint64_t> files;
  std::string problem;
};

Listing read_listing(const fs::path& manifest, OutputKind kind) {
  Listing out;
  std::ifstream in(manifest, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  const std::string name = manifest.string();
  if (j.is_discarded() || !j.is_object()) {
    out.problem = name + " is not an alchemy manifest (not a JSON object)";
  } else if (!j.contains("alchemy_version") || !j["alchemy_version"].is_string() ||
             !j.contains("files") || !j["files"].is_object()) {
    out.problem = name + " is not an alchemy manifest (no alchemy_version and files)";
  } else if (j.contains(other_identity_key(kind)) || !j.contains(identity_key(kind))) {
    out.problem =
        name + " is not the manifest of an alchemy " + to_string(kind) +
        (j.contains(other_identity_key(kind))
             ? std::string(" (it is of a ") +
                   to_string(kind == OutputKind::run ? OutputKind::sweep : OutputKind::run) + ")"
             : std::string());
  } else {
    for (const auto& [file, entry] : j["files"].items()) {
      const auto bytes = entry.is_object() ? entry.find("bytes") : entry.end();
      if (bytes == entry.end() || !bytes->is_number_unsigned()) {
        out.problem = name + " lists " + file + " without its size";
        break;
      }
      out.files[file] = bytes->get<std::uint64_t>();
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> not_replaceable_because(const fs::path& dir, OutputKind kind) {
  const fs::file_status st = fs::symlink_status(dir);
  if (fs::is_symlink(st)) return dir.string() + " is a symbolic link, not a folder alchemy wrote";
  if (!fs::is_directory(st)) return dir.string() + " is not a folder";
  if (fs::is_empty(dir)) return std::nullopt;
  const fs::path manifest = dir / kManifestFileName;
  // Without an alchemy manifest nothing in the folder is alchemy's; the first file other than
  // the would-be manifest is named (that is what the user would lose), with why.
  Listing listing;
  if (fs::is_regular_file(fs::symlink_status(manifest))) {
    listing = read_listing(manifest, kind);
  } else {
    listing.problem = dir.string() + " has no manifest.json, so alchemy did not write it";
  }

  // Everything under the folder, in sorted order, so the first foreign file is well defined.
  std::vector<fs::path> entries;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& p : entries) {
    const fs::file_status s = fs::symlink_status(p);
    if (fs::is_directory(s)) continue;  // judged by what it holds; an empty one holds nothing
    const std::string rel = p.lexically_relative(dir).generic_string();
    if (rel == kManifestFileName) continue;
    // The report `alchemy report` (or `run --report`, `sweep --report`) wrote beside the files,
    // after the manifest: alchemy's too, recognised by its generator mark.
    if (rel == kReportFileName && listing.problem.empty() && is_alchemy_report(p)) continue;
    if (!listing.problem.empty()) {
      return p.string() + " is not a file alchemy wrote (" + listing.problem + ")";
    }
    const auto listed = listing.files.find(rel);
    if (!fs::is_regular_file(s) || listed == listing.files.end()) {
      return p.string() + " is not listed in " + manifest.string() +
             ", so alchemy did not write it";
    }
    if (fs::file_size(p) != listed->second) {
      return p.string() + " changed since alchemy wrote it (" + std::to_string(fs::file_size(p)) +
             " bytes; its manifest says " + std::to_string(listed->second) + ")";
    }
  }
  if (!listing.problem.empty()) return listing.problem;
  return std::nullopt;
}

}  // namespace alchemy
