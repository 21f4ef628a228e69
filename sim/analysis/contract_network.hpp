#pragma once
// The typed contract network of a world, as one `Network` (market/network.hpp): firms as
// vertices (defaulted ones inactive, never removed), and an edge per live claim or commitment,
// in the direction of cash (`from` pays `to`):
//   supply / lease      buyer → seller, amount = what is still to be delivered or paid
//   funding             investor → investee, amount = undrawn investment (unless blocked)
//   stake               holder → issuer, amount = the stake at its carrying value
//   warrant             issuer → holder, amount = the holder's mark of the unvested tranches
//   loan (+ collateral) lender → borrower, amount = outstanding principal; a GPU-secured loan
//                       also has a collateral edge borrower → lender
// It is derived from the World whenever it is needed (after signing, drawing, cancelling or
// defaulting, the next derivation reflects it), so the World itself stays plain data.

#include "market/network.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

Network contract_network(const TickContext& ctx);

}  // namespace alchemy
