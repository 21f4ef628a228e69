#pragma once
// Dotted key paths into a parsed config tree, for the tests that tie a document's table to a
// scenario file (MODEL.md's numbers, the telecom facts) or compare two files key by key (the
// shared mechanics). A list item is named by its `id`, else by its index.

#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/config_tree.hpp"

namespace alchemy::testing {

// The node at a dotted path, or nullptr.
inline const ConfigNode* config_at(const ConfigNode& root, const std::string& path) {
  const ConfigNode* node = &root;
  std::stringstream parts(path);
  std::string part;
  while (node && std::getline(parts, part, '.')) {
    if (node->is_map()) {
      node = node->find(part);
    } else if (node->is_sequence()) {
      const ConfigNode* found = nullptr;
      for (std::size_t k = 0; k < node->items.size(); ++k) {
        const ConfigNode& item = node->items[k];
        if (item.id() == part || std::to_string(k) == part) found = &item;
      }
      node = found;
    } else {
      return nullptr;
    }
  }
  return node;
}

// Every scalar under `node` as (dotted path, text), in file order.
inline void config_leaves(const ConfigNode& node, const std::string& path,
                          std::vector<std::pair<std::string, std::string>>& out) {
  if (node.is_scalar()) {
    out.emplace_back(path, node.text);
  } else if (node.is_map()) {
    for (const auto& e : node.entries)
      config_leaves(e.value, path.empty() ? e.key : path + "." + e.key, out);
  } else if (node.is_sequence()) {
    for (std::size_t k = 0; k < node.items.size(); ++k) {
      const auto id = node.items[k].id();
      config_leaves(node.items[k], path + "." + (id ? *id : std::to_string(k)), out);
    }
  }
}

inline std::vector<std::pair<std::string, std::string>> config_leaves(const ConfigNode& root) {
  std::vector<std::pair<std::string, std::string>> out;
  config_leaves(root, "", out);
  return out;
}

}  // namespace alchemy::testing
