#pragma once
// The kinds of edge in the contract network and in the influence graph built from it. Shared by
// the network (market/network.hpp), the feedback kernel (market/feedback.hpp) and the loop
// analysis (market/loops.hpp), so it lives in its own header.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace alchemy {

// Direction, in the contract network, follows sim/contracts/contract_spec.hpp: `from` pays cash
// (buyer, investor, lender, lessee) or, for a warrant, issues the shares; `to` receives.
//   stake       equity held by `from` in `to` (a drawn equity investment)
//   supply      `from` buys goods or services from `to` (revenue of `to`)
//   funding     capital committed by `from` to `to` and not yet drawn (undrawn tranches, vendor
//               financing, backstops)
//   warrant     `from` granted `to` the right to buy `from`'s shares
//   lease       `from` (lessee) pays `to` (lessor) for capacity, take-or-pay
//   loan        `from` lent to `to`
//   collateral  the asset (GPU fleet) `to` pledged to `from` against a loan
// and one kind that is no contract, only a hop of the influence graph (market/loops.hpp):
//   sentiment   a hop to or from the sentiment node: firms' returns move the index, the index
//               moves every multiple (MODEL.md §7.13)
enum class EdgeKind : std::uint8_t {
  stake,
  supply,
  funding,
  warrant,
  lease,
  loan,
  collateral,
  sentiment
};

// The contract kinds (a network file's, a graph's arrows): every kind but sentiment.
inline constexpr std::size_t edge_kind_count = 7;
inline constexpr std::array<EdgeKind, edge_kind_count> all_edge_kinds{
    EdgeKind::stake, EdgeKind::supply, EdgeKind::funding,   EdgeKind::warrant,
    EdgeKind::lease, EdgeKind::loan,   EdgeKind::collateral};

std::string_view to_string(EdgeKind k);
// nullopt when `s` is not one of the names to_string returns.
std::optional<EdgeKind> edge_kind_from_string(std::string_view s);

// A set of kinds as a bit mask (bit k = kind with underlying value k).
using EdgeKindMask = std::uint8_t;
constexpr EdgeKindMask mask_of(EdgeKind k) {
  return static_cast<EdgeKindMask>(1u << static_cast<unsigned>(k));
}

}  // namespace alchemy
