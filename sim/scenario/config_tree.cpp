#include "sim/scenario/config_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>

#include "sim/scenario/input_file.hpp"

namespace alchemy {

ConfigNode ConfigNode::null_at(SourceLocation where) {
  ConfigNode n;
  n.where = std::move(where);
  return n;
}

ConfigNode ConfigNode::scalar_at(std::string text, SourceLocation where) {
  ConfigNode n;
  n.kind = Kind::scalar;
  n.text = std::move(text);
  n.where = std::move(where);
  return n;
}

ConfigNode ConfigNode::map_at(SourceLocation where) {
  ConfigNode n;
  n.kind = Kind::map;
  n.where = std::move(where);
  return n;
}

ConfigNode ConfigNode::sequence_at(SourceLocation where) {
  ConfigNode n;
  n.kind = Kind::sequence;
  n.where = std::move(where);
  return n;
}

std::string_view ConfigNode::kind_name() const {
  switch (kind) {
    case Kind::null:
      return "nothing";
    case Kind::scalar:
      return "a single value";
    case Kind::map:
      return "a map";
    case Kind::sequence:
      return "a list";
  }
  return "?";
}

const ConfigEntry* ConfigNode::find_entry(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const ConfigNode* ConfigNode::find(std::string_view key) const {
  const ConfigEntry* e = find_entry(key);
  return e ? &e->value : nullptr;
}

ConfigNode* ConfigNode::find(std::string_view key) {
  for (auto& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

std::optional<std::string> ConfigNode::id() const {
  const ConfigNode* n = find("id");
  if (n && n->is_scalar()) return n->text;
  return std::nullopt;
}

void ConfigNode::set(const std::string& key, ConfigNode value) {
  if (ConfigNode* slot = find(key)) {
    *slot = std::move(value);
    return;
  }
  ConfigEntry e;
  e.key = key;
  e.key_where = value.where;
  e.value = std::move(value);
  entries.push_back(std::move(e));
}

void ConfigNode::relocate(const SourceLocation& w) {
  where = w;
  for (auto& e : entries) {
    e.key_where = w;
    e.value.relocate(w);
  }
  for (auto& i : items)
    i.relocate(w);
}

std::string key_path_join(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string key_path_item(std::string_view parent, std::size_t index, const ConfigNode& item) {
  if (auto id = item.id()) return std::string(parent) + "." + *id;
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

// ---------------------------------------------------------------------------------------------
// Parsing: yaml-cpp's event interface, so that keys keep their own marks and duplicates are seen
// (yaml-cpp's node API keeps neither).

namespace {

// Builds the tree within the budgets of input_file.hpp: every node counts, an alias counts the
// nodes it copies (checked before copying, so nested aliases are refused before they cost
// memory), and nesting deeper than kMaxYamlDepth is refused before yaml-cpp recurses further.
// Duplicate keys are found through a per-map index, so a map of n keys costs O(n log n).
class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(std::string file) : file_(std::move(file)) {}

  std::optional<ConfigNode> root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override {
    finish(ConfigNode::null_at(at(m)), a, Extent{});
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    const auto it = anchors_.find(a);
    if (it == anchors_.end()) throw ConfigError(at(m), path(), "alias of an unknown anchor");
    const Extent e = it->second.extent;
    if (e.nodes > kMaxYamlAliasNodes - std::min(alias_nodes_, kMaxYamlAliasNodes)) {
      throw ConfigError(at(m), path(),
                        "aliases expand to more than " + std::to_string(kMaxYamlAliasNodes) +
                            " nodes in all (nested aliases, as in a \"billion laughs\" file?); "
                            "write the values out or share less");
    }
    if (stack_.size() + e.depth > kMaxYamlDepth) too_deep(m);
    alias_nodes_ += e.nodes;
    count(m, e.nodes);
    finish(it->second.node, 0, e);
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    ConfigNode n = ConfigNode::scalar_at(value, at(m));
    n.quoted = tag == "!";  // yaml-cpp tags every non-plain scalar "!"
    count(m, 1);
    finish(std::move(n), a, Extent{});
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                       YAML::EmitterStyle::value) override {
    open(m, ConfigNode::sequence_at(at(m)), a);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                  YAML::EmitterStyle::value) override {
    open(m, ConfigNode::map_at(at(m)), a);
  }
  void OnMapEnd() override { close(); }

 private:
  // The size of a finished subtree: its nodes, and its depth (a single value is 0 deep).
  struct Extent {
    std::size_t nodes = 1;
    std::size_t depth = 0;
  };
  struct Anchored {
    ConfigNode node;
    Extent extent;
  };
  struct Frame {
    ConfigNode node;
    YAML::anchor_t anchor = 0;
    bool has_key = false;
    std::string key;
    SourceLocation key_where;
    Extent extent;                                      // grows as children finish
    std::unordered_map<std::string, std::size_t> keys;  // map: key -> index in entries
  };

  SourceLocation at(const YAML::Mark& m) const {
    if (m.is_null()) return SourceLocation{file_, 0, 0};
    return SourceLocation{file_, m.line + 1, m.column + 1};
  }

  // The key path of the node being completed, with list indices ("firms[1].revenue").
  std::string path() const {
    std::string p;
    for (const Frame& f : stack_) {
      if (f.node.is_sequence()) {
        p += "[" + std::to_string(f.node.items.size()) + "]";
      } else if (f.has_key) {
        p = key_path_join(p, f.key);
      }
    }
    return p;
  }

  [[noreturn]] void too_deep(const YAML::Mark& m) const {
    throw ConfigError(at(m), path(),
                      "nesting deeper than " + std::to_string(kMaxYamlDepth) +
                          " levels of maps and lists; no input file needs that many");
  }

  void count(const YAML::Mark& m, std::size_t nodes) {
    nodes_ += nodes;
    if (nodes_ > kMaxYamlNodes) {
      throw ConfigError(at(m), path(),
                        "more than " + std::to_string(kMaxYamlNodes) +
                            " values, maps and lists in one file (the limit for an input file)");
    }
  }

  void open(const YAML::Mark& m, ConfigNode n, YAML::anchor_t anchor) {
    if (stack_.size() >= kMaxYamlDepth) too_deep(m);
    count(m, 1);
    Frame f;
    f.node = std::move(n);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.node), f.anchor, f.extent);
  }

  void finish(ConfigNode n, YAML::anchor_t anchor, Extent extent) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, extent};
    if (stack_.empty()) {
      root = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    top.extent.nodes += extent.nodes;
    top.extent.depth = std::max(top.extent.depth, extent.depth + 1);
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.has_key) {
      if (!n.is_scalar()) {
        throw ConfigError(n.where, path(),
                          "a key must be a plain name, not " + std::string(n.kind_name()));
      }
      if (const auto first = top.keys.find(n.text); first != top.keys.end()) {
        throw ConfigError(n.where, key_path_join(path(), n.text),
                          "duplicate key '" + n.text + "' (first given at " +
                              top.node.entries[first->second].key_where.str() + ")");
      }
      top.has_key = true;
      top.key = n.text;
      top.key_where = n.where;
      return;
    }
    top.keys.emplace(top.key, top.node.entries.size());
    top.node.entries.push_back({std::move(top.key), top.key_where, std::move(n)});
    top.has_key = false;
  }

  std::string file_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::size_t nodes_ = 0;
  std::size_t alias_nodes_ = 0;
};

}  // namespace

ConfigNode parse_config_text(std::string_view text, const std::string& file) {
  check_utf8(text, file);
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  TreeBuilder builder(file);
  try {
    parser.HandleNextDocument(builder);
    TreeBuilder rest(file);
    if (parser.HandleNextDocument(rest)) {
      const SourceLocation w = rest.root ? rest.root->where : SourceLocation{file, 0, 0};
      throw ConfigError(w, "", "a file holds one YAML document; found a second one (after ---)");
    }
  } catch (const YAML::Exception& e) {
    SourceLocation w{file, 0, 0};
    if (!e.mark.is_null()) w = SourceLocation{file, e.mark.line + 1, e.mark.column + 1};
    throw ConfigError(w, "", "YAML syntax error: " + e.msg);
  }
  if (!builder.root) return ConfigNode::null_at(SourceLocation{file, 1, 1});
  return std::move(*builder.root);
}

ConfigNode parse_config_file(const std::filesystem::path& file,
                             const std::optional<SourceLocation>& referenced_from) {
  return parse_config_text(read_input_file(file, referenced_from), file.string());
}

// ---------------------------------------------------------------------------------------------
// Merging

namespace {

bool all_items_have_ids(const ConfigNode& seq) {
  return std::all_of(seq.items.begin(), seq.items.end(),
                     [](const ConfigNode& i) { return i.is_map() && i.id(); });
}

// Lists and maps are matched through hash indexes, not pairwise: a base file's list of n firms
// merges in O(n), not O(n^2).
void require_unique_ids(const ConfigNode& seq, const std::string& path) {
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < seq.items.size(); ++i) {
    const std::string id = *seq.items[i].id();
    const auto [it, fresh] = first.emplace(id, i);
    if (!fresh) {
      const ConfigNode& second = *seq.items[i].find("id");
      throw ConfigError(second.where, key_path_join(path, id),
                        "duplicate id '" + id + "' in this list (first at " +
                            seq.items[it->second].find("id")->where.str() + ")");
    }
  }
}

void merge_at(ConfigNode& base, const ConfigNode& overlay, const std::string& path) {
  if (base.is_map() && overlay.is_map()) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < base.entries.size(); ++i)
      index.emplace(base.entries[i].key, i);
    for (const ConfigEntry& e : overlay.entries) {
      if (const auto it = index.find(e.key); it != index.end()) {
        merge_at(base.entries[it->second].value, e.value, key_path_join(path, e.key));
      } else {
        index.emplace(e.key, base.entries.size());
        base.entries.push_back(e);
      }
    }
    return;
  }
  const bool by_id = base.is_sequence() && overlay.is_sequence() && !base.items.empty() &&
                     !overlay.items.empty() && all_items_have_ids(base) &&
                     all_items_have_ids(overlay);
  if (by_id) {
    require_unique_ids(base, path);
    require_unique_ids(overlay, path);
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < base.items.size(); ++i)
      index.emplace(*base.items[i].id(), i);
    for (const ConfigNode& item : overlay.items) {
      const std::string id = *item.id();
      if (const auto it = index.find(id); it != index.end()) {
        merge_at(base.items[it->second], item, key_path_join(path, id));
      } else {
        index.emplace(id, base.items.size());
        base.items.push_back(item);
      }
    }
    return;
  }
  base = overlay;
}

