#include "sim/engine/cash_projection.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/debt.hpp"
#include "sim/engine/collateral.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

namespace {

// year_fraction of the day counts of a piece of one month, 0 to 31 days: the same quotients,
// divided once at compile time (IEEE division is correctly rounded, so the same bits) instead of
// in every piece of every debt every tick.
constexpr auto kYearsOfDays = [] {
  std::array<double, 32> t{};
  for (std::size_t d = 0; d < t.size(); ++d)
    t[d] = static_cast<double>(d) / 365.0;
  return t;
}();

// Interest on the outstanding principal of [from, to) (days), ACT/365F.
Money interest(Money principal, double rate, Date from, Date to) {
  const auto days = static_cast<std::size_t>(to.days() - from.days());
  const double years = days < kYearsOfDays.size() ? kYearsOfDays[days] : year_fraction(from, to);
  return principal.times(rate * years);
}

}  // namespace

bool projections_needed(const TickContext& ctx) {
  return ctx.compiled.projects;
}

int longest_treasury_horizon(const TickContext& ctx) {
  int horizon = 1;
  for (const FirmSpec& s : ctx.spec.firms)
    horizon = std::max(horizon, s.treasury.horizon_months);
  return horizon;
}

bool projection_needed(const TickContext& ctx, std::int32_t firm) {
  return ctx.compiled.projected[static_cast<std::size_t>(firm)] != 0 &&
         !ctx.world.firms[static_cast<std::size_t>(firm)].defaulted;
}

void CashProjection::reset(Date t, Money cash, int horizon) {
  today = t;
  start_cash = cash;
  const auto n = static_cast<std::size_t>(std::max(1, horizon));
  months.assign(n, ProjectedMonth{});
  bounds.resize(n + 1);
  for (std::size_t k = 0; k <= n; ++k)
    bounds[k] = t.plus_months(static_cast<int>(k));
}

void CashProjection::reset(Money cash, std::span<const Date> first_days) {
  today = first_days.front();
  start_cash = cash;
  months.assign(first_days.size() - 1, ProjectedMonth{});
  bounds.assign(first_days.begin(), first_days.end());
}

int CashProjection::month_of(Date d) const {
  if (months.empty() || d >= bounds.back()) return -1;
  if (d < today) return 0;
  // No month is longer than 31 days, so d's month is at least (d − today) / 31: from there, step
  // to the month the first bound after d closes (one or two steps within a few years, where a
  // binary search over the bounds took four unpredictable branches).
  auto k = static_cast<std::size_t>((d.days() - today.days()) / 31);
  while (bounds[k + 1] <= d)
    ++k;
  return static_cast<int>(k);
}

Money CashProjection::cash_at_end(int k) const {
  Money cash = start_cash;
  for (int j = 0; j <= k; ++j)
    cash += months[static_cast<std::size_t>(j)].net();
  return cash;
}

std::optional<int> CashProjection::first_gap_month(Money floor) const {
  Money cash = start_cash;
  for (std::size_t k = 0; k < months.size(); ++k) {
    cash += months[k].net();
    if (cash < floor) return static_cast<int>(k);
  }
  return std::nullopt;
}

Money CashProjection::min_cash() const {
  Money cash = start_cash, lowest = start_cash;
  bool first = true;
  for (const ProjectedMonth& m : months) {
    cash += m.net();
    if (first || cash < lowest) lowest = cash;
    first = false;
  }
  return lowest;
}

double CashProjection::runway_months() const {
  Money cash = start_cash;
  for (std::size_t k = 0; k < months.size(); ++k) {
    const Money end = cash + months[k].net();
    if (end.is_negative()) {
      const double c = std::max(0.0, static_cast<double>(cash.in_cents()));
      const double e = static_cast<double>(end.in_cents());
      return static_cast<double>(k) + c / (c - e);
    }
    cash = end;
  }
  return 999.0;
}

namespace {

// A contract's principal repayments (loan_amortise, debt_maturity), as positions in its items,
// grouped by the debt they repay, each group in the items' date order.
void group_repayments(const std::vector<ScheduledItem>& items, std::vector<std::int32_t>& out) {
  out.clear();
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (items[k].kind == ItemKind::loan_amortise || items[k].kind == ItemKind::debt_maturity)
      out.push_back(static_cast<std::int32_t>(k));
  }
  // Stable: each debt's repayments stay in the items' date order.
  std::stable_sort(out.begin(), out.end(), [&](std::int32_t a, std::int32_t b) {
    return items[static_cast<std::size_t>(a)].index < items[static_cast<std::size_t>(b)].index;
  });
}

