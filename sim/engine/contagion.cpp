#include "sim/engine/contagion.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "market/clearing.hpp"
#include "sim/contracts/contract_kind.hpp"
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
  Money loss_network;  // written down by network creditors
  Money loss_outside;  // not recovered by outside creditors
  Money fire_sales;    // fleet sold in liquidations
  std::uint64_t first = 0;
};

// One creditor's share of a defaulted debtor's liabilities.
struct Exposure {
  std::int32_t creditor;  // -1: outside
  Money amount;
  LineTag line{};  // the claim's or debt's line: what the creditor's payment is booked on
};

bool should_default(const TickContext& ctx, std::size_t i) {
  const FirmState& f = ctx.world.firms[i];
  if (f.defaulted) return false;
  if (f.overdue_days > ctx.spec.contagion.grace_days) return true;
  // Insolvency matters only to a distressed firm or one that defaults on it; the book equity (a
  // pass over the balance sheet) is computed only then: this runs for every firm every tick.
  if (!(f.distressed || ctx.spec.firms[i].default_when_insolvent)) return false;
  return f.book_equity().is_negative();
}

// Splits a defaulting firm's payment over its creditors. Pari passu: in proportion to the claims.
// With senior outside creditors (ContagionSpec::external_senior): the outside is paid in full
// first, the network creditors share what is left — the same rule the clearing vector used
// (Eisenberg & Noe 2001 with a senior external class, as in Elsinger 2009).
std::vector<Money> split_payment(Money pay, const std::vector<Exposure>& ex, bool external_senior) {
  std::vector<double> weights;
  for (const auto& x : ex)
    weights.push_back(x.amount.dollars());
  if (!external_senior) return split_largest_remainder(pay, weights);
  Money outside_due;
  std::vector<double> outside_w(ex.size(), 0.0), network_w(ex.size(), 0.0);
  for (std::size_t k = 0; k < ex.size(); ++k) {
    if (ex[k].creditor < 0) {
      outside_due += ex[k].amount;
      outside_w[k] = weights[k];
    } else {
      network_w[k] = weights[k];
    }
  }
  const Money to_outside = min(pay, outside_due);
  std::vector<Money> parts(ex.size());
  if (to_outside.is_positive()) parts = split_largest_remainder(to_outside, outside_w);
  const Money rest = pay - to_outside;
  if (rest.is_positive()) {
    const auto more = split_largest_remainder(rest, network_w);
    for (std::size_t k = 0; k < ex.size(); ++k)
      parts[k] += more[k];
  }
  return parts;
}

// What one defaulted firm's creditors did not recover, by class.
struct CreditorLoss {
  Money network;  // written down by the firms it owed
  Money outside;  // not recovered by outside creditors
};

// The settlement of one defaulted firm, after clearing: what it owed (claims, accelerated debt,
// other liabilities — after its contracts' termination penalties, so it can exceed the default
// event's `liabilities`), what it paid, and its creditors' loss (due − paid, split by class).
// One per default event (its cause), so a sweep can attribute the cascade's losses to each firm.
void emit_settled(TickContext& ctx, std::int32_t d, std::uint64_t default_event, Money due,
                  Money paid, const CreditorLoss& lost) {
  Event e;
  e.type = EventType::default_settled;
  e.firm = d;
  e.cause = default_event;
  e.amount = lost.network + lost.outside;
  // Nothing owed, nothing lost: a recovery of 1 rather than 0/0.
  const double recovery = due.is_positive() ? paid.dollars() / due.dollars() : 1.0;
  ctx.emit(e.with("due", due.dollars())
               .with("paid", paid.dollars())
               .with("recovery", recovery)
               .with("loss_network", lost.network.dollars())
               .with("loss_outside", lost.outside.dollars()));
}

// Ends the defaulted firm's contracts as their kinds say (ContractKind::on_default): sellers to
// it gain a claim for the penalty on what was left undelivered.
void terminate_contracts(TickContext& ctx, std::int32_t d, std::uint64_t default_event) {
  for (std::size_t c = 0; c < ctx.spec.contracts.size(); ++c) {
    const ContractSpec& cs = ctx.spec.contracts[c];
    ContractState& st = ctx.world.contracts[c];
    if (!st.signed_ || st.cancelled) continue;
    if (as_index(cs.from) != d && as_index(cs.to) != d) continue;
    kind_of(cs).on_default(ctx, as_index(c), d);
    st.changed_by = default_event;
    st.changed_by_firm = -1;
  }
}

