#pragma once
// What every phase of a tick works with: the scenario (const), the world (mutable), where events
// go, and what the run compiled from the scenario (rules, targets). Phases are free functions
// taking a TickContext; engine.cpp calls them in the order of DESIGN.md.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/engine/compiled_scenario.hpp"
#include "sim/world/event.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

struct TickWorkspace;  // sim/engine/tick_workspace.hpp

struct TickContext {
  const ScenarioSpec& spec;
  World& world;
  OutputSink& sink;
  const CompiledScenario& compiled;
  bool verbose = false;
  double dt = 0.0;  // ACT/365F year fraction since the previous tick
  std::uint64_t events = 0;
  // GPU fleet (at book) sold to outside buyers in the current contagion pass; every sale of the
  // pass is priced at the index that clears them all (phase_contagion.cpp).
  double gpu_sold_book = 0.0;
  TickWorkspace* workspace = nullptr;  // the run's buffers, lent by the engine (may be unset)
  OutputSink::Wants wants{};           // the rows the sink reads (the engine sets sink.wants())
  // This context's own buffers, made on first use when no workspace was lent (a test, a one-off
  // analysis). Shared, not unique: TickWorkspace is incomplete here.
  mutable std::shared_ptr<TickWorkspace> own_buffers{};

  // The buffers the phases reuse from tick to tick: the lent workspace, else this context's own.
  // Defined in sim/engine/tick_workspace.hpp.
  TickWorkspace& buffers() const;

  // Emits an event stamped with the next sequence number and the tick's date; returns its seq.
  std::uint64_t emit(Event e) {
    e.seq = world.next_event_seq++;
    e.date = world.date;
    e.tick = world.tick;
    if (e.type == EventType::default_) ++world.market.recent_defaults;
    if (e.type == EventType::raise_failed) ++world.market.recent_failed_raises;
    if (e.type == EventType::deal_signed) world.market.recent_deal_volume += e.amount.dollars();
    sink.event(e);
    ++events;
    return e.seq;
  }
  const FirmSpec& firm_spec(std::int32_t i) const {
    return spec.firms[static_cast<std::size_t>(i)];
  }
  FirmState& firm(std::int32_t i) { return world.firms[static_cast<std::size_t>(i)]; }
  const ContractSpec& contract_spec(std::int32_t c) const {
    return spec.contracts[static_cast<std::size_t>(c)];
  }
  ContractState& contract(std::int32_t c) { return world.contracts[static_cast<std::size_t>(c)]; }
};

// The rate outside lenders charge a firm with probability of default `pd` over the coming year
// (MODEL.md §7.20): risk-free + a premium structural models leave unexplained (debt_spread, scaled
// by 1 / sentiment; Huang & Huang 2012) + the expected loss pd × loss given default (the "credit
// triangle", Hull, Options, Futures and Other Derivatives, ch. "Credit risk"). Lenders lend only
// up to max_default_probability, so the expected-loss part stays bounded.
inline double debt_rate(const MarketState& m, const FundingSpec& fs, double pd) {
  return m.risk_free + fs.debt_spread / std::max(0.2, m.sentiment) + fs.loss_given_default * pd;
}

// The seven phases (DESIGN.md "One tick").
void run_calendar_phase(TickContext& ctx);
void run_operations_phase(TickContext& ctx);
void run_settlement_phase(TickContext& ctx);
void run_decisions_phase(TickContext& ctx);
void run_market_phase(TickContext& ctx);
void run_contagion_phase(TickContext& ctx);
void record_tick(TickContext& ctx, std::size_t ticks_total);  // the record phase
// On the first tick, before the decisions phase: each firm's commitment and going-concern values
// as the market phase would set them (MODEL.md §7.21), so that the first decisions read the
// firm's value, not a placeholder.
void value_firms(TickContext& ctx);
// In the market phase, once the firms are valued at the day's news and books: each projected
// firm's default probability again on those values and this tick's projection (MODEL.md §7.20),
// so that a commitment signed today moves its buyer's PD, and the value its partners carry at
// that PD, on the day it is signed. Returns whether any changed.
bool refresh_default_probabilities(TickContext& ctx);

}  // namespace alchemy
