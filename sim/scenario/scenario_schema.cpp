// The scenario keys: every key is declared here once, with its type, default and meaning. The
// same tables parse scenario files, check --set paths, order the resolved YAML and generate the
// reference in README.md (alchemy validate --print-reference).

#include "sim/scenario/scenario_schema.hpp"

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <variant>

#include "agents/firm_kinds.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/shocks.hpp"
#include "sim/scenario/scenario_assumptions.hpp"

namespace alchemy {

namespace {

constexpr std::array<FirmKind, 5> kKinds{FirmKind::lab, FirmKind::chipmaker, FirmKind::cloud,
                                         FirmKind::investor, FirmKind::lender};

std::vector<std::string> kind_names() {
  std::vector<std::string> out;
  for (FirmKind k : kKinds)
    out.emplace_back(to_string(k));
  return out;
}

// The contract kinds in registry order, which is also the order of the contract section's
// variant bits (bit i: ContractType i).
std::vector<ContractType> types() {
  std::vector<ContractType> out;
  for (std::size_t i = 0; i < kContractTypeCount; ++i)
    out.push_back(static_cast<ContractType>(i));
  return out;
}

std::vector<std::string> type_names() {
  std::vector<std::string> out;
  for (ContractType t : types())
    out.emplace_back(to_string(t));
  return out;
}

std::vector<std::string> shock_names() {
  std::vector<std::string> out;
  for (const auto& k : shock_kinds())
    out.emplace_back(k.name);
  return out;
}

std::vector<ShockKind> shock_values() {
  std::vector<ShockKind> out;
  for (const auto& k : shock_kinds())
    out.push_back(k.kind);
  return out;
}

constexpr std::array<NetworkModel, 3> kModels{
    NetworkModel::erdos_renyi, NetworkModel::barabasi_albert, NetworkModel::core_periphery};

std::vector<std::string> model_names() {
  std::vector<std::string> out;
  for (NetworkModel m : kModels)
    out.emplace_back(to_string(m));
  return out;
}

// Defaults shown per firm kind: the part of kind_defaults(kind) a section reads into.
template <class T>
std::vector<std::pair<std::string, T>> by_kind(T FirmSpec::*part) {
  std::vector<std::pair<std::string, T>> out;
  for (FirmKind k : kKinds)
    out.emplace_back(std::string(to_string(k)), kind_defaults(k).*part);
  return out;
}

std::vector<std::pair<std::string, FirmSpec>> firms_by_kind() {
  std::vector<std::pair<std::string, FirmSpec>> out;
  for (FirmKind k : kKinds)
    out.emplace_back(std::string(to_string(k)), kind_defaults(k));
  return out;
}

// Accessors into the drafts' embedded specs (member pointers reach one level only).
template <class M>
auto spec(M ScenarioSpec::*m) {
  return [m](ScenarioDraft& d) -> M& { return d.spec.*m; };
}
template <class M>
auto contract(M ContractSpec::*m) {
  return [m](ContractDraft& c) -> M& { return c.spec.*m; };
}

// The terms of kind T in a contract being read: made (with T's defaults) by the first key of the
// kind that is read; the loader gives a contract with none of its kind's keys its kind's defaults.
template <class T>
T& terms(ContractDraft& d) {
  if (!std::holds_alternative<T>(d.spec.terms)) d.spec.terms = T{};
  return std::get<T>(d.spec.terms);
}

// Where each kind reads a key into; a key several kinds declare (gw, tranches, milestones) reads
// into the terms of the contract's kind. `first` shows the key's default in the reference.
template <class M>
struct KeyTargets {
  std::array<std::function<M&(ContractDraft&)>, kContractTypeCount> by_kind;
  std::function<M&(ContractDraft&)> first;
};

// What a kind's declare_keys (sim/contracts/<kind>.hpp) declares its keys on: the contract
// section, with each key marked as the kind's. A key another kind declared already keeps its row
// (and its meaning and default, which the kinds that share it state alike) and gains this kind.
template <class T>
class KindKeys {
 public:
  using Range = alchemy::Range;

  KindKeys(Section<ContractDraft>& section, const Section<Milestone>& milestone, ContractType kind,
           std::map<std::string, std::shared_ptr<void>>& targets)
      : s_(section),
        milestone_(milestone),
        kind_(static_cast<std::size_t>(kind)),
        targets_(targets) {}