// Turns the defaulted firm's non-cash assets into cash (see the header, step 2).
void liquidate(TickContext& ctx, std::int32_t d, CascadeTally& tally) {
  World& w = ctx.world;
  FirmState& f = ctx.firm(d);
  const ContagionSpec& cg = ctx.spec.contagion;

  if (f.fleet_book.is_positive()) {
    const Money proceeds = f.fleet_book.times(w.market.gpu_index);
    receive_from_outside(w, d, proceeds, Channel::outside_investors);
    f.book_income(proceeds - f.fleet_book);
    tally.fire_sales += proceeds;
    ctx.gpu_sold_book += f.fleet_book.dollars();  // the pass's clearing index prices it
    Event e;
    e.type = EventType::fire_sale;
    e.firm = d;
    e.amount = proceeds;
    ctx.emit(e.with("index", w.market.gpu_index).with("book", f.fleet_book.dollars()));
    f.fleet_book = f.fleet_gross = Money::zero();
    f.gw_owned = 0.0;
  }
  f.gw_leased = 0.0;
  for (auto& s : f.stakes) {
    if (s.shares <= 0.0) continue;
    const FirmState& issuer = ctx.firm(s.issuer);
    const double px =
        ctx.spec.firms[static_cast<std::size_t>(s.issuer)].listed ? issuer.price : issuer.mark;
    const Money proceeds = issuer.defaulted ? Money::zero() : Money::from_dollars(s.shares * px);
    receive_from_outside(w, d, proceeds, Channel::outside_investors);
    f.book_income(proceeds - s.booked);
    s.shares = 0.0;
    s.booked = Money::zero();
  }
  f.flows.revaluations -= f.warrants_booked;
  f.warrants_booked = Money::zero();
  // Financial and operating assets alike fetch alpha of their book from outside buyers.
  for (Money* held : {&f.other_assets, &f.operating_assets}) {
    if (!held->is_positive()) continue;
    const Money proceeds = held->times(cg.alpha);
    receive_from_outside(w, d, proceeds, Channel::outside_investors);
    f.book_income(proceeds - *held);
    *held = Money::zero();
  }
  // Claims on other firms (trade receivables, loans) are sold to outside investors at β; the
  // debtors then owe the outside.
  for (auto& c : w.claims) {
    if (c.creditor != d || !c.amount.is_positive()) continue;
    const Money proceeds = c.amount.times(cg.beta);
    receive_from_outside(w, d, proceeds, Channel::outside_investors);
    f.receivables -= c.amount;
    f.book_income(proceeds - c.amount);
    c.creditor = -1;
    c.channel = Channel::suppliers;
  }
  for (auto& borrower : w.firms) {
    for (auto& debt : borrower.debt) {
      if (debt.lender != d || !debt.principal.is_positive()) continue;
      const Money proceeds = debt.principal.times(cg.beta);
      receive_from_outside(w, d, proceeds, Channel::outside_investors);
      f.loans_held -= debt.principal;
      f.book_income(proceeds - debt.principal);
      debt.lender = -1;
    }
  }
}

}  // namespace

bool defaults_pending(const TickContext& ctx) {
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    if (should_default(ctx, i)) return true;
  }
  return false;
}

