// Issue 18's first acceptance bullet, the attribution half (docs/drafts/issue-18-estates-and-
// cascades.md §2, MODEL.md §7.23): a hand-built web of four firms in which a buyer's default takes
// its supplier into default five months later. Every figure of the shortfall decomposition — the
// reference's day, cash and lines, each line's expected, realised and projected cash, its loss and
// share, the identity Σ loss = C⁰(T⁰) − (cash + Σ D) — and the default's cause are checked
// against the hand computation, to the cent. Case 2 changes two amounts so that the supplier
// still sees no gap after the buyer's default: the loss absorbed before its reference is not in
// its decomposition, and the cause is the later shock.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "../engine/scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/output/run_summary.hpp"
#include "sim/run/counterfactual.hpp"
#include "sim/world/event.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

// Firms by id: app 0, bank 1, cloud 2, lab 3. Contracts: lease1 0 (lab → cloud), lease2 1
// (app → cloud).
enum : std::int32_t { kApp = 0, kBankFirm = 1, kCloudFirm = 2, kLabFirm = 3 };
enum : std::int32_t { kLease1 = 0, kLease2 = 1 };

// A firm with no operations at all: no revenue, costs, capacity, rules, treasury or price noise.
FirmSpec still_firm(const char* id, double cash) {
  FirmSpec f = quiet_firm(id);
  f.cash = usd(cash);
  f.revenue.annual = Money::zero();
  f.revenue.growth = 0;
  f.revenue.volatility = 0;
  f.costs.fixed_annual = Money::zero();
  f.costs.cost_of_revenue = 0;
  f.compute.gw = 0;
  f.compute.fleet_book = Money::zero();
  f.compute.power_per_gw_year = Money::zero();
  f.debt.clear();
  return f;
}

ContractSpec lease(const char* id, std::int32_t lessee, double amount) {
  ContractSpec c;
  c.id = id;
  c.set_type(ContractType::lease);
  c.from = static_cast<std::size_t>(lessee);
  c.to = static_cast<std::size_t>(kCloudFirm);
  c.signed_on = day(2025, 12, 1);
  c.start = day(2026, 1, 1);
  c.end = day(2026, 12, 31);
  c.amount = usd(amount);
  return c;
}

