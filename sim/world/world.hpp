#pragma once
// All engine state, as plain data: firms, contracts, open claims, the rest of the world's
// accounts, the market, the scheduler and every RNG stream. Nothing here is a closure or a
// pointer, so a World can be saved, restored and compared (world_io.hpp), which checkpoints and
// forks rely on.

#include <array>
#include <cstdint>
#include <vector>

#include "agents/firm_state.hpp"
#include "market/date.hpp"
#include "market/money.hpp"
#include "market/rng.hpp"
#include "market/scheduler.hpp"
#include "sim/world/line_key.hpp"
#include "sim/world/traced_funds.hpp"

namespace alchemy {

struct ScenarioSpec;

// The rest of the world: the counterparty of every flow into or out of the network, by channel.
// Total cash over firms plus these balances never changes.
enum class Channel : std::uint8_t {
  customers,          // revenue from outside customers (in), refunds
  suppliers,          // operating costs, cost of revenue, compute bought outside the network
  power,              // power and operations of deployed compute
  outside_lenders,    // principal borrowed from and repaid to outside lenders
  interest,           // interest paid to outside lenders
  outside_investors,  // shares sold to or bought back from outside investors, stakes sold
  count_
};
inline constexpr std::size_t kChannelCount = static_cast<std::size_t>(Channel::count_);
const char* to_string(Channel c);

// A claim: money one party owes another, by a date. Trade payables of supply contracts, overdue
// interest and lease payments. creditor == -1 means an outside creditor.
struct Claim {
  std::int32_t debtor = 0;
  std::int32_t creditor = -1;
  std::int32_t contract = -1;
  Money amount;
  Date due;
  Channel channel = Channel::suppliers;  // for outside creditors: which account is owed
  friend bool operator==(const Claim&, const Claim&) = default;
};

struct ContractState {
  bool signed_ = false;
  bool cancelled = false;
  bool blocked = false;  // undrawn tranches will not arrive (contingent funding failed)
  Money remaining;       // undelivered / undrawn / unpaid value still committed
  Money delivered;       // delivered / drawn / paid so far
  std::int32_t tranches_done = 0;
  std::uint32_t vested_mask = 0;     // warrants: tranches vested
  std::uint32_t lapsed_mask = 0;     // warrants: tranches lapsed
  std::int32_t parts_deferred = 0;   // supply: monthly parts held back, delivered after the end
  std::int32_t months_deferred = 0;  // supply: months the buyer pushed its schedule back (once)
  double cut_factor = 1.0;           // supply: share of the original schedule still to deliver
  // The event that last changed its terms from outside its schedule (a cut, deferral, cancelling
  // or blocking shock, a party's default): a shortfall line's event (MODEL.md §7.23); 0: none.
  // And the party whose decision it was (a cut, a deferral), −1 for a shock or a default: a
  // firm's own decision is not the cause of its own shortfall.
  std::uint64_t changed_by = 0;
  std::int32_t changed_by_firm = -1;
  friend bool operator==(const ContractState&, const ContractState&) = default;
};

struct MarketState {
  double sentiment = 1.0;
  double gpu_index = 1.0;
  double risk_free = 0.04;
  Money funding_left;  // outside capital still available this quarter
  // The AI-sector return of the last market phase (weighted mean of listed firms' daily log
  // returns, weights `valuation.sector_weight`): what feeds sentiment (MODEL.md §7.7).
  double last_sector_return = 0.0;
  // Sentiment's log changes so far, split (sums of squares): its own innovation, and the
  // feedback (sector return, deals, defaults, failed raises, mean reversion); `sentiment_years`
  // the time they cover. Reported as realised volatilities in the run summary.
  double sentiment_innovation_ss = 0.0;
  double sentiment_feedback_ss = 0.0;
  double sentiment_change_ss = 0.0;
  double sentiment_years = 0.0;
  // News since the last sentiment update (counted as events are emitted).
  std::int32_t recent_defaults = 0;
  std::int32_t recent_failed_raises = 0;
  double recent_deal_volume = 0.0;  // USD of deals signed
  friend bool operator==(const MarketState&, const MarketState&) = default;
};

// A defaulted firm in liquidation (MODEL.md §7.15). Its FirmState stays its account: it keeps the
// claims and loans it holds and collects them as they fall due; everything it owes is a claim due
// now; the joint clearing on each clearing date (the day it opens, then the first tick of each
// month) sets what its creditors recover and pays them what it has collected.
struct Estate {
  std::int32_t firm = 0;
  Date opened;
  Date last_cleared;                // the last clearing date
  std::uint64_t default_event = 0;  // the `default` that opened it
  Money outside_book;               // other and operating assets at opening, sold at its first
                                    // clearing (at α if it is in default there, else at book)
  Money paid;                       // to its creditors so far
  bool cleared_once = false;
  bool in_default = false;  // at any clearing so far: e + g + x < p̄ (Rogers & Veraart's costs)
  bool closed = false;
  friend bool operator==(const Estate&, const Estate&) = default;
};

struct World {
  std::uint64_t seed = 0;  // the run's seed (every stream below was derived from it)
  Date date;
  std::int32_t tick = -1;        // index of the current tick; -1 before the first
  Date previous_date;            // the previous tick's date (accruals run over [previous, date))
  std::vector<FirmState> firms;  // in the scenario's firm order (sorted by id)
  std::vector<ContractState> contracts;  // in the scenario's contract order
  std::vector<Claim> claims;
  std::array<Money, kChannelCount> rest_of_world{};
  MarketState market;
  Scheduler scheduler;
  Rng market_rng;
  Rng decision_rng;
  std::uint64_t next_event_seq = 1;
  std::vector<double>
      pending_jump;  // per firm: log-price jump to apply in this tick's market phase
  std::vector<std::uint64_t> jump_cause;  // per firm: the event behind the pending jump
  // Loop tracking: the circuits (firm sequences) whose per-edge gain is above the ignition level,
  // and whether ρ(W) is; an event fires when either crosses the level, either way.
  std::vector<std::vector<std::uint32_t>> ignited_loops;
  bool rho_ignited = false;
  std::vector<Estate> estates;  // in opening order; closed ones stay for the record

  // Round trips traced by source of funds (sim/world/fund_tracing.hpp, MODEL.md §7.22): where each
  // investment's money is now. Moved by the ledger with the cash.
  FundTracing funds;

  // Shortfall attribution (issue 18 item 3, MODEL.md §7.23; `contagion.attribution`). What the
  // site moving cash is about (set by a LineScope; transient: `other` between phases, not saved),
  // and per firm its reference with its expected and realised lines (empty when attribution is
  // off, which the ledger reads as "record nothing").
  LineTag line;
  std::vector<Reference> references;

  Money total_cash() const {
    Money c;
    for (const auto& f : firms)
      c += f.cash;
    for (const auto& r : rest_of_world)
      c += r;
    return c;
  }
  friend bool operator==(const World&, const World&) = default;
};

// The initial world of a scenario: balance sheets from the specs, RNG streams derived from the
// seed, every dated item of the scenario scheduled.
World make_world(const ScenarioSpec& spec, std::uint64_t seed);

}  // namespace alchemy
