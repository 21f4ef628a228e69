// `alchemy clear` and `alchemy debtrank`: the research contagion algorithms of market/ run on a
// liability-network file (sim/analysis/network_file.hpp), results on stdout as a table, CSV or
// JSON. `alchemy clear` on a cross-holdings network values it by Elliott–Golub–Jackson instead
// (market/cross_holdings.hpp); each kind refuses the other's flags rather than ignore them.
// `alchemy debtrank` on a scenario instead (sim/scenario/scenario_detect.hpp) is
// sim/cli/cli_debtrank_scenario.cpp.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "market/clearing.hpp"
#include "market/cross_holdings.hpp"
#include "market/debtrank.hpp"
#include "sim/analysis/network_file.hpp"
#include "sim/cli/cli_command.hpp"
#include "sim/cli/cli_debtrank.hpp"
#include "sim/cli/cli_number.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/scenario_detect.hpp"

namespace alchemy {

namespace {

const std::vector<std::string> kFormats{"table", "csv", "json"};

// Shortest text that reads back to the same double: machine outputs lose nothing.
std::string num(double x) {
  return fmt::format("{}", x);
}

void print(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
}

// ---- clear ------------------------------------------------------------------------------------

struct ClearArgs {
  std::string file;
  std::string firms;
  double alpha = 1.0;
  double beta = 1.0;
  std::string seniority = "pari_passu";
  std::string algorithm = "auto";
  std::string equilibrium = "best";
  std::string format = "table";
  // The flags of one kind of network, to refuse them on the other: set at registration.
  std::vector<const CLI::Option*> clearing_flags;
  const CLI::Option* equilibrium_flag = nullptr;
};

// Elliott–Golub–Jackson values of a cross-holdings network. Σ v = Σ d − Σ failure costs of the
// failed (1ᵀ Ĉ (I − C)^{-1} = 1ᵀ, EGJ), printed as a check a reader can redo.
int run_cross_holdings(const ClearArgs& a, const NetworkFile& net) {
  for (const CLI::Option* flag : a.clearing_flags) {
    if (flag->count() > 0) {
      throw ConfigError(net.cross_holdings_at, flag->get_name(),
                        flag->get_name() +
                            " applies to a liability network, but this file has cross_holdings "
                            "(an Elliott-Golub-Jackson network: --equilibrium best|worst)");
    }
  }
  const CrossHoldingsInput& in = *net.cross_holdings;
  CrossHoldingsOptions o;
  o.equilibrium =
      a.equilibrium == "worst" ? CrossHoldingsEquilibrium::worst : CrossHoldingsEquilibrium::best;
  const CrossHoldingsResult r = cross_holdings_equilibrium(in, o);
  const std::size_t n = net.firm_ids.size();
  // The file's amounts are finite, but (I − C)^{-1} multiplies them by up to 1 / min_j Ĉ_jj, so
  // shares close to 1 on large amounts can overflow: bad input, not a result.
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(r.book_value[i])) {
      throw ConfigError(net.cross_holdings_at, "cross_holdings",
                        "the book value of '" + net.firm_ids[i] +
                            "' exceeds 1.8e308: the cross-holdings multiply the direct assets "
                            "past what a double holds; give smaller amounts or shares");
    }
  }
  double direct = 0.0, cost = 0.0, value = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    direct += in.direct_assets[i];
    cost += r.failed[i] ? in.failure_cost[i] : 0.0;
    value += r.market_value[i];
  }
  const bool best = o.equilibrium == CrossHoldingsEquilibrium::best;

  if (a.format == "json") {
    nlohmann::json j;
    j["model"] = "elliott_golub_jackson";
    j["equilibrium"] = to_string(o.equilibrium);
    j["rounds"] = r.rounds;
    j["failures"] = r.failure_count;
    j["total_direct_assets"] = direct;
    j["total_failure_costs"] = cost;
    j["total_market_value"] = value;
    j["firms"] = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i) {
      j["firms"].push_back({{"id", net.firm_ids[i]},
                            {"direct_assets", in.direct_assets[i]},
                            {"failure_threshold", in.failure_threshold[i]},
                            {"failure_cost", in.failure_cost[i]},
                            {"book_value", r.book_value[i]},
                            {"market_value", r.market_value[i]},
                            {"failed", r.failed[i] != 0},
                            {"failure_round", r.failure_round[i]}});
    }
    print(j.dump(2) + "\n");
  } else if (a.format == "csv") {
    std::string s =
        "firm,direct_assets,failure_threshold,failure_cost,book_value,market_value,failed,"
        "failure_round\n";
    for (std::size_t i = 0; i < n; ++i) {
      s += fmt::format("{},{},{},{},{},{},{},{}\n", net.firm_ids[i], num(in.direct_assets[i]),
                       num(in.failure_threshold[i]), num(in.failure_cost[i]), num(r.book_value[i]),
                       num(r.market_value[i]), r.failed[i] ? 1 : 0, r.failure_round[i]);
    }
    print(s);
  } else {
    std::size_t w = 4;
    for (const auto& id : net.firm_ids)
      w = std::max(w, id.size());
    std::string s = fmt::format("{:<{}}  {:>14}  {:>14}  {:>14}  {:>14}  {:>14}  {}\n", "firm", w,
                                "direct_assets", "threshold", "failure_cost", "book_value",
                                "market_value", "failed");
    for (std::size_t i = 0; i < n; ++i) {
      const std::string failed = !r.failed[i] ? "no"
                                 : best       ? fmt::format("yes, round {}", r.failure_round[i])
                                              : "yes";
      s += fmt::format("{:<{}}  {:>14.6f}  {:>14.6f}  {:>14.6f}  {:>14.6f}  {:>14.6f}  {}\n",
                       net.firm_ids[i], w, in.direct_assets[i], in.failure_threshold[i],
                       in.failure_cost[i], r.book_value[i], r.market_value[i], failed);
    }
    s += fmt::format(
        "\nElliott-Golub-Jackson, {}-case equilibrium (started with {} failed; {} valuation{})\n"
        "failed {} of {}; market value {:.6f} = direct assets {:.6f} - failure costs {:.6f}\n",
        to_string(o.equilibrium), best ? "no one" : "everyone", r.rounds, r.rounds == 1 ? "" : "s",
        r.failure_count, n, value, direct, cost);
    print(s);
  }
  return 0;
}

