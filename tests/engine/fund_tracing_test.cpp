// Round trips traced by source of funds (MODEL.md §7.22): a three-firm example worked by hand
// through the ledger's own movers, the rounding rule, and the tracing's laws after every phase of
// the small webs (each investment's money all accounted for, no firm holding more of it than its
// cash, the amount invested equal to what the contract says it paid).
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "scenario_fixtures.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/fund_tracing.hpp"
#include "sim/world/ledger.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

enum : std::int32_t { kV = 0, kA = 1, kB = 2 };  // investor, investee, bank
constexpr std::int32_t kInvestment = 0;          // V's investment in A

World three_firms() {
  World w;
  w.firms.resize(3);
  w.firms[kV].cash = usd(1000);
  w.firms[kB].cash = usd(1000);
  return w;
}

// A payment for goods, as the settlement phase makes it: a claim, then paid from cash.
void pay_invoice(World& w, std::int32_t buyer, std::int32_t seller, double amount) {
  add_claim(w, Claim{buyer, seller, 7, usd(amount), w.date, Channel::suppliers});
  pay_claim(w, w.claims.size() - 1);
  compact_claims(w);
}

Money came_back(const World& w) {
  return investment_trace(w, kInvestment)->came_back;
}

}  // namespace

TEST_CASE("V puts 100 into A, A borrows 300 from B and pays V 200: 50 of the 100 came back") {
  World w = three_firms();
  transfer(w, kV, kA, usd(100));  // the tranche, as issue_equity moves it
  trace_investment(w, kInvestment, kV, kA, usd(100));
  transfer(w, kB, kA, usd(300));  // the loan: untagged money, A's cash is now 1/4 V's
  CHECK(traced_held(w, kInvestment, kA) == usd(100));
  pay_invoice(w, kA, kV, 200);
  // 100 × 200 / 400 = 50 came back, 50 of A's remaining 200 is still V's money.
  CHECK(came_back(w) == usd(50));
  CHECK(traced_held(w, kInvestment, kA) == usd(50));
  CHECK(w.firms[kA].cash == usd(200));
  CHECK(investment_trace(w, kInvestment)->invested == usd(100));
}

TEST_CASE("successive payments take the mix of the moment, through a third firm and outside") {
  World w = three_firms();
  transfer(w, kV, kA, usd(100));
  trace_investment(w, kInvestment, kV, kA, usd(100));
  transfer(w, kB, kA, usd(300));
  pay_invoice(w, kA, kV, 200);                                // 50 back; A: 50 of 200
  receive_from_outside(w, kA, usd(100), Channel::customers);  // A: 50 of 300 (diluted)
  transfer(w, kA, kB, usd(90));  // 50 × 90 / 300 = 15 to B; A: 35 of 210
  CHECK(traced_held(w, kInvestment, kB) == usd(15));
  CHECK(traced_held(w, kInvestment, kA) == usd(35));
  pay_invoice(w, kA, kV, 70);  // 35 × 70 / 210 = 11.666… → 11.67 back; A: 23.33 of 140
  CHECK(came_back(w) == usd(61.67));
  CHECK(traced_held(w, kInvestment, kA) == usd(23.33));
  pay_invoice(w, kB, kV, 79);  // B's cash is 790: 15 × 79 / 790 = 1.50 back through B
  CHECK(came_back(w) == usd(63.17));
  CHECK(traced_held(w, kInvestment, kB) == usd(13.50));
  pay_to_outside(w, kA, usd(140), Channel::suppliers);  // all of A's cash: all of its 23.33
  const InvestmentTrace t = *investment_trace(w, kInvestment);
  CHECK(t.paid_outside == usd(23.33));
  CHECK(traced_held(w, kInvestment, kA) == Money::zero());
  // Every cent of the 100 is somewhere: 63.17 back, 13.50 at B, 23.33 outside.
  CHECK(t.came_back + t.paid_outside + traced_held(w, kInvestment, kB) == usd(100));
}

TEST_CASE("two investments in one firm are traced apart, each pro rata") {
  World w = three_firms();
  transfer(w, kV, kA, usd(100));
  trace_investment(w, 0, kV, kA, usd(100));
  transfer(w, kB, kA, usd(300));
  trace_investment(w, 1, kB, kA, usd(300));  // B invests rather than lends
  pay_invoice(w, kA, kB, 100);               // 300 × 100 / 400 = 75 of B's comes back to B
  CHECK(investment_trace(w, 1)->came_back == usd(75));
  CHECK(traced_held(w, 0, kB) == usd(25));  // and 25 of V's money is now B's cash
  CHECK(traced_held(w, 0, kA) == usd(75));
  CHECK(investment_trace(w, 0)->came_back == Money::zero());
}

