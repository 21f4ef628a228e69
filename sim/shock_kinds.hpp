#pragma once
// The kinds of scenario shocks (the `shocks:` timeline), what they target and what `value` means.

#include <span>
#include <string_view>

namespace alchemy {

enum class ShockTarget { none, firm, contract };

struct ShockKindInfo {
  std::string_view name;
  ShockTarget target;
  std::string_view value_unit;
  std::string_view meaning;
};

inline constexpr ShockKindInfo kShockKinds[] = {
    {"revenue_growth", ShockTarget::firm, "annual rate",
     "the firm's demand growth becomes `value` from this date on"},
    {"revenue_level", ShockTarget::firm, "factor", "the firm's demand is multiplied by `value`"},
    {"sentiment", ShockTarget::none, "log change", "the AI sentiment index moves by exp(`value`)"},
    {"risk_free", ShockTarget::none, "annual rate", "the risk-free rate becomes `value`"},
    {"gpu_index", ShockTarget::none, "factor", "the used-GPU price index is multiplied by `value`"},
    {"price", ShockTarget::firm, "log change", "the firm's price jumps by exp(`value`)"},
    {"cancel_contract", ShockTarget::contract, "-",
     "the contract's remaining deliveries, tranches or payments never happen (no penalty)"},
    {"asset_write_off", ShockTarget::firm, "share",
     "a share `value` of the firm's other assets (not compute, cash or claims) is written off"},
    {"block_tranches", ShockTarget::contract, "-",
     "the contract's undrawn investment tranches will not be paid (contingent funding fails)"},
};

inline std::span<const ShockKindInfo> shock_kinds() { return kShockKinds; }

}  // namespace alchemy