  template <class G>
  void number(const std::string& key, G get, std::string meaning, Range range = {}) {
    declare(key, get, [&](auto acc) { return s_.number(key, acc, meaning, range); });
  }
  template <class G>
  void fraction(const std::string& key, G get, std::string meaning, Range range = {}) {
    declare(key, get, [&](auto acc) { return s_.fraction(key, acc, meaning, range); });
  }
  template <class G>
  void integer(const std::string& key, G get, std::string meaning, std::int64_t lo,
               std::int64_t hi) {
    declare(key, get, [&](auto acc) { return s_.integer(key, acc, meaning, lo, hi); });
  }
  template <class G>
  void days(const std::string& key, G get, std::string meaning) {
    declare(key, get, [&](auto acc) { return s_.days(key, acc, meaning); });
  }
  template <class G>
  void flag(const std::string& key, G get, std::string meaning) {
    declare(key, get, [&](auto acc) { return s_.flag(key, acc, meaning); });
  }
  template <class G>
  void date(const std::string& key, G get, std::string meaning) {
    declare(key, get, [&](auto acc) { return s_.date(key, acc, meaning); });
  }
  template <class G, class E>
  void choice(const std::string& key, G get, std::string meaning, std::vector<E> values,
              std::vector<std::string> names) {
    declare(key, get, [&](auto acc) { return s_.choice(key, acc, meaning, values, names); });
  }
  template <class G>
  void identifier(const std::string& key, G get, std::string meaning) {
    declare(key, get, [&](auto acc) { return s_.identifier(key, acc, meaning); });
  }
  template <class G>
  void milestones(const std::string& key, G get, std::string meaning) {
    declare(key, get, [&](auto acc) { return s_.list(key, acc, milestone_, meaning); });
  }

 private:
  template <class G, class Add>
  void declare(const std::string& key, G get, Add add) {
    using M = std::remove_reference_t<std::invoke_result_t<G, T&>>;
    std::function<M&(ContractDraft&)> mine = [get](ContractDraft& d) -> M& {
      return std::invoke(get, terms<T>(d));
    };
    auto& slot = targets_[key];
    if (!slot) {
      auto t = std::make_shared<KeyTargets<M>>();
      t->by_kind[kind_] = mine;
      t->first = mine;
      slot = t;
      add([t](ContractDraft& d) -> M& {
        const auto& f = t->by_kind[static_cast<std::size_t>(d.type)];
        return f ? f(d) : t->first(d);
      }).only_for({kind_});
      return;
    }
    std::static_pointer_cast<KeyTargets<M>>(slot)->by_kind[kind_] = mine;
    for (auto& f : s_.fields) {
      if (f.key == key) f.variants |= 1U << kind_;
    }
  }

