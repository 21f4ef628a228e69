#include "sim/engine/estate.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/line_tags.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

namespace {

// Splits an estate's payment over the claims on it (indices into World::claims). Pari passu: in
// proportion to the claims. With senior outside creditors (`contagion.external_senior`): the
// outside is paid in full first, the network creditors share the rest — the rule the clearing
// vector used (Eisenberg & Noe 2001 with a senior external class, as in Elsinger 2009).
std::vector<Money> split_payment(const World& w, Money pay, const std::vector<std::size_t>& on,
                                 bool external_senior) {
  std::vector<double> outside_w(on.size(), 0.0), network_w(on.size(), 0.0), all_w(on.size());
  Money outside_due;
  for (std::size_t k = 0; k < on.size(); ++k) {
    const Claim& c = w.claims[on[k]];
    all_w[k] = c.amount.dollars();
    if (c.creditor < 0) {
      outside_due += c.amount;
      outside_w[k] = all_w[k];
    } else {
      network_w[k] = all_w[k];
    }
  }
  if (!external_senior) return split_largest_remainder(pay, all_w);
  const Money to_outside = min(pay, outside_due);
  std::vector<Money> parts(on.size());
  if (to_outside.is_positive()) parts = split_largest_remainder(to_outside, outside_w);
  const Money rest = pay - to_outside;
  if (rest.is_positive()) {
    const auto more = split_largest_remainder(rest, network_w);
    for (std::size_t k = 0; k < on.size(); ++k)
      parts[k] += more[k];
  }
  return parts;
}

std::vector<std::size_t> claims_on(const World& w, const ClaimIndex& index, std::int32_t debtor) {
  std::vector<std::size_t> on;
  index.for_debtor(debtor, [&](std::size_t k) {
    if (w.claims[k].amount.is_positive()) on.push_back(k);
  });
  return on;
}

Money total(const World& w, const std::vector<std::size_t>& on) {
  Money sum;
  for (std::size_t k : on)
    sum += w.claims[k].amount;
  return sum;
}

// Whether the estate still holds a claim or a loan on anyone.
bool holds_anything(const World& w, const ContagionIndex& index, std::int32_t estate) {
  bool any = false;
  index.claims.for_creditor(estate,
                            [&](std::size_t k) { any = any || w.claims[k].amount.is_positive(); });
  if (any) return true;
  for (const LenderIndex::Loan& l : index.lenders.of(estate)) {
    const DebtState& d =
        w.firms[static_cast<std::size_t>(l.borrower)].debt[static_cast<std::size_t>(l.debt)];
    if (d.principal.is_positive()) return true;
  }
  return false;
}

// The settlement of a default at its estate's first clearing: what it owed, what the clearing
// gives its creditors, and their loss by class. One per `default`, its cause, so a sweep can
// attribute losses to each firm.
void emit_settled(TickContext& ctx, const Estate& est, Money due, Money value, Money loss_network,
                  Money loss_outside) {
  Event e;
  e.type = EventType::default_settled;
  e.firm = est.firm;
  e.cause = est.default_event;
  e.amount = loss_network + loss_outside;
  // Nothing owed, nothing lost: a recovery of 1 rather than 0/0.
  const double recovery = due.is_positive() ? value.dollars() / due.dollars() : 1.0;
  ctx.emit(e.with("due", due.dollars())
               .with("paid", value.dollars())
               .with("recovery", recovery)
               .with("loss_network", loss_network.dollars())
               .with("loss_outside", loss_outside.dollars()));
}

// Step 1: every claim on the estate written down to its share of the clearing payment.
Money write_down(TickContext& ctx, const Estate& est, const std::vector<std::size_t>& on,
                 Money value, ClearingLosses& losses, Money& loss_network, Money& loss_outside) {
  World& w = ctx.world;
  FirmState& f = ctx.firm(est.firm);
  const Money due = total(w, on);
  const auto parts = split_payment(w, min(value, due), on, ctx.spec.contagion.external_senior);
  for (std::size_t k = 0; k < on.size(); ++k) {
    Claim& c = w.claims[on[k]];
    const Money loss = c.amount - parts[k];
    if (!loss.is_positive()) continue;
    if (c.creditor >= 0) {
      FirmState& cr = ctx.firm(c.creditor);
      cr.receivables -= loss;
      cr.book_income(-loss);
      loss_network += loss;
      const auto slot = static_cast<std::size_t>(c.creditor);
      if (loss > losses.worst[slot]) {
        losses.worst[slot] = loss;
        losses.cause[slot] = est.default_event;
      }
    } else {
      loss_outside += loss;
    }
    f.payables -= loss;
    f.book_income(loss);  // a gain on extinguishment
    c.amount = parts[k];
  }
  return due;
}

// Step 3: the estate's cash paid out on the claims left; returns what it paid.
Money pay_out(TickContext& ctx, Estate& est, const std::vector<std::size_t>& on) {
  World& w = ctx.world;
  FirmState& f = ctx.firm(est.firm);
  const Money pay = min(max(f.cash, Money::zero()), total(w, on));
  if (!pay.is_positive()) return Money::zero();
  const auto parts = split_payment(w, pay, on, ctx.spec.contagion.external_senior);
  for (std::size_t k = 0; k < on.size(); ++k) {
    Claim& c = w.claims[on[k]];
    if (!parts[k].is_positive()) continue;
    const LineScope line(w, claim_tag(ctx, c));  // a distribution is booked on the claim's line
    if (c.creditor >= 0) {
      transfer(w, est.firm, c.creditor, parts[k]);
      ctx.firm(c.creditor).receivables -= parts[k];
    } else {
      pay_to_outside(w, est.firm, parts[k], c.channel);
    }
    f.payables -= parts[k];
    c.amount -= parts[k];
  }
  est.paid += pay;
  return pay;
}

// Step 4: an estate that holds nothing more closes.
void close_if_done(TickContext& ctx, Estate& est, const std::vector<std::size_t>& on,
                   const ContagionIndex& index) {
  World& w = ctx.world;
  if (holds_anything(w, index, est.firm)) return;
  FirmState& f = ctx.firm(est.firm);
  Money written_off;
  for (std::size_t k : on) {
    Claim& c = w.claims[k];
    if (c.creditor >= 0) {
      ctx.firm(c.creditor).receivables -= c.amount;
      ctx.firm(c.creditor).book_income(-c.amount);
    }
    f.payables -= c.amount;
    f.book_income(c.amount);
    written_off += c.amount;
    c.amount = Money::zero();
  }
  Money cost;
  if (est.in_default && f.cash.is_positive()) {
    cost = f.cash;
    pay_to_outside(w, est.firm, cost, Channel::outside_investors);
    f.book_income(-cost);
  }
  est.closed = true;
  Event e;
  e.type = EventType::estate_closed;
  e.firm = est.firm;
  e.cause = est.default_event;
  e.amount = est.paid;
  ctx.emit(e.with("written_off", written_off.dollars())
               .with("residual", max(f.cash, Money::zero()).dollars())
               .with("cost", cost.dollars()));
}

}  // namespace

