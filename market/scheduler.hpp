#pragma once
// The scheduler of dated items: contract deliveries and payments, tranche and milestone checks,
// maturities, scenario shocks. Items are plain data (no closures), so the pending queue is part
// of the saved World. Ties break deterministically on (date, phase, firm, contract, sequence):
// the sequence number is assigned at insertion, so two identical items keep insertion order.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

// The phases of a tick, in order (DESIGN.md "One tick").
enum class Phase : std::uint8_t {
  calendar,
  operations,
  settlement,
  decisions,
  market,
  contagion,
  record
};
inline constexpr int kPhaseCount = 7;
const char* to_string(Phase p);

enum class ItemKind : std::uint8_t {
  sign_contract,    // the contract is announced and enters the network
  supply_delivery,  // one scheduled delivery of a supply contract
  lease_payment,    // monthly take-or-pay payment
  tranche_due,      // an investment tranche may be drawn (subject to its milestone)
  warrant_check,    // warrant tranches vest when their milestones are met
  loan_draw,        // a loan is drawn
  loan_amortise,    // monthly principal repayment of an amortising loan
  debt_maturity,    // principal of a debt (firm's own or a loan contract) falls due
  shock,            // a scenario shock (index into the scenario's shocks)
  lease_end,        // a lease's capacity is returned
  contract_due,     // a dated step of a contract kind that has no item kind of its own; the
                    // kind reads `index` (sim/contracts/contract_kind.hpp)
};
// How many kinds there are: the one bound readers of saved items check against (world_io.cpp).
// Keep it one past the last kind above.
inline constexpr int kItemKindCount = static_cast<int>(ItemKind::contract_due) + 1;

struct ScheduledItem {
  Date date;
  Phase phase = Phase::calendar;
  std::int32_t firm = -1;
  std::int32_t contract = -1;
  std::uint64_t seq = 0;
  ItemKind kind = ItemKind::shock;
  std::int32_t index = 0;  // tranche number, debt index or shock index, by kind
  Money amount;

  friend bool operator==(const ScheduledItem&, const ScheduledItem&) = default;
};

// Orders items: earlier date, then earlier phase, then lower firm, lower contract, lower seq.
bool comes_before(const ScheduledItem& a, const ScheduledItem& b);

class Scheduler {
 public:
  // Adds an item; its sequence number is assigned here.
  void add(ScheduledItem item);
  // Removes and returns, in order, every item due on or before `date` in `phase`.
  std::vector<ScheduledItem> take_due(Date date, Phase phase);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Removes and returns, in order, every pending item for which `pred` holds (a contract whose
  // schedule moves takes its items out and adds them again, under new sequence numbers, so that
  // readers keyed on next_seq() see the change).
  template <class Pred>
  std::vector<ScheduledItem> take_if(Pred pred) {
    std::vector<ScheduledItem> taken;
    std::erase_if(heap_, [&](const ScheduledItem& it) {
      if (!pred(it)) return false;
      taken.push_back(it);
      return true;
    });
    std::make_heap(heap_.begin(), heap_.end(), [](const ScheduledItem& a, const ScheduledItem& b) {
      return comes_before(b, a);
    });
    std::sort(taken.begin(), taken.end(), comes_before);
    return taken;
  }
  // The pending items in no particular order, without copying (readers that bucket them, such as
  // the cash projection's index).
  const std::vector<ScheduledItem>& unordered() const { return heap_; }
  // The pending items in order (for checkpoints and tests).
  std::vector<ScheduledItem> pending() const;
  std::uint64_t next_seq() const { return next_seq_; }
  // Rebuilds a scheduler from saved items (their seq numbers kept) and counter.
  static Scheduler restore(std::vector<ScheduledItem> items, std::uint64_t next_seq);

  friend bool operator==(const Scheduler& a, const Scheduler& b) {
    return a.next_seq_ == b.next_seq_ && a.pending() == b.pending();
  }

 private:
  std::vector<ScheduledItem> heap_;  // a binary min-heap under comes_before
  std::uint64_t next_seq_ = 1;
};

}  // namespace alchemy
