// The counterfactual rescue (sim/run/counterfactual.hpp) on the baseline: a fork is the engine's
// own, so rescuing a firm that never needs it reproduces the run event for event after the fork
// (common random numbers), and rescuing a firm the tick before its default removes that default.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "sim/engine/engine.hpp"
#include "sim/run/counterfactual.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace alchemy;

namespace {

const std::string kBaseline = std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml";

std::int32_t index_of(const ScenarioSpec& s, const std::string& id) {
  for (std::size_t i = 0; i < s.firms.size(); ++i) {
    if (s.firms[i].id == id) return static_cast<std::int32_t>(i);
  }
  FAIL("no firm " << id);
  return -1;
}

// Everything an event says, its fields by key, value and text (keys are literals: compare text).
bool same_event(const Event& a, const Event& b) {
  if (a.seq != b.seq || a.date != b.date || a.tick != b.tick || a.type != b.type ||
      a.firm != b.firm || a.counterparty != b.counterparty || a.contract != b.contract ||
      a.amount != b.amount || a.cause != b.cause || a.field_count != b.field_count)
    return false;
  for (std::uint8_t i = 0; i < a.field_count; ++i) {
    const EventField& x = a.fields[i];
    const EventField& y = b.fields[i];
    if (std::string_view(x.key) != y.key || x.value != y.value) return false;
    if ((x.text == nullptr) != (y.text == nullptr)) return false;
    if (x.text && std::string_view(x.text) != y.text) return false;
  }
  return true;
}

}  // namespace

TEST_CASE(
    "a rescue fork: identical after the fork when the rescue is never needed, and the "
    "rescued firm's default gone when it is") {
  const ScenarioSpec spec = load_scenario(kBaseline).spec;
  constexpr std::uint64_t kSeed = 8;  // xAI defaults in this seed (2029-07-19)
  MemorySink whole;
  run_scenario(spec, kSeed, whole);
  const std::int32_t xai = index_of(spec, "xai");
  const std::optional<Date> xai_default = first_default(whole, xai);
  REQUIRE(xai_default.has_value());

  // NVIDIA never defaults in this run: its backstop is never called on, so the fork's events are
  // the run's from the fork on, field for field.
  const std::int32_t nvidia = index_of(spec, "nvidia");
  REQUIRE_FALSE(first_default(whole, nvidia).has_value());
  const RescueFork idle = rescue_fork(spec, kSeed, nvidia, *xai_default);
  std::vector<Event> after;
  std::copy_if(whole.events.begin(), whole.events.end(), std::back_inserter(after),
               [&](const Event& e) { return idle.forked_at < e.date; });
  REQUIRE(after.size() == idle.fork.events.size());
  for (std::size_t k = 0; k < after.size(); ++k) {
    CAPTURE(k);
    CHECK(same_event(after[k], idle.fork.events[k]));
  }

  // xAI rescued the tick before its default: it does not default, and its rescuer pays.
  const RescueFork saved = rescue_fork(spec, kSeed, xai, *xai_default);
  CHECK(saved.forked_at < *xai_default);
  CHECK_FALSE(first_default(saved.fork, xai).has_value());
  const bool paid = std::any_of(saved.fork.events.begin(), saved.fork.events.end(), [&](auto& e) {
    return e.type == EventType::backstop_paid && e.firm == xai;
  });
  CHECK(paid);
}