Money open_estate(TickContext& ctx, std::int32_t d, std::uint64_t default_event,
                  ContagionIndex& index) {
  World& w = ctx.world;
  FirmState& f = ctx.firm(d);
  Money fire_sales;
  if (f.fleet_book.is_positive()) {
    const Money proceeds = f.fleet_book.times(w.market.gpu_index);
    receive_from_outside(w, d, proceeds, Channel::outside_investors);
    f.book_income(proceeds - f.fleet_book);
    fire_sales = proceeds;
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

  // Everything it owes is due now: debt accelerated into claims (the lender's loan becomes a
  // receivable), other liabilities a claim of the outside.
  for (auto& debt : f.debt) {
    if (!debt.principal.is_positive()) continue;
    if (debt.lender >= 0) ctx.firm(debt.lender).loans_held -= debt.principal;
    const Money principal = debt.principal;
    debt.principal = Money::zero();
    add_claim(w, Claim{d, debt.lender, debt.contract, principal, w.date, Channel::outside_lenders});
  }
  if (f.other_liabilities.is_positive()) {
    const Money other = f.other_liabilities;
    f.other_liabilities = Money::zero();
    add_claim(w, Claim{d, -1, -1, other, w.date, Channel::outside_lenders});
  }

  Estate est;
  est.firm = d;
  est.opened = w.date;
  est.default_event = default_event;
  est.outside_book = f.other_assets + f.operating_assets;
  index.claims.sync(w);
  Money held;
  index.claims.for_creditor(d, [&](std::size_t k) { held += w.claims[k].amount; });
  Event e;
  e.type = EventType::estate_opened;
  e.firm = d;
  e.cause = default_event;
  e.amount = total(w, claims_on(w, index.claims, d));
  ctx.emit(e.with("cash", f.cash.dollars())
               .with("outside_assets", est.outside_book.dollars())
               .with("claims_held", (held + f.loans_held).dollars()));
  w.estates.push_back(est);
  f.price = 0.0;  // equity holders are wiped out (MODEL.md §7.7)
  f.mark = 0.0;
  return fire_sales;
}

EstateClearing estate_clearing_input(const World& w, ContagionIndex& index) {
  EstateClearing out;
  std::vector<std::uint8_t>& open = index.open;
  std::vector<std::int32_t>& node = index.node;
  open.resize(w.firms.size(), 0);
  node.resize(w.firms.size(), -1);
  for (std::size_t k = 0; k < w.estates.size(); ++k) {
    if (w.estates[k].closed) continue;
    out.estates.push_back(k);
    open[static_cast<std::size_t>(w.estates[k].firm)] = 1;
  }
  // What the estates owe and are owed: the claims on them and held by them, in the world's order,
  // then the debts of the estates and of their borrowers, by borrower and slot — the order of a
  // scan of everything. Marked, then read in order: a pass over the claims and a byte per firm,
  // no sort.
  std::vector<std::uint8_t>& mark = index.mark;
  mark.assign(w.claims.size(), 0);
  for (const std::size_t k : out.estates) {
    const std::int32_t i = w.estates[k].firm;
    index.claims.for_debtor(i, [&](std::size_t c) { mark[c] = 1; });
    index.claims.for_creditor(i, [&](std::size_t c) { mark[c] = 1; });
  }
  std::vector<std::size_t> claims;
  for (std::size_t c = 0; c < w.claims.size(); ++c) {
    if (mark[c]) claims.push_back(c);
  }
  std::vector<std::uint8_t>& borrows = index.borrows;
  borrows.resize(w.firms.size(), 0);
  for (const std::size_t k : out.estates) {
    const std::int32_t i = w.estates[k].firm;
    borrows[static_cast<std::size_t>(i)] = 1;
    for (const LenderIndex::Loan& l : index.lenders.of(i))
      borrows[static_cast<std::size_t>(l.borrower)] = 1;
  }
  std::vector<LenderIndex::Loan> debts;
  for (std::size_t j = 0; j < w.firms.size(); ++j) {
    if (!borrows[j]) continue;
    borrows[j] = 0;
    for (std::size_t d = 0; d < w.firms[j].debt.size(); ++d)
      debts.push_back({static_cast<std::int32_t>(j), static_cast<std::int32_t>(d)});
  }

  // Each debt as the clearing sees it: an estate's debt to a firm or to the outside; a live
  // firm's debt to an estate, paid in full on its own schedule; anything else is not in it.
  enum class Owed { none, network, outside, live_to_estate };
  auto owed = [&](std::int32_t debtor, std::int32_t creditor) {
    const auto i = static_cast<std::size_t>(debtor);
    if (open[i]) return creditor >= 0 ? Owed::network : Owed::outside;
    if (creditor >= 0 && open[static_cast<std::size_t>(creditor)] && !w.firms[i].defaulted)
      return Owed::live_to_estate;
    return Owed::none;
  };
  auto each_debt = [&](auto&& f) {
    for (const std::size_t k : claims) {
      const Claim& c = w.claims[k];
      if (c.amount.is_positive()) f(c.debtor, c.creditor, c.amount);
    }
    for (const LenderIndex::Loan& l : debts) {
      const DebtState& d =
          w.firms[static_cast<std::size_t>(l.borrower)].debt[static_cast<std::size_t>(l.debt)];
      if (d.lender >= 0 && d.principal.is_positive()) f(l.borrower, d.lender, d.principal);
    }
  };

  // The nodes: the estates and every firm a debt above links to them, numbered in the world's
  // order, so the solver meets the same rows in the same order as on all firms.
  for (const std::size_t k : out.estates)
    node[static_cast<std::size_t>(w.estates[k].firm)] = 0;
  each_debt([&](std::int32_t debtor, std::int32_t creditor, Money) {
    const Owed o = owed(debtor, creditor);
    if (o == Owed::none) return;
    node[static_cast<std::size_t>(debtor)] = 0;
    if (o != Owed::outside) node[static_cast<std::size_t>(creditor)] = 0;
  });
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    if (node[i] < 0) continue;
    node[i] = static_cast<std::int32_t>(out.firms.size());
    out.firms.push_back(static_cast<std::int32_t>(i));
  }

  ClearingInput& in = out.input;
  const std::size_t n = out.firms.size();
  in.firm_count = n;
  in.outside_assets.assign(n, 0.0);
  in.external_liabilities.assign(n, 0.0);
  in.assets_at_face.assign(n, 0.0);
  for (const std::size_t k : out.estates) {
    const Estate& e = w.estates[k];
    const auto q = static_cast<std::size_t>(node[static_cast<std::size_t>(e.firm)]);
    in.outside_assets[q] = e.cleared_once ? 0.0 : e.outside_book.dollars();
    in.assets_at_face[q] = std::max(0.0, w.firms[static_cast<std::size_t>(e.firm)].cash.dollars());
  }
  each_debt([&](std::int32_t debtor, std::int32_t creditor, Money amount) {
    const Owed o = owed(debtor, creditor);
    if (o == Owed::none) return;
    const auto i = static_cast<FirmIndex>(node[static_cast<std::size_t>(debtor)]);
    if (o == Owed::outside) {
      in.external_liabilities[i] += amount.dollars();
      return;
    }
    in.liabilities.push_back(
        {i, static_cast<FirmIndex>(node[static_cast<std::size_t>(creditor)]), amount.dollars()});
    if (o == Owed::live_to_estate) in.outside_assets[i] += amount.dollars();
  });

  // The scratch arrays back to all −1 and 0, touching only what was set.
  for (const std::int32_t f : out.firms) {
    node[static_cast<std::size_t>(f)] = -1;
    open[static_cast<std::size_t>(f)] = 0;
  }
  return out;
}

