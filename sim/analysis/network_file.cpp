#include "sim/analysis/network_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "market/magnitude.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace {

// A plain number with optional `_` between digits and an optional k/K/M/B/T suffix.
std::optional<double> parse_amount(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  const double scale = magnitude_scale(text.back());
  if (magnitude_power(text.back()) > 0) text.remove_suffix(1);
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      const bool between = i > 0 && i + 1 < text.size() &&
                           std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
                           std::isdigit(static_cast<unsigned char>(text[i + 1]));
      if (!between) return std::nullopt;
      continue;
    }
    digits.push_back(text[i]);
  }
  if (digits.empty() || digits.find_first_of("xXpP") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size() || !std::isfinite(v)) return std::nullopt;
  return v * scale;
}

const char* const kAmountSyntax = "a number such as 1.5, 2e9, 1_000 or 4.3B";

// ---- YAML -------------------------------------------------------------------------------------

class YamlReader {
 public:
  explicit YamlReader(std::string path) : path_(std::move(path)) {}

  NetworkFile read() {
    YAML::Node root;
    try {
      root = YAML::LoadFile(path_);
    } catch (const YAML::BadFile&) {
      throw ConfigError({path_, 0, 0}, "", "cannot open the file");
    } catch (const YAML::ParserException& e) {
      throw ConfigError(at(e.mark), "", "not valid YAML: " + e.msg);
    }
    if (!root.IsMap()) fail(root, "", "expected a map with keys firms and liabilities (or matrix)");
    check_keys(root, "", {"firms", "liabilities", "matrix"});
    const YAML::Node firms = root["firms"];
    if (!firms) fail(root, "firms", "missing key 'firms': the list of firms");
    read_firms(firms);
    const YAML::Node list = root["liabilities"];
    const YAML::Node matrix = root["matrix"];
    if (list && matrix) fail(matrix, "matrix", "give either 'liabilities' or 'matrix', not both");
    if (list) read_list(list);
    if (matrix) read_matrix(matrix);
    return std::move(out_);
  }

 private:
  SourceLocation at(const YAML::Mark& m) const {
    // yaml-cpp marks are 0-based; a null node has line −1.
    if (m.line < 0) return {path_, 0, 0};
    return {path_, m.line + 1, m.column + 1};
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& problem) const {
    throw ConfigError(at(node.Mark()), key, problem);
  }

  void check_keys(const YAML::Node& map, const std::string& path,
                  std::initializer_list<const char*> allowed) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = it->first.Scalar();
      bool ok = false;
      std::string list;
      for (const char* a : allowed) {
        ok = ok || key == a;
        list += list.empty() ? a : std::string(", ") + a;
      }
      if (!ok) {
        throw ConfigError(at(it->first.Mark()), path.empty() ? key : path + "." + key,
                          "unknown key '" + key + "'; expected one of " + list);
      }
    }
  }

  double amount(const YAML::Node& node, const std::string& key, bool allow_negative) const {
    if (!node.IsScalar()) fail(node, key, std::string("expected ") + kAmountSyntax);
    const auto v = parse_amount(node.Scalar());
    if (!v)
      fail(node, key, std::string("expected ") + kAmountSyntax + ", got '" + node.Scalar() + "'");
    if (!allow_negative && *v < 0.0) {
      fail(node, key, "expected a nonnegative amount, got '" + node.Scalar() + "'");
    }
    return *v;
  }

  void read_firms(const YAML::Node& firms) {
    if (!firms.IsSequence() || firms.size() == 0) {
      fail(firms, "firms", "expected a nonempty list of firms, each {id, outside_assets, ...}");
    }
    std::vector<std::optional<double>> given_equity;
    for (std::size_t k = 0; k < firms.size(); ++k) {
      const YAML::Node f = firms[k];
      const std::string path = "firms[" + std::to_string(k) + "]";
      if (!f.IsMap()) fail(f, path, "expected a map {id, outside_assets, external_liabilities}");
      check_keys(f, path, {"id", "outside_assets", "external_liabilities", "equity"});
      const YAML::Node id = f["id"];
      if (!id || !id.IsScalar() || id.Scalar().empty()) {
        fail(id ? id : f, path + ".id", "expected a firm id (a nonempty string)");
      }
      if (!index_.emplace(id.Scalar(), out_.firm_ids.size()).second) {
        fail(id, path + ".id", "duplicate firm id '" + id.Scalar() + "'");
      }
      out_.firm_ids.push_back(id.Scalar());
      const YAML::Node e = f["outside_assets"];
      const YAML::Node x = f["external_liabilities"];
      const YAML::Node q = f["equity"];
      out_.clearing.outside_assets.push_back(e ? amount(e, path + ".outside_assets", false) : 0.0);
      out_.clearing.external_liabilities.push_back(
          x ? amount(x, path + ".external_liabilities", false) : 0.0);
      given_equity.push_back(q ? std::optional<double>(amount(q, path + ".equity", true))
                               : std::nullopt);
    }
    out_.clearing.firm_count = out_.firm_ids.size();
    given_equity_ = std::move(given_equity);
  }

  FirmIndex firm(const YAML::Node& node, const std::string& key) const {
    if (!node || !node.IsScalar()) fail(node, key, "expected a firm id");
    const auto it = index_.find(node.Scalar());
    if (it == index_.end()) {
      fail(node, key, "unknown firm '" + node.Scalar() + "'; firms are declared under 'firms'");
    }
    return static_cast<FirmIndex>(it->second);
  }

  void read_list(const YAML::Node& list) {
    if (!list.IsSequence()) fail(list, "liabilities", "expected a list of {from, to, amount}");
    for (std::size_t k = 0; k < list.size(); ++k) {
      const YAML::Node l = list[k];
      const std::string path = "liabilities[" + std::to_string(k) + "]";
      if (!l.IsMap()) fail(l, path, "expected a map {from, to, amount}");
      check_keys(l, path, {"from", "to", "amount"});
      for (const char* key : {"from", "to", "amount"}) {
        if (!l[key]) fail(l, path + "." + key, std::string("missing key '") + key + "'");
      }
      const FirmIndex from = firm(l["from"], path + ".from");
      const FirmIndex to = firm(l["to"], path + ".to");
      if (from == to) fail(l["to"], path + ".to", "a firm cannot owe itself");
      out_.clearing.liabilities.push_back({from, to, amount(l["amount"], path + ".amount", false)});
    }
  }

  void read_matrix(const YAML::Node& m) {
    const std::size_t n = out_.firm_ids.size();
    if (!m.IsSequence() || m.size() != n) {
      fail(m, "matrix", "expected " + std::to_string(n) + " rows, one per firm in 'firms' order");
    }
    for (std::size_t i = 0; i < n; ++i) {
      const YAML::Node row = m[i];
      const std::string path = "matrix[" + std::to_string(i) + "]";
      if (!row.IsSequence() || row.size() != n) {
        fail(row, path, "expected a row of " + std::to_string(n) + " amounts");
      }
      for (std::size_t j = 0; j < n; ++j) {
        const std::string key = path + "[" + std::to_string(j) + "]";
        const double v = amount(row[j], key, false);
        if (i == j && v != 0.0)
          fail(row[j], key, "a firm cannot owe itself: the diagonal must be 0");
        if (v > 0.0) {
          out_.clearing.liabilities.push_back(
              {static_cast<FirmIndex>(i), static_cast<FirmIndex>(j), v});
        }
      }
    }
  }

 public:
  std::vector<std::optional<double>> given_equity_;

 private:
  std::string path_;
  NetworkFile out_;
  std::unordered_map<std::string, std::size_t> index_;
};

