#pragma once
// The treasury's cash projection (issue 17, MODEL.md §7.18): a firm's cash month by month over
// its horizon, from its operations at today's run-rate and growth and from everything on its
// books — what its contracts schedule (each kind answers for its own flows,
// ContractKind::project), the debts it owes and holds, the trade claims open today, and the
// margin its secured loans would call at today's GPU index. Inflows that depend on a condition or
// on someone else's decision are shown apart (`contingent_in`) and kept out of the cash path.
//
// Month k covers [today + k months, today + k + 1 months); amounts already due (overdue claims,
// margin needed now) fall in month 0.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"
#include "market/scheduler.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

struct TickContext;

struct ProjectedMonth {
  Money operating_in;      // revenue from outside customers at run-rate × growth, capacity-capped
  Money operating_out;     // operating costs: cost of revenue, fixed costs, power
  Money sales_in;          // committed receipts from customers (supply, lease), open receivables
  Money financing_in;      // committed financing: loan draws, interest and principal received,
                           // unconditional tranches due to the firm
  Money purchases_out;     // supply invoices and lease payments the firm owes, open trade payables
  Money investments_out;   // tranches, loans and funding it has committed to pay as investor
  Money debt_service_out;  // interest and principal falling due, other payables due
  Money margin_out;        // margin its secured loans call at today's GPU index (month 0 only)
  Money contingent_in;     // inflows on a condition or another's decision: NOT in the cash path
  double gw_bought = 0.0;  // owned capacity the firm's scheduled GPU deliveries add this month
  double gw_leased = 0.0;  // leased capacity starting (+) or ending (−) this month

  // The month's committed net flow: everything but contingent_in.
  Money net() const {
    return operating_in + sales_in + financing_in - operating_out - purchases_out -
           investments_out - debt_service_out - margin_out;
  }
};

struct CashProjection {
  Date today;
  Money start_cash;
  std::vector<ProjectedMonth> months;
  std::vector<Date> bounds;  // today + k months, k = 0..months.size(): the months' first days

  // Starts an empty projection of `horizon` months from `today`.
  void reset(Date today, Money cash, int horizon);
  // The same with the months' first days given (`bounds`: today + k months, k = 0..horizon).
  void reset(Money cash, std::span<const Date> bounds);

  // The month a flow dated `d` falls in: 0 for today or earlier, −1 beyond the horizon.
  int month_of(Date d) const;
  // The first day of month k (today + k months).
  Date month_start(int k) const { return bounds[static_cast<std::size_t>(k)]; }
  // Projected cash at the end of month k, on committed flows only.
  Money cash_at_end(int k) const;
  // The first month whose end cash is below `floor`, if any within the horizon.
  std::optional<int> first_gap_month(Money floor) const;
  // The lowest projected month-end cash (start cash when there are no months).
  Money min_cash() const;
  // Months until projected cash falls below 0, linear within the month it does: k + c / (c − e)
  // with c the cash at the start of month k and e at its end; 999 if never within the horizon.
  double runway_months() const;
};

// What a projection reads besides the firm: the scheduler's pending items bucketed by contract
// (those dated before `until`), the open claims by party and the debts each firm holds as a
// network lender. Shared by every firm's projection, so that no firm's projection scans the whole
// world.
//
// The items are the costly part (hundreds a tick in the baseline, bucketed and sorted), and the
// scheduler gains items on about one tick in thirty, so they are kept from tick to tick: bucketed
// once, then what the calendar took is dropped from the front of each contract's list and what
// the scheduler gained, or the horizon moving past `until` takes in, is put in its place. They
// are held to one month beyond the horizon, so `until` moves once a month; a projection reads a
// contract's items only up to its own horizon (items past it come last in each contract's order,
// so what it adds up before them is the same). Claims and loans held are few and are gathered
// again every tick.
struct ProjectionIndex {
  Date until;                                        // items dated on or after are left out
  std::vector<std::vector<ScheduledItem>> items_of;  // [contract], in (date, seq) order
  // [contract]: the positions in items_of of its principal repayments (loan_amortise,
  // debt_maturity) grouped by the debt they repay (ScheduledItem::index), each group in date
  // order: a loan that finances deliveries has a debt per draw, each with its monthly repayments.
  std::vector<std::vector<std::int32_t>> repayments_of;
  std::vector<std::int32_t> touched;  // the contracts with items in items_of
  std::vector<std::int32_t> regroup;  // the contracts that gained items (a buffer, kept)
  std::vector<std::vector<std::int32_t>> claims_of;  // [firm]: indices into world.claims
  struct Lent {
    std::int32_t borrower;
    std::int32_t debt;  // index into the borrower's debts
  };
  std::vector<std::vector<Lent>> lent_by;  // [firm]: its loans to network firms
  // today + k months, k = 0..the horizon: every projection's months, computed once per tick
  std::vector<Date> bounds;
  // Per month k of `bounds`, what every firm's operations read: its length in years and the years
  // from today to its midpoint (where demand and fixed costs are read).
  std::vector<double> years, mid_years;
  // [firm]: exp(growth · mid_years[k]) and exp(fixed_growth · mid_years[k]) by month, for the
  // growth in `growth_at`. The months' lengths repeat from day to day (today + k months has the
  // same month lengths ahead from the 1st to the 28th of a month) and a firm's growth changes at
  // the steps of its path, so these are computed again only when mid_years or the growth changed:
  // the same expressions on the same numbers, so the same bits.
  std::vector<std::vector<double>> demand_growth, cost_growth;
  std::vector<double> growth_at, fixed_growth_at;  // [firm]: NaN when mid_years changed