void clear_estates(TickContext& ctx, ClearingLosses& losses, ContagionIndex& index) {
  World& w = ctx.world;
  const EstateClearing problem = estate_clearing_input(w, index);
  const std::vector<std::size_t>& open = problem.estates;
  if (open.empty()) return;
  const ContagionSpec& cg = ctx.spec.contagion;
  ClearingOptions opt;
  opt.alpha = cg.alpha;
  opt.beta = cg.beta;
  opt.seniority = cg.external_senior ? ExternalSeniority::senior : ExternalSeniority::pari_passu;
  // The solver `automatic` would choose for every firm of the world, not for the nodes alone: the
  // same algorithm on the same rows gives the same bits.
  opt.algorithm = w.firms.size() <= opt.exact_max_firms ? ClearingAlgorithm::exact
                                                        : ClearingAlgorithm::iterative;
  const ClearingResult cleared = clear(problem.input, opt);

  // The claims on each estate, found once: nothing below adds a claim, and the list is compacted
  // only at the end, so the indices hold through the write-downs, pay-outs and closings.
  std::vector<std::vector<std::size_t>> on(open.size());
  for (std::size_t q = 0; q < open.size(); ++q)
    on[q] = claims_on(w, index.claims, w.estates[open[q]].firm);
  std::vector<Money> due_now(open.size()), value(open.size());
  for (std::size_t q = 0; q < open.size(); ++q) {
    Estate& est = w.estates[open[q]];
    FirmState& f = w.firms[static_cast<std::size_t>(est.firm)];
    const auto i = problem.node_of(est.firm);
    // Once in default, always: Rogers & Veraart's costs were charged on the estate's value then,
    // so what it later collects beyond that value is the cost (close_if_done).
    est.in_default = est.in_default || cleared.defaulted[i] != 0;
    est.last_cleared = w.date;
    value[q] = Money::cents(static_cast<std::int64_t>(std::floor(cleared.payments[i] * 100.0)));
    Money loss_network, loss_outside;
    due_now[q] = write_down(ctx, est, on[q], value[q], losses, loss_network, loss_outside);
    losses.network += loss_network;
    losses.outside += loss_outside;
    if (!est.cleared_once) {
      const double factor = est.in_default ? cg.alpha : 1.0;
      for (Money* held : {&f.other_assets, &f.operating_assets}) {
        if (!held->is_positive()) continue;
        const Money proceeds = held->times(factor);
        receive_from_outside(w, est.firm, proceeds, Channel::outside_investors);
        f.book_income(proceeds - *held);
        *held = Money::zero();
      }
      est.cleared_once = true;
      emit_settled(ctx, est, due_now[q], min(value[q], due_now[q]), loss_network, loss_outside);
    }
  }
  // Pay out until no estate has cash left for its creditors: what one estate pays another is paid
  // on the same day.
  std::vector<Money> paid(open.size());
  for (bool moved = true; moved;) {
    moved = false;
    for (std::size_t q = 0; q < open.size(); ++q) {
      const Money p = pay_out(ctx, w.estates[open[q]], on[q]);
      paid[q] += p;
      moved = moved || p.is_positive();
    }
  }
  for (std::size_t q = 0; q < open.size(); ++q) {
    Estate& est = w.estates[open[q]];
    Event e;
    e.type = EventType::estate_cleared;
    e.firm = est.firm;
    e.cause = est.default_event;
    e.amount = paid[q];
    const double recovery =
        due_now[q].is_positive() ? min(value[q], due_now[q]).dollars() / due_now[q].dollars() : 1.0;
    ctx.emit(e.with("value", min(value[q], due_now[q]).dollars())
                 .with("due", due_now[q].dollars())
                 .with("recovery", recovery)
                 .with("in_default", est.in_default ? 1.0 : 0.0));
    close_if_done(ctx, est, on[q], index);
  }
  compact_claims(w);
  index.claims.rebuild(w);
}

bool estate_clearing_due(const TickContext& ctx) {
  const Date today = ctx.world.date;
  for (const Estate& e : ctx.world.estates) {
    if (e.closed) continue;
    if (e.last_cleared.year() != today.year() || e.last_cleared.month() != today.month())
      return true;
  }
  return false;
}

}  // namespace alchemy