  Section<ContractDraft>& s_;
  const Section<Milestone>& milestone_;
  std::size_t kind_;
  std::map<std::string, std::shared_ptr<void>>& targets_;
};

const Range kShare = Range::between(0, 1);
const Range kNonNegative = Range::at_least(0);
const Range kPositive = Range::above(0);

// Bounds of representability, not of economics (README, Scenario reference, "Values"): within
// them every factor a tick computes from the key is a finite double, and the amounts it makes
// stay where the run's guard (sim/engine/representable.hpp, 10^15 USD) catches them; beyond
// them a single tick could make inf or NaN. Each is far outside what any calibration uses.
// A volatility: one day's or month's exp(σ√dt·z − σ²dt/2) stays below e^30.
const Range kVolatility = Range::between(0, 10);
// A log change (jumps, hits, shocks): e^±50 ≈ 5·10^21 at most.
const Range kLogChange = Range::between(0, 50);
// An elasticity: x^e of a ratio of representable values (≤ 10^30 either way) stays finite.
const Range kElasticity = Range::between(-10, 10);
// A level that multiplies values (sentiment, the GPU index): its log is finite and small.
const Range kLevel = Range::between(1e-6, 1e6);
// Multiple points and weights: a multiple times a revenue ≤ 10^15 stays finite.
const Range kWeight = Range::between(-1e6, 1e6);
// A count of shares or users: its product with a price or a revenue stays finite.
const Range kCount = Range::between(0, 1e15);
// Annual growth and drift rates, continuously compounded: e^(10·dt) per tick.
const Range kRate = Range::between(-10, 10);

struct Schema {
  Section<ScenarioDraft> top{
      "",
      "A scenario is one YAML file. `base: other.yaml` (a path relative to the file) derives it "
      "from another scenario: maps merge key by key, lists whose items all have an `id` merge "
      "item by item on `id` (new ids are appended), other lists and values replace. A key set "
      "to `null` (or left empty) is not set: it takes its default, and in a derived file it "
      "removes the base's value. `--set key.path=value` applies after the merge; list items are "
      "addressed by id (`firms.openai.revenue.growth=0.2`) or by index "
      "(`firms.openai.rules[0].amount=5B`)."};
  Section<ScenarioDraft> calendar{"calendar", "Trading days: ticks fall on trading days only."};
  Section<MarketSpec> market{"market", "The shared market: rates, sentiment, GPUs, capital."};
  Section<RatePoint> rate_point{
      "market.risk_free[]",
      "One step of a piecewise-constant risk-free rate path. Steps must be in date order and "
      "the first must start on or before the scenario's `start`."};
  Section<CostPoint> cost_point{
      "market.compute_cost[]",
      "One step of a piecewise-constant path of the all-in cost of one GW of new compute "
      "(MODEL.md §7.24). Steps must be in date order and the first must start on or before the "
      "scenario's `start`. A supply with `invoice: path` pays each delivery its signed dollars × "
      "the path's level on the delivery date / its level on the signing date, and a firm's "
      "`compute.hardware_per_gw` (its cost at the start) follows the path."};
  Section<SentimentSpec> sentiment{
      "market.sentiment",
      "The AI sentiment index: 1 is neutral; it multiplies valuation multiples and drives the "
      "supply of outside capital. Log mean-reverting with jumps on defaults, failed raises and "
      "deals."};
  Section<GpuMarketSpec> gpu{
      "market.gpu",
      "The used-GPU price index (relative to book), which values GPU collateral and fire "
      "sales."};
  Section<FundingSpec> funding{
      "market.funding", "Outside capital (the investors and lenders not modelled as firms)."};
  Section<ContagionSpec> contagion{
      "contagion",
      "Defaults and clearing: when an overdue firm defaults and what its assets realise "
      "(Rogers and Veraart 2013)."};
  Section<LoopSpec> loops{
      "loops",
      "Loop analysis of the influence graph: which reflexive loops are recorded and when a loop "
      "or the whole network counts as ignited."};
  Section<RecordSpec> record{"record", "What the run records."};
  Section<FirmSpec> firm{
      "firms[]",
      "Each firm starts from the defaults of its `kind` (the columns) and the keys given "
      "replace them. Firms are ordered by id, which is also the tie-break order within a tick.",
      firms_by_kind()};
  Section<DebtSpec> debt{"firms[].debt[]", "Debt outstanding at the start (bonds, loans)."};
  Section<StakeSpec> stake{
      "firms[].stakes[]",
      "Shares of another firm held at the start (e.g. an earlier investment), booked at the "
      "issuer's starting price."};
  Section<RevenueSpec> revenue{
      "firms[].revenue",
      "External demand. For labs with `users` > 0: demand = users × paying_share × "
      "arpu_monthly × 12 + enterprise_annual, all growing at the growth rate.",
      by_kind(&FirmSpec::revenue)};
  Section<GrowthStep> growth_step{
      "firms[].revenue.growth_path[]",
      "A change of the growth rate from a date on; steps must be in date order."};
  Section<CostSpec> costs{"firms[].costs", "Operating costs other than compute.",
                          by_kind(&FirmSpec::costs)};
  Section<ComputeSpec> compute{"firms[].compute", "Owned compute capacity and its economics.",
                               by_kind(&FirmSpec::compute)};
  Section<ValuationSpec> valuation{
      "firms[].valuation",
      "How the market values the firm: a multiple of forward revenue that moves with growth, "
      "rates and sentiment; listed prices move toward it with noise.",
      by_kind(&FirmSpec::valuation)};
  Section<TreasurySpec> treasury{
      "firms[].treasury",
      "How the firm's treasury looks ahead: its cash is projected month by month from its "
      "operations and everything on its books (MODEL.md §7.18); `runway_months`, "
      "`projected_gap` and `months_to_gap` read the projection.",
      by_kind(&FirmSpec::treasury)};
  Section<RuleSpec> rule{
      "firms[].rules[]",
      "Strategy rules, checked every tick in the decisions phase: when the condition holds "
      "(see *Rule conditions* below) the action runs, at most once per cooldown. A firm's `rules` "
      "replace the default rules of its kind (`rules: []` removes them)."};
  Section<ContractDraft> contract_item{
      "contracts[]",
      "Contracts between firms. `from` pays cash (buyer, investor, lender, lessee; for a "
      "warrant, the issuer of the shares), `to` receives it. All dates lie on or after the "
      "scenario's start; a date after the run's end is never reached (a shorter horizon only "
      "stops the clock). Contracts are ordered by (signed, id)."};
  Section<Milestone> milestone{
      "contracts[].milestones[]",
      "A tranche's gate; give none or exactly one per tranche, in tranche order."};
  Section<ShockSpec> shock{
      "shocks[]",
      "Timeline events applied in the calendar phase of their date (see *Shock kinds* "
      "below)."};
  Section<NetworkGeneratorSpec> network{
      "network",
      "A generated network of synthetic firms, for contagion studies: Gai & Kapadia (2010) "
      "balance sheets (1 B USD of assets each) linked by interbank loans on a random graph "
      "drawn from the run's seed, added to the named firms as syn000, syn001, ...; on the first "
      "day one of them, drawn at random, loses its outside assets (MODEL.md §7.17). Set "
      "contagion.alpha and beta to 0 for the paper's zero recovery. A scenario with no firms "
      "needs one."};

  Schema() {
    declare_top();
    declare_market();
    declare_firm();
    declare_contract();
    declare_shock_and_network();
  }

