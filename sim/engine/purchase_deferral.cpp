#include "sim/engine/purchase_deferral.hpp"

#include <algorithm>
#include <vector>

#include "sim/contracts/common.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

double defer_purchases(TickContext& ctx, std::int32_t firm, Money needed, const CashProjection& p,
                       const ProjectionIndex& index, std::uint64_t cause) {
  struct Relief {
    std::int32_t contract;
    double relief;
  };
  std::vector<Relief> reliefs;
  for (const std::int32_t c : ctx.compiled.contracts_of[static_cast<std::size_t>(firm)]) {
    if (as_index(ctx.contract_spec(c).from) != firm) continue;
    const double r = deferral_relief(ctx, c, index, p);
    if (r > 0.0) reliefs.push_back({c, r});
  }
  // The largest relief first; equal ones in contract order.
  std::stable_sort(reliefs.begin(), reliefs.end(),
                   [](const Relief& a, const Relief& b) { return a.relief > b.relief; });
  double freed = 0.0;
  for (const Relief& r : reliefs) {
    if (freed >= needed.dollars()) break;
    defer_supply(ctx, r.contract, cause);
    freed += r.relief;
  }
  return freed;
}

}  // namespace alchemy
