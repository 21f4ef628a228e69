#pragma once
// The treasury's deferral of purchases (`defer_purchases`, MODEL.md §7.19): a supply contract
// whose terms let the buyer push its deliveries back (deferral_months, at deferral_penalty) is
// deferred when that frees cash within the firm's horizon; the seller's receipts, revenue and
// next-year flow follow the moved schedule (sim/contracts/supply.hpp: defer_supply).

#include <cstdint>

#include "market/money.hpp"

namespace alchemy {

struct TickContext;
struct CashProjection;
struct ProjectionIndex;

// Defers `firm`'s deferrable purchases whose deferral frees cash within the horizon of `p` (its
// projection, made with `index`), the largest relief first, until their relief covers `needed`;
// each a `commitment_deferred` event whose cause is `cause`. Returns the relief (0: none).
double defer_purchases(TickContext& ctx, std::int32_t firm, Money needed, const CashProjection& p,
                       const ProjectionIndex& index, std::uint64_t cause);

}  // namespace alchemy