  void declare_top() {
    top.text("name", spec(&ScenarioSpec::name), "a short name, shown in summaries and manifests");
    top.text("description", spec(&ScenarioSpec::description), "free text");
    top.unsigned_integer("seed", spec(&ScenarioSpec::seed),
                         "seed of every random stream of the run");
    top.date("start", spec(&ScenarioSpec::start), "first day of the run");
    top.custom("horizon", "duration", "length of the run: end = start + horizon − 1 day", "10y",
               [](ScenarioDraft& d, const ConfigNode& n, const std::string& p) {
                 d.horizon = read_duration(n, p);
               });
    top.custom("end", "date", "last day of the run (instead of horizon)", "start + horizon − 1 day",
               [](ScenarioDraft& d, const ConfigNode& n, const std::string& p) {
                 d.end = read_date(n, p);
               });
    top.step("step", spec(&ScenarioSpec::step),
             "one tick: every trading day, the first trading day of each week, or of each month");
    top.nested(
        "calendar", [](ScenarioDraft& d) -> ScenarioDraft& { return d; }, calendar, "trading days");
    top.nested(
        "market", [](ScenarioDraft& d) -> MarketSpec& { return d.spec.market; }, market,
        "the shared market");
    top.nested(
        "contagion", [](ScenarioDraft& d) -> ContagionSpec& { return d.spec.contagion; }, contagion,
        "defaults and clearing");
    top.nested(
        "loops", [](ScenarioDraft& d) -> LoopSpec& { return d.spec.loops; }, loops,
        "loop analysis");
    top.nested(
        "record", [](ScenarioDraft& d) -> RecordSpec& { return d.spec.record; }, record,
        "what the run records");
    top.list("firms", spec(&ScenarioSpec::firms), firm, "the firms",
             [](const ConfigNode& item, const std::string& p) {
               // `kind` first: the firm starts from its kind's defaults.
               FirmKind kind = FirmKind::lab;
               if (const ConfigNode* k = item.find("kind"); k && !k->is_null()) {
                 kind = kKinds[read_choice(*k, key_path_join(p, "kind"), kind_names())];
               }
               return kind_defaults(kind);
             });
    top.list("contracts", &ScenarioDraft::contracts, contract_item, "contracts between firms");
    top.list("shocks", spec(&ScenarioSpec::shocks), shock, "the timeline of shocks");
    top.custom(
        "network", "map (see `network`)", "a generated network of synthetic firms", "none",
        [this](ScenarioDraft& d, const ConfigNode& n, const std::string& p) {
          d.spec.network.emplace();
          network.read(*d.spec.network, n, p);
        },
        &network);
    top.custom(
        "assumptions", "map: key path → range",
        "the plausible range of each assumption (see `assumptions.<key path>`); changes no run",
        "none",
        [](ScenarioDraft&, const ConfigNode& n, const std::string& p) {
          check_assumption_entries(n, p);
        },
        &assumption_range_section());

    calendar.flag("weekends_closed", spec(&ScenarioSpec::weekends_closed),
                  "Saturdays and Sundays are not trading days");
    calendar.flag("nyse_holidays", spec(&ScenarioSpec::nyse_holidays),
                  "NYSE full-day closures are not trading days");
    calendar.custom(
        "holidays", "list of dates", "further non-trading days", "none",
        [](ScenarioDraft& d, const ConfigNode& n, const std::string& p) {
          expect_sequence(n, p, "a list of dates");
          d.spec.holidays.clear();
          for (std::size_t i = 0; i < n.items.size(); ++i) {
            d.spec.holidays.push_back(read_date(n.items[i], p + "[" + std::to_string(i) + "]"));
          }
        });

    contagion.days("grace_days", &ContagionSpec::grace_days,
                   "a firm overdue this long (calendar days) defaults");
    contagion.fraction("alpha", &ContagionSpec::alpha,
                       "share of outside assets realised in default", kShare);
    contagion.fraction("beta", &ContagionSpec::beta,
                       "share of claims on other firms realised in default", kShare);
    contagion.flag("external_senior", &ContagionSpec::external_senior,
                   "outside creditors are paid before network creditors (else pari passu)");
    contagion.integer("max_rounds", &ContagionSpec::max_rounds,
                      "cap on the rounds of contagion within one tick", 1, 100000);
    contagion.flag("attribution", &ContagionSpec::attribution,
                   "decompose each default's shortfall by cash-flow line against the firm's last "
                   "projection without a gap (shortfall_line events)");

    loops.step("every", &LoopSpec::every,
               "how often loops.csv rows are written and ignition is checked");
    loops.integer("max_length", &LoopSpec::max_length, "longest loop searched (hops; 0: no limit)",
                  0, 1000);
    loops.integer("top_k", &LoopSpec::top_k,
                  "loops kept per recorded step, strongest first (0: all)", 0, 1'000'000);
    loops.number("ignite_per_edge_gain", &LoopSpec::ignite_per_edge_gain,
                 "a loop of k links ignites when |gain|^(1/k) reaches this", kPositive);
    loops.number(
        "ignite_rho", &LoopSpec::ignite_rho,
        "the network ignites when the spectral radius of the influence matrix reaches this",
        kPositive);

    record.step("series_every", &RecordSpec::series_every, "frequency of the rows of series.csv");
    record.flag("verbose_events", &RecordSpec::verbose_events,
                "also log daily accruals as events (large)");
  }

