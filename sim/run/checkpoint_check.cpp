#include "sim/run/checkpoint_check.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <variant>

#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/registry.hpp"
#include "sim/run/world_io.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

// What a scheduled item's `index` and `contract` mean, by kind (contract_settlement.cpp). Only
// the kinds whose fields mean something else are named; any other kind, including one added
// later, is taken to settle a contract of the scenario, the safe assumption.
enum class ItemFields { contract, tranche, warrant_check, debt, shock };

// How many tranches a contract pays or vests in: its kind's TrancheTerms where it has them.
int tranche_count(const ContractSpec& cs) {
  return std::visit(
      [](const auto& terms) {
        if constexpr (requires { terms.tranche.tranches; }) {
          return std::max(1, terms.tranche.tranches);
        } else {
          return 1;
        }
      },
      cs.terms);
}

ItemFields item_fields(ItemKind k) {
  if (k == ItemKind::tranche_due) return ItemFields::tranche;
  if (k == ItemKind::warrant_check) return ItemFields::warrant_check;
  if (k == ItemKind::loan_amortise || k == ItemKind::debt_maturity) return ItemFields::debt;
  if (k == ItemKind::shock) return ItemFields::shock;
  return ItemFields::contract;
}

// Fields are named lazily (a string is built only for the field that fails), so checking the
// world of a large scenario stays cheap.
class WorldCheck {
 public:
  WorldCheck(const World& w, const ScenarioSpec& spec, const fs::path& file)
      : w_(w), spec_(spec), file_(file), firms_(w.firms.size()), contracts_(w.contracts.size()) {}

  void run() const;

 private:
  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    throw CheckpointError(file_, field + ": " + problem);
  }

  template <class Name>
  void finite(double x, const Name& name) const {
    if (!std::isfinite(x)) fail(name(), "expected a finite number, got " + std::to_string(x));
  }

  template <class Name>
  void count(std::size_t n, std::size_t want, const Name& name, const char* of_what) const {
    if (n != want) {
      fail(name(), "holds " + std::to_string(n) + " entries; the scenario has " +
                       std::to_string(want) + " " + of_what);
    }
  }

  // i in [lowest, n): lowest is -1 where -1 means "none" (an outside party, no contract).
  template <class Name>
  void index(std::int64_t i, std::int64_t lowest, std::size_t n, const Name& name,
             const char* what) const {
    if (i < lowest || i >= static_cast<std::int64_t>(n)) {
      fail(name(), std::to_string(i) + " is not " + what + " (there are " + std::to_string(n) +
                       (lowest < 0 ? "; -1 means none)" : ")"));
    }
  }
  template <class Name>
  void firm(std::int64_t i, std::int64_t lowest, const Name& name) const {
    index(i, lowest, firms_, name, "a firm index");
  }
  template <class Name>
  void contract(std::int64_t i, std::int64_t lowest, const Name& name) const {
    index(i, lowest, contracts_, name, "a contract index");
  }

  void firm_state(std::size_t i) const;
  void scheduled(std::size_t k, const ScheduledItem& it) const;
  void funds() const;

  const World& w_;
  const ScenarioSpec& spec_;
  const fs::path& file_;
  std::size_t firms_;
  std::size_t contracts_;
};

std::string at(const std::string& list, std::size_t i) {
  return list + "[" + std::to_string(i) + "]";
}