  // The scheduler the items were taken from, by its size and next sequence number: it changes
  // only by add (which takes a new number) and take_due (which shrinks it).
  bool items_built = false;
  // index_firm_until: the one firm whose claims_of and lent_by are filled (−1: every firm's are)
  std::int32_t one_firm = -1;
  std::size_t scheduler_size = 0;
  std::uint64_t scheduler_seq = 0;
};

// Whether the decisions phase projects this tick: when some firm reads its projection (a treasury
// policy, a rule raising equity, or a rule reading runway_months, projected_gap or months_to_gap;
// CompiledScenario::projected).
bool projections_needed(const TickContext& ctx);
// Whether it projects `firm`: the firm reads its projection and is not in default. The one place
// that decides; no other firm's projection is made.
bool projection_needed(const TickContext& ctx, std::int32_t firm);

// Makes `index` good for projections of up to `horizon_months` from today: the items bucketed on
// the first call, then the settled ones dropped and the new ones (gained by the scheduler, or
// taken in as `until` moves) added (a reused index must be the same run's, and today's calendar
// phase done); the claims, loans held and months' first days every call.
void index_for_projection(const TickContext& ctx, int horizon_months, ProjectionIndex& index);
// The longest treasury horizon of the scenario's firms (at least a month): the horizon an index
// must cover for every firm's projection.
int longest_treasury_horizon(const TickContext& ctx);
// The same for months that end at `end` rather than after whole months: today, today + 1 month,
// …, the last one cut at `end` (a default's projection over its reference's window, MODEL.md
// §7.23). `end` must be after today.
void index_for_projection_until(const TickContext& ctx, Date end, ProjectionIndex& index);
// What index_for_projection_until makes, for `firm`'s projection alone: its month tables, the
// items (bucketed afresh unless `index` holds this scheduler's for the same months), and only its
// claims (`claims`: indices into World::claims, ascending, as claims_of holds them) and loans held
// (`lent`: as lent_by holds them). Another firm's entries are not valid. Costs what the firm
// holds, not what the world holds, once the index is sized: for the defaults of a cascade, one
// after another (MODEL.md §7.23).
void index_firm_until(const TickContext& ctx, Date end, std::int32_t firm,
                      std::span<const std::int32_t> claims,
                      std::span<const ProjectionIndex::Lent> lent, ProjectionIndex& index);

// `firm`'s projection over `horizon_months` (≥ 1) from today into `out` (its buffers reused), on
// an index made good this tick for at least that horizon. The same code as project_lines
// (projection_lines.hpp) without the lines.
void project_cash(const TickContext& ctx, const ProjectionIndex& index, std::int32_t firm,
                  int horizon_months, CashProjection& out);
// The same with an index of its own (tests, one-off analyses).
CashProjection project_cash(const TickContext& ctx, std::int32_t firm, int horizon_months);

// What a kind's project hook and the firm-level parts share.
// Adds a debt's interest (accrued on the outstanding principal day by day, as the operations
// phase pays it) and its scheduled principal repayments `repayments` (dated amounts, in date
// order) to `out`: to debt_service_out when `as_borrower`, else to financing_in. Returns what it
// added (positive either way).
struct Repayment {
  Date date;
  Money amount;
};
Money project_debt(const DebtState& d, std::span<const Repayment> repayments, bool as_borrower,
                   CashProjection& out);

}  // namespace alchemy