  void declare_market() {
    market.custom(
        "risk_free", "fraction or %, or a list (see `market.risk_free[]`)",
        "the annual risk-free rate: one rate for the whole run, or a list of {from, rate} steps",
        "0.04",
        [this](MarketSpec& m, const ConfigNode& n, const std::string& p) {
          if (n.is_scalar()) {
            m.risk_free = {
                RatePoint{Date::from_days(0), read_fraction(n, p, Range::between(-1, 1))}};
            return;
          }
          expect_sequence(n, p, "an annual rate, or a list of {from, rate}");
          m.risk_free.clear();
          for (std::size_t i = 0; i < n.items.size(); ++i) {
            RatePoint r;
            rate_point.read(r, n.items[i], key_path_item(p, i, n.items[i]));
            m.risk_free.push_back(r);
          }
        },
        &rate_point, true);
    market.list("compute_cost", &MarketSpec::compute_cost, cost_point,
                "the all-in cost of one GW of new compute, as {from, per_gw} steps (none: prices "
                "in GW stay where they were signed)");
    market.nested("sentiment", &MarketSpec::sentiment, sentiment, "the AI sentiment index");
    market.nested("gpu", &MarketSpec::gpu, gpu, "the used-GPU price index");
    market.nested("funding", &MarketSpec::funding, funding, "outside capital");
    // The loop measure reads the engine's own responses (MODEL.md §7.13), not assumed ones.
    const std::string why =
        "the loop measure now reads how the engine's prices and decisions respond (MODEL.md "
        "§7.13), not an assumed elasticity; delete the key";
    market.removed = {{"supply_elasticity", why}, {"funding_elasticity", why}};
    market.integer("max_price_iterations", &MarketSpec::max_price_iterations,
                   "cap on the within-tick price fixed point (an event when hit)", 1, 10000);
    market.fraction("large_move", &MarketSpec::large_move,
                    "a daily return at least this large (either way) is a large_move event",
                    kPositive);

    rate_point.date("from", &RatePoint::from, "the rate applies from this date on").required();
    rate_point.fraction("rate", &RatePoint::rate, "annual rate", Range::between(-1, 1)).required();

    cost_point.date("from", &CostPoint::from, "the cost applies from this date on").required();
    cost_point.usd("per_gw", &CostPoint::per_gw, "all-in cost of one GW (USD)", kPositive)
        .required();

    sentiment.number("initial", &SentimentSpec::initial, "level at the start", kLevel);
    sentiment.number("mean", &SentimentSpec::mean, "long-run level the index reverts to", kLevel);
    sentiment.number("reversion", &SentimentSpec::reversion,
                     "annual speed of reversion to the mean", Range::between(0, 1e6));
    sentiment.fraction("volatility", &SentimentSpec::volatility,
                       "annual volatility of the log index", kVolatility);
    sentiment.number("return_weight", &SentimentSpec::return_weight,
                     "response to the network's value-weighted daily return",
                     Range::between(-100, 100));
    sentiment.number("default_hit", &SentimentSpec::default_hit, "log drop on a default",
                     kLogChange);
    sentiment.number("failed_raise_hit", &SentimentSpec::failed_raise_hit,
                     "log drop on a failed raise", kLogChange);
    sentiment.number("deal_lift", &SentimentSpec::deal_lift, "log rise per announced deal of 100 B",
                     kLogChange);
    sentiment.number("floor", &SentimentSpec::floor, "lowest level", kLevel);
    sentiment.number("cap", &SentimentSpec::cap, "highest level", kLevel);

    gpu.number("initial_index", &GpuMarketSpec::initial_index,
               "used-GPU price relative to book at the start", kLevel);
    gpu.fraction("drift", &GpuMarketSpec::drift,
                 "annual drift of the index (new supply, obsolescence)", kRate);
    gpu.fraction("volatility", &GpuMarketSpec::volatility, "annual volatility", kVolatility);
    gpu.usd("depth", &GpuMarketSpec::depth,
            "forced sales (USD) that move the index by a factor 1/e (times impact)", kPositive);
    gpu.number("impact", &GpuMarketSpec::impact,
               "α in p' = p·exp(−α·sold/depth) (Cifuentes, Ferrucci and Shin 2005)",
               Range::between(0, 1e6));

    funding.money("quarterly_supply", &FundingSpec::quarterly_supply,
                  "outside capital available per quarter at neutral conditions");
    funding.number("sentiment_elasticity", &FundingSpec::sentiment_elasticity,
                   "supply ∝ sentiment^elasticity", kElasticity);
    funding.number("rate_sensitivity", &FundingSpec::rate_sensitivity,
                   "supply ∝ exp(−sensitivity·(rate − 4 %))", Range::between(-500, 500));
    funding.number("freeze_below", &FundingSpec::freeze_below,
                   "sentiment below which no outside capital is supplied", Range::between(0, 1e6));
    funding.fraction("base_discount", &FundingSpec::base_discount,
                     "discount of a raise to the current price or value", kShare);
    funding.number("size_discount", &FundingSpec::size_discount,
                   "extra discount per unit of raise / market value", Range::between(0, 1e6));
    funding.fraction("debt_spread", &FundingSpec::debt_spread,
                     "over the risk-free rate at neutral sentiment, beyond the expected loss",
                     Range::between(0, 100));
    funding.fraction("loss_given_default", &FundingSpec::loss_given_default,
                     "share of a defaulted loan lost: spread += this × default probability",
                     kShare);
    funding.fraction("max_default_probability", &FundingSpec::max_default_probability,
                     "lenders refuse (new debt and rollovers) above this default probability",
                     kShare);
  }

