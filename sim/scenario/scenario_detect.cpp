#include "sim/scenario/scenario_detect.hpp"

#include "sim/scenario/scenario_schema.hpp"

namespace alchemy {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view kind_name(FileKind k) {
  switch (k) {
    case FileKind::scenario:
      return "a scenario";
    case FileKind::sweep:
      return "a sweep file";
    case FileKind::network:
      return "a liability-network file";
    case FileKind::unknown:
      break;
  }
  return "an unknown file";
}

// What to do with a file of this kind instead.
std::string_view commands_for(FileKind k) {
  switch (k) {
    case FileKind::scenario:
      return "`alchemy run`, `alchemy validate`, `alchemy loops`, `alchemy graph` or "
             "`alchemy debtrank SCENARIO --at DATE`";
    case FileKind::sweep:
      return "`alchemy sweep`";
    case FileKind::network:
      return "`alchemy clear` or `alchemy debtrank`";
    case FileKind::unknown:
      break;
  }
  return "";
}

}  // namespace

DetectedKind detect_file_kind(const ConfigNode& root) {
  if (!root.is_map()) return {};
  if (const ConfigEntry* e = root.find_entry("parameters")) return {FileKind::sweep, e};
  for (const char* key : {"liabilities", "matrix", "cross_holdings"}) {
    if (const ConfigEntry* e = root.find_entry(key)) return {FileKind::network, e};
  }
  // `base` and `seed` are keys of sweep files too: a file with only those (and typos) is taken
  // for a scenario by debtrank, as before, but is not refused as one by the sweep reader.
  const ConfigEntry* shared = nullptr;
  for (const ConfigEntry& e : root.entries) {
    if (e.key == "base" || e.key == "seed") {
      if (!shared) shared = &e;
    } else if (e.key != "firms" && scenario_schema().find(e.key) != nullptr) {
      return {FileKind::scenario, &e};
    }
  }
  if (shared) return {FileKind::scenario, shared, true};
  return {};
}

void require_file_kind(const ConfigNode& root, FileKind expected, std::string_view command) {
  const DetectedKind d = detect_file_kind(root);
  if (d.kind == FileKind::unknown || d.kind == expected || d.weak) return;
  throw ConfigError(d.telling->key_where, d.telling->key,
                    "this is " + std::string(kind_name(d.kind)) + " (it has the key '" +
                        d.telling->key + "'), but " + std::string(command) + " reads " +
                        std::string(kind_name(expected)) + "; use " +
                        std::string(commands_for(d.kind)) + " for this file");
}

void require_not_csv(const std::string& path, FileKind expected, std::string_view command) {
  if (!ends_with(path, ".csv")) return;
  throw ConfigError(SourceLocation{path, 0, 0}, "",
                    "this is a CSV file, read as " + std::string(kind_name(FileKind::network)) +
                        " (an edge list debtor,creditor,amount), but " + std::string(command) +
                        " reads " + std::string(kind_name(expected)) + "; use " +
                        std::string(commands_for(FileKind::network)) + " for this file");
}

bool is_scenario_file(const std::string& path) {
  if (ends_with(path, ".csv")) return false;
  try {
    return detect_file_kind(parse_config_file(path)).kind == FileKind::scenario;
  } catch (const ConfigError&) {
    return false;  // unreadable or not YAML: the network reader says what is wrong, and where
  }
}

}  // namespace alchemy