ConfigNode load_chain(const std::filesystem::path& file, std::vector<std::filesystem::path>& chain,
                      const std::optional<SourceLocation>& referenced_from) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(file, ec);
  if (ec) canonical = std::filesystem::absolute(file).lexically_normal();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& p : chain)
      cycle += p.filename().string() + " -> ";
    cycle += canonical.filename().string();
    throw ConfigError(*referenced_from, "base", "the base files form a cycle: " + cycle);
  }
  ConfigNode tree = parse_config_file(file, referenced_from);
  const ConfigEntry* base_entry = tree.is_map() ? tree.find_entry("base") : nullptr;
  if (!base_entry) return tree;
  const ConfigNode& base_value = base_entry->value;
  if (!base_value.is_scalar() || base_value.text.empty()) {
    throw ConfigError(base_value.where, "base",
                      "expected the path of a scenario file (relative to this file), got " +
                          std::string(base_value.kind_name()));
  }
  const std::filesystem::path base_file = (file.parent_path() / base_value.text).lexically_normal();
  chain.push_back(canonical);
  ConfigNode merged = load_chain(base_file, chain, base_value.where);
  chain.pop_back();
  if (!merged.is_map()) {
    throw ConfigError(base_value.where, "base",
                      "the base file '" + base_file.string() + "' holds " +
                          std::string(merged.kind_name()) + ", not a map of keys");
  }
  tree.entries.erase(tree.entries.begin() + (base_entry - tree.entries.data()));
  merge_at(merged, tree, "");
  merged.where = tree.where;
  return merged;
}

}  // namespace