  void declare_firm() {
    firm.identifier("id", &FirmSpec::id, "unique firm id, used by contracts, shocks and --set")
        .required();
    firm.text("name", &FirmSpec::name, "display name").default_text("the id");
    firm.choice("kind", &FirmSpec::kind, "the kind of firm, which sets the defaults",
                std::vector<FirmKind>(kKinds.begin(), kKinds.end()), kind_names())
        .required()
        .first();
    firm.flag("listed", &FirmSpec::listed,
              "public (a market price) or private (a shadow value and the last round's mark)");
    firm.number("shares", &FirmSpec::shares, "shares outstanding at the start",
                Range{0, 1e15, true});
    firm.number("price", &FirmSpec::price,
                "USD per share: the market price if listed, else the last round's price; price × "
                "shares at most 1,000 T",
                Range{0, 1e15, true});
    firm.money("cash", &FirmSpec::cash, "cash at the start");
    firm.money("other_assets", &FirmSpec::other_assets,
               "non-compute financial assets at book (investments, loans to outsiders): in the "
               "firm's value, sold at the recovery rate alpha in a default");
    firm.money("operating_assets", &FirmSpec::operating_assets,
               "operating assets at book the revenue multiple already values (goodwill, "
               "intangibles, inventories, deferred tax, other): in book equity, not in the value");
    firm.money("other_liabilities", &FirmSpec::other_liabilities,
               "non-debt liabilities at book (payables to outsiders, accrued, deferred revenue, "
               "taxes, leases): owed to outside creditors, constant until a default");
    firm.list("debt", &FirmSpec::debt, debt, "debt outstanding at the start");
    firm.list("stakes", &FirmSpec::stakes, stake, "shares of other firms held at the start");
    firm.nested("revenue", &FirmSpec::revenue, revenue, "external demand");
    firm.nested("costs", &FirmSpec::costs, costs, "operating costs");
    firm.nested("compute", &FirmSpec::compute, compute, "owned compute");
    firm.nested("valuation", &FirmSpec::valuation, valuation, "market valuation");
    firm.nested("treasury", &FirmSpec::treasury, treasury, "the cash projection");
    firm.list("rules", &FirmSpec::rules, rule, "strategy rules");
    firm.flag("default_when_insolvent", &FirmSpec::default_when_insolvent,
              "default as soon as book equity is negative (a regulated bank), not only when "
              "unable to pay");
    firm.text("deliberate", &FirmSpec::deliberate,
              "why the firm deliberately starts with negative book equity, or at a price less "
              "than half or more than double its own model value");
    firm.id_key = "id";

    debt.identifier("id", &DebtSpec::id, "unique within the firm").required();
    debt.money("principal", &DebtSpec::principal, "amount outstanding").required();
    debt.fraction("rate", &DebtSpec::rate, "annual coupon (ACT/365F)", Range::between(0, 1));
    debt.date("maturity", &DebtSpec::maturity, "repayment date (after start)").required();
    debt.flag("amortising", &DebtSpec::amortising, "repaid linearly each month, else at maturity");
    debt.integer("seniority", &DebtSpec::seniority,
                 "0 = senior secured; higher numbers are more junior", 0, 9);
    debt.text("lender", &DebtSpec::lender,
              "firm id of a lender in the scenario, which holds the loan; else outside lenders")
        .default_text("outside lenders");
    debt.id_key = "id";

    stake.identifier("issuer", &StakeSpec::issuer, "the firm whose shares are held").required();
    stake.number("shares", &StakeSpec::shares, "number of shares", Range{0, 1e15, true}).required();
    stake.id_key = "issuer";

    revenue.money("annual", &RevenueSpec::annual, "run-rate of external revenue at the start");
    revenue.fraction("growth", &RevenueSpec::growth,
                     "annual growth of demand, continuously compounded", Range::between(-10, 10));
    revenue.list("growth_path", &RevenueSpec::growth_path, growth_step,
                 "later changes of the growth rate");
    revenue.number("growth_scale", &RevenueSpec::growth_scale,
                   "multiplies the growth of every growth_path step from 2026-01-01 on (2025 "
                   "stays as calibrated)",
                   Range{0, 10, true});
    revenue.fraction("volatility", &RevenueSpec::volatility,
                     "annual volatility of the demand level (log random walk)", kVolatility);
    revenue.number("users", &RevenueSpec::users, "users at the start (labs)", kCount);
    revenue.fraction("paying_share", &RevenueSpec::paying_share, "share of users who pay", kShare);
    revenue.number("arpu_monthly", &RevenueSpec::arpu_monthly, "USD per paying user per month",
                   Range::between(0, 1e15));
    revenue.money("enterprise_annual", &RevenueSpec::enterprise_annual,
                  "enterprise and API revenue on top of users (labs)");

    growth_step.date("from", &GrowthStep::from, "the rate applies from this date on").required();
    growth_step
        .fraction("growth", &GrowthStep::growth, "annual growth, continuously compounded",
                  Range::between(-10, 10))
        .required();

    costs.fraction("cost_of_revenue", &CostSpec::cost_of_revenue,
                   "share of revenue (excluding compute) spent to earn it", kShare);
    costs.money("fixed_annual", &CostSpec::fixed_annual, "staff, R&D, SG&A per year");
    costs.fraction("fixed_growth", &CostSpec::fixed_growth, "annual growth of the fixed costs",
                   kRate);

    compute.number("gw", &ComputeSpec::gw, "owned capacity deployed at the start (GW)",
                   Range::between(0, 1e6));
    compute.money("fleet_book", &ComputeSpec::fleet_book, "book value of the owned fleet");
    compute.number("depreciation_years", &ComputeSpec::depreciation_years,
                   "straight-line life of GPUs (years)", Range::between(0.01, 1000));
    compute.money("power_per_gw_year", &ComputeSpec::power_per_gw_year,
                  "power and operations per GW deployed, owned or leased");
    compute.money("revenue_per_gw_year", &ComputeSpec::revenue_per_gw_year,
                  "revenue one GW can serve (0: capacity never binds)");
    compute.money("hardware_per_gw", &ComputeSpec::hardware_per_gw,
                  "cost of one GW of GPUs and data centre (buy_compute)");

    valuation.number("multiple", &ValuationSpec::multiple,
                     "enterprise value / forward revenue at neutral sentiment",
                     Range::between(0, 1e6));
    valuation.number("growth_weight", &ValuationSpec::growth_weight,
                     "multiple points per unit of annual growth (0.5 → +5 at 10)", kWeight);
    valuation.number("rate_weight", &ValuationSpec::rate_weight,
                     "multiple points lost per unit of risk-free rate above 4 %", kWeight);
    valuation.fraction("kappa", &ValuationSpec::kappa,
                       "daily speed of the price toward value (1: the price is the value; below "
                       "1 a transient gap that closes at this rate)",
                       kShare);
    valuation.fraction("volatility", &ValuationSpec::volatility,
                       "annual volatility of the firm's own news, a random walk on its log value",
                       kVolatility);
    valuation.number("sentiment_beta", &ValuationSpec::sentiment_beta,
                     "exposure to the common factor: the multiple moves as sentiment^beta",
                     Range::between(0, 20));
    valuation.number("sector_weight", &ValuationSpec::sector_weight,
                     "weight of the firm's daily return in the AI-sector return that feeds "
                     "sentiment (listed firms; 0: not in the sector)",
                     Range::between(0, 1e6));
    valuation.number("jump_intensity", &ValuationSpec::jump_intensity,
                     "expected news jumps per year", Range::between(0, 1000));
    valuation.number("jump_size", &ValuationSpec::jump_size,
                     "standard deviation of a news jump in log value", Range::between(0, 10));
    valuation.number("announcement_beta", &ValuationSpec::announcement_beta,
                     "sensitivity of the price to announced deals", Range::between(-100, 100));
    valuation.fraction("impairment_threshold", &ValuationSpec::impairment_threshold,
                       "private firms: the mark is impaired when the shadow value falls below "
                       "mark × (1 − this)",
                       kShare);

    treasury.integer("horizon_months", &TreasurySpec::horizon_months,
                     "months of cash the firm projects ahead", 1, 120);
    treasury.number("buffer_months", &TreasurySpec::buffer_months,
                    "cash the firm keeps: this many months of the projection's average operating "
                    "outflow and debt service; it acts when projected cash falls below it",
                    Range::between(0, 60));
    treasury.choices(
        "actions", &TreasurySpec::actions,
        "what the firm does when its projected cash falls below its buffer, tried "
        "in this order one a day ([] : no treasury policy, rules only); a kind's order drops "
        "draw_credit_line for a firm with no credit_line, defer_purchases for one with no "
        "deferrable supply",
        std::vector<TreasuryAction>(std::begin(kTreasuryActions), std::end(kTreasuryActions)), [] {
          std::vector<std::string> names;
          for (const TreasuryAction a : kTreasuryActions)
            names.emplace_back(to_string(a));
          return names;
        }());
    treasury.days(
        "review_days", &TreasurySpec::review_days,
        "after the last action of its order, days before the firm starts the order again");
    treasury.fraction("max_rate", &TreasurySpec::max_rate,
                      "raise_debt: the firm refuses debt priced above this annual rate",
                      Range{0, 1, true});
    treasury.fraction("asset_haircut", &TreasurySpec::asset_haircut,
                      "sell_assets: the discount on book at which outside buyers take the firm's "
                      "other_assets (assumption: forced sales fetch 14-27 % below value, "
                      "MODEL.md §7.19; below 1, so that a sale raises cash)",
                      Range::between(0, 0.99));

    rule.text("when", &RuleSpec::when, "the condition, e.g. runway_months < 9 and sentiment > 0.8")
        .required();
    rule.text("do", &RuleSpec::action, "the action (see *Rule actions* below)").required();
    rule.money("amount", &RuleSpec::amount, "the action's amount, where it takes one");
    rule.fraction("share", &RuleSpec::share,
                  "the action's share, where it takes one (of a commitment, of a stake)", kShare);
    rule.text("target", &RuleSpec::target,
              "the counterparty (firm id) or contract id where the action names one; * for all");
    rule.days("cooldown", &RuleSpec::cooldown_days,
              "the rule fires at most once per this many days");
    rule.money("min_cash", &RuleSpec::min_cash,
               "buyback, buy_compute, vendor_invest: the cash the action must leave (required, "
               "> 0, unless `deliberate`)");
    rule.fraction("max_rate", &RuleSpec::max_rate,
                  "raise_debt: refuse debt priced above this annual rate (required, < 100 %, "
                  "unless `deliberate`)",
                  Range{0, 1, true});
    rule.text("deliberate", &RuleSpec::deliberate,
              "why this rule deliberately has no guard (min_cash, max_rate)");
  }

