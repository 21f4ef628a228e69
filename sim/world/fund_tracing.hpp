#pragma once
// Round trips traced by source of funds (MODEL.md §7.22). Each firm's cash is a mix of sources;
// only the money investment contracts paid in is tagged. A payment of P out of cash C takes
// P / C of every tagged amount the payer holds: into the payee's cash, or, when the payee is the
// investment's investor, into what came back; out of the network, into what was paid outside
// (kept as one factor per firm until its tags next move: FundTracing::keep). Untagged inflows
// need no call: they dilute the tags by raising C.

#include <cstdint>
#include <optional>

#include "market/money.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

// The payee of a payment to the rest of the world.
inline constexpr std::int32_t kOutside = -1;

// Tags `amount` of the investee's cash as investment `contract`'s money: call after the tranche
// has been transferred.
void trace_investment(World& w, std::int32_t contract, std::int32_t investor, std::int32_t investee,
                      Money amount);

// Moves the tagged share of a payment of `amount` from `from` to `to` (kOutside: out of the
// network). Called by the ledger before the cash moves, since the share is taken of the payer's
// cash before the payment.
void pass_on_traced_cash(World& w, std::int32_t from, std::int32_t to, Money amount);
inline void trace_outflow(World& w, std::int32_t from, std::int32_t to, Money amount) {
  const auto i = static_cast<std::size_t>(from);
  if (i < w.funds.held.size() && !w.funds.held[i].empty()) [[unlikely]]
    pass_on_traced_cash(w, from, to, amount);
}

// The part of a tagged amount t that leaves with a payment p out of cash c: t × (p / c) rounded
// to the cent (half away from zero; p / c a double, computed once per payment), all of it when
// p ≥ c, and never so little that what stays exceeds the cash that stays (t − take ≤ c − p).
Money traced_share(Money t, Money p, Money c);

// A tag of firm `firm` as it stands, its pending payments out of the network applied: the stored
// amount × keep, rounded to the cent, at most the firm's cash.
Money traced_amount(const World& w, std::size_t firm, const TracedCash& x);
// Investment `contract`'s money in firm `firm`'s cash, as it stands.
Money traced_held(const World& w, std::int32_t contract, std::int32_t firm);
// The trace of investment `contract` as it stands (paid_outside with the pending payments), or
// nothing before its first tranche.
std::optional<InvestmentTrace> investment_trace(const World& w, std::int32_t contract);

}  // namespace alchemy
