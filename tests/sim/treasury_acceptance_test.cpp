// The treasury over the shipped scenarios (issue 17's acceptance): a firm with a treasury policy
// that defaults on its own saw it coming — its default names the gap episode open at it, whose
// chain of statements (each review's, caused by the one before, the latest fresh) runs back to a
// first projection at least 90 days before, unless the episode or the default names what no
// projection foresaw (a shock, a margin call, a seizure, the funding market closing) — and tried
// every action of its order against that episode, each attempt an event whose cause is one of its
// statements; its missed payments name the episode or the surprise as well; and every equity issue
// that was filled met its investors' participation constraint (value net of commitments per diluted
// share ≥ issue price, both on the event).
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

// What no projection foresaw: a shock, a margin call, a seizure of collateral, the funding market
// closing (the projection counted on rolling outside debt over while it was open).
bool unforeseen(const Event& e) {
  return e.type == EventType::shock || e.type == EventType::margin_call ||
         e.type == EventType::collateral_seized || e.type == EventType::funding_frozen;
}

struct Tally {
  int defaults = 0, foreseen = 0, after_surprise = 0, issues = 0;
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
    if (e.type != EventType::default_ && e.type != EventType::payment_missed) continue;
    const FirmSpec& f = spec.firms[static_cast<std::size_t>(e.firm)];
    if (f.treasury.actions.empty()) continue;
    // A cascade's default names the default that brought it down; a treasury firm's own default or
    // missed payment, the gap episode whose projection held the payment, or what none foresaw.
    INFO(spec.name << " seed " << seed << ": " << f.id << " " << to_string(e.type) << " on "
                   << e.date.iso());
    REQUIRE(e.cause != 0);
    const Event& by = ev[static_cast<std::size_t>(e.cause - 1)];
    REQUIRE(by.seq == e.cause);
    if (by.type == EventType::default_) continue;  // contagion
    if (e.type == EventType::payment_missed) {
      CHECK((by.type == EventType::treasury_gap || unforeseen(by)));
      continue;
    }
    ++tally.defaults;
    if (by.type != EventType::treasury_gap) {
      CHECK(unforeseen(by));
      ++tally.after_surprise;
      continue;
    }
    // The episode's chain of statements, from the latest (fresh: the firm states it again at each
    // round of its order) back to the day it was first projected.
    CHECK(e.date.days() - by.date.days() <=
          f.treasury.review_days + 2 * static_cast<int>(f.treasury.actions.size()) + 4);
    std::set<std::uint64_t> chain{by.seq};
    const Event* first = &by;
    while (first->cause != 0 &&
           ev[static_cast<std::size_t>(first->cause - 1)].type == EventType::treasury_gap) {
      first = &ev[static_cast<std::size_t>(first->cause - 1)];
      chain.insert(first->seq);
    }
    if (e.date.days() - first->date.days() >= 90) {
      ++tally.foreseen;
    } else {
      // Seen less than 90 days ahead: the episode names what opened it.
      REQUIRE(first->cause != 0);
      CHECK(unforeseen(ev[static_cast<std::size_t>(first->cause - 1)]));
      ++tally.after_surprise;
    }
    std::set<std::string> tried;
    for (const Event& a : ev) {
      if (chain.count(a.cause) == 1 && a.firm == e.firm) tried.insert(attempt_of(a));
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
  MESSAGE("defaults of treasury firms: " << tally.defaults << " (" << tally.foreseen
                                         << " foreseen 90 days or more, " << tally.after_surprise
                                         << " after a surprise); equity issues: " << tally.issues);
  CHECK(tally.defaults > 20);  // the test has defaults to look at
  CHECK(tally.issues > 20);
}