int run_clear(const ClearArgs& a) {
  const NetworkFile net = read_network_file(a.file, a.firms);
  if (net.cross_holdings) return run_cross_holdings(a, net);
  if (a.equilibrium_flag && a.equilibrium_flag->count() > 0) {
    throw ConfigError({a.file, 0, 0}, "--equilibrium",
                      "--equilibrium chooses between the equilibria of a cross-holdings network, "
                      "but this file has no cross_holdings section; a liability network has one "
                      "clearing vector here, the greatest");
  }
  ClearingOptions o;
  o.alpha = a.alpha;
  o.beta = a.beta;
  o.seniority = a.seniority == "senior" ? ExternalSeniority::senior : ExternalSeniority::pari_passu;
  o.algorithm = a.algorithm == "exact"       ? ClearingAlgorithm::exact
                : a.algorithm == "iterative" ? ClearingAlgorithm::iterative
                                             : ClearingAlgorithm::automatic;
  const ClearingNetwork network(net.clearing.firm_count, net.clearing.liabilities,
                                net.clearing.external_liabilities);
  const auto& e = net.clearing.outside_assets;
  const auto& g = net.clearing.assets_at_face;
  const ClearingResult r = clear(network, e, g, o);
  const std::size_t n = net.firm_ids.size();
  const auto nominal = network.nominal_liabilities();

  if (a.format == "json") {
    nlohmann::json j;
    j["algorithm"] = to_string(r.algorithm);
    j["seniority"] = to_string(o.seniority);
    j["alpha"] = o.alpha;
    j["beta"] = o.beta;
    j["rounds"] = r.rounds;
    j["converged"] = r.converged;
    j["defaults"] = r.default_count;
    j["total_paid"] = r.total_paid;
    j["total_to_outside"] = r.total_to_outside;
    j["firms"] = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i) {
      j["firms"].push_back({{"id", net.firm_ids[i]},
                            {"outside_assets", e[i]},
                            {"assets_at_face", g[i]},
                            {"nominal_liabilities", nominal[i]},
                            {"payment", r.payments[i]},
                            {"to_network", r.payments_to_network[i]},
                            {"to_outside", r.payments_to_outside[i]},
                            {"received", r.received[i]},
                            {"equity", r.equity[i]},
                            {"network_share", r.network_share[i]},
                            {"defaulted", r.defaulted[i] != 0}});
    }
    print(j.dump(2) + "\n");
  } else if (a.format == "csv") {
    std::string s =
        "firm,outside_assets,assets_at_face,nominal_liabilities,payment,to_network,to_outside,"
        "received,equity,defaulted\n";
    for (std::size_t i = 0; i < n; ++i) {
      s += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", net.firm_ids[i], num(e[i]), num(g[i]),
                       num(nominal[i]), num(r.payments[i]), num(r.payments_to_network[i]),
                       num(r.payments_to_outside[i]), num(r.received[i]), num(r.equity[i]),
                       r.defaulted[i] ? 1 : 0);
    }
    print(s);
  } else {
    std::size_t w = 4;
    for (const auto& id : net.firm_ids)
      w = std::max(w, id.size());
    std::string s =
        fmt::format("{:<{}}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {}\n",
                    "firm", w, "outside", "at_face", "p_bar", "payment", "to_network", "to_outside",
                    "received", "equity", "default");
    for (std::size_t i = 0; i < n; ++i) {
      s += fmt::format(
          "{:<{}}  {:>12.6f}  {:>12.6f}  {:>12.6f}  {:>12.6f}  {:>12.6f}  {:>12.6f}  {:>12.6f}  "
          "{:>12.6f}  {}\n",
          net.firm_ids[i], w, e[i], g[i], nominal[i], r.payments[i], r.payments_to_network[i],
          r.payments_to_outside[i], r.received[i], r.equity[i], r.defaulted[i] ? "yes" : "no");
    }
    s += fmt::format(
        "\nalgorithm {} ({} rounds{}), seniority {}, alpha {}, beta {}\n"
        "defaults {} of {}; total paid {:.6f}, of which to outside creditors {:.6f}\n",
        to_string(r.algorithm), r.rounds, r.converged ? "" : ", NOT converged",
        to_string(o.seniority), num(o.alpha), num(o.beta), r.default_count, n, r.total_paid,
        r.total_to_outside);
    print(s);
  }
  return r.converged ? 0 : 1;
}

