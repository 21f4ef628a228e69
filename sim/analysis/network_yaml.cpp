// The YAML form of a liability-network file, read through the scenario loader's located tree
// (config_tree.hpp), so it has the same bounds (size, UTF-8, aliases, depth) and locations. A file
// with a `cross_holdings` section is a cross-holdings network instead, whose firms take other keys;
// a key of the other kind is named as such, not just as unknown.

#include <fmt/format.h>

#include <map>
#include <string_view>
#include <unordered_map>
#include <utility>

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
      fail(root, "",
           "expected a map with keys firms and liabilities (or matrix, or cross_holdings)");
    // A scenario or sweep file is named as such, not reported as "unknown key 'name'".
    require_file_kind(root, FileKind::network, "this command");
    check_keys(root, "", {"firms", "liabilities", "matrix", "cross_holdings"});
    const ConfigNode* firms = root.find("firms");
    if (!firms) fail(root, "firms", "missing key 'firms': the list of firms");
    const ConfigNode* list = root.find("liabilities");
    const ConfigNode* matrix = root.find("matrix");
    const ConfigEntry* holdings = root.find_entry("cross_holdings");
    if (list && matrix) fail(*matrix, "matrix", "give either 'liabilities' or 'matrix', not both");
    if (holdings && (list || matrix)) {
      const ConfigEntry* debts = root.find_entry(list ? "liabilities" : "matrix");
      throw ConfigError(debts->key_where, debts->key,
                        "a file is either a liability network (liabilities or matrix) or a "
                        "cross-holdings network (cross_holdings), not both");
    }
    if (holdings) {
      read_cross_firms(*firms);
      read_holdings(holdings->value);
      out_.cross_holdings_at = holdings->key_where;
      return std::move(out_);
    }
    read_firms(*firms);
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

  // `other`: keys that belong to the other kind of network file, named as such when met.
  static void check_keys(const ConfigNode& map, const std::string& path,
                         std::initializer_list<const char*> allowed,
                         std::initializer_list<const char*> other = {},
                         const char* other_hint = "") {
    for (const ConfigEntry& e : map.entries) {
      bool ok = false;
      std::string list;
      for (const char* a : allowed) {
        ok = ok || e.key == a;
        list += list.empty() ? a : std::string(", ") + a;
      }
      if (ok) continue;
      const std::string key = path.empty() ? e.key : path + "." + e.key;
      for (const char* o : other) {
        if (e.key == o) throw ConfigError(e.key_where, key, "'" + e.key + "' " + other_hint);
      }
      throw ConfigError(e.key_where, key, "unknown key '" + e.key + "'; expected one of " + list);
    }
  }

  double amount(const ConfigNode& node, const std::string& key, bool allow_negative) {
    if (!node.is_scalar()) fail(node, key, std::string("expected ") + kAmountSyntax);
    const ParsedAmount v = parse_network_amount(node.text, !allow_negative);
    if (!v.value) fail(node, key, v.problem);
    total_.add(*v.value, node.where, key);
    return *v.value;
  }

  // The ids of a firm list, in order; `shape` describes one entry for the messages.
  const ConfigNode& firm_entry(const ConfigNode& firms, std::size_t k, const char* shape) {
    const ConfigNode& f = firms.items[k];
    const std::string path = "firms[" + std::to_string(k) + "]";
    if (!f.is_map()) fail(f, path, std::string("expected a map ") + shape);
    return f;
  }

  void add_id(const ConfigNode& f, const std::string& path) {
    const ConfigNode* id = f.find("id");
    if (!id || !id->is_scalar() || id->text.empty()) {
      fail(id ? *id : f, path + ".id", "expected a firm id (a nonempty string)");
    }
    if (!index_.emplace(id->text, out_.firm_ids.size()).second) {
      fail(*id, path + ".id", "duplicate firm id '" + id->text + "'");
    }
    out_.firm_ids.push_back(id->text);
  }

  static void require_list(const ConfigNode& firms, const char* shape) {
    if (!firms.is_sequence() || firms.items.empty()) {
      fail(firms, "firms", std::string("expected a nonempty list of firms, each ") + shape);
    }
  }

  void read_firms(const ConfigNode& firms) {
    const char* shape = "{id, outside_assets, external_liabilities}";
    require_list(firms, "{id, outside_assets, ...}");
    for (std::size_t k = 0; k < firms.items.size(); ++k) {
      const ConfigNode& f = firm_entry(firms, k, shape);
      const std::string path = "firms[" + std::to_string(k) + "]";
      check_keys(f, path,
                 {"id", "outside_assets", "assets_at_face", "external_liabilities", "equity"},
                 {"direct_assets", "failure_threshold", "failure_cost"},
                 "is a key of a cross-holdings network, which has a 'cross_holdings' section");
      add_id(f, path);
      const ConfigNode* e = f.find("outside_assets");
      const ConfigNode* g = f.find("assets_at_face");
      const ConfigNode* x = f.find("external_liabilities");
      const ConfigNode* q = f.find("equity");
      out_.clearing.outside_assets.push_back(e ? amount(*e, path + ".outside_assets", false) : 0.0);
      out_.clearing.assets_at_face.push_back(g ? amount(*g, path + ".assets_at_face", false) : 0.0);
      out_.clearing.external_liabilities.push_back(
          x ? amount(*x, path + ".external_liabilities", false) : 0.0);
      given_equity.push_back(q ? std::optional<double>(amount(*q, path + ".equity", true))
                               : std::nullopt);
    }
    out_.clearing.firm_count = out_.firm_ids.size();
  }

  // A cross-holdings network's firms: every key required, since a failure threshold or cost left
  // out has no neutral value to stand for it.
  void read_cross_firms(const ConfigNode& firms) {
    const char* shape = "{id, direct_assets, failure_threshold, failure_cost}";
    require_list(firms, shape);
    CrossHoldingsInput& in = out_.cross_holdings.emplace();
    for (std::size_t k = 0; k < firms.items.size(); ++k) {
      const ConfigNode& f = firm_entry(firms, k, shape);
      const std::string path = "firms[" + std::to_string(k) + "]";
      check_keys(f, path, {"id", "direct_assets", "failure_threshold", "failure_cost"},
                 {"outside_assets", "assets_at_face", "external_liabilities", "equity"},
                 "is a key of a liability network; this file has 'cross_holdings', whose firms "
                 "take direct_assets, failure_threshold and failure_cost");
      add_id(f, path);
      for (const char* key : {"direct_assets", "failure_threshold", "failure_cost"}) {
        if (!f.find(key)) fail(f, path + "." + key, std::string("missing key '") + key + "'");
      }
      in.direct_assets.push_back(amount(*f.find("direct_assets"), path + ".direct_assets", false));
      in.failure_threshold.push_back(
          amount(*f.find("failure_threshold"), path + ".failure_threshold", false));
      in.failure_cost.push_back(amount(*f.find("failure_cost"), path + ".failure_cost", false));
    }
    in.firm_count = out_.firm_ids.size();
    out_.clearing.firm_count = in.firm_count;
  }

  // Checked here, at their place in the file, rather than by the solver's invalid_argument: a
  // share outside [0, 1), a firm holding itself, a pair given twice, and the shares held in one
  // issuer reaching 1 (EGJ need a positive outside share Ĉ_jj, or values are unbounded).
  void read_holdings(const ConfigNode& list) {
    const char* shape = "{holder, issuer, share}";
    if (!list.is_sequence() || list.items.empty()) {
      fail(list, "cross_holdings", std::string("expected a nonempty list of ") + shape);
    }
    CrossHoldingsInput& in = *out_.cross_holdings;
    std::map<std::pair<FirmIndex, FirmIndex>, std::size_t> seen;
    std::vector<double> held(in.firm_count, 0.0);
    for (std::size_t k = 0; k < list.items.size(); ++k) {
      const ConfigNode& h = list.items[k];
      const std::string path = "cross_holdings[" + std::to_string(k) + "]";
      if (!h.is_map()) fail(h, path, std::string("expected a map ") + shape);
      check_keys(h, path, {"holder", "issuer", "share"});
      for (const char* key : {"holder", "issuer", "share"}) {
        if (!h.find(key)) fail(h, path + "." + key, std::string("missing key '") + key + "'");
      }
      const FirmIndex holder = firm(*h.find("holder"), path + ".holder");
      const FirmIndex issuer = firm(*h.find("issuer"), path + ".issuer");
      if (holder == issuer) fail(*h.find("issuer"), path + ".issuer", "a firm cannot hold itself");
      const auto [at, fresh] = seen.emplace(std::make_pair(holder, issuer), k);
      if (!fresh) {
        fail(*h.find("issuer"), path + ".issuer",
             "'" + out_.firm_ids[holder] + "' already holds '" + out_.firm_ids[issuer] +
                 "' (cross_holdings[" + std::to_string(at->second) +
                 "]); give one share per holder and issuer");
      }
      const ConfigNode& s = *h.find("share");
      const std::string key = path + ".share";
      if (!s.is_scalar()) fail(s, key, "expected a share in [0, 1)");
      const ParsedAmount v = parse_network_amount(s.text, true);
      if (!v.value) fail(s, key, v.problem);
      if (!(*v.value < 1.0)) fail(s, key, "expected a share in [0, 1), got " + s.text);
      held[issuer] += *v.value;
      if (!(held[issuer] < 1.0)) {
        fail(s, key,
             "the shares held in '" + out_.firm_ids[issuer] + "' add up to 1 or more (" +
                 fmt::format("{:.6g}", held[issuer]) +
                 "); its outside investors must keep a positive share");
      }
      in.holdings.push_back({holder, issuer, *v.value});
    }
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