void WorldCheck::firm_state(std::size_t i) const {
  const FirmState& f = w_.firms[i];
  const auto field = [&](const char* name) {
    return [&, name] { return at("world.firms", i) + " (" + spec_.firms[i].id + ")." + name; };
  };
  for (const auto& [x, name] : {std::pair{f.gw_owned, "gw_owned"},
                                {f.gw_leased, "gw_leased"},
                                {f.shares, "shares"},
                                {f.diluted_shares, "diluted_shares"},
                                {f.price, "price"},
                                {f.mark, "mark"},
                                {f.peak_price, "peak_price"},
                                {f.news, "news"},
                                {f.last_round_price, "last_round_price"},
                                {f.demand, "demand"},
                                {f.growth, "growth"},
                                {f.fixed_costs, "fixed_costs"},
                                {f.net_income_trailing, "net_income_trailing"},
                                {f.default_probability, "default_probability"},
                                {f.commitment_value, "commitment_value"},
                                {f.going_concern_value, "going_concern_value"}}) {
    finite(x, field(name));
  }
  if (f.overdue_days < 0) fail(field("overdue_days")(), "negative");
  count(f.rule_last_fired.size(), spec_.firms[i].rules.size(), field("rule_last_fired"),
        "rules for this firm");
  for (std::size_t k = 0; k < f.stakes.size(); ++k) {
    const StakeState& s = f.stakes[k];
    const auto name = [&](const char* what) {
      return [&, what] { return field("stakes")() + "[" + std::to_string(k) + "]." + what; };
    };
    firm(s.issuer, 0, name("issuer"));
    finite(s.shares, name("shares"));
  }
  for (std::size_t k = 0; k < f.debt.size(); ++k) {
    const DebtState& d = f.debt[k];
    const auto name = [&](const char* what) {
      return [&, what] { return field("debt")() + "[" + std::to_string(k) + "]." + what; };
    };
    firm(d.lender, -1, name("lender"));
    contract(d.contract, -1, name("contract"));
    finite(d.rate, name("rate"));
    finite(d.max_ltv, name("max_ltv"));
    // The day a margin call opened (collateral.cpp subtracts it from today's), or none.
    if (d.margin_call_day != INT32_MIN &&
        (d.margin_call_day < spec_.start.days() || d.margin_call_day > w_.date.days())) {
      fail(name("margin_call_day")(), std::to_string(d.margin_call_day) +
                                          " is not a day of the run so far (" +
                                          std::to_string(INT32_MIN) + " means none)");
    }
  }
}

void WorldCheck::scheduled(std::size_t k, const ScheduledItem& it) const {
  const auto name = [&](const char* what) {
    return [&, what] { return at("world.scheduler.pending", k) + "." + what; };
  };
  firm(it.firm, -1, name("firm"));
  contract(it.contract, -1, name("contract"));
  const ItemFields fields = item_fields(it.kind);
  if (fields == ItemFields::shock) {
    index(it.index, 0, spec_.shocks.size(), name("index"), "a shock index");
    return;
  }
  if (fields == ItemFields::debt) {
    firm(it.firm, 0, name("firm"));
    index(it.index, 0, w_.firms[static_cast<std::size_t>(it.firm)].debt.size(), name("index"),
          "a debt index of that firm");
    return;
  }
  contract(it.contract, 0, name("contract"));
  const ContractSpec& cs = spec_.contracts[static_cast<std::size_t>(it.contract)];
  if (fields == ItemFields::tranche) {
    // A tranche number is also a bit of the contract's 32-bit masks.
    const auto tranches = static_cast<std::size_t>(tranche_count(cs));
    index(it.index, 0, std::min<std::size_t>(tranches, 32), name("index"),
          "a tranche of that contract");
  } else if (fields == ItemFields::warrant_check) {
    index(it.index, 0, 2, name("index"), "0 (a vesting check) or 1 (the last one)");
  }
}