// ---- debtrank ---------------------------------------------------------------------------------

}  // namespace

std::vector<double> parse_shocks(const std::vector<std::string>& specs,
                                 const std::vector<std::string>& firm_ids) {
  std::vector<double> h(firm_ids.size(), 0.0);
  for (const std::string& spec : specs) {
    const SourceLocation where{"<command line>", 0, 0};
    const auto eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError(where, "--shock", "expected FIRM=h with h in [0, 1], got '" + spec + "'");
    }
    const std::string id = spec.substr(0, eq);
    std::size_t firm = h.size();
    for (std::size_t i = 0; i < firm_ids.size(); ++i) {
      if (firm_ids[i] == id) firm = i;
    }
    if (firm == h.size()) {
      throw ConfigError(where, "--shock", "unknown firm '" + id + "' in '" + spec + "'");
    }
    const std::string value = spec.substr(eq + 1);
    char* end = nullptr;
    const double x = std::strtod(value.c_str(), &end);
    // NaN fails both comparisons; a subnormal h is no loss a user means.
    const bool subnormal = x != 0.0 && std::fabs(x) < DBL_MIN;
    if (value.empty() || end != value.c_str() + value.size() || !(x >= 0.0 && x <= 1.0) ||
        subnormal) {
      throw ConfigError(where, "--shock",
                        "expected a relative equity loss h in [0, 1], got '" + value + "'");
    }
    h[firm] = x;
  }
  return h;
}

