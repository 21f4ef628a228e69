#include "sim/engine/network_generator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "agents/firm_kinds.hpp"
#include "market/gai_kapadia.hpp"
#include "market/rng.hpp"
#include "market/synthetic_network.hpp"

namespace alchemy {

std::string_view to_string(NetworkModel m) {
  switch (m) {
    case NetworkModel::erdos_renyi:
      return "erdos_renyi";
    case NetworkModel::barabasi_albert:
      return "barabasi_albert";
    case NetworkModel::core_periphery:
      return "core_periphery";
  }
  return "?";
}

namespace {

std::vector<DirectedEdge> draw_edges(const NetworkGeneratorSpec& g, Rng& rng) {
  switch (g.generator) {
    case NetworkModel::erdos_renyi:
      return erdos_renyi(g.n, g.mean_degree, rng);
    case NetworkModel::barabasi_albert:
      return barabasi_albert(g.n, g.mean_degree, rng);
    case NetworkModel::core_periphery: {
      // Craig & von Peter (2014)'s stylised interbank market: the core is complete, periphery
      // firms deal only with the core, z/n_core per ordered pair, so a periphery firm has z
      // creditors and z debtors on average while each core firm is a hub.
      const auto core = std::max<std::size_t>(
          1, static_cast<std::size_t>(std::lround(g.core_share * static_cast<double>(g.n))));
      const double p_cp = std::min(1.0, g.mean_degree / static_cast<double>(core));
      return core_periphery(g.n, g.core_share, 1.0, 0.0, p_cp, rng);
    }
  }
  throw std::logic_error("network: generator without a model");
}

std::string synthetic_id(std::size_t i, std::size_t n) {
  std::string digits = std::to_string(i);
  const std::size_t width = std::to_string(n == 0 ? 0 : n - 1).size();
  return "syn" + std::string(width - std::min(width, digits.size()), '0') + digits;
}

FirmSpec synthetic_firm(std::string id) {
  FirmSpec f = kind_defaults(FirmKind::lender);
  f.name = id;
  f.id = std::move(id);
  f.rules.clear();
  f.revenue = RevenueSpec{};
  f.costs = CostSpec{.cost_of_revenue = 0.0, .fixed_annual = Money::zero(), .fixed_growth = 0.0};
  f.compute = ComputeSpec{};
  // Gai & Kapadia's banks are not traded: prices stay at the starting book value per share (until
  // a default wipes the equity out). Letting them follow the credit channel would make a network
  // of 25×-levered banks look explosive for reasons outside the paper's model.
  f.valuation.kappa = 0.0;
  f.valuation.volatility = 0.0;
  f.valuation.jump_intensity = 0.0;
  f.valuation.announcement_beta = 0.0;
  f.default_when_insolvent = true;
  f.listed = true;
  f.shares = 1e6;
  return f;
}

}  // namespace

DrawnNetwork draw_network(const NetworkGeneratorSpec& g, std::uint64_t seed) {
  Rng rng(derive_seed(seed, stable_hash("network")));
  DrawnNetwork out;
  out.edges = draw_edges(g, rng);
  out.shocked = static_cast<std::size_t>(rng.below(g.n));
  return out;
}

ScenarioSpec with_generated_network(const ScenarioSpec& spec, std::uint64_t seed) {
  if (!spec.network) return spec;
  const NetworkGeneratorSpec& g = *spec.network;
  const DrawnNetwork drawn = draw_network(g, seed);
  const std::vector<DirectedEdge>& edges = drawn.edges;
  const GaiKapadiaSystem sys = gai_kapadia_balance_sheets(edges, g.n, g.capital_ratio,
                                                          g.interbank_share, kSyntheticFirmAssets);

  std::vector<FirmSpec> synth;
  synth.reserve(g.n);
  for (std::size_t i = 0; i < g.n; ++i)
    synth.push_back(synthetic_firm(synthetic_id(i, g.n)));

  // Interbank debts, at each creditor's per-link exposure in whole cents; the creditor's loans
  // are the sum of those, so its books agree with its debtors' to the cent.
  std::vector<Money> exposure(g.n), lent(g.n), owed(g.n);
  for (std::size_t i = 0; i < g.n; ++i) {
    const GaiKapadiaBank& b = sys.banks[i];
    if (b.in_degree > 0) exposure[i] = Money::from_dollars(b.interbank_assets / b.in_degree);
  }
  const Date maturity = spec.end.plus_days(1);
  for (const DirectedEdge& e : edges) {  // e.from owes e.to
    DebtSpec d;
    d.id = "ib-" + synth[e.to].id;
    d.principal = exposure[e.to];
    d.rate = 0.0;
    d.maturity = maturity;
    d.lender = synth[e.to].id;
    synth[e.from].debt.push_back(d);
    lent[e.to] += d.principal;
    owed[e.from] += d.principal;
  }
  const Money total = Money::from_dollars(kSyntheticFirmAssets);
  const Money capital = Money::from_dollars(g.capital_ratio * kSyntheticFirmAssets);
  for (std::size_t i = 0; i < g.n; ++i) {
    FirmSpec& f = synth[i];
    f.other_assets = total - lent[i];
    Money deposits = f.other_assets + lent[i] - owed[i] - capital;
    if (deposits.is_negative()) {
      f.other_assets -= deposits;  // a heavy borrower holds the excess as outside assets
      deposits = Money::zero();
    }
    if (deposits.is_positive())
      f.debt.push_back({"deposits", deposits, 0.0, maturity, false, 1, ""});
    f.price = capital.dollars() / f.shares;  // book equity per share
  }

  ScenarioSpec out = spec;
  out.network.reset();
  // The shock of Gai & Kapadia (2010): one firm, drawn at random, loses its outside assets.
  out.shocks.push_back({spec.start, ShockKind::asset_write_off, synth[drawn.shocked].id, 1.0});

  // Merge with the named firms, sorted by id, and renumber the named firms' contracts.
  std::vector<std::string> named_ids;
  for (const auto& f : spec.firms)
    named_ids.push_back(f.id);
  for (auto& f : synth) {
    if (std::binary_search(named_ids.begin(), named_ids.end(), f.id)) {
      throw std::invalid_argument("network: firm id '" + f.id + "' is taken by a named firm");
    }
    out.firms.push_back(std::move(f));
  }
  std::stable_sort(out.firms.begin(), out.firms.end(),
                   [](const FirmSpec& a, const FirmSpec& b) { return a.id < b.id; });
  const auto index_of = [&](const std::string& id) {
    const auto it =
        std::lower_bound(out.firms.begin(), out.firms.end(), id,
                         [](const FirmSpec& f, const std::string& x) { return f.id < x; });
    return static_cast<std::size_t>(it - out.firms.begin());
  };
  for (auto& c : out.contracts) {
    c.from = index_of(spec.firms[c.from].id);
    c.to = index_of(spec.firms[c.to].id);
  }
  return out;
}

}  // namespace alchemy
