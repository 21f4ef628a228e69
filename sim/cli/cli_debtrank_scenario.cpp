// `alchemy debtrank SCENARIO.yaml [--at DATE] [--set key=value] [--shock FIRM=h] [--linear]
// [--format table|csv|json]`: simulate the scenario to DATE (sim/run/simulate_to.hpp, as `alchemy
// loops` does), build the interfirm exposures of that state (sim/analysis/exposure_network.hpp) and
// print every firm's systemic impact — original and linear DebtRank when that firm alone is fully
// distressed — sorted by impact, with each firm's exposure totals; or, with --shock, one shock's
// propagation, printed as for a network file.

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/analysis/exposure_network.hpp"
#include "sim/analysis/systemic_impact.hpp"
#include "sim/cli/cli_debtrank.hpp"
#include "sim/run/simulate_to.hpp"
#include "sim/scenario/config_error.hpp"

namespace alchemy {

namespace {

void print(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
}

const char* note(const ExposureNetwork& net, FirmIndex i) {
  if (net.defaulted[i]) return "defaulted";
  if (!(net.equity[i] > 0.0)) return "no buffer";  // book equity <= 0: h = 1 from the start
  return "";
}

struct Totals {
  std::vector<double> of_each;  // Σ_j A_ij
  std::vector<double> to_each;  // Σ_i A_ij
  double by_kind[4] = {0.0, 0.0, 0.0, 0.0};
  double all = 0.0;
};

Totals totals(const ExposureNetwork& net) {
  Totals t;
  t.of_each = net.exposure_of_each();
  t.to_each = net.exposure_to_each();
  for (const Exposure& e : net.exposures) {
    t.by_kind[static_cast<int>(e.kind)] += e.amount;
    t.all += e.amount;
  }
  return t;
}

void print_ranking(const SimulatedState& s, const ExposureNetwork& net,
                   const SystemicImpact& impact, DebtRankVariant by, const std::string& format) {
  const Totals t = totals(net);
  const std::vector<FirmImpact>& ranks = impact.ranking;
  std::string no_buffer;
  for (const FirmIndex i : impact.no_buffer)
    no_buffer += (no_buffer.empty() ? "" : ", ") + net.firm_ids[i];
  if (format == "json") {
    nlohmann::json j;
    j["scenario"] = s.loaded.spec.name;
    j["date"] = s.world.date.iso();
    j["ranked_by"] = to_string(by);
    j["exposures"] = net.exposures.size();
    j["background"] = {{"original", impact.background_original},
                       {"linear", impact.background_linear}};
    j["ranking"] = nlohmann::json::array();
    for (std::size_t k = 0; k < ranks.size(); ++k) {
      const FirmIndex i = ranks[k].firm;
      j["ranking"].push_back({{"rank", k + 1},
                              {"id", net.firm_ids[i]},
                              {"original", ranks[k].original},
                              {"linear", ranks[k].linear},
                              {"equity", net.equity[i]},
                              {"exposure", t.of_each[i]},
                              {"exposed_to", t.to_each[i]},
                              {"defaulted", net.defaulted[i] != 0}});
    }
    print(j.dump(2) + "\n");
    return;
  }
  if (format == "csv") {
    std::string out = "rank,firm,original,linear,equity,exposure,exposed_to,defaulted\n";
    for (std::size_t k = 0; k < ranks.size(); ++k) {
      const FirmIndex i = ranks[k].firm;
      out += fmt::format("{},{},{},{},{},{},{},{}\n", k + 1, net.firm_ids[i], ranks[k].original,
                         ranks[k].linear, net.equity[i], t.of_each[i], t.to_each[i],
                         net.defaulted[i] ? 1 : 0);
    }
    print(out);
    return;
  }
  std::size_t w = 16;
  for (const auto& id : net.firm_ids)
    w = std::max(w, id.size());
  const double b = 1e9;
  std::string out = fmt::format(
      "{} on {}: {} firms, {} exposures totalling {:.3f} B\n"
      "(loans {:.3f} B, trade claims {:.3f} B, stakes {:.3f} B, warrants {:.3f} B)\n\n",
      s.loaded.spec.name, s.world.date.iso(), net.firm_count(), net.exposures.size(), t.all / b,
      t.by_kind[0] / b, t.by_kind[1] / b, t.by_kind[2] / b, t.by_kind[3] / b);
  if (!no_buffer.empty()) {
    out += fmt::format(
        "no equity buffer (book equity <= 0, not defaulted): {}; counted in default in every "
        "shock,\nthe loss they cause on their own (original R = {:.6f}, linear {:.6f}) is not "
        "charged to any firm\n\n",
        no_buffer, impact.background_original, impact.background_linear);
  }
  out += fmt::format("systemic impact (DebtRank): each firm alone in default, by {} DebtRank\n",
                     to_string(by));
  out +=
      fmt::format("{:>4}  {:<{}}  {:>10}  {:>10}  {:>14}  {:>14}  {:>14}  {}\n", "rank", "firm", w,
                  "original", "linear", "equity (B)", "exposure (B)", "exposed to (B)", "note");
  for (std::size_t k = 0; k < ranks.size(); ++k) {
    const FirmIndex i = ranks[k].firm;
    const std::string n = note(net, i);
    out += fmt::format("{:>4}  {:<{}}  {:>10.6f}  {:>10.6f}  {:>14.3f}  {:>14.3f}  {:>14.3f}{}\n",
                       k + 1, net.firm_ids[i], w, ranks[k].original, ranks[k].linear,
                       net.equity[i] / b, t.of_each[i] / b, t.to_each[i] / b,
                       n.empty() ? "" : "  " + n);
  }
  out +=
      "\nDebtRank R: the others' equity loss when this firm alone is in default, as a share of "
      "the network's\nbook equity (original: Battiston et al. 2012; linear: Bardoscia et al. "
      "2015). exposure: what the\nfirm loses if all its counterparties fail; exposed to: what the "
      "others lose if it fails.\n";
  print(out);
}

}  // namespace

int run_debtrank_scenario(const DebtRankArgs& a) {
  if (!a.firms.empty()) {
    throw ConfigError({a.file, 0, 0}, "--firms",
                      "--firms goes with a CSV edge list; this file is a scenario (its top level "
                      "has scenario keys)");
  }
  AtOptions at;
  at.scenario = a.file;
  at.at = a.at;
  at.overrides = a.overrides;
  const auto s = simulate_to(at);
  const ExposureNetwork net = exposure_network(s->loaded.spec, s->world);
  const DebtRankVariant by = a.linear ? DebtRankVariant::linear : DebtRankVariant::original;
  if (!a.shocks.empty()) {
    const std::vector<double> shock = parse_shocks(a.shocks, net.firm_ids);
    DebtRankOptions o;
    o.variant = by;
    const DebtRankResult r = debtrank(net.leverage(), shock, net.weights, o);
    print_shock_result(net.firm_ids, net.equity, r, by, a.format, 1e9, "equity (B)");
    return r.converged ? 0 : 1;
  }
  print_ranking(*s, net, systemic_impact(net, by), by, a.format);
  return 0;
}

}  // namespace alchemy
