#pragma once
// Scenario shocks (the `shocks:` timeline): the kinds, what each targets, what `value` means, and
// how a shock is applied in the calendar phase of its date. The loader turns a kind's name into
// its ShockKind and the run compiles each target id into a firm or contract index once
// (compile_scenario), so nothing on the tick's path compares strings.

#include <cstdint>
#include <span>
#include <string_view>

namespace alchemy {

struct TickContext;
struct ScheduledItem;

enum class ShockKind : std::uint8_t {
  revenue_growth,
  revenue_level,
  sentiment,
  risk_free,
  gpu_index,
  price,
  cancel_contract,
  asset_write_off,
  block_tranches,
  backstop,
};

enum class ShockTarget { none, firm, contract };

struct ShockKindInfo {
  ShockKind kind;
  std::string_view name;
  ShockTarget target;
  std::string_view value_unit;
  std::string_view meaning;
};

// One row per kind, in the order the scenario reference lists them.
inline constexpr ShockKindInfo kShockKinds[] = {
    {ShockKind::revenue_growth, "revenue_growth", ShockTarget::firm, "annual rate",
     "the firm's demand growth becomes `value` from this date on"},
    {ShockKind::revenue_level, "revenue_level", ShockTarget::firm, "factor",
     "the firm's demand is multiplied by `value`"},
    {ShockKind::sentiment, "sentiment", ShockTarget::none, "log change",
     "the AI sentiment index moves by exp(`value`)"},
    {ShockKind::risk_free, "risk_free", ShockTarget::none, "annual rate",
     "the risk-free rate becomes `value`"},
    {ShockKind::gpu_index, "gpu_index", ShockTarget::none, "factor",
     "the used-GPU price index is multiplied by `value`"},
    {ShockKind::price, "price", ShockTarget::firm, "log change",
     "news: the firm's business value × exp(`value`), for good (its price moves by less when cash "
     "and holdings are part of its value)"},
    {ShockKind::cancel_contract, "cancel_contract", ShockTarget::contract, "-",
     "the contract's remaining deliveries, tranches or payments never happen (no penalty)"},
    {ShockKind::asset_write_off, "asset_write_off", ShockTarget::firm, "share",
     "a share `value` of the firm's other assets (not compute, cash or claims) is written off"},
    {ShockKind::block_tranches, "block_tranches", ShockTarget::contract, "-",
     "the contract's undrawn investment tranches will not be paid (contingent funding fails)"},
    {ShockKind::backstop, "backstop", ShockTarget::firm, "-",
     "from this date on an outside rescuer lends, interest-free, what the firm needs to pay what "
     "falls due: it does not default (the rescue of a counterfactual fork)"},
};

inline std::span<const ShockKindInfo> shock_kinds() {
  return kShockKinds;
}

// The row of `kind` (every kind has exactly one).
const ShockKindInfo& shock_info(ShockKind kind);

// Applies the scenario shock `item.index` (ItemKind::shock) and emits its event.
void apply_shock(TickContext& ctx, const ScheduledItem& item);

}  // namespace alchemy