  void declare_contract() {
    auto& c = contract_item;
    c.set_variants("type", type_names(),
                   [](const ContractDraft& d) { return static_cast<std::size_t>(d.type); });
    c.id_key = "id";
    c.identifier("id", contract(&ContractSpec::id), "unique contract id").required();
    c.choice("type", &ContractDraft::type, "the kind of contract", types(), type_names())
        .required()
        .first();
    c.identifier("from", &ContractDraft::from,
                 "firm id of the party that pays (buyer, investor, lender, lessee; warrant issuer)")
        .required();
    c.identifier("to", &ContractDraft::to,
                 "firm id of the party that receives (seller, investee, borrower, lessor; holder)")
        .required();
    c.date("signed", contract(&ContractSpec::signed_on),
           "announcement: the deal enters the network and prices react")
        .required();
    c.date("start", &ContractDraft::start, "first delivery, drawing or payment")
        .default_text("signed");
    c.date("end", &ContractDraft::end, "last delivery, or maturity").default_text("start");
    c.money("amount", contract(&ContractSpec::amount),
            "total value: supply value, investment, principal, lease total; above 0 except for a "
            "warrant");
    c.text("note", contract(&ContractSpec::note),
           "free text carried into events (e.g. the source of the facts)");
    c.text("deliberate", contract(&ContractSpec::deliberate),
           "why a consistency check deliberately does not apply to this contract (an "
           "unreachable milestone, a loan over its margin limit at draw, gw_source: all)");
    // Each kind's own keys, kind by kind in registry order.
    std::map<std::string, std::shared_ptr<void>> targets;
#define ALCHEMY_DECLARE_KIND_KEYS(name, Terms)                       \
  {                                                                  \
    KindKeys<Terms> keys(c, milestone, ContractType::name, targets); \
    declare_keys(keys, static_cast<Terms*>(nullptr));                \
  }
    ALCHEMY_CONTRACT_KINDS(ALCHEMY_DECLARE_KIND_KEYS)
#undef ALCHEMY_DECLARE_KIND_KEYS

    milestone.date("not_before", &Milestone::not_before,
                   "the tranche cannot vest or be drawn before this date");
    milestone.number("min_gw", &Milestone::min_gw_deployed,
                     "the counterparty's deployed capacity (GW) must reach this",
                     Range::between(0, 1e6));
    milestone.number("min_price", &Milestone::min_issuer_price,
                     "the issuer's share price (USD) must reach this", kCount);
  }