void merge_config(ConfigNode& base, const ConfigNode& overlay) {
  merge_at(base, overlay, "");
}

ConfigNode load_config_with_bases(const std::filesystem::path& file) {
  std::vector<std::filesystem::path> chain;
  return load_chain(file, chain, std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Emitting

namespace {

bool plain_safe(std::string_view t) {
  if (t.empty() || t == "~" || t == "null" || t == "Null" || t == "NULL") return false;
  if (t.substr(0, 3) == "---" || t.substr(0, 3) == "...") return false;
  const auto c0 = static_cast<unsigned char>(t[0]);
  const bool good_start = std::isalnum(c0) || c0 == '_' || c0 == '.' || c0 == '/' || c0 == '+' ||
                          c0 == '$' || c0 == '(' || (c0 == '-' && t.size() > 1 && t[1] != ' ');
  if (!good_start || t.back() == ' ') return false;
  static constexpr std::string_view kSafe = " _.-/+%()<>=$,;~^";
  for (const char ch : t) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c) || kSafe.find(ch) != std::string_view::npos) continue;
    return false;
  }
  return true;
}

std::string scalar_yaml(std::string_view t) {
  if (plain_safe(t)) return std::string(t);
  std::string out = "\"";
  for (const char ch : t) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

void emit_sequence(const ConfigNode& seq, int indent, std::string& out);

void emit_map(const ConfigNode& map, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const ConfigEntry& e : map.entries) {
    const ConfigNode& v = e.value;
    if (v.is_null()) continue;
    out += pad + scalar_yaml(e.key) + ":";
    if (v.is_scalar()) {
      out += " " + scalar_yaml(v.text) + "\n";
    } else if (v.is_map()) {
      if (v.entries.empty()) {
        out += " {}\n";
      } else {
        out += "\n";
        emit_map(v, indent + 2, out);
      }
    } else if (v.items.empty()) {
      out += " []\n";
    } else {
      out += "\n";
      emit_sequence(v, indent + 2, out);
    }
  }
}

