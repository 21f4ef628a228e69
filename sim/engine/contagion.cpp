#include "sim/engine/contagion.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "market/clearing.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/contagion_index.hpp"
#include "sim/engine/estate.hpp"
#include "sim/engine/line_tags.hpp"
#include "sim/engine/shortfall.hpp"
#include "sim/engine/treasury.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

std::int32_t as_index(std::size_t i) {
  return static_cast<std::int32_t>(i);
}

struct CascadeTally {
  std::size_t defaults = 0;
  int depth = 0;
  std::uint64_t first = 0;
};

bool should_default(const TickContext& ctx, std::size_t i) {
  const FirmState& f = ctx.world.firms[i];
  if (f.defaulted || f.backstopped) return false;
  if (f.overdue_days > ctx.spec.contagion.grace_days) return true;
  // Insolvency matters only to a distressed firm or one that defaults on it; the book equity (a
  // pass over the balance sheet) is computed only then: this runs for every firm every tick.
  if (!(f.distressed || ctx.spec.firms[i].default_when_insolvent)) return false;
  return f.book_equity().is_negative();
}

// Ends the defaulted firm's contracts as their kinds say (ContractKind::on_default): sellers to
// it gain a claim for the penalty on what was left undelivered. Its own contracts only, in index
// order (CompiledScenario::contracts_of), not every contract of the scenario.
void terminate_contracts(TickContext& ctx, std::int32_t d, std::uint64_t default_event) {
  for (const std::int32_t c : ctx.compiled.contracts_of[static_cast<std::size_t>(d)]) {
    const ContractSpec& cs = ctx.spec.contracts[static_cast<std::size_t>(c)];
    ContractState& st = ctx.world.contracts[static_cast<std::size_t>(c)];
    if (!st.signed_ || st.cancelled) continue;
    kind_of(cs).on_default(ctx, c, d);
    st.changed_by = default_event;
    st.changed_by_firm = -1;
  }
}

}  // namespace

// A backstopped firm's claims that are due and unpaid are paid by its rescuer, who lends what
// its cash does not cover: one interest-free loan (`backstop`), due after any run's end, so the
// rescue keeps the firm paying without handing its shareholders a gift. (New shares at the
// firm's price would be the other fair form, but a firm that needs a rescue trades near zero and
// the share count would leave the representable range.)
void pay_backstopped(TickContext& ctx) {
  World& w = ctx.world;
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    FirmState& f = w.firms[i];
    if (!f.backstopped || f.defaulted) continue;
    Money due;
    for (const Claim& c : w.claims) {
      if (c.debtor == as_index(i) && c.due <= w.date) due += c.amount;
    }
    const Money need = due - max(f.cash, Money::zero());
    if (!need.is_positive()) continue;
    auto loan = std::find_if(f.debt.begin(), f.debt.end(),
                             [](const DebtState& d) { return d.id == "backstop"; });
    if (loan == f.debt.end()) {
      DebtState d;
      d.id = "backstop";
      d.rate = 0.0;
      d.maturity = Date::from_ymd(2200, 1, 1);
      f.debt.push_back(d);
      loan = f.debt.end() - 1;
    }
    loan->principal += need;
    receive_from_outside(w, as_index(i), need, Channel::outside_lenders);
    for (std::size_t k = 0; k < w.claims.size(); ++k) {
      if (w.claims[k].debtor == as_index(i) && w.claims[k].due <= w.date) pay_claim(w, k);
    }
    f.overdue_days = 0;
    Event e;
    e.type = EventType::backstop_paid;
    e.firm = as_index(i);
    e.amount = need;
    ctx.emit(e.with("lent", loan->principal.dollars()));
  }
  compact_claims(w);
}

bool defaults_pending(const TickContext& ctx) {
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    if (should_default(ctx, i)) return true;
  }
  return false;
}

bool resolve_defaults(TickContext& ctx) {
  World& w = ctx.world;
  const std::size_t n = w.firms.size();
  ClearingLosses losses;
  losses.worst.assign(n, Money::zero());
  losses.cause.assign(n, 0);
  CascadeTally tally;
  // Who owes whom, for this pass: each default and each clearing reads the defaulters' own
  // claims and loans from these instead of scanning the world (contagion_index.hpp).
  ContagionIndex index;
  index.claims.rebuild(w);
  index.lenders.build(w);
  ProjectionIndex projection;  // the shortfalls' projections, one default after another

  // The month's first tick with an estate open is a clearing date: what the estates collected
  // goes to their creditors, and a debtor's default since the last one is in their values.
  if (estate_clearing_due(ctx)) clear_estates(ctx, losses, index);
  for (int round = 0; round < ctx.spec.contagion.max_rounds; ++round) {
    std::vector<std::int32_t> defaulting;
    for (std::size_t i = 0; i < n; ++i) {
      if (should_default(ctx, i)) defaulting.push_back(as_index(i));
    }
    if (defaulting.empty()) break;
    tally.depth = round + 1;

    std::vector<std::uint64_t> default_seq(defaulting.size(), 0);  // [q]: defaulting[q]'s event
    for (std::size_t q = 0; q < defaulting.size(); ++q) {
      const std::int32_t d = defaulting[q];
      FirmState& f = ctx.firm(d);
      // Its shortfall by line against its reference, on its books as they stand (MODEL.md §7.23).
      index.claims.sync(w);  // the claims the defaults before it in this round added
      const Shortfall shortfall = decompose_shortfall(ctx, d, index, projection);
      f.defaulted = true;
      Event e;
      e.type = EventType::default_;
      e.firm = d;
      // The event behind the line that lost most; without one, a cascade's default names the
      // default that cost the firm most, and a first-round default of a firm with a treasury its
      // open gap episode or the surprise that came after it.
      e.cause = shortfall.cause;
      if (e.cause == 0) e.cause = losses.cause[static_cast<std::size_t>(d)];
      if (e.cause == 0) e.cause = shortfall_cause(ctx, d);
      e.amount = f.total_liabilities();
      e.with("liabilities", f.total_liabilities().dollars()).with("round", round);
      add_shortfall_fields(e, shortfall, w.date);
      default_seq[q] = ctx.emit(e);
      record_shortfall(ctx, d, shortfall, default_seq[q]);
      if (tally.first == 0) tally.first = default_seq[q];
      ++tally.defaults;
      terminate_contracts(ctx, d, default_seq[q]);
    }
    for (std::size_t q = 0; q < defaulting.size(); ++q)
      open_estate(ctx, defaulting[q], default_seq[q], index);
    // Every open estate, the new ones and those of earlier days, is cleared jointly; the
    // write-downs can push creditors into default in the next round.
    clear_estates(ctx, losses, index);
  }

  if (tally.defaults > 0) {
    Event e;
    e.type = EventType::cascade;
    e.cause = tally.first;
    e.amount = losses.network + losses.outside;
    ctx.emit(e.with("size", static_cast<double>(tally.defaults))
                 .with("depth", tally.depth)
                 .with("loss_network", losses.network.dollars())
                 .with("loss_outside", losses.outside.dollars()));
  }
  return tally.defaults > 0;
}

}  // namespace alchemy
