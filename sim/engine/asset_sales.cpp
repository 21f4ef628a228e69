#include "sim/engine/asset_sales.hpp"

#include "sim/engine/tick_context.hpp"
#include "sim/world/ledger.hpp"

namespace alchemy {

Money sell_other_assets(TickContext& ctx, std::int32_t firm, Money wanted, std::uint64_t cause) {
  FirmState& f = ctx.firm(firm);
  if (!f.other_assets.is_positive() || !wanted.is_positive()) return Money::zero();
  const double haircut = ctx.firm_spec(firm).treasury.asset_haircut;
  const Money book = min(f.other_assets, Money::from_dollars(wanted.dollars() / (1.0 - haircut)));
  const Money proceeds = book.times(1.0 - haircut);
  f.other_assets -= book;
  receive_from_outside(ctx.world, firm, proceeds, Channel::outside_investors);
  f.book_income(proceeds - book);  // the discount is a realised loss
  Event e;
  e.type = EventType::assets_sold;
  e.firm = firm;
  e.amount = proceeds;
  e.cause = cause;
  ctx.emit(e.with("book", book.dollars()).with("haircut", haircut));
  return proceeds;
}

}  // namespace alchemy