// Settlement order within one contract: what remains of a contract is used up by its earlier
// items first, and every item of a contract is of the calendar phase, so (date, seq) is the
// scheduler's order.
bool settles_before(const ScheduledItem& a, const ScheduledItem& b) {
  return a.date != b.date ? a.date < b.date : a.seq < b.seq;
}

// Buckets the scheduler's items dated before `until` by contract, each contract's in settlement
// order, and groups each contract's principal repayments by debt.
void bucket_items(const TickContext& ctx, Date until, ProjectionIndex& index) {
  const Scheduler& scheduler = ctx.world.scheduler;
  index.until = until;
  index.items_of.resize(ctx.spec.contracts.size());
  index.repayments_of.resize(ctx.spec.contracts.size());
  for (const std::int32_t c : index.touched) {
    index.items_of[static_cast<std::size_t>(c)].clear();
    index.repayments_of[static_cast<std::size_t>(c)].clear();
  }
  index.touched.clear();
  for (const ScheduledItem& it : scheduler.unordered()) {
    if (it.contract < 0 || !(it.date < until)) continue;
    auto& items = index.items_of[static_cast<std::size_t>(it.contract)];
    if (items.empty()) index.touched.push_back(it.contract);
    items.push_back(it);
  }
  for (const std::int32_t c : index.touched) {
    auto& items = index.items_of[static_cast<std::size_t>(c)];
    std::sort(items.begin(), items.end(), settles_before);
    group_repayments(items, index.repayments_of[static_cast<std::size_t>(c)]);
  }
  index.items_built = true;
  index.scheduler_size = scheduler.size();
  index.scheduler_seq = scheduler.next_seq();
}

// Drops what the calendar took since the index was made: the calendar phase takes every calendar
// item dated on or before today (until none is due) and no other, every contract's items are
// calendar items, and the index held only items the scheduler held then, so what was taken is
// each contract's items dated on or before today, at the front of its list. The repayments'
// grouping keeps its order; the positions move down by what was dropped.
void drop_settled(const TickContext& ctx, ProjectionIndex& index) {
  const Date today = ctx.world.date;
  std::erase_if(index.touched, [&](std::int32_t c) {
    auto& items = index.items_of[static_cast<std::size_t>(c)];
    const auto settled = std::partition_point(
        items.begin(), items.end(), [&](const ScheduledItem& it) { return !(today < it.date); });
    const auto dropped = static_cast<std::int32_t>(settled - items.begin());
    if (dropped == 0) return false;
    items.erase(items.begin(), settled);
    auto& repayments = index.repayments_of[static_cast<std::size_t>(c)];
    std::erase_if(repayments, [&](std::int32_t k) { return k < dropped; });
    for (std::int32_t& k : repayments)
      k -= dropped;
    return items.empty();
  });
  index.scheduler_size = ctx.world.scheduler.size();
}

// The index as bucket_items would make it for `until` (not before the index's), after
// drop_settled: what is missing are the items the scheduler gained since (a sequence number not
// below the index's) and those the later `until` takes in (dated from the old one on), each put
// at its place in its contract's settlement order; the contracts that gained any are grouped
// again. Items are added on about one tick in thirty and `until` moves once a month, and a
// scheduler holds years of items, so this takes a few insertions where bucketing sorted them all.
void add_new_items(const TickContext& ctx, Date until, ProjectionIndex& index) {
  const Scheduler& scheduler = ctx.world.scheduler;
  const Date old_until = index.until;
  const std::uint64_t old_seq = index.scheduler_seq;
  index.regroup.clear();
  for (const ScheduledItem& it : scheduler.unordered()) {
    if (it.contract < 0 || !(it.date < until)) continue;
    if (it.seq < old_seq && it.date < old_until) continue;  // held already
    auto& items = index.items_of[static_cast<std::size_t>(it.contract)];
    if (items.empty()) index.touched.push_back(it.contract);
    items.insert(std::upper_bound(items.begin(), items.end(), it, settles_before), it);
    if (index.regroup.empty() || index.regroup.back() != it.contract)
      index.regroup.push_back(it.contract);
  }
  std::sort(index.regroup.begin(), index.regroup.end());
  index.regroup.erase(std::unique(index.regroup.begin(), index.regroup.end()), index.regroup.end());
  for (const std::int32_t c : index.regroup)
    group_repayments(index.items_of[static_cast<std::size_t>(c)],
                     index.repayments_of[static_cast<std::size_t>(c)]);
  index.until = until;
  index.scheduler_size = scheduler.size();
  index.scheduler_seq = scheduler.next_seq();
}

}  // namespace

