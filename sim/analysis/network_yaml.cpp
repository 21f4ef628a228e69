// The YAML form of a liability-network file, read through the scenario loader's located tree
// (config_tree.hpp), so it has the same bounds (size, UTF-8, aliases, depth) and locations.

#include <string_view>
#include <unordered_map>

#include "sim/analysis/network_amount.hpp"
#include "sim/analysis/network_readers.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_detect.hpp"

namespace alchemy {

namespace {

class YamlReader {
 public:
  NetworkFile read(const std::string& path) {
    const ConfigNode root = parse_config_file(path);
    if (!root.is_map())
      fail(root, "", "expected a map with keys firms and liabilities (or matrix)");
    // A scenario or sweep file is named as such, not reported as "unknown key 'name'".
    require_file_kind(root, FileKind::network, "this command");
    check_keys(root, "", {"firms", "liabilities", "matrix"});
    const ConfigNode* firms = root.find("firms");
    if (!firms) fail(root, "firms", "missing key 'firms': the list of firms");
    read_firms(*firms);
    const ConfigNode* list = root.find("liabilities");
    const ConfigNode* matrix = root.find("matrix");
    if (list && matrix) fail(*matrix, "matrix", "give either 'liabilities' or 'matrix', not both");
    if (list) read_list(*list);
    if (matrix) read_matrix(*matrix);
    return std::move(out_);
  }

  std::vector<std::optional<double>> given_equity;

 private:
  [[noreturn]] static void fail(const ConfigNode& node, const std::string& key,
                                const std::string& problem) {
    throw ConfigError(node.where, key, problem);
  }

  static void check_keys(const ConfigNode& map, const std::string& path,
                         std::initializer_list<const char*> allowed) {
    for (const ConfigEntry& e : map.entries) {
      bool ok = false;
      std::string list;
      for (const char* a : allowed) {
        ok = ok || e.key == a;
        list += list.empty() ? a : std::string(", ") + a;
      }
      if (!ok) {
        throw ConfigError(e.key_where, path.empty() ? e.key : path + "." + e.key,
                          "unknown key '" + e.key + "'; expected one of " + list);
      }
    }
  }

  double amount(const ConfigNode& node, const std::string& key, bool allow_negative) {
    if (!node.is_scalar()) fail(node, key, std::string("expected ") + kAmountSyntax);
    const ParsedAmount v = parse_network_amount(node.text, !allow_negative);
    if (!v.value) fail(node, key, v.problem);
    total_.add(*v.value, node.where, key);
    return *v.value;
  }

  void read_firms(const ConfigNode& firms) {
    if (!firms.is_sequence() || firms.items.empty()) {
      fail(firms, "firms", "expected a nonempty list of firms, each {id, outside_assets, ...}");
    }
    for (std::size_t k = 0; k < firms.items.size(); ++k) {
      const ConfigNode& f = firms.items[k];
      const std::string path = "firms[" + std::to_string(k) + "]";
      if (!f.is_map()) fail(f, path, "expected a map {id, outside_assets, external_liabilities}");
      check_keys(f, path, {"id", "outside_assets", "external_liabilities", "equity"});
      const ConfigNode* id = f.find("id");
      if (!id || !id->is_scalar() || id->text.empty()) {
        fail(id ? *id : f, path + ".id", "expected a firm id (a nonempty string)");
      }
      if (!index_.emplace(id->text, out_.firm_ids.size()).second) {
        fail(*id, path + ".id", "duplicate firm id '" + id->text + "'");
      }
      out_.firm_ids.push_back(id->text);
      const ConfigNode* e = f.find("outside_assets");
      const ConfigNode* x = f.find("external_liabilities");
      const ConfigNode* q = f.find("equity");
      out_.clearing.outside_assets.push_back(e ? amount(*e, path + ".outside_assets", false) : 0.0);
      out_.clearing.external_liabilities.push_back(
          x ? amount(*x, path + ".external_liabilities", false) : 0.0);
      given_equity.push_back(q ? std::optional<double>(amount(*q, path + ".equity", true))
                               : std::nullopt);
    }
    out_.clearing.firm_count = out_.firm_ids.size();
  }

  FirmIndex firm(const ConfigNode& node, const std::string& key) const {
    if (!node.is_scalar()) fail(node, key, "expected a firm id");
    const auto it = index_.find(node.text);
    if (it == index_.end()) {
      fail(node, key, "unknown firm '" + node.text + "'; firms are declared under 'firms'");
    }
    return static_cast<FirmIndex>(it->second);
  }

  void read_list(const ConfigNode& list) {
    if (!list.is_sequence()) fail(list, "liabilities", "expected a list of {from, to, amount}");
    for (std::size_t k = 0; k < list.items.size(); ++k) {
      const ConfigNode& l = list.items[k];
      const std::string path = "liabilities[" + std::to_string(k) + "]";
      if (!l.is_map()) fail(l, path, "expected a map {from, to, amount}");
      check_keys(l, path, {"from", "to", "amount"});
      for (const char* key : {"from", "to", "amount"}) {
        if (!l.find(key)) fail(l, path + "." + key, std::string("missing key '") + key + "'");
      }
      const FirmIndex from = firm(*l.find("from"), path + ".from");
      const FirmIndex to = firm(*l.find("to"), path + ".to");
      if (from == to) fail(*l.find("to"), path + ".to", "a firm cannot owe itself");
      out_.clearing.liabilities.push_back(
          {from, to, amount(*l.find("amount"), path + ".amount", false)});
    }
  }

  void read_matrix(const ConfigNode& m) {
    const std::size_t n = out_.firm_ids.size();
    if (!m.is_sequence() || m.items.size() != n) {
      fail(m, "matrix", "expected " + std::to_string(n) + " rows, one per firm in 'firms' order");
    }
    for (std::size_t i = 0; i < n; ++i) {
      const ConfigNode& row = m.items[i];
      const std::string path = "matrix[" + std::to_string(i) + "]";
      if (!row.is_sequence() || row.items.size() != n) {
        fail(row, path, "expected a row of " + std::to_string(n) + " amounts");
      }
      for (std::size_t j = 0; j < n; ++j) {
        const std::string key = path + "[" + std::to_string(j) + "]";
        const double v = amount(row.items[j], key, false);
        if (i == j && v != 0.0) {
          fail(row.items[j], key, "a firm cannot owe itself: the diagonal must be 0");
        }
        if (v > 0.0) {
          out_.clearing.liabilities.push_back(
              {static_cast<FirmIndex>(i), static_cast<FirmIndex>(j), v});
        }
      }
    }
  }

  NetworkFile out_;
  std::unordered_map<std::string, std::size_t> index_;
  AmountTotal total_;
};

}  // namespace

NetworkFile read_network_yaml(const std::string& path,
                              std::vector<std::optional<double>>& given_equity) {
  YamlReader reader;
  NetworkFile out = reader.read(path);
  given_equity = std::move(reader.given_equity);
  return out;
}

}  // namespace alchemy
