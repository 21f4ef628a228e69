#pragma once
// Every movement of cash goes through these functions, so that cash is only ever moved, never
// created: between two firms, or between a firm and one of the rest of the world's channels.
// Claims (money owed) are recorded on both sides at once: the debtor's payables and, for a
// network creditor, the creditor's receivables.

#include <cstdint>

#include "market/money.hpp"
#include "sim/world/fund_tracing.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

[[noreturn]] void negative_transfer();  // throws std::logic_error: a bug, not an input error

// Adds `amount` (signed: into the firm) to `firm`'s realised line for the current tag, `other`
// being the movement's other party, while its reference is open (line_key.hpp). Called by the
// movers below only when attribution is on (World::references not empty).
void note_line_flow(World& w, std::int32_t firm, std::int32_t other, Money amount);

// Sets World::line for its lifetime and restores the previous tag after: each site that moves
// cash says what the movement is about (MODEL.md §7.23); an inner site overrides an outer one.
class LineScope {
 public:
  LineScope(World& w, const LineTag& tag) : w_(w), saved_(w.line) { w.line = tag; }
  ~LineScope() { w_.line = saved_; }
  LineScope(const LineScope&) = delete;
  LineScope& operator=(const LineScope&) = delete;

 private:
  World& w_;
  LineTag saved_;
};

// The movers are inline: operations books several of them per firm per tick.

// Cash from one firm to another.
inline void transfer(World& w, std::int32_t from, std::int32_t to, Money amount) {
  if (amount.is_negative()) [[unlikely]]
    negative_transfer();
  trace_outflow(w, from, to, amount);  // round-trip tracing, before the payer's cash changes
  w.firms[static_cast<std::size_t>(from)].cash -= amount;
  w.firms[static_cast<std::size_t>(to)].cash += amount;
  if (!w.references.empty()) {
    note_line_flow(w, from, to, -amount);
    note_line_flow(w, to, from, amount);
  }
}
// Cash into a firm from the rest of the world (amount > 0), through a channel.
inline void receive_from_outside(World& w, std::int32_t firm, Money amount, Channel channel) {
  if (amount.is_negative()) [[unlikely]]
    negative_transfer();
  w.rest_of_world[static_cast<std::size_t>(channel)] -= amount;
  w.firms[static_cast<std::size_t>(firm)].cash += amount;
  if (!w.references.empty()) note_line_flow(w, firm, -1, amount);
}
// Cash from a firm to the rest of the world (amount > 0), through a channel.
inline void pay_to_outside(World& w, std::int32_t firm, Money amount, Channel channel) {
  if (amount.is_negative()) [[unlikely]]
    negative_transfer();
  trace_outflow(w, firm, kOutside, amount);  // round-trip tracing, before the cash changes
  w.firms[static_cast<std::size_t>(firm)].cash -= amount;
  w.rest_of_world[static_cast<std::size_t>(channel)] += amount;
  if (!w.references.empty()) note_line_flow(w, firm, -1, -amount);
}

// Records that `claim.debtor` owes `claim.amount` to `claim.creditor` (−1: outside).
void add_claim(World& w, const Claim& claim);

// Pays as much of claim `index` as the debtor's cash allows; returns what was paid. A fully paid
// claim is removed later by compact_claims (indices stay valid while paying).
Money pay_claim(World& w, std::size_t index);
void compact_claims(World& w);

// Pays an expense that has already been booked in net income: in full from cash if possible;
// any shortfall becomes an overdue claim due today. Returns the shortfall.
inline Money pay_or_owe(World& w, std::int32_t debtor, std::int32_t creditor, Money amount,
                        Channel channel, std::int32_t contract) {
  FirmState& d = w.firms[static_cast<std::size_t>(debtor)];
  const Money paid = min(amount, max(d.cash, Money::zero()));
  if (paid.is_positive()) {
    if (creditor >= 0) {
      transfer(w, debtor, creditor, paid);
    } else {
      pay_to_outside(w, debtor, paid, channel);
    }
  }
  const Money shortfall = amount - paid;
  if (shortfall.is_positive()) [[unlikely]] {
    add_claim(w, Claim{debtor, creditor, contract, shortfall, w.date, channel});
  }
  return shortfall;
}

}  // namespace alchemy
