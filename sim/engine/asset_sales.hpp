#pragma once
// The treasury's sale of other assets (`sell_assets`, MODEL.md §7.19): the firm's other_assets
// (financial assets outside the network) sold to outside buyers at a discount on book.

#include <cstdint>

#include "market/money.hpp"

namespace alchemy {

struct TickContext;

// Sells enough of `firm`'s other_assets to raise `wanted` at its treasury's asset_haircut h (all
// of them if that is short): book b = min(other_assets, wanted / (1 − h)) for b × (1 − h) in cash
// from outside investors, the loss b × h booked in net income; an `assets_sold` event whose cause
// is `cause`. Returns the proceeds (zero when the firm has no other assets).
Money sell_other_assets(TickContext& ctx, std::int32_t firm, Money wanted, std::uint64_t cause);

}  // namespace alchemy