// ---- CSV --------------------------------------------------------------------------------------

struct CsvField {
  std::string text;
  int column = 1;  // 1-based character position
};

std::vector<CsvField> split_csv(const std::string& line) {
  std::vector<CsvField> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string text =
        line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t lead = 0;
    while (lead < text.size() && std::isspace(static_cast<unsigned char>(text[lead])))
      ++lead;
    std::size_t trail = text.size();
    while (trail > lead && std::isspace(static_cast<unsigned char>(text[trail - 1])))
      --trail;
    fields.push_back({text.substr(lead, trail - lead), static_cast<int>(start + lead + 1)});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

// Non-empty, non-comment lines with their 1-based numbers.
std::vector<std::pair<int, std::string>> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError({path, 0, 0}, "", "cannot open the file");
  std::vector<std::pair<int, std::string>> lines;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    lines.emplace_back(number, line);
  }
  return lines;
}

struct CsvFirms {
  std::vector<std::string> ids;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<double> outside, external;
  std::vector<std::optional<double>> equity;
};

CsvFirms read_firms_csv(const std::string& path) {
  const auto lines = read_lines(path);
  if (lines.empty()) throw ConfigError({path, 0, 0}, "", "empty file: expected a header line");
  const auto header = split_csv(lines[0].second);
  std::unordered_map<std::string, std::size_t> col;
  for (std::size_t k = 0; k < header.size(); ++k) {
    const std::string& name = header[k].text;
    if (name != "id" && name != "outside_assets" && name != "external_liabilities" &&
        name != "equity") {
      throw ConfigError({path, lines[0].first, header[k].column}, name,
                        "unknown column '" + name +
                            "'; expected id, outside_assets, external_liabilities, equity");
    }
    if (!col.emplace(name, k).second) {
      throw ConfigError({path, lines[0].first, header[k].column}, name, "duplicate column");
    }
  }
  for (const char* required : {"id", "outside_assets", "external_liabilities"}) {
    if (!col.count(required)) {
      throw ConfigError({path, lines[0].first, 1}, required,
                        std::string("missing column '") + required + "' in the header");
    }
  }
  CsvFirms f;
  for (std::size_t l = 1; l < lines.size(); ++l) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in number_at.
    const auto number = lines[l].first;
    const auto& text = lines[l].second;
    const auto fields = split_csv(text);
    if (fields.size() != header.size()) {
      throw ConfigError({path, number, 1}, "",
                        "expected " + std::to_string(header.size()) + " fields, got " +
                            std::to_string(fields.size()));
    }
    const CsvField& id = fields[col["id"]];
    if (id.text.empty()) throw ConfigError({path, number, id.column}, "id", "expected a firm id");
    if (!f.index.emplace(id.text, f.ids.size()).second) {
      throw ConfigError({path, number, id.column}, "id", "duplicate firm id '" + id.text + "'");
    }
    f.ids.push_back(id.text);
    auto number_at = [&](const char* name, bool allow_negative) {
      const CsvField& field = fields[col[name]];
      const auto v = parse_amount(field.text);
      if (!v || (!allow_negative && *v < 0.0)) {
        throw ConfigError({path, number, field.column}, name,
                          std::string("expected ") +
                              (allow_negative ? "" : "a nonnegative amount, ") + kAmountSyntax +
                              ", got '" + field.text + "'");
      }
      return *v;
    };
    f.outside.push_back(number_at("outside_assets", false));
    f.external.push_back(number_at("external_liabilities", false));
    f.equity.push_back(col.count("equity") ? std::optional<double>(number_at("equity", true))
                                           : std::nullopt);
  }
  if (f.ids.empty()) throw ConfigError({path, 0, 0}, "", "no firms listed");
  return f;
}