void print_shock_result(const std::vector<std::string>& firm_ids, const std::vector<double>& equity,
                        const DebtRankResult& r, DebtRankVariant variant, const std::string& format,
                        double table_unit, const char* equity_heading) {
  const std::size_t n = firm_ids.size();
  if (format == "json") {
    nlohmann::json j;
    j["variant"] = to_string(variant);
    j["debtrank"] = r.debtrank;
    j["total_loss"] = r.total_loss;
    j["rounds"] = r.rounds;
    j["defaults"] = r.default_count;
    j["converged"] = r.converged;
    j["firms"] = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i) {
      j["firms"].push_back({{"id", firm_ids[i]},
                            {"equity", equity[i]},
                            {"initial_h", r.initial_h[i]},
                            {"h", r.h[i]}});
    }
    print(j.dump(2) + "\n");
  } else if (format == "csv") {
    std::string s = "firm,equity,initial_h,h\n";
    for (std::size_t i = 0; i < n; ++i) {
      s += fmt::format("{},{},{},{}\n", firm_ids[i], num(equity[i]), num(r.initial_h[i]),
                       num(r.h[i]));
    }
    print(s);
  } else {
    std::string s =
        fmt::format("{:<16}  {:>14}  {:>10}  {:>10}\n", "firm", equity_heading, "initial_h", "h");
    for (std::size_t i = 0; i < n; ++i) {
      s += fmt::format("{:<16}  {:>14.6f}  {:>10.6f}  {:>10.6f}\n", firm_ids[i],
                       equity[i] / table_unit, r.initial_h[i], r.h[i]);
    }
    s += fmt::format(
        "\n{} DebtRank R = {:.6f} (excluding the initial shock); total loss {:.6f}; {} rounds; "
        "{} firms at h = 1\n",
        to_string(variant), r.debtrank, r.total_loss, r.rounds, r.default_count);
    print(s);
  }
}

namespace {

int run_debtrank(const DebtRankArgs& a) {
  if (is_scenario_file(a.file)) return run_debtrank_scenario(a);
  // Read first: a scenario that does not parse (e.g. invalid UTF-8) is reported where it fails,
  // not as a network file given --at.
  const NetworkFile net = read_network_file(a.file, a.firms);
  if (net.cross_holdings) {
    throw ConfigError(net.cross_holdings_at, "cross_holdings",
                      "debtrank reads a liability network (liabilities or matrix); a "
                      "cross-holdings network is valued by `alchemy clear`");
  }
  if (!a.at.empty() || !a.overrides.empty()) {
    throw ConfigError({a.file, 0, 0}, a.at.empty() ? "--set" : "--at",
                      "--at and --set apply to a scenario, but this is read as a network file (a "
                      "YAML file with only 'firms', 'liabilities' or 'matrix' at the top, or a "
                      "CSV edge list)");
  }
  const std::size_t n = net.firm_ids.size();
  const LeverageMatrix lev = leverage_matrix(n, net.clearing.liabilities, net.equity);
  const std::vector<double> weights = equity_weights(net.equity);
  DebtRankOptions o;
  o.variant = a.linear ? DebtRankVariant::linear : DebtRankVariant::original;

  if (a.shocks.empty()) {
    // No shock given: every firm's systemic impact, ranked.
    const std::vector<double> impact = systemic_impact(lev, weights, o);
    const auto ranks = rank_by_impact(impact);
    if (a.format == "json") {
      nlohmann::json j;
      j["variant"] = to_string(o.variant);
      j["ranking"] = nlohmann::json::array();
      for (std::size_t k = 0; k < ranks.size(); ++k) {
        j["ranking"].push_back({{"rank", k + 1},
                                {"id", net.firm_ids[ranks[k].firm]},
                                {"debtrank", ranks[k].debtrank},
                                {"equity", net.equity[ranks[k].firm]}});
      }
      print(j.dump(2) + "\n");
    } else if (a.format == "csv") {
      std::string s = "rank,firm,debtrank,equity\n";
      for (std::size_t k = 0; k < ranks.size(); ++k) {
        s += fmt::format("{},{},{},{}\n", k + 1, net.firm_ids[ranks[k].firm],
                         num(ranks[k].debtrank), num(net.equity[ranks[k].firm]));
      }
      print(s);
    } else {
      std::string s = fmt::format("systemic impact ({} DebtRank): each firm alone in default\n",
                                  to_string(o.variant));
      s += fmt::format("{:>4}  {:<16}  {:>12}  {:>14}\n", "rank", "firm", "debtrank", "equity");
      for (std::size_t k = 0; k < ranks.size(); ++k) {
        s += fmt::format("{:>4}  {:<16}  {:>12.6f}  {:>14.6f}\n", k + 1,
                         net.firm_ids[ranks[k].firm], ranks[k].debtrank, net.equity[ranks[k].firm]);
      }
      print(s);
    }
    return 0;
  }

  const std::vector<double> shock = parse_shocks(a.shocks, net.firm_ids);
  const DebtRankResult r = debtrank(lev, shock, weights, o);
  print_shock_result(net.firm_ids, net.equity, r, o.variant, a.format);
  return r.converged ? 0 : 1;
}

const char* const kNetworkFileHelp =
    "network file: YAML, or a CSV edge list debtor,creditor,amount";

void add_file_options(CLI::App* cmd, std::string& file, std::string& firms, std::string& format,
                      const char* file_help = kNetworkFileHelp) {
  cmd->add_option("file", file, file_help)->required();
  cmd->add_option("--firms", firms,
                  "with a CSV edge list: firms CSV "
                  "(id,outside_assets,external_liabilities[,assets_at_face][,equity])");
  cmd->add_option("--format", format, "output format")
      ->check(CLI::IsMember(kFormats))
      ->capture_default_str();
}

}  // namespace