bool resolve_defaults(TickContext& ctx) {
  World& w = ctx.world;
  const std::size_t n = w.firms.size();
  std::vector<std::uint64_t> cause(n, 0);  // the default that cost each firm the most
  std::vector<Money> worst_loss(n);
  CascadeTally tally;

  for (int round = 0; round < ctx.spec.contagion.max_rounds; ++round) {
    std::vector<std::int32_t> defaulting;
    for (std::size_t i = 0; i < n; ++i) {
      if (should_default(ctx, i)) defaulting.push_back(as_index(i));
    }
    if (defaulting.empty()) break;
    tally.depth = round + 1;

    std::vector<std::uint64_t> default_seq(n, 0);
    for (const std::int32_t d : defaulting) {
      FirmState& f = ctx.firm(d);
      // Its shortfall by line against its reference, on its books as they stand (MODEL.md §7.22).
      const Shortfall shortfall = decompose_shortfall(ctx, d);
      f.defaulted = true;
      Event e;
      e.type = EventType::default_;
      e.firm = d;
      // The event behind the line that lost most; without one, a cascade's default names the
      // default that cost the firm most, and a first-round default of a firm with a treasury its
      // open gap episode or the surprise that came after it.
      e.cause = shortfall.cause;
      if (e.cause == 0) e.cause = cause[static_cast<std::size_t>(d)];
      if (e.cause == 0) e.cause = shortfall_cause(ctx, d);
      e.amount = f.total_liabilities();
      e.with("liabilities", f.total_liabilities().dollars()).with("round", round);
      add_shortfall_fields(e, shortfall, w.date);
      default_seq[static_cast<std::size_t>(d)] = ctx.emit(e);
      record_shortfall(ctx, d, shortfall, default_seq[static_cast<std::size_t>(d)]);
      if (tally.first == 0) tally.first = default_seq[static_cast<std::size_t>(d)];
      ++tally.defaults;
      terminate_contracts(ctx, d, default_seq[static_cast<std::size_t>(d)]);
    }
    for (const std::int32_t d : defaulting)
      liquidate(ctx, d, tally);

    // Nominal liabilities of every defaulting firm, by creditor: claims and accelerated debt.
    std::vector<std::vector<Exposure>> exposures(n);
    for (const auto& c : w.claims) {
      if (ctx.firm(c.debtor).defaulted && c.amount.is_positive() &&
          std::find(defaulting.begin(), defaulting.end(), c.debtor) != defaulting.end()) {
        exposures[static_cast<std::size_t>(c.debtor)].push_back(
            {c.creditor, c.amount, claim_tag(ctx, c)});
      }
    }
    for (const std::int32_t d : defaulting) {
      for (const auto& debt : ctx.firm(d).debt) {
        if (debt.principal.is_positive())
          exposures[static_cast<std::size_t>(d)].push_back(
              {debt.lender, debt.principal, debt_tag(ctx, debt.contract)});
      }
      // Non-debt liabilities (deferred revenue, accrued, taxes, leases) are outside creditors'.
      const Money other = ctx.firm(d).other_liabilities;
      if (other.is_positive()) exposures[static_cast<std::size_t>(d)].push_back({-1, other});
    }

    // Clearing over all firms: only the defaulting ones owe anything in this problem; solvent
    // firms are pure creditors, outside creditors the sink.
    std::vector<Liability> network;
    std::vector<double> external(n, 0.0), outside_assets(n, 0.0);
    for (const std::int32_t d : defaulting) {
      outside_assets[static_cast<std::size_t>(d)] = std::max(0.0, ctx.firm(d).cash.dollars());
      std::map<std::int32_t, double> by_creditor;
      for (const auto& x : exposures[static_cast<std::size_t>(d)])
        by_creditor[x.creditor] += x.amount.dollars();
      for (const auto& [k, amount] : by_creditor) {
        if (k < 0) {
          external[static_cast<std::size_t>(d)] += amount;
        } else {
          network.push_back({static_cast<FirmIndex>(d), static_cast<FirmIndex>(k), amount});
        }
      }
    }
    ClearingOptions opt;
    opt.seniority = ctx.spec.contagion.external_senior ? ExternalSeniority::senior
                                                       : ExternalSeniority::pari_passu;
    const ClearingNetwork net(n, network, external);
    const ClearingResult cleared = clear(net, outside_assets, opt);

    // Settle: each defaulting firm pays its clearing payment, split over its creditors in
    // proportion to their claims (largest remainder, to the cent); every creditor writes off the
    // rest.
    for (const std::int32_t d : defaulting) {
      FirmState& f = ctx.firm(d);
      const auto& ex = exposures[static_cast<std::size_t>(d)];
      const std::uint64_t default_event = default_seq[static_cast<std::size_t>(d)];
      if (ex.empty()) {
        emit_settled(ctx, d, default_event, Money::zero(), Money::zero(), {});
        continue;
      }
      Money due;
      for (const auto& x : ex)
        due += x.amount;
      const Money pay = min(due, min(max(f.cash, Money::zero()),
                                     Money::cents(static_cast<std::int64_t>(std::floor(
                                         cleared.payments[static_cast<std::size_t>(d)] * 100.0)))));
      const auto parts = split_payment(pay, ex, ctx.spec.contagion.external_senior);
      CreditorLoss lost;
      for (std::size_t k = 0; k < ex.size(); ++k) {
        const Exposure& x = ex[k];
        const Money loss = x.amount - parts[k];
        const LineScope line(w, x.line);
        if (x.creditor >= 0) {
          transfer(w, d, x.creditor, parts[k]);
          FirmState& cr = ctx.firm(x.creditor);
          cr.book_income(-loss);
          lost.network += loss;
          tally.loss_network += loss;
          if (loss > worst_loss[static_cast<std::size_t>(x.creditor)]) {
            worst_loss[static_cast<std::size_t>(x.creditor)] = loss;
            cause[static_cast<std::size_t>(x.creditor)] = default_seq[static_cast<std::size_t>(d)];
          }
        } else {
          pay_to_outside(w, d, parts[k], Channel::outside_lenders);
          lost.outside += loss;
          tally.loss_outside += loss;
        }
      }
      emit_settled(ctx, d, default_event, due, pay, lost);
      // The creditors' books: claims on d leave receivables and loans; d's liabilities are gone,
      // and d books the part it did not pay as a gain on extinguishment.
      for (auto& c : w.claims) {
        if (c.debtor != d) continue;
        if (c.creditor >= 0) ctx.firm(c.creditor).receivables -= c.amount;
        f.payables -= c.amount;
        c.amount = Money::zero();
      }
      for (auto& debt : f.debt) {
        if (debt.lender >= 0) ctx.firm(debt.lender).loans_held -= debt.principal;
        debt.principal = Money::zero();
      }
      f.other_liabilities = Money::zero();
      f.book_income(due - pay);
      f.price *= 1e-6;  // equity holders are wiped out; the price stays at the floor
      f.mark = f.price;
    }
    compact_claims(w);
  }

  if (tally.defaults > 0) {
    Event e;
    e.type = EventType::cascade;
    e.cause = tally.first;
    e.amount = tally.loss_network + tally.loss_outside;
    ctx.emit(e.with("size", static_cast<double>(tally.defaults))
                 .with("depth", tally.depth)
                 .with("loss_network", tally.loss_network.dollars())
                 .with("loss_outside", tally.loss_outside.dollars()));
  }
  return tally.defaults > 0;
}

}  // namespace alchemy
