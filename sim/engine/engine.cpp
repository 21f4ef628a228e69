// The tick loop. One tick is the seven named phases of DESIGN.md, in this order, and nothing
// else: calendar, operations, settlement, decisions, market, contagion, record.

#include "sim/engine/engine.hpp"

#include "market/calendar.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/representable.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/engine/tick_workspace.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

std::vector<Date> tick_dates(const ScenarioSpec& spec, Date until) {
  std::vector<Date> holidays = spec.holidays;
  if (spec.nyse_holidays) {
    const auto nyse = nyse_holidays(spec.start.year(), spec.end.year());
    holidays.insert(holidays.end(), nyse.begin(), nyse.end());
  }
  const MarketCalendar calendar(std::move(holidays), spec.weekends_closed);
  return calendar.tick_dates(spec.start, std::min(until, spec.end), spec.step);
}

namespace {

void run_tick(TickContext& ctx, Date date, std::size_t ticks_total, const RunOptions& options) {
  World& w = ctx.world;
  w.previous_date = w.tick < 0 ? date : w.date;
  w.date = date;
  ++w.tick;
  ctx.dt = year_fraction(w.previous_date, w.date);
  const auto after = [&](Phase p) {
    if (options.after_phase) options.after_phase(p, w);
  };
  run_calendar_phase(ctx);
  after(Phase::calendar);
  run_operations_phase(ctx);
  after(Phase::operations);
  run_settlement_phase(ctx);
  after(Phase::settlement);
  // No market phase has valued the firms yet: the first decisions read their values from the
  // first day's books (what the calendar phase has signed and started).
  if (w.tick == 0) value_firms(ctx);
  run_decisions_phase(ctx);
  after(Phase::decisions);
  run_market_phase(ctx);
  after(Phase::market);
  run_contagion_phase(ctx);
  after(Phase::contagion);
  record_tick(ctx, ticks_total);
  after(Phase::record);
}

// The run cannot go on: say so in an `overflow` event dated today, close the sink as an
// incomplete run (the tick's rows may be half-built, so no end state), and throw.
[[noreturn]] void stop_out_of_range(TickContext& ctx, const RangeBreach& b) {
  Event e;
  e.type = EventType::overflow;
  e.firm = b.firm;
  e.with_text("variable", b.variable).with("value", b.value).with("limit", kMaxAmountUsd);
  ctx.emit(e);
  ctx.sink.finish(false);
  const std::string firm_id =
      b.firm >= 0 ? ctx.spec.firms[static_cast<std::size_t>(b.firm)].id : std::string();
  throw ModelOutOfRange(b, firm_id, ctx.world.date);
}

}  // namespace

RunResult run_scenario(const ScenarioSpec& spec, std::uint64_t seed, OutputSink& sink,
                       const RunOptions& options) {
  if (spec.network) {  // a generated network is drawn from the run's seed
    const ScenarioSpec expanded = with_generated_network(spec, seed);
    World world = make_world(expanded, seed);
    return continue_run(expanded, world, sink, options);
  }
  World world = make_world(spec, seed);
  return continue_run(spec, world, sink, options);
}

RunResult continue_run(const ScenarioSpec& spec, World& world, OutputSink& sink,
                       const RunOptions& options) {
  if (spec.network) {  // resumed from a checkpoint: the same network, from the same seed
    const ScenarioSpec expanded = with_generated_network(spec, world.seed);
    return continue_run(expanded, world, sink, options);
  }
  const CompiledScenario compiled = compile_scenario(spec);
  const std::vector<Date> dates = tick_dates(spec, options.until.value_or(spec.end));

  RunHeader header;
  header.scenario = &spec;
  header.seed = world.seed;
  for (const auto& f : spec.firms)
    header.firm_ids.push_back(f.id);
  for (const auto& c : spec.contracts)
    header.contract_ids.push_back(c.id);
  header.total_ticks = dates.size();
  sink.begin(header);

  TickWorkspace workspace;
  TickContext ctx{spec, world, sink, compiled,
                  options.verbose_events || spec.record.verbose_events};
  ctx.workspace = &workspace;
  ctx.wants = sink.wants();
  RunResult result;
  result.complete = true;
  for (std::size_t k = 0; k < dates.size(); ++k) {
    if (dates[k] <= world.date && world.tick >= 0) continue;  // resumed: already simulated
    if (options.pause_after && dates[k] > *options.pause_after) {
      result.complete = false;
      break;
    }
    if (options.stop && options.stop->load()) {
      result.complete = false;
      break;
    }
    // One try per tick (free until it throws): a MoneyOverflow mid-tick means some firm's
    // amount outgrew int64 cents, a bug-free outcome of compounding; anything else is a bug.
    std::optional<RangeBreach> breach;
    try {
      run_tick(ctx, dates[k], dates.size(), options);
      breach = compounding_breach(world);
    } catch (const MoneyOverflow& e) {
      breach = explain_overflow(world, e.dollars());
    }
    if (breach) [[unlikely]]
      stop_out_of_range(ctx, *breach);
    ++result.ticks;
    sink.tick_done(k + 1);
    if (options.after_tick) options.after_tick(world);
  }
  result.events = ctx.events;
  result.last_date = world.date;
  sink.end_state(world);
  sink.finish(result.complete);
  return result;
}

}  // namespace alchemy