void register_clear_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ClearArgs>();
  CLI::App* cmd = app.add_subcommand(
      "clear",
      "Clearing vector of a liability network: Eisenberg-Noe (2001), or Rogers-Veraart (2013) "
      "with default costs; or the Elliott-Golub-Jackson (2014) values of a cross-holdings "
      "network");
  add_file_options(cmd, args->file, args->firms, args->format);
  args->clearing_flags = {
      cmd->add_option("--alpha", args->alpha, "share of outside assets realised in default")
          ->check(CLI::Range(0.0, 1.0))
          ->check(finite_number())
          ->capture_default_str(),
      cmd->add_option("--beta", args->beta, "share of interbank claims realised in default")
          ->check(CLI::Range(0.0, 1.0))
          ->check(finite_number())
          ->capture_default_str(),
      cmd->add_option(
             "--seniority", args->seniority,
             "external liabilities: pari_passu with interbank ones, or senior (paid first)")
          ->check(CLI::IsMember({"senior", "pari_passu"}))
          ->capture_default_str(),
      cmd->add_option("--algorithm", args->algorithm,
                      "exact (fictitious default / GA), iterative (Picard) or auto")
          ->check(CLI::IsMember({"exact", "iterative", "auto"}))
          ->capture_default_str()};
  args->equilibrium_flag =
      cmd->add_option("--equilibrium", args->equilibrium,
                      "cross-holdings network only: the best-case (fewest failures) or "
                      "worst-case (most failures) Elliott-Golub-Jackson equilibrium")
          ->check(CLI::IsMember({"best", "worst"}))
          ->capture_default_str();
  cmd->callback([args, &exit_code] { exit_code = run_clear(*args); });
}

void register_debtrank_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<DebtRankArgs>();
  CLI::App* cmd = app.add_subcommand(
      "debtrank",
      "DebtRank of a shock (Battiston et al. 2012; --linear: Bardoscia et al. 2015), or every "
      "firm's systemic impact when no --shock is given; on a network file, or on a scenario "
      "simulated to --at DATE (a YAML file with a scenario key such as name, start or base at "
      "the top)");
  add_file_options(cmd, args->file, args->firms, args->format,
                   "network file (YAML, or a CSV edge list debtor,creditor,amount) or scenario "
                   "YAML");
  cmd->add_option("--at", args->at,
                  "scenario only: date to analyse (ISO; default: one year after the start)");
  cmd->add_option("--set", args->overrides,
                  "scenario only: override a scenario key, key.path=value (repeatable)");
  cmd->add_option("--shock", args->shocks,
                  "FIRM=h: initial relative equity loss h in [0, 1] (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag(
      "--linear", args->linear,
      "linear DebtRank instead of the original (scenario ranking: sort by it; both are shown)");
  cmd->callback([args, &exit_code] { exit_code = run_debtrank(*args); });
}

}  // namespace alchemy
