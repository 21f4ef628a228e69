// Cash-flow lines (MODEL.md §7.23) on the small web and its random variants: the projection by
// line is the treasury's projection to the cent (same months, and the lines sum to its net flow);
// each firm's realised lines sum to its cash change since its reference after every phase of
// every tick, nothing moves on the untagged line `other`; and at every point the decomposition's
// identity Σ loss = C⁰(T⁰) − (cash + Σ D) holds, C⁰(T⁰) and cash read from the world.
#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "scenario_fixtures.hpp"
#include "sim/engine/cash_projection.hpp"
#include "sim/engine/compiled_scenario.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/projection_lines.hpp"
#include "sim/engine/shortfall.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

std::vector<ScenarioSpec> webs() {
  std::vector<ScenarioSpec> out{small_web()};
  for (std::uint64_t seed = 1; seed <= 6; ++seed)
    out.push_back(random_web(seed));
  return out;
}

void same_months(const CashProjection& a, const CashProjection& b) {
  REQUIRE(a.months.size() == b.months.size());
  CHECK(a.start_cash == b.start_cash);
  for (std::size_t k = 0; k < a.months.size(); ++k) {
    const ProjectedMonth &x = a.months[k], &y = b.months[k];
    CHECK(x.operating_in == y.operating_in);
    CHECK(x.operating_out == y.operating_out);
    CHECK(x.sales_in == y.sales_in);
    CHECK(x.financing_in == y.financing_in);
    CHECK(x.purchases_out == y.purchases_out);
    CHECK(x.investments_out == y.investments_out);
    CHECK(x.debt_service_out == y.debt_service_out);
    CHECK(x.margin_out == y.margin_out);
    CHECK(x.contingent_in == y.contingent_in);
  }
}

Money sum(const std::vector<LineTotal>& lines) {
  Money total;
  for (const LineTotal& l : lines)
    total += l.amount;
  return total;
}

}  // namespace

TEST_CASE("the projection by line is project_cash, and its lines sum to its net flow") {
  for (const ScenarioSpec& spec : webs()) {
    CAPTURE(spec.seed);
    World world = make_world(spec, spec.seed);
    const CompiledScenario compiled = compile_scenario(spec);
    MemorySink sink;
    int checked = 0;
    for (const Date until : {day(2025, 3, 3), day(2025, 9, 1), day(2026, 7, 1)}) {
      RunOptions opt;
      opt.until = until;
      continue_run(spec, world, sink, opt);
      TickContext ctx{spec, world, sink, compiled};
      for (const int horizon : {1, 12, 18}) {
        ProjectionIndex index;
        index_for_projection(ctx, horizon, index);
        for (std::int32_t i = 0; i < static_cast<std::int32_t>(world.firms.size()); ++i) {
          if (world.firms[static_cast<std::size_t>(i)].defaulted) continue;
          CashProjection plain, by_line;
          std::vector<LineTotal> lines;
          project_cash(ctx, index, i, horizon, plain);
          project_lines(ctx, index, i, horizon, by_line, &lines);
          same_months(plain, by_line);
          CHECK(sum(lines) == plain.cash_at_end(horizon - 1) - plain.start_cash);
          for (const LineTotal& l : lines) {
            CHECK(l.key.kind != LineKind::other);
            CHECK(!l.amount.is_zero());
          }
          ++checked;
        }
      }
      // A window cut at a date (a default's projection over its reference's window): the same
      // identity over the cut months.
      ProjectionIndex cut;
      const Date end = world.date.plus_months(7).plus_days(-9);
      index_for_projection_until(ctx, end, cut);
      CHECK(cut.bounds.back() == end);
      CHECK(cut.bounds.size() == 8);  // today, +1 … +6 months, the end 9 days before +7
      for (std::int32_t i = 0; i < static_cast<std::int32_t>(world.firms.size()); ++i) {
        if (world.firms[static_cast<std::size_t>(i)].defaulted) continue;
        CashProjection p;
        std::vector<LineTotal> lines;
        const int months = static_cast<int>(cut.bounds.size()) - 1;
        project_lines(ctx, cut, i, months, p, &lines);
        CHECK(sum(lines) == p.cash_at_end(months - 1) - p.start_cash);
      }
    }
    CHECK(checked > 0);
  }
}

TEST_CASE("realised lines sum to each firm's cash change since its reference, nothing on `other`") {
  for (const ScenarioSpec& spec : webs()) {
    CAPTURE(spec.seed);
    World world = make_world(spec, spec.seed);
    const CompiledScenario compiled = compile_scenario(spec);
    MemorySink sink;
    std::size_t open_checks = 0, identities = 0;
    RunOptions opt;
    opt.after_phase = [&](Phase, const World& w) {
      for (std::size_t i = 0; i < w.firms.size(); ++i) {
        const Reference& r = w.references[i];
        if (!r.open || !(w.date < r.end)) continue;
        Money realised;
        for (const LineTotal& l : r.realised) {
          realised += l.amount;
          CHECK(l.key.kind != LineKind::other);
        }
        CHECK(realised == w.firms[i].cash - r.cash);
        ++open_checks;
      }
    };
    opt.after_tick = [&](const World& w) {
      // Once a month, every live firm's decomposition as if it defaulted now: its identity.
      if (w.date.day() > 3) return;
      World copy = w;
      TickContext ctx{spec, copy, sink, compiled};
      for (std::int32_t i = 0; i < static_cast<std::int32_t>(w.firms.size()); ++i) {
        const Shortfall s = decompose_shortfall(ctx, i);
        if (!s.has_reference || s.stale) continue;
        CHECK(s.cash == w.firms[static_cast<std::size_t>(i)].cash);
        CHECK(s.total == s.expected_end - (s.cash + s.projected_total));
        Money losses, positive;
        double shares = 0.0;
        for (const ShortfallLine& l : s.lines) {
          CHECK(l.loss == l.expected - (l.realised + l.projected));
          losses += l.loss;
          if (l.loss.is_positive()) positive += l.loss;
          shares += l.share;
        }
        CHECK(losses == s.total);
        CHECK(positive == s.positive);
        if (s.positive.is_positive()) CHECK(shares == doctest::Approx(1.0).epsilon(1e-12));
        ++identities;
      }
    };
    continue_run(spec, world, sink, opt);
    CHECK(open_checks > 1000);
    CHECK(identities > 50);
    // Every default with a reference: its lines' losses add up to its shortfall.
    for (const Event& d : sink.events) {
      if (d.type != EventType::default_ || d.field_count < 3) continue;
      Money lines;
      for (const Event& e : sink.events) {
        if (e.type == EventType::shortfall_line && e.cause == d.seq) lines += e.amount;
      }
      CHECK(lines.dollars() == doctest::Approx(d.fields[2].value));
    }
  }
}
