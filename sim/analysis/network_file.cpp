#include "sim/analysis/network_file.hpp"

// Which reader a file goes to, and the equity of the firms that do not state theirs. The readers
// are network_yaml.cpp and network_csv.cpp.

#include <optional>

#include "sim/analysis/network_readers.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace {

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
    out = read_network_yaml(path, given_equity);
  } else {
    out = read_network_csv(path, firms_csv, given_equity);
  }
  if (out.cross_holdings) return out;  // no liabilities, so no book equity to derive
  // Book equity after full payment for the firms that do not state theirs.
  const std::size_t n = out.firm_ids.size();
  std::vector<double> book(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    book[i] = out.clearing.outside_assets[i] + out.clearing.assets_at_face[i] -
              out.clearing.external_liabilities[i];
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
