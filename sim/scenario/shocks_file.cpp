#include "sim/scenario/shocks_file.hpp"

#include "sim/scenario/config_error.hpp"

namespace alchemy {

ConfigNode read_shocks_file(const std::filesystem::path& file) {
  const ConfigNode doc = parse_config_file(file);
  const SourceLocation top{file.string(), 1, 1};
  if (!doc.is_map()) {
    throw ConfigError(doc.is_null() ? top : doc.where, "",
                      "expected a map with a `shocks:` list, got " + std::string(doc.kind_name()));
  }
  for (const ConfigEntry& e : doc.entries) {
    if (e.key != "shocks") {
      throw ConfigError(e.key_where, e.key, "unknown key: a shocks file holds only `shocks:`");
    }
  }
  const ConfigNode* added = doc.find("shocks");
  if (!added || !added->is_sequence() || added->items.empty()) {
    throw ConfigError(added ? added->where : top, "shocks",
                      "expected a list of one or more shocks");
  }
  return *added;
}

void append_shocks(ConfigNode& tree, const ConfigNode& added) {
  ConfigNode* list = tree.find("shocks");
  if (!list) {
    tree.entries.push_back(
        ConfigEntry{"shocks", added.where, ConfigNode::sequence_at(added.where)});
    list = &tree.entries.back().value;
  } else if (list->is_null()) {
    *list = ConfigNode::sequence_at(added.where);
  }
  for (const ConfigNode& item : added.items)
    list->items.push_back(item);
}

}  // namespace alchemy