NetworkFile read_csv(const std::string& path, const std::string& firms_csv,
                     std::vector<std::optional<double>>& given_equity) {
  NetworkFile out;
  CsvFirms firms;
  const bool declared = !firms_csv.empty();
  if (declared) firms = read_firms_csv(firms_csv);
  const auto lines = read_lines(path);
  for (std::size_t l = 0; l < lines.size(); ++l) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in number_at.
    const auto number = lines[l].first;
    const auto& text = lines[l].second;
    const auto fields = split_csv(text);
    if (fields.size() != 3) {
      throw ConfigError(
          {path, number, 1}, "",
          "expected 3 fields debtor,creditor,amount; got " + std::to_string(fields.size()));
    }
    const auto amount = parse_amount(fields[2].text);
    if (!amount && l == 0) continue;  // a header line
    if (!amount || *amount < 0.0) {
      throw ConfigError({path, number, fields[2].column}, "amount",
                        std::string("expected a nonnegative amount, ") + kAmountSyntax + ", got '" +
                            fields[2].text + "'");
    }
    FirmIndex ends[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      const CsvField& f = fields[static_cast<std::size_t>(k)];
      const char* key = k == 0 ? "debtor" : "creditor";
      if (f.text.empty()) throw ConfigError({path, number, f.column}, key, "expected a firm id");
      auto it = firms.index.find(f.text);
      if (it == firms.index.end()) {
        if (declared) {
          throw ConfigError({path, number, f.column}, key,
                            "unknown firm '" + f.text + "'; not listed in " + firms_csv);
        }
        it = firms.index.emplace(f.text, firms.ids.size()).first;
        firms.ids.push_back(f.text);
        firms.outside.push_back(0.0);
        firms.external.push_back(0.0);
        firms.equity.push_back(std::nullopt);
      }
      ends[k] = static_cast<FirmIndex>(it->second);
    }
    if (ends[0] == ends[1]) {
      throw ConfigError({path, number, fields[1].column}, "creditor", "a firm cannot owe itself");
    }
    out.clearing.liabilities.push_back({ends[0], ends[1], *amount});
  }
  out.firm_ids = std::move(firms.ids);
  out.clearing.firm_count = out.firm_ids.size();
  out.clearing.outside_assets = std::move(firms.outside);
  out.clearing.external_liabilities = std::move(firms.external);
  given_equity = std::move(firms.equity);
  if (out.firm_ids.empty()) throw ConfigError({path, 0, 0}, "", "no liabilities and no firms");
  return out;
}

bool is_yaml(const std::string& path) {
  const auto dot = path.rfind('.');
  if (dot == std::string::npos) return false;
  const std::string ext = path.substr(dot + 1);
  return ext == "yaml" || ext == "yml";
}

}  // namespace

NetworkFile read_network_file(const std::string& path, const std::string& firms_csv) {
  NetworkFile out;
  std::vector<std::optional<double>> given_equity;
  if (is_yaml(path)) {
    if (!firms_csv.empty()) {
      throw ConfigError({"<command line>", 0, 0}, "--firms",
                        "--firms goes with a CSV edge list; a YAML file lists its firms itself");
    }
    YamlReader reader(path);
    out = reader.read();
    given_equity = std::move(reader.given_equity_);
  } else {
    out = read_csv(path, firms_csv, given_equity);
  }
  // Book equity after full payment for the firms that do not state theirs.
  const std::size_t n = out.firm_ids.size();
  std::vector<double> book(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    book[i] = out.clearing.outside_assets[i] - out.clearing.external_liabilities[i];
  }
  for (const Liability& l : out.clearing.liabilities) {
    book[l.creditor] += l.amount;
    book[l.debtor] -= l.amount;
  }
  out.equity.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.equity[i] = given_equity.size() == n && given_equity[i] ? *given_equity[i] : book[i];
  }
  return out;
}

}  // namespace alchemy
