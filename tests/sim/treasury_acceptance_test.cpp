// The treasury over the shipped scenarios (issue 17's acceptance): a firm with a treasury policy
// that defaults saw it coming — the gap episode open at its default was first projected at
// least 90 days before, unless a scenario shock came within those 90 days — and tried every
// action of its order against that gap, each attempt an event whose cause is the gap; and every
// equity issue that was filled met its investors' participation constraint (value net of
// commitments per diluted share ≥ issue price, both on the event).
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;

namespace {

const std::string kConfigs = std::string(ALCHEMY_SOURCE_DIR) + "/configs/";

const EventField* find(const Event& e, const char* key) {
  for (std::size_t k = 0; k < e.field_count; ++k) {
    if (std::strcmp(e.fields[k].key, key) == 0) return &e.fields[k];
  }
  return nullptr;
}

std::string text(const Event& e, const char* key) {
  const EventField* f = find(e, key);
  return f && f->text ? f->text : "";
}

// Which action of the order an event is an attempt of ("" when it is none).
std::string attempt_of(const Event& e) {
  switch (e.type) {
    case EventType::equity_raised:
      return "raise_equity";
    case EventType::debt_raised:
      return "raise_debt";
    case EventType::raise_failed:
      return find(e, "equity") && find(e, "equity")->value == 1.0 ? "raise_equity" : "raise_debt";
    case EventType::stake_sold:
      return "sell_stakes";
    case EventType::assets_sold:
      return "sell_assets";
    case EventType::credit_line_drawn:
      return "draw_credit_line";
    case EventType::commitment_cut:
    case EventType::commitment_cancelled:
      return "cut_purchases";
    case EventType::treasury_action_failed:
      return text(e, "action");
    default:
      return "";
  }
}

struct Tally {
  int defaults = 0, foreseen = 0, after_shock = 0, issues = 0;
};

void check_run(const ScenarioSpec& spec, std::uint64_t seed, Tally& tally) {
  MemorySink sink;
  run_scenario(spec, seed, sink, {});
  const std::vector<Event>& ev = sink.events;
  for (const Event& e : ev) {
    if (e.type == EventType::equity_raised) {
      ++tally.issues;
      INFO(spec.name << " seed " << seed << ": equity issue of "
                     << spec.firms[static_cast<std::size_t>(e.firm)].id << " on " << e.date.iso());
      REQUIRE(find(e, "value_net") != nullptr);
      CHECK(find(e, "value_net")->value >= find(e, "price")->value);
    }
    if (e.type != EventType::default_) continue;
    const FirmSpec& f = spec.firms[static_cast<std::size_t>(e.firm)];
    if (f.treasury.actions.empty()) continue;
    ++tally.defaults;
    INFO(spec.name << " seed " << seed << ": " << f.id << " defaults on " << e.date.iso());
    const Event* gap = nullptr;  // the episode open at the default: its last gap
    for (const Event& g : ev) {
      if (g.type == EventType::treasury_gap && g.firm == e.firm && g.date <= e.date) gap = &g;
    }
    REQUIRE(gap != nullptr);
    if (e.date.days() - gap->date.days() >= 90) {
      ++tally.foreseen;
    } else {
      bool shock = false;
      for (const Event& s : ev) {
        shock |=
            s.type == EventType::shock && s.date <= e.date && e.date.days() - s.date.days() < 90;
      }
      CHECK(shock);
      ++tally.after_shock;
    }
    std::set<std::string> tried;
    for (const Event& a : ev) {
      if (a.cause == gap->seq && a.firm == e.firm) tried.insert(attempt_of(a));
    }
    for (const TreasuryAction a : f.treasury.actions)
      CHECK(tried.count(to_string(a)) == 1);
  }
}

}  // namespace

TEST_CASE("treasury acceptance: defaults foreseen and every action tried, equity issues fair") {
  Tally tally;
  const ScenarioSpec base = load_scenario(kConfigs + "ai_compute_2025.yaml").spec;
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    check_run(base, seed, tally);
  for (const char* s : {"growth_slows", "openai_misses_plan", "funding_freeze",
                        "microsoft_talks_break", "gpu_price_collapse", "amd_below_milestones"}) {
    const ScenarioSpec spec = load_scenario(kConfigs + "scenarios/" + s + ".yaml").spec;
    for (std::uint64_t seed = 1; seed <= 5; ++seed)
      check_run(spec, seed, tally);
  }
  MESSAGE("defaults of treasury firms: "
          << tally.defaults << " (" << tally.foreseen << " foreseen 90 days or more, "
          << tally.after_shock << " within 90 days of a shock); equity issues: " << tally.issues);
  CHECK(tally.defaults > 20);  // the test has defaults to look at
  CHECK(tally.issues > 20);
}