void emit_sequence(const ConfigNode& seq, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const ConfigNode& item : seq.items) {
    if (item.is_null()) {
      out += pad + "- null\n";
    } else if (item.is_scalar()) {
      out += pad + "- " + scalar_yaml(item.text) + "\n";
    } else if ((item.is_map() && item.entries.empty()) ||
               (item.is_sequence() && item.items.empty())) {
      out += pad + (item.is_map() ? "- {}\n" : "- []\n");
    } else {
      // A nested block one level deeper, whose first line's indentation becomes "- ".
      std::string body;
      if (item.is_map()) {
        emit_map(item, indent + 2, body);
      } else {
        emit_sequence(item, indent + 2, body);
      }
      if (body.empty()) {
        out += pad + "- {}\n";  // a map whose entries are all null
        continue;
      }
      out += pad + "- " + body.substr(static_cast<std::size_t>(indent) + 2);
    }
  }
}

}  // namespace

std::string emit_config_yaml(const ConfigNode& root) {
  std::string out;
  if (root.is_map()) {
    emit_map(root, 0, out);
  } else if (root.is_sequence()) {
    emit_sequence(root, 0, out);
  } else if (root.is_scalar()) {
    out = scalar_yaml(root.text) + "\n";
  }
  return out;
}

}  // namespace alchemy
