#include "sim/engine/reference.hpp"

#include "sim/engine/cash_projection.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/treasury.hpp"

namespace alchemy {

bool attribution_on(const TickContext& ctx) {
  return !ctx.world.references.empty();
}

void update_reference(TickContext& ctx, std::int32_t firm, const CashProjection& p,
                      std::vector<LineTotal>& lines) {
  const TreasurySpec& t = ctx.firm_spec(firm).treasury;
  // The floor the firm itself plans against: its buffer with a treasury policy, else no gap.
  const Money floor = t.actions.empty() ? Money::zero() : buffer_floor(p, t.buffer_months);
  if (p.min_cash() < floor) return;
  Reference& r = ctx.world.references[static_cast<std::size_t>(firm)];
  r.open = true;
  r.made = p.today;
  r.end = p.bounds.back();
  r.cash = p.start_cash;
  r.expected.swap(lines);  // the old lines' buffer becomes the next projection's
  r.realised.clear();
}

}  // namespace alchemy