  void declare_shock_and_network() {
    shock.date("on", &ShockSpec::on, "the date (within the run)").required();
    shock
        .choice("kind", &ShockSpec::kind, "what happens (see *Shock kinds*)", shock_values(),
                shock_names())
        .required();
    shock.text("target", &ShockSpec::target, "the firm id or contract id, for kinds that take one");
    shock.number("value", &ShockSpec::value,
                 "the size, in the kind's unit; required unless the unit is -");

    network
        .choice("generator", &NetworkGeneratorSpec::generator, "the random graph model",
                std::vector<NetworkModel>(kModels.begin(), kModels.end()), model_names())
        .required();
    network.integer("n", &NetworkGeneratorSpec::n, "number of synthetic firms", 2, 10'000'000);
    network.number("mean_degree", &NetworkGeneratorSpec::mean_degree,
                   "mean number of counterparties", Range{0, 1e6, true});
    network.fraction("capital_ratio", &NetworkGeneratorSpec::capital_ratio,
                     "equity / assets of each synthetic firm", kShare);
    network.fraction("interbank_share", &NetworkGeneratorSpec::interbank_share,
                     "share of assets lent to other synthetic firms", kShare);
    network.fraction("core_share", &NetworkGeneratorSpec::core_share,
                     "core_periphery: share of firms in the core", kShare);
  }
};

}  // namespace

const Section<ScenarioDraft>& scenario_schema() {
  static const Schema schema;
  return schema.top;
}

}  // namespace alchemy