namespace {

// The months' lengths and midpoints in years from `index.bounds`, and each firm's growth factors
// at the midpoints, computed again only when the midpoints or the firm's growth changed.
void month_tables(const TickContext& ctx, ProjectionIndex& index, std::int32_t only = -1) {
  const std::size_t n = index.bounds.size() - 1;
  const Date today = index.bounds.front();
  bool same = index.mid_years.size() == n;
  index.years.resize(n);
  index.mid_years.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Date start = index.bounds[k], end = index.bounds[k + 1];
    const Date mid = start.plus_days((end.days() - start.days()) / 2);
    const double t_mid = year_fraction(today, mid);
    same = same && index.mid_years[k] == t_mid;
    index.years[k] = year_fraction(start, end);
    index.mid_years[k] = t_mid;
  }
  const std::size_t firms = ctx.world.firms.size();
  constexpr double unknown = std::numeric_limits<double>::quiet_NaN();  // equal to nothing
  index.demand_growth.resize(firms);
  index.cost_growth.resize(firms);
  index.growth_at.resize(firms, unknown);
  index.fixed_growth_at.resize(firms, unknown);
  if (only >= 0) {
    // One firm's tables: the others' are left as they are, and forgotten when the midpoints
    // moved, so that a later call for one of them computes them again.
    if (!same) {
      std::fill(index.growth_at.begin(), index.growth_at.end(), unknown);
      std::fill(index.fixed_growth_at.begin(), index.fixed_growth_at.end(), unknown);
    }
  }
  const std::size_t first = only >= 0 ? static_cast<std::size_t>(only) : 0;
  const std::size_t last = only >= 0 ? first + 1 : firms;
  for (std::size_t i = first; i < last; ++i) {
    const double g = ctx.world.firms[i].growth, fixed = ctx.spec.firms[i].costs.fixed_growth;
    if (same && index.growth_at[i] == g && index.fixed_growth_at[i] == fixed) continue;
    index.demand_growth[i].resize(n);
    index.cost_growth[i].resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      index.demand_growth[i][k] = std::exp(g * index.mid_years[k]);
      index.cost_growth[i][k] = std::exp(fixed * index.mid_years[k]);
    }
    index.growth_at[i] = g;
    index.fixed_growth_at[i] = fixed;
  }
}

}  // namespace

namespace {

// What both index_for_projection overloads do once `index.bounds` holds the months' first days:
// the month tables, the items dated before `items_until` (kept from tick to tick), the claims and
// the loans held.
void fill_items(const TickContext& ctx, Date items_until, ProjectionIndex& index) {
  const World& w = ctx.world;
  if (!index.items_built) {
    bucket_items(ctx, items_until, index);
  } else {
    if (index.scheduler_size != w.scheduler.size() || index.scheduler_seq != w.scheduler.next_seq())
      drop_settled(ctx, index);
    if (index.scheduler_seq != w.scheduler.next_seq() || index.until < index.bounds.back())
      add_new_items(ctx, std::max(index.until, items_until), index);
  }
}

void fill_index(const TickContext& ctx, Date items_until, ProjectionIndex& index) {
  const World& w = ctx.world;
  month_tables(ctx, index);
  fill_items(ctx, items_until, index);
  index.one_firm = -1;
  index.claims_of.resize(w.firms.size());
  index.lent_by.resize(w.firms.size());
  for (std::size_t i = 0; i < w.firms.size(); ++i) {
    index.claims_of[i].clear();
    index.lent_by[i].clear();
  }
  for (std::size_t k = 0; k < w.claims.size(); ++k) {
    const Claim& cl = w.claims[k];
    index.claims_of[static_cast<std::size_t>(cl.debtor)].push_back(static_cast<std::int32_t>(k));
    if (cl.creditor >= 0 && cl.creditor != cl.debtor)
      index.claims_of[static_cast<std::size_t>(cl.creditor)].push_back(
          static_cast<std::int32_t>(k));
  }
  for (std::size_t b = 0; b < w.firms.size(); ++b) {
    const auto& debts = w.firms[b].debt;
    for (std::size_t k = 0; k < debts.size(); ++k) {
      if (debts[k].lender >= 0 && debts[k].contract < 0)
        index.lent_by[static_cast<std::size_t>(debts[k].lender)].push_back(
            {static_cast<std::int32_t>(b), static_cast<std::int32_t>(k)});
    }
  }
}

}  // namespace

