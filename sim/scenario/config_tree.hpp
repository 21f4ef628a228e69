#pragma once
// A located configuration tree: YAML read into plain nodes (nothing, a value, a map with keys in
// written order, a list) where every node and every map key remembers its file, line and column.
// yaml-cpp's marks are 0-based and carry no file; errors here always name both.
//
// Also here, because they work on the tree and know nothing of scenarios: `base:` inheritance
// (deep merge), and the canonical YAML text of a tree.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/config_error.hpp"

namespace alchemy {

struct ConfigEntry;

struct ConfigNode {
  enum class Kind { null, scalar, map, sequence };

  Kind kind = Kind::null;
  SourceLocation where;
  std::string text;                  // scalar: the text as written (without quotes)
  bool quoted = false;               // scalar: written quoted or as a block (| >) scalar
  std::vector<ConfigEntry> entries;  // map: in written order, keys unique
  std::vector<ConfigNode> items;     // sequence

  static ConfigNode null_at(SourceLocation where);
  static ConfigNode scalar_at(std::string text, SourceLocation where);
  static ConfigNode map_at(SourceLocation where);
  static ConfigNode sequence_at(SourceLocation where);

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_map() const { return kind == Kind::map; }
  bool is_sequence() const { return kind == Kind::sequence; }
  // "nothing", "a single value", "a map", "a list" — for messages.
  std::string_view kind_name() const;

  // Map lookup; nullptr if this is not a map or has no such key.
  const ConfigNode* find(std::string_view key) const;
  ConfigNode* find(std::string_view key);
  const ConfigEntry* find_entry(std::string_view key) const;
  // A map item's `id` when it is a single value.
  std::optional<std::string> id() const;
  // Map: replaces the value of `key`, or appends it (the key located where the value is).
  void set(const std::string& key, ConfigNode value);
  // Sets every location in this subtree to `where` (values given on a command line).
  void relocate(const SourceLocation& where);
};

struct ConfigEntry {
  std::string key;
  SourceLocation key_where;
  ConfigNode value;
};

// Parses one YAML document. `file` is the name used in locations. YAML syntax errors, duplicate
// keys, non-scalar keys and more than one document are ConfigErrors. Anchors and aliases work
// (an alias is a copy of the anchored node); tags are ignored.
ConfigNode parse_config_text(std::string_view text, const std::string& file);

// Reads and parses a file; the location in messages is the path as given. An unreadable file is
// a ConfigError at `referenced_from` (e.g. the `base:` line naming it) or at the file itself.
ConfigNode parse_config_file(const std::filesystem::path& file,
                             const std::optional<SourceLocation>& referenced_from = std::nullopt);

// Merges `overlay` into `base`: maps key by key (recursively); lists whose items are all maps
// with an `id` (in both) item by item on `id`, new ids appended in overlay order; everything
// else (values, other lists, a null) replaces. Duplicate ids within one list are ConfigErrors.
void merge_config(ConfigNode& base, const ConfigNode& overlay);

// Reads a file and resolves its `base: other.yaml` key (relative to the file; chains allowed;
// a cycle or a missing base file is a ConfigError at the `base:` line). The result is the base
// chain merged oldest first, without the `base` key.
ConfigNode load_config_with_bases(const std::filesystem::path& file);

// Canonical block-style YAML: two-space indentation, keys in the tree's order, lists with "- ",
// values plain when that reads back the same and double-quoted otherwise, null map entries
// left out (a null means "not set"). Equal trees give byte-identical text.
std::string emit_config_yaml(const ConfigNode& root);

// Key paths for messages: "market.sentiment", and for list items "firms.openai" when the item
// has an id, "firms[2]" otherwise.
std::string key_path_join(std::string_view parent, std::string_view key);
std::string key_path_item(std::string_view parent, std::size_t index, const ConfigNode& item);

}  // namespace alchemy
