// Cause links read in one pass (sim/analysis/cascades.cpp) against their definition written out
// as a scan over every earlier default, on random runs with repeated firms and tied shares; every
// tree's size at once against cascade_sizes; and the run summary's cascade lines, which name only
// the root's own followers (they named every later linked default, which made the summary grow
// with the square of the defaults).
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sim/analysis/cascades.hpp"
#include "sim/output/run_summary.hpp"
#include "sim/world/event.hpp"
#include "sim/world/output_sink.hpp"

using namespace alchemy;

namespace {

Event default_event(std::uint64_t seq, std::int32_t firm, Date date) {
  Event e;
  e.seq = seq;
  e.type = EventType::default_;
  e.firm = firm;
  e.date = date;
  e.with("liabilities", 100.0).with("shortfall", 10.0).with("reference_days", 30.0);
  return e;
}

Event line_event(std::uint64_t seq, std::uint64_t cause, std::int32_t counterparty, double share) {
  Event e;
  e.seq = seq;
  e.type = EventType::shortfall_line;
  e.cause = cause;
  e.counterparty = counterparty;
  e.with_text("line", "contract").with("share", share);
  return e;
}

// The definition: of the earlier defaults of other firms, the one whose lines hold the largest
// share of y's shortfall, if at least half; ties go to the later default.
std::vector<std::pair<std::int32_t, double>> links_by_definition(const CascadeAnalysis& a) {
  const auto& d = a.defaults;
  std::vector<std::pair<std::int32_t, double>> out(d.size(), {-1, 0.0});
  for (std::size_t y = 0; y < d.size(); ++y) {
    if (!d[y].decomposed || d[y].stale) continue;
    double best = 0.0;
    for (std::size_t x = 0; x < y; ++x) {
      if (d[x].firm == d[y].firm) continue;
      double share = 0.0;
      for (const CascadeLine& l : d[y].lines) {
        if (l.counterparty == d[x].firm) share += l.share;
      }
      if (share >= kLinkShare && share >= best) {
        best = share;
        out[y] = {static_cast<std::int32_t>(x), share};
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("cause links: one pass over the lines equals the scan over earlier defaults") {
  std::mt19937_64 rng(20);
  std::size_t linked = 0, chained = 0, tied = 0;  // cases the comparison must have met
  for (int run = 0; run < 200; ++run) {
    const int firms = 2 + static_cast<int>(rng() % 12);  // few firms: repeats and ties are common
    const int defaults = 1 + static_cast<int>(rng() % 40);
    std::vector<Event> events;
    std::uint64_t seq = 1;
    for (int k = 0; k < defaults; ++k) {
      const std::uint64_t own = seq++;
      events.push_back(default_event(own, static_cast<std::int32_t>(rng() % firms),
                                     Date::from_ymd(2026, 1, 1).plus_days(k)));
      const int lines = static_cast<int>(rng() % 5);
      for (int l = 0; l < lines; ++l) {
        // Shares in quarters, so that sums tie exactly at 0.5 and between counterparties.
        const double share = 0.25 * static_cast<double>(rng() % 4);
        events.push_back(
            line_event(seq++, own, static_cast<std::int32_t>(rng() % firms) - 1, share));
      }
    }
    const CascadeAnalysis a = analyse_cascades(events);
    REQUIRE(a.defaults.size() == static_cast<std::size_t>(defaults));
    const auto expected = links_by_definition(a);
    const std::vector<std::size_t> sizes = link_tree_sizes(a);
    for (std::size_t y = 0; y < a.defaults.size(); ++y) {
      CHECK(a.defaults[y].link_parent == expected[y].first);
      CHECK(a.defaults[y].link_share == expected[y].second);
      CHECK(a.defaults[y].parent == a.defaults[y].link_parent);
      CHECK(sizes[y] == cascade_sizes(a, y).links);
      const std::int32_t p = expected[y].first;
      linked += p >= 0 ? 1 : 0;
      chained += p >= 0 && a.defaults[static_cast<std::size_t>(p)].link_parent >= 0 ? 1 : 0;
      // Tied: a linked default whose lines give two counterparties the winning share.
      std::size_t at_best = 0;
      for (std::int32_t f = -1; p >= 0 && f < firms; ++f) {
        double share = 0.0;
        for (const CascadeLine& l : a.defaults[y].lines)
          share += l.counterparty == f ? l.share : 0.0;
        at_best += share == expected[y].second ? 1 : 0;
      }
      tied += at_best >= 2 ? 1 : 0;
    }
  }
  CHECK(linked > 1000);
  CHECK(chained > 100);
  CHECK(tied > 10);
  MESSAGE(linked, " linked, ", chained, " chained, ", tied, " tied");
}

TEST_CASE("run summary: a cascade by cause links names its own followers only") {
  // Two trees: a (firm 0) takes down b (1) and c (2); d (3) takes down e (4). Before, a's line
  // named e too: every linked default after the root, whichever tree it was in.
  RunHeader h;
  h.firm_ids = {"a", "b", "c", "d", "e"};
  RunSummary s;
  s.begin(h);
  const Date day = Date::from_ymd(2026, 1, 1);
  std::vector<Event> events = {default_event(1, 0, day),
                               default_event(2, 3, day.plus_days(31)),
                               default_event(3, 1, day.plus_days(62)),
                               line_event(4, 3, 0, 1.0),
                               default_event(5, 4, day.plus_days(93)),
                               line_event(6, 5, 3, 0.75),
                               default_event(7, 2, day.plus_days(124)),
                               line_event(8, 7, 1, 0.5)};
  for (const Event& e : events)
    s.event(e);
  s.finish(true);
  const std::string text = s.text();
  CHECK(text.find("  cascade by cause links started by a on 2026-01-01: 3 defaults (b 2 months "
                  "later: 100 % of its shortfall on lines with a; c 2 months later: 50 % of its "
                  "shortfall on lines with b)\n") != std::string::npos);
  CHECK(text.find("  cascade by cause links started by d on 2026-02-01: 2 defaults (e 2 months "
                  "later: 75 % of its shortfall on lines with d)\n") != std::string::npos);
}
