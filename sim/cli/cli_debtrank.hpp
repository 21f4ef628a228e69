#pragma once
// What the two forms of `alchemy debtrank` share: its arguments, the --shock parser and the
// printing of one shock's result. The network-file form is in sim/cli/cli_contagion.cpp, the
// scenario form (a simulated world's exposures, sim/analysis/exposure_network.hpp) in
// sim/cli/cli_debtrank_scenario.cpp.

#include <string>
#include <vector>

#include "market/debtrank.hpp"

namespace alchemy {

struct DebtRankArgs {
  std::string file;                 // network file or scenario (sim/scenario/scenario_detect.hpp)
  std::string firms;                // network form, CSV edge list only: the firms CSV
  std::vector<std::string> shocks;  // FIRM=h
  bool linear = false;
  std::string format = "table";        // table | csv | json
  std::string at;                      // scenario form only: --at DATE
  std::vector<std::string> overrides;  // scenario form only: --set key=value
};

// h(1) per firm from FIRM=h specs (firms not named: 0). Throws ConfigError naming the spec.
std::vector<double> parse_shocks(const std::vector<std::string>& specs,
                                 const std::vector<std::string>& firm_ids);

// Prints one shock's propagation (per firm: equity, initial h, final h; then R) in `format`. The
// table shows equity / `table_unit` under the heading `equity_heading` (scenarios: USD billions);
// CSV and JSON keep the unscaled number.
void print_shock_result(const std::vector<std::string>& firm_ids, const std::vector<double>& equity,
                        const DebtRankResult& r, DebtRankVariant variant, const std::string& format,
                        double table_unit = 1.0, const char* equity_heading = "equity");

// `alchemy debtrank SCENARIO.yaml [--at DATE]`; returns the exit code. Throws ConfigError.
int run_debtrank_scenario(const DebtRankArgs& a);

}  // namespace alchemy
