#pragma once
// The whole scenario as plain, validated data. The loader (sim/scenario/scenario_loader.hpp) builds
// it from YAML; tests build it in code; the engine takes it `const` and never changes it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/firm_spec.hpp"
#include "market/calendar.hpp"
#include "market/date.hpp"
#include "market/money.hpp"
#include "sim/contracts/contract_spec.hpp"
#include "sim/engine/shocks.hpp"

namespace alchemy {

// The risk-free rate from a date on (piecewise constant).
struct RatePoint {
  Date from;
  double rate = 0.04;  // annual
};

// The all-in cost of one GW of new compute from a date on (piecewise constant): what GW-denominated
// purchases invoiced on the path pay, and what a firm's hardware_per_gw follows (MODEL.md §7.24).
struct CostPoint {
  Date from;
  double per_gw = 50e9;  // USD
};

struct SentimentSpec {
  double initial = 1.0;            // 1 = neutral; multiplies valuation multiples
  double mean = 1.0;               // long-run level the index reverts to
  double reversion = 0.5;          // annual speed of reversion to `mean`
  double volatility = 0.15;        // annual volatility of the index (log)
  double return_weight = 0.02;     // response to the AI-sector daily return (MODEL.md §7.7)
  double default_hit = 0.10;       // log drop on a default
  double failed_raise_hit = 0.03;  // log drop on a failed raise
  double deal_lift = 0.0;          // log rise per announced deal of 100 B (0: deals move
                                   // sentiment through the parties' returns)
  double floor = 0.2;
  double cap = 3.0;
};

struct GpuMarketSpec {
  double initial_index = 1.0;  // used-GPU price relative to book
  double drift = -0.10;        // annual drift of the index (new supply, obsolescence)
  double volatility = 0.10;    // annual
  double depth = 50e9;         // USD of forced sales that move the index by a factor 1/e (× α)
  double impact = 1.0;         // α in p' = p·exp(−α·sold/depth)  (Cifuentes et al. 2005)
};

struct FundingSpec {
  Money quarterly_supply;             // outside capital available per quarter at neutral conditions
  double sentiment_elasticity = 2.0;  // supply ∝ sentiment^elasticity
  double rate_sensitivity = 10.0;     // supply ∝ exp(−sensitivity·(rate − 4 %))
  double freeze_below = 0.5;          // sentiment below which no outside capital is supplied
  double base_discount = 0.05;        // discount of a raise to the current price or value
  double size_discount = 0.5;         // extra discount per unit of raise / market value
  double debt_spread = 0.03;          // over the risk-free rate at neutral sentiment, beyond the
                                      // expected loss (MODEL.md §7.20)
  double loss_given_default = 0.6;    // share of a defaulted loan lost: the expected-loss spread
  // Lenders refuse a firm whose default probability is above this (MODEL.md §7.20).
  double max_default_probability = 0.10;
};

struct MarketSpec {
  std::vector<RatePoint> risk_free{{Date::from_days(0), 0.04}};
  std::vector<CostPoint> compute_cost;  // empty: the cost of a GW stays where it was signed
  SentimentSpec sentiment;
  GpuMarketSpec gpu;
  FundingSpec funding;
  double max_price_iterations = 50;  // within-tick fixed point cap (an event when hit)
  double large_move = 0.10;          // |daily return| recorded as a large_move event
};

// Defaults and clearing (issue 5).
struct ContagionSpec {
  int grace_days = 30;           // overdue this long (calendar days) → default
  double alpha = 1.0;            // Rogers–Veraart: share of outside assets realised in default
  double beta = 1.0;             // Rogers–Veraart: share of claims on other firms realised
  bool external_senior = false;  // outside creditors paid before network creditors
  int max_rounds = 100;          // cap on within-tick contagion rounds
  bool attribution = true;       // decompose each default's shortfall by line (MODEL.md §7.23)
};

// Loop analysis of the influence graph at each recorded step (issue 4).
struct LoopSpec {
  StepUnit every = StepUnit::month;   // how often loops.csv rows are written and ignition checked
  std::size_t max_length = 6;         // longest circuit searched (hops)
  std::size_t top_k = 20;             // circuits kept per recorded step, strongest first
  double ignite_per_edge_gain = 0.3;  // a loop ignites when |gain|^(1/k) reaches this
  double ignite_rho = 1.0;            // the network ignites when ρ(W) reaches this
};

struct RecordSpec {
  StepUnit series_every = StepUnit::day;  // frequency of series.csv rows
  bool verbose_events = false;            // also log daily accruals as events
};

// A scenario shock from the YAML timeline, applied in the calendar phase of its date.
struct ShockSpec {
  Date on;
  ShockKind kind = ShockKind::price;  // see the scenario reference (shock kinds)
  std::string target;                 // firm id or contract id, if the kind needs one
  double value = 0.0;                 // the shock's size (unit depends on the kind)
};

// The random graph models of a generated network (market/synthetic_network.hpp).
enum class NetworkModel : std::uint8_t { erdos_renyi, barabasi_albert, core_periphery };

struct NetworkGeneratorSpec {
  NetworkModel generator = NetworkModel::erdos_renyi;
  std::size_t n = 1000;
  double mean_degree = 3.0;
  double capital_ratio = 0.04;
  double interbank_share = 0.20;
  double core_share = 0.1;
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::uint64_t seed = 42;
  Date start = Date::from_ymd(2025, 1, 1);
  Date end = Date::from_ymd(2034, 12, 31);
  StepUnit step = StepUnit::day;
  bool weekends_closed = true;
  bool nyse_holidays = true;
  std::vector<Date> holidays;
  MarketSpec market;
  ContagionSpec contagion;
  LoopSpec loops;
  RecordSpec record;
  std::vector<FirmSpec> firms;          // sorted by id after loading (the tie-break order)
  std::vector<ContractSpec> contracts;  // sorted by (signed_on, id)
  std::vector<ShockSpec> shocks;
  std::optional<NetworkGeneratorSpec> network;
};

}  // namespace alchemy