// §2's web: lease1 1 200 (100 a month), lease2 `lease2_total`, cloud's bullet debt and operating
// assets `debt` (900 in case 1, 3 000 in case 2), lease2 cancelled by a shock on 2026-07-15.
ScenarioSpec web(double lease2_total, double debt) {
  ScenarioSpec s;
  s.name = "cascade web";
  s.seed = 1;
  s.start = day(2025, 12, 1);
  s.end = day(2027, 6, 30);
  s.market.sentiment.volatility = 0;
  s.market.gpu.volatility = 0;
  s.market.risk_free = {{day(2025, 1, 1), 0.0}};
  s.contagion.grace_days = 30;
  s.contagion.alpha = s.contagion.beta = 1.0;
  FirmSpec app = still_firm("app", 50'000);
  FirmSpec bank = still_firm("bank", 0);
  bank.kind = FirmKind::lender;
  FirmSpec cloud = still_firm("cloud", 36);
  cloud.operating_assets = usd(debt);
  cloud.debt = {{"term", usd(debt), 0.0, day(2026, 9, 1), false, 1, "bank"}};
  FirmSpec lab = still_firm("lab", 300);
  lab.other_assets = usd(135);
  s.firms = {app, bank, cloud, lab};
  s.contracts = {lease("lease1", kLabFirm, 1'200), lease("lease2", kApp, lease2_total)};
  s.shocks = {{day(2026, 7, 15), ShockKind::cancel_contract, "lease2", 0.0}};
  return s;
}

struct Run {
  ScenarioSpec spec;
  World world;
  MemorySink sink;
  explicit Run(ScenarioSpec s) : spec(std::move(s)), world(make_world(spec, spec.seed)) {
    continue_run(spec, world, sink);
  }
  std::vector<Event> of(EventType t, std::int32_t firm) const {
    std::vector<Event> out;
    for (const Event& e : sink.events) {
      if (e.type == t && e.firm == firm) out.push_back(e);
    }
    return out;
  }
  const Event* seq(std::uint64_t s) const {
    for (const Event& e : sink.events) {
      if (e.seq == s) return &e;
    }
    return nullptr;
  }
};

double field(const Event& e, std::string_view key) {
  for (std::uint8_t k = 0; k < e.field_count; ++k) {
    if (e.fields[k].key == key) return e.fields[k].value;
  }
  FAIL("event ", to_string(e.type), " has no field ", key);
  return 0.0;
}

Money expected_on(const Reference& r, const LineKey& key) {
  for (const LineTotal& l : r.expected) {
    if (l.key == key) return l.amount;
  }
  return Money::zero();
}

// The shortfall_line event of `firm` on `contract` (−1: the contract-less line to `counterparty`).
const Event* line_event(const Run& run, std::int32_t firm, std::int32_t contract,
                        std::int32_t counterparty) {
  for (const Event& e : run.sink.events) {
    if (e.type == EventType::shortfall_line && e.firm == firm && e.contract == contract &&
        e.counterparty == counterparty)
      return &e;
  }
  return nullptr;
}

const LineKey kLease1OfCloud{LineKind::contract, kLease1, kLabFirm};
const LineKey kLease2OfCloud{LineKind::contract, kLease2, kApp};
const LineKey kDebtOfCloud{LineKind::funding_cost, -1, kBankFirm};

}  // namespace

TEST_CASE("case 1: the lab's default takes the cloud down five months later, 76.5 % its line") {
  const Run run(web(564, 900));

  // The lab: three payments made (300 → 0), April missed, overdue 31 days on 05-01.
  const auto lab_default = run.of(EventType::default_, kLabFirm);
  REQUIRE(lab_default.size() == 1);
  CHECK(lab_default[0].date == day(2026, 5, 1));
  const auto settled = run.of(EventType::default_settled, kLabFirm);
  REQUIRE(settled.size() == 1);
  // Owed 200 of lease payments + 0.10 × 700 rejection claim = 270; recovered 135: 50 %.
  CHECK(field(settled[0], "due") == 270.0);
  CHECK(field(settled[0], "paid") == 135.0);
  CHECK(field(settled[0], "recovery") == 0.5);

  // The cloud: its reference is the decisions-phase projection of 05-01 (from 05-04 on every
  // projection shows Sep at 706 + 4 × 47 − 900 = −6).
  const Reference& ref = run.world.references[kCloudFirm];
  CHECK(ref.made == day(2026, 5, 1));
  CHECK(ref.end == day(2027, 5, 1));
  CHECK(ref.cash == usd(36 + 300 + 5 * 47));  // 571
  CHECK(expected_on(ref, kLease1OfCloud) == usd(200 + 7 * 100));
  CHECK(expected_on(ref, kLease2OfCloud) == usd(7 * 47));
  CHECK(expected_on(ref, kDebtOfCloud) == usd(-900));
  CHECK(ref.expected.size() == 3);  // no operations, margin or other line

  const auto cloud_default = run.of(EventType::default_, kCloudFirm);
  REQUIRE(cloud_default.size() == 1);
  const Event& d = cloud_default[0];
  CHECK(d.date == day(2026, 10, 1));  // overdue from the 09-01 maturity: 31 days on 10-01
  // Σ loss = C⁰(T⁰) − (cash + Σ D) = (571 + 900 + 329 − 900) − (0 − 100) = 1 000.
  CHECK(field(d, "shortfall") == 1'000.0);
  CHECK(field(d, "reference_days") == day(2026, 10, 1).days() - day(2026, 5, 1).days());
  CHECK(field(d, "top_share") == doctest::Approx(0.765).epsilon(1e-12));
  CHECK(field(d, "stale") == 0.0);
  CHECK(d.cause == lab_default[0].seq);  // the largest line's counterparty is in default

  const Event* l1 = line_event(run, kCloudFirm, kLease1, kLabFirm);
  const Event* l2 = line_event(run, kCloudFirm, kLease2, kApp);
  REQUIRE(l1);
  REQUIRE(l2);
  // lease1: expected 900, realised 135 (the estate's payment, on the claims' contract), none
  // projected: loss 765.
  CHECK(field(*l1, "expected") == 900.0);
  CHECK(field(*l1, "realised") == 135.0);
  CHECK(field(*l1, "projected") == 0.0);
  CHECK(l1->amount == usd(765));
  CHECK(field(*l1, "share") == doctest::Approx(0.765).epsilon(1e-12));
  CHECK(static_cast<std::uint64_t>(field(*l1, "event")) == lab_default[0].seq);
  CHECK(l1->cause == d.seq);
  // lease2: expected 329, realised Jun + Jul = 94, cancelled on 07-15: loss 235, the shock's.
  CHECK(field(*l2, "expected") == 329.0);
  CHECK(field(*l2, "realised") == 94.0);
  CHECK(field(*l2, "projected") == 0.0);
  CHECK(l2->amount == usd(235));
  CHECK(field(*l2, "share") == doctest::Approx(0.235).epsilon(1e-12));
  const Event* shock = run.seq(static_cast<std::uint64_t>(field(*l2, "event")));
  REQUIRE(shock);
  CHECK(shock->type == EventType::shock);
  CHECK(shock->date == day(2026, 7, 15));
  // The debt: expected −900, paid 800 at maturity, the 100 still owed projected: no loss, so no
  // event.
  CHECK(line_event(run, kCloudFirm, -1, kBankFirm) == nullptr);
  CHECK(run.of(EventType::shortfall_line, kCloudFirm).size() == 2);
  // Both references are closed at the defaults: nothing more is realised on them.
  CHECK(!run.world.references[kLabFirm].open);
  CHECK(!run.world.references[kCloudFirm].open);
  CHECK(run.world.firms[kCloudFirm].default_event == d.seq);
  CHECK(run.world.firms[kLabFirm].default_event == lab_default[0].seq);

  // The run summary names the cascade by cause links: 153 days = 5 months, lease1's 76.5 %.
  RunSummary summary;
  RunHeader h;
  h.scenario = &run.spec;
  for (const auto& f : run.spec.firms)
    h.firm_ids.push_back(f.id);
  summary.begin(h);
  for (const Event& e : run.sink.events)
    summary.event(e);
  summary.end_state(run.world);
  summary.finish(true);
  CHECK(summary.text().find("cascade by cause links started by lab on 2026-05-01: 2 defaults "
                            "(cloud 5 months later: 77 % of its shortfall on lines with lab)") !=
        std::string::npos);
}

TEST_CASE("case 2: a loss absorbed before the reference is not in it, the shock is the cause") {
  const Run run(web(4'284, 3'000));  // lease2 357 a month
  const auto lab_default = run.of(EventType::default_, kLabFirm);
  REQUIRE(lab_default.size() == 1);
  CHECK(lab_default[0].date == day(2026, 5, 1));

  // After the lab's default the cloud still shows no gap (05-04: 2 256 + 4 × 357 − 3 000 = 684),
  // so its reference moves on to 07-14, the day before the shock.
  const Reference& ref = run.world.references[kCloudFirm];
  CHECK(ref.made == day(2026, 7, 14));
  CHECK(ref.end == day(2027, 7, 14));
  CHECK(ref.cash == usd(36 + 300 + 135 + 7 * 357));  // 2 970
  CHECK(expected_on(ref, kLease2OfCloud) == usd(5 * 357));
  CHECK(expected_on(ref, kDebtOfCloud) == usd(-3'000));
  CHECK(expected_on(ref, kLease1OfCloud) == Money::zero());  // ended at the lab's default
  CHECK(ref.expected.size() == 2);

  const auto cloud_default = run.of(EventType::default_, kCloudFirm);
  REQUIRE(cloud_default.size() == 1);
  const Event& d = cloud_default[0];
  CHECK(d.date == day(2026, 10, 1));
  // Σ loss = (2 970 + 1 785 − 3 000) − (0 − 30) = 1 785, all lease2's.
  CHECK(field(d, "shortfall") == 1'785.0);
  CHECK(field(d, "top_share") == 1.0);
  const Event* l2 = line_event(run, kCloudFirm, kLease2, kApp);
  REQUIRE(l2);
  CHECK(field(*l2, "expected") == 1'785.0);
  CHECK(field(*l2, "realised") == 0.0);
  CHECK(field(*l2, "projected") == 0.0);
  CHECK(l2->amount == usd(1'785));
  const Event* cause = run.seq(d.cause);
  REQUIRE(cause);
  CHECK(cause->type == EventType::shock);                            // not the lab's default
  CHECK(line_event(run, kCloudFirm, kLease1, kLabFirm) == nullptr);  // lab's lines: 0 %
  CHECK(line_event(run, kCloudFirm, -1, kBankFirm) == nullptr);  // −3 000 − (−2 970 − 30)
  CHECK(run.of(EventType::shortfall_line, kCloudFirm).size() == 1);
}

TEST_CASE(
    "the counterfactual: with the lab rescued from the tick before its default, the cloud's "
    "default vanishes in both cases") {
  // Forked after 2026-04-30 with the lab backstopped, the lab pays every lease1 invoice. At the
  // 09-01 maturity (settled before the lab's 09-01 invoice: firm 2 < 3) the cloud holds
  //   case 1: 36 + 8 × 100 + 7 × 47 = 1 165 ≥ 900,   case 2: 36 + 8 × 100 + 7 × 357 = 3 335 ≥ 3 000
  // (lease2 paid January to July, cancelled by the 07-15 shock), so it repays its debt and never
  // defaults to 2027-06-30: by the counterfactual test its default joins the lab's cascade.
  for (const auto& [lease2, debt] : {std::pair{564.0, 900.0}, std::pair{4'284.0, 3'000.0}}) {
    CAPTURE(lease2);
    const ScenarioSpec spec = web(lease2, debt);
    const RescueFork f = rescue_fork(spec, spec.seed, kLabFirm, day(2026, 5, 1));
    CHECK(f.forked_at == day(2026, 4, 30));
    CHECK_FALSE(first_default(f.fork, kLabFirm).has_value());
    CHECK_FALSE(first_default(f.fork, kCloudFirm).has_value());
    const auto repaid = std::find_if(f.fork.events.begin(), f.fork.events.end(), [](auto& e) {
      return e.type == EventType::loan_repaid && e.firm == kCloudFirm;
    });
    REQUIRE(repaid != f.fork.events.end());
    CHECK(repaid->date == day(2026, 9, 1));
    CHECK(repaid->amount == usd(debt));
  }
}

TEST_CASE("without contagion.attribution nothing is decomposed and the run is otherwise the same") {
  ScenarioSpec off = web(564, 900);
  off.contagion.attribution = false;
  const Run a(off), b(web(564, 900));
  CHECK(a.world.references.empty());
  std::vector<Event> kept;  // b's events without the decomposition
  for (Event e : b.sink.events) {
    if (e.type == EventType::shortfall_line) continue;
    kept.push_back(e);
  }
  REQUIRE(kept.size() == a.sink.events.size());
  for (std::size_t k = 0; k < kept.size(); ++k) {
    CHECK(kept[k].type == a.sink.events[k].type);
    CHECK(kept[k].date == a.sink.events[k].date);
    CHECK(kept[k].firm == a.sink.events[k].firm);
    CHECK(kept[k].amount == a.sink.events[k].amount);
  }
  CHECK(a.world.firms[kCloudFirm].cash == b.world.firms[kCloudFirm].cash);
}