TEST_CASE("the traced share: t × p / c to the cent, all of it when p ≥ c, never more than stays") {
  CHECK(traced_share(usd(100), usd(200), usd(400)) == usd(50));
  CHECK(traced_share(Money::cents(1), Money::cents(1), Money::cents(2)) == Money::cents(1));  // ½
  CHECK(traced_share(Money::cents(1), Money::cents(1), Money::cents(3)) == Money::zero());    // ⅓
  CHECK(traced_share(usd(10), usd(5), usd(5)) == usd(10));
  CHECK(traced_share(usd(10), usd(7), usd(3)) == usd(10));
  CHECK(traced_share(usd(10), Money::zero(), usd(30)) == Money::zero());
  // A tag equal to the cash leaves in step with it: what stays is never more than the cash left.
  CHECK(traced_share(Money::cents(3), Money::cents(1), Money::cents(3)) == Money::cents(1));
  CHECK(traced_share(Money::cents(2), Money::cents(1), Money::cents(3)) == Money::cents(1));
  // Near Money's range (t × p overflows 64 bits): still exact.
  const Money big = Money::cents(std::int64_t{1} << 60);
  CHECK(traced_share(big, big, big + big) == Money::cents(std::int64_t{1} << 59));
}

namespace {

class NullSink final : public OutputSink {
 public:
  void event(const Event&) override {}
};

// After every phase: each investment's money is all accounted for, to the cent; no firm holds
// more of it than its cash; what was invested is what the contract paid in (ContractState's
// delivered, kept by the contract's own code).
struct TracingLaws {
  const ScenarioSpec& spec;
  std::string failure;
  std::size_t traced = 0;
  std::vector<InvestmentTrace> last;  // the traces after the last phase

  void check(Phase phase, const World& w) {
    if (!failure.empty()) return;
    const std::string where = w.date.iso() + " after " + to_string(phase);
    std::vector<Money> held(w.contracts.size());
    for (std::size_t i = 0; i < w.funds.held.size(); ++i) {
      for (const TracedCash& x : w.funds.held[i]) {
        const Money now = traced_amount(w, i, x);
        if (now.is_negative() || now > w.firms[i].cash)
          failure = where + ": firm " + std::to_string(i) + " holds " +
                    std::to_string(now.in_cents()) + " cents of an investment, cash " +
                    std::to_string(w.firms[i].cash.in_cents());
        held[static_cast<std::size_t>(
            w.funds.investments[static_cast<std::size_t>(x.investment)].contract)] += now;
      }
    }
    for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
      if (!kind_of(spec.contracts[c]).investment) continue;
      const std::optional<InvestmentTrace> t = investment_trace(w, static_cast<std::int32_t>(c));
      const Money invested = t ? t->invested : Money::zero();
      if (invested != w.contracts[c].delivered)
        failure = where + ": " + spec.contracts[c].id + " traced " +
                  std::to_string(invested.in_cents()) + " cents, delivered " +
                  std::to_string(w.contracts[c].delivered.in_cents());
      if (!t) continue;
      ++traced;
      if (t->came_back + t->paid_outside + held[c] != t->invested || t->came_back > t->invested)
        failure = where + ": " + spec.contracts[c].id + "'s money is not all accounted for";
    }
    last.clear();
    for (const InvestmentTrace& x : w.funds.investments)
      last.push_back(*investment_trace(w, x.contract));
  }
};

void run_with_laws(const ScenarioSpec& spec, TracingLaws& laws) {
  NullSink sink;
  RunOptions opt;
  opt.after_phase = [&](Phase p, const World& w) { laws.check(p, w); };
  run_scenario(spec, spec.seed, sink, opt);
}

}  // namespace

TEST_CASE("the small webs keep every investment's money accounted for after every phase") {
  const ScenarioSpec small = small_web();
  TracingLaws laws{small, {}, 0, {}};
  run_with_laws(small, laws);
  CHECK(laws.failure == "");
  CHECK(laws.traced > 0);
  // The lab pays the chipmaker for GPUs partly with the chipmaker's own investment: some of it
  // came back, not all (the lab has a round from the VC and revenue of its own).
  const auto chips_lab =
      std::find_if(small.contracts.begin(), small.contracts.end(),
                   [](const ContractSpec& c) { return c.id == "chips-lab-equity"; });
  REQUIRE(chips_lab != small.contracts.end());
  const auto c = static_cast<std::int32_t>(chips_lab - small.contracts.begin());
  const auto t = std::find_if(laws.last.begin(), laws.last.end(),
                              [&](const InvestmentTrace& x) { return x.contract == c; });
  REQUIRE(t != laws.last.end());
  CHECK(t->came_back.is_positive());
  CHECK(t->came_back < t->invested);
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    const ScenarioSpec spec = random_web(seed);
    TracingLaws random{spec, {}, 0, {}};
    run_with_laws(spec, random);
    CHECK(random.failure == "");
  }
}