// Round-trip tracing (sim/world/fund_tracing.hpp): each investment traced once, naming an
// investment contract; every tag naming a traced investment and its investor, positive and at most
// its holder's cash; each firm's pending share from 0 to 1; each investment's money all accounted
// for: invested = came back + paid outside + held, to the cent (as stored: pending payments out of
// the network move nothing between these until they are settled).
void WorldCheck::funds() const {
  const FundTracing& t = w_.funds;
  if (!t.held.empty())
    count(
        t.held.size(), firms_, [] { return std::string("world.funds.held"); }, "firms");
  count(
      t.keep.size(), t.held.size(), [] { return std::string("world.funds.keep"); },
      "firms in world.funds.held");
  for (std::size_t i = 0; i < t.keep.size(); ++i) {
    if (!(t.keep[i] >= 0.0 && t.keep[i] <= 1.0)) {
      fail(at("world.funds.keep", i),
           "expected a share from 0 to 1, got " + std::to_string(t.keep[i]));
    }
  }
  const std::size_t traced = t.investments.size();
  std::vector<Money> held(traced);
  for (std::size_t k = 0; k < traced; ++k) {
    const auto name = [&] { return at("world.funds.investments", k) + ".contract"; };
    const std::int32_t c = t.investments[k].contract;
    contract(c, 0, name);
    const ContractSpec& cs = spec_.contracts[static_cast<std::size_t>(c)];
    if (!kind_of(cs).investment) fail(name(), cs.id + " is not an investment");
    for (std::size_t j = 0; j < k; ++j) {
      if (t.investments[j].contract == c) fail(name(), cs.id + " is traced twice");
    }
  }
  for (std::size_t i = 0; i < t.held.size(); ++i) {
    for (std::size_t k = 0; k < t.held[i].size(); ++k) {
      const TracedCash& x = t.held[i][k];
      const auto name = [&](const char* what) {
        return [&, what] { return at(at("world.funds.held", i), k) + "." + what; };
      };
      index(x.investment, 0, traced, name("investment"), "an index of world.funds.investments");
      if (k > 0 && t.held[i][k - 1].investment >= x.investment)
        fail(name("investment")(), "not in increasing order");
      const auto c =
          static_cast<std::size_t>(t.investments[static_cast<std::size_t>(x.investment)].contract);
      const auto from = static_cast<std::int32_t>(spec_.contracts[c].from);
      if (x.investor != from) {
        fail(name("investor")(), std::to_string(x.investor) + " is not the contract's investor (" +
                                     std::to_string(from) + ")");
      }
      // Stored before the firm's pending payments out of the network (keep < 1), which read
      // through traced_amount, clamped to the cash.
      if (!x.amount.is_positive() || (t.keep[i] == 1.0 && x.amount > w_.firms[i].cash))
        fail(name("amount")(), "must be positive and at most the firm's cash");
      held[static_cast<std::size_t>(x.investment)] += x.amount;
    }
  }
  for (std::size_t k = 0; k < traced; ++k) {
    const InvestmentTrace& x = t.investments[k];
    const auto name = [&](const char* what) {
      return [&, what] { return at("world.funds.investments", k) + "." + what; };
    };
    if (x.came_back.is_negative() || x.paid_outside.is_negative())
      fail(name("came_back")(), "came_back and paid_outside must not be negative");
    const Money sum = x.came_back + x.paid_outside + held[k];
    if (sum != x.invested) {
      fail(name("invested")(),
           std::to_string(x.invested.in_cents()) +
               " cents, but came_back + paid_outside + held = " + std::to_string(sum.in_cents()));
    }
  }
}

