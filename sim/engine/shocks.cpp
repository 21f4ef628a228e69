#include "sim/engine/shocks.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/engine/tick_context.hpp"
#include "sim/engine/treasury.hpp"

namespace alchemy {

const ShockKindInfo& shock_info(ShockKind kind) {
  for (const ShockKindInfo& k : kShockKinds) {
    if (k.kind == kind) return k;
  }
  throw std::logic_error("shock kind without a row in kShockKinds");
}

void apply_shock(TickContext& ctx, const ScheduledItem& it) {
  const auto k = static_cast<std::size_t>(it.index);
  const ShockSpec& s = ctx.spec.shocks[k];
  const std::int32_t target = ctx.compiled.shock_targets[k];
  Event e;
  e.type = EventType::shock;
  e.with("value", s.value);
  MarketState& m = ctx.world.market;
  switch (s.kind) {
    case ShockKind::asset_write_off: {
      e.firm = target;
      FirmState& f = ctx.firm(target);
      const Money loss = f.other_assets.times(std::clamp(s.value, 0.0, 1.0));
      f.other_assets -= loss;
      f.book_income(-loss);  // a write-down: the named way value leaves a balance sheet
      e.amount = loss;
      break;
    }
    case ShockKind::revenue_growth:
      e.firm = target;
      ctx.firm(target).growth = s.value;
      break;
    case ShockKind::revenue_level:
      e.firm = target;
      ctx.firm(target).demand *= s.value;
      break;
    case ShockKind::price:
      e.firm = target;
      ctx.world.pending_jump[static_cast<std::size_t>(target)] += s.value;
      break;
    case ShockKind::sentiment:
      m.sentiment = std::clamp(m.sentiment * std::exp(s.value), ctx.spec.market.sentiment.floor,
                               ctx.spec.market.sentiment.cap);
      break;
    case ShockKind::risk_free:
      m.risk_free = s.value;
      break;
    case ShockKind::gpu_index:
      m.gpu_index *= s.value;
      break;
    case ShockKind::cancel_contract:
      e.contract = target;
      ctx.contract(target).cancelled = true;
      break;
    case ShockKind::block_tranches:
      e.contract = target;
      ctx.contract(target).blocked = true;
      break;
    case ShockKind::backstop:
      e.firm = target;
      ctx.firm(target).backstopped = true;
      break;
  }
  const std::uint64_t seq = ctx.emit(e);
  if (s.kind == ShockKind::cancel_contract || s.kind == ShockKind::block_tranches) {
    ctx.contract(target).changed_by = seq;  // the event a shortfall line on it points to
    ctx.contract(target).changed_by_firm = -1;
  }
  // No projection foresaw it: a surprise for the firm it names, both parties of the contract it
  // names, or every firm when it moves the whole market (MODEL.md §7.19).
  for (std::size_t i = 0; i < ctx.world.firms.size(); ++i) {
    const auto firm = static_cast<std::int32_t>(i);
    bool hit = e.firm < 0 && e.contract < 0;
    if (e.firm >= 0) hit = firm == e.firm;
    if (e.contract >= 0) {
      const ContractSpec& cs = ctx.contract_spec(e.contract);
      hit = cs.from == i || cs.to == i;
    }
    if (hit) note_surprise(ctx, firm, seq);
  }
  // The price jump is applied in this tick's market phase; its event names this shock as cause.
  if (s.kind == ShockKind::price) ctx.world.jump_cause[static_cast<std::size_t>(target)] = seq;
}

}  // namespace alchemy
