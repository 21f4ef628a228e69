#pragma once
// Every movement of cash goes through these functions, so that cash is only ever moved, never
// created: between two firms, or between a firm and one of the rest of the world's channels.
// Claims (money owed) are recorded on both sides at once: the debtor's payables and, for a
// network creditor, the creditor's receivables.

#include <cstdint>

#include "market/money.hpp"
#include "sim/world.hpp"

namespace alchemy {

// Cash from one firm to another.
void transfer(World& w, std::int32_t from, std::int32_t to, Money amount);
// Cash into a firm from the rest of the world (amount > 0), through a channel.
void receive_from_outside(World& w, std::int32_t firm, Money amount, Channel channel);
// Cash from a firm to the rest of the world (amount > 0), through a channel.
void pay_to_outside(World& w, std::int32_t firm, Money amount, Channel channel);

// Records that `claim.debtor` owes `claim.amount` to `claim.creditor` (−1: outside).
void add_claim(World& w, const Claim& claim);

// Pays as much of claim `index` as the debtor's cash allows; returns what was paid. A fully paid
// claim is removed later by compact_claims (indices stay valid while paying).
Money pay_claim(World& w, std::size_t index);
void compact_claims(World& w);

// Pays an expense that has already been booked in net income: in full from cash if possible;
// any shortfall becomes an overdue claim due today. Returns the shortfall.
Money pay_or_owe(World& w, std::int32_t debtor, std::int32_t creditor, Money amount, Channel channel,
                 std::int32_t contract);

}  // namespace alchemy