void index_for_projection(const TickContext& ctx, int horizon_months, ProjectionIndex& index) {
  const Date today = ctx.world.date;
  const int horizon = std::max(1, horizon_months);
  index.bounds.resize(static_cast<std::size_t>(horizon) + 1);
  for (std::size_t k = 0; k < index.bounds.size(); ++k)
    index.bounds[k] = today.plus_months(static_cast<int>(k));
  fill_index(ctx, today.plus_months(horizon + 1), index);
}

namespace {

void bounds_until(const TickContext& ctx, Date end, ProjectionIndex& index) {
  const Date today = ctx.world.date;
  index.bounds.assign(1, today);
  for (int k = 1; index.bounds.back() < end; ++k)
    index.bounds.push_back(std::min(end, today.plus_months(k)));
  if (index.bounds.size() == 1) index.bounds.push_back(today.plus_days(1));  // end ≤ today
}

}  // namespace

void index_for_projection_until(const TickContext& ctx, Date end, ProjectionIndex& index) {
  bounds_until(ctx, end, index);
  fill_index(ctx, index.bounds.back().plus_months(1), index);
}

void index_firm_until(const TickContext& ctx, Date end, std::int32_t firm,
                      std::span<const std::int32_t> claims,
                      std::span<const ProjectionIndex::Lent> lent, ProjectionIndex& index) {
  const World& w = ctx.world;
  bounds_until(ctx, end, index);
  month_tables(ctx, index, firm);
  // The items exactly as a fresh index holds them: bucketed again unless the kept ones were
  // taken from this scheduler, as it is, for the same `until`.
  const Date until = index.bounds.back().plus_months(1);
  if (index.items_built && (index.until != until || index.scheduler_size != w.scheduler.size() ||
                            index.scheduler_seq != w.scheduler.next_seq()))
    index.items_built = false;
  fill_items(ctx, until, index);
  index.claims_of.resize(w.firms.size());
  index.lent_by.resize(w.firms.size());
  if (index.one_firm >= 0) {
    index.claims_of[static_cast<std::size_t>(index.one_firm)].clear();
    index.lent_by[static_cast<std::size_t>(index.one_firm)].clear();
  }
  const auto i = static_cast<std::size_t>(firm);
  index.claims_of[i].assign(claims.begin(), claims.end());
  index.lent_by[i].assign(lent.begin(), lent.end());
  index.one_firm = firm;
}

Money project_debt(const DebtState& d, std::span<const Repayment> repayments, bool as_borrower,
                   CashProjection& out) {
  Money principal = d.principal, total;
  std::size_t next = 0;
  for (std::size_t k = 0; k < out.months.size() && principal.is_positive(); ++k) {
    const Date end = out.month_start(static_cast<int>(k) + 1);
    Date from = out.month_start(static_cast<int>(k));
    Money paid;
    while (next < repayments.size() && repayments[next].date < end) {
      const Repayment& r = repayments[next++];
      const Date at = std::max(r.date, from);
      paid += interest(principal, d.rate, from, at);
      const Money part = min(r.amount, principal);
      paid += part;
      principal -= part;
      from = at;
    }
    paid += interest(principal, d.rate, from, end);
    ProjectedMonth& m = out.months[k];
    (as_borrower ? m.debt_service_out : m.financing_in) += paid;
    total += paid;
  }
  return total;
}

CashProjection project_cash(const TickContext& ctx, std::int32_t firm, int horizon_months) {
  ProjectionIndex index;
  index_for_projection(ctx, horizon_months, index);
  CashProjection out;
  project_cash(ctx, index, firm, horizon_months, out);
  return out;
}

}  // namespace alchemy
