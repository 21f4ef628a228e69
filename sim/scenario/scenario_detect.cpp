#include "sim/scenario/scenario_detect.hpp"

#include <yaml-cpp/yaml.h>

#include "sim/scenario/scenario_schema.hpp"

namespace alchemy {

bool is_scenario_file(const std::string& path) {
  if (path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0) return false;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception&) {
    return false;  // unreadable or not YAML: the network reader says what is wrong, and where
  }
  if (!root.IsMap()) return false;
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) continue;
    const std::string key = kv.first.Scalar();
    if (key == "base" || (key != "firms" && scenario_schema().find(key) != nullptr)) return true;
  }
  return false;
}

}  // namespace alchemy