void WorldCheck::run() const {
  const auto named = [](const char* s) { return [s] { return std::string(s); }; };
  count(w_.firms.size(), spec_.firms.size(), named("world.firms"), "firms");
  count(w_.contracts.size(), spec_.contracts.size(), named("world.contracts"), "contracts");
  count(w_.pending_jump.size(), firms_, named("world.pending_jump"), "firms");
  count(w_.jump_cause.size(), firms_, named("world.jump_cause"), "firms");
  if (w_.tick < 0 || w_.tick > spec_.end.days() - spec_.start.days()) {
    fail("world.tick", std::to_string(w_.tick) + " is not a tick of the scenario's " +
                           spec_.start.iso() + " to " + spec_.end.iso());
  }
  if (w_.date < spec_.start || w_.date > spec_.end) {
    fail("world.date", w_.date.iso() + " is outside the scenario's " + spec_.start.iso() + " to " +
                           spec_.end.iso());
  }
  if (w_.previous_date > w_.date) {
    fail("world.previous_date", w_.previous_date.iso() + " is after world.date " + w_.date.iso());
  }

  for (std::size_t i = 0; i < firms_; ++i)
    firm_state(i);
  for (std::size_t i = 0; i < contracts_; ++i) {
    finite(w_.contracts[i].cut_factor, [&] {
      return at("world.contracts", i) + " (" + spec_.contracts[i].id + ").cut_factor";
    });
    firm(w_.contracts[i].changed_by_firm, -1,
         [&] { return at("world.contracts", i) + ".changed_by_firm"; });
    if (w_.contracts[i].tranches_done < 0)
      fail(at("world.contracts", i) + ".tranches_done", "negative");
  }
  for (std::size_t k = 0; k < w_.claims.size(); ++k) {
    const Claim& c = w_.claims[k];
    const auto name = [&](const char* what) {
      return [&, what] { return at("world.claims", k) + "." + what; };
    };
    firm(c.debtor, 0, name("debtor"));
    firm(c.creditor, -1, name("creditor"));
    contract(c.contract, -1, name("contract"));
  }

  for (std::size_t k = 0; k < w_.estates.size(); ++k) {
    const Estate& e = w_.estates[k];
    firm(e.firm, 0, [&] { return at("world.estates", k) + ".firm"; });
    if (!w_.firms[static_cast<std::size_t>(e.firm)].defaulted)
      fail(at("world.estates", k) + ".firm", "an estate of a firm that has not defaulted");
  }

  const MarketState& m = w_.market;
  for (const auto& [x, what] : {std::pair{m.sentiment, "sentiment"},
                                {m.gpu_index, "gpu_index"},
                                {m.risk_free, "risk_free"},
                                {m.last_sector_return, "last_sector_return"},
                                {m.recent_deal_volume, "recent_deal_volume"},
                                {m.sentiment_innovation_ss, "sentiment_innovation_ss"},
                                {m.sentiment_feedback_ss, "sentiment_feedback_ss"},
                                {m.sentiment_change_ss, "sentiment_change_ss"},
                                {m.sentiment_years, "sentiment_years"}}) {
    finite(x, [what = what] { return std::string("world.market.") + what; });
  }
  if (m.recent_defaults < 0) fail("world.market.recent_defaults", "negative");
  if (m.recent_failed_raises < 0) fail("world.market.recent_failed_raises", "negative");

  const std::vector<ScheduledItem> pending = w_.scheduler.pending();
  for (std::size_t k = 0; k < pending.size(); ++k)
    scheduled(k, pending[k]);

  for (std::size_t i = 0; i < w_.pending_jump.size(); ++i)
    finite(w_.pending_jump[i], [&] { return at("world.pending_jump", i); });
  // References: one per firm with attribution, none without; their lines name firms and
  // contracts of the scenario.
  count(w_.references.size(), spec_.contagion.attribution ? firms_ : 0, named("world.references"),
        "firms (none without contagion.attribution)");
  for (std::size_t i = 0; i < w_.references.size(); ++i) {
    for (const auto& [lines, what] : {std::pair{&w_.references[i].expected, "expected"},
                                      std::pair{&w_.references[i].realised, "realised"}}) {
      for (std::size_t k = 0; k < lines->size(); ++k) {
        const LineKey& key = (*lines)[k].key;
        const auto name = [&, what = what](const char* field) {
          return [&, what, field] {
            return at(at("world.references", i) + "." + what, k) + "." + field;
          };
        };
        contract(key.contract, -1, name("contract"));
        firm(key.counterparty, -1, name("counterparty"));
      }
    }
  }
  // A loop's nodes are the influence graph's: the firms and, numbered after them, the sentiment
  // node (sim/engine/loop_model.hpp).
  for (std::size_t k = 0; k < w_.ignited_loops.size(); ++k) {
    for (std::size_t j = 0; j < w_.ignited_loops[k].size(); ++j) {
      index(
          w_.ignited_loops[k][j], 0, firms_ + 1,
          [&] { return at(at("world.ignited_loops", k), j); },
          "a node of the influence graph (a firm index, or the firm count for sentiment)");
    }
  }
  funds();
}

}  // namespace

void check_checkpoint_world(const World& w, const ScenarioSpec& spec, const fs::path& file) {
  WorldCheck(w, spec, file).run();
}

}  // namespace alchemy
