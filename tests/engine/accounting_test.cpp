// The accounting laws, checked after every phase of every tick (issue 2 and 3):
//   - cash conservation: total cash over firms plus rest_of_world never changes, exactly;
//   - every claim inside the network equals its counterparty's liability;
//   - each firm's change in book equity equals net income + revaluations + capital issued −
//     distributions, each recorded separately from the balance sheet it changes;
//   - no firm's cash is ever negative.
#include <doctest/doctest.h>

#include <string>

#include "scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

class NullSink final : public OutputSink {
 public:
  void event(const Event& e) override { types.push_back(e.type); }
  std::vector<EventType> types;
};

struct LawChecker {
  Money total_cash;
  std::vector<Money> equity0;
  std::vector<EquityFlows> flows0;
  std::size_t checks = 0;
  std::string failure;

  void start(const World& w) {
    total_cash = w.total_cash();
    for (const auto& f : w.firms) {
      equity0.push_back(f.book_equity());
      flows0.push_back(f.flows);
    }
  }

  void check(Phase phase, const World& w) {
    if (!failure.empty()) return;
    ++checks;
    const std::string where = w.date.iso() + " after " + to_string(phase);
    if (w.total_cash() != total_cash) {
      failure = where + ": total cash changed by " +
                std::to_string((w.total_cash() - total_cash).in_cents()) + " cents";
      return;
    }
    std::vector<Money> receivable(w.firms.size()), payable(w.firms.size()), lent(w.firms.size());
    for (const auto& c : w.claims) {
      payable[static_cast<std::size_t>(c.debtor)] += c.amount;
      if (c.creditor >= 0) receivable[static_cast<std::size_t>(c.creditor)] += c.amount;
    }
    for (const auto& f : w.firms) {
      for (const auto& d : f.debt) {
        if (d.lender >= 0) lent[static_cast<std::size_t>(d.lender)] += d.principal;
      }
    }
    for (std::size_t i = 0; i < w.firms.size(); ++i) {
      const FirmState& f = w.firms[i];
      const std::string who = where + ", firm " + std::to_string(i);
      if (f.cash.is_negative()) failure = who + ": negative cash";
      if (f.receivables != receivable[i])
        failure = who + ": receivables differ from the claims on others";
      if (f.payables != payable[i]) failure = who + ": payables differ from the claims of others";
      if (f.loans_held != lent[i]) failure = who + ": loans held differ from the borrowers' debt";
      const EquityFlows& a = flows0[i];
      const Money explained =
          (f.flows.net_income - a.net_income) + (f.flows.revaluations - a.revaluations) +
          (f.flows.capital_issued - a.capital_issued) - (f.flows.distributions - a.distributions);
      if (f.book_equity() - equity0[i] != explained) {
        failure = who + ": equity moved by " +
                  std::to_string((f.book_equity() - equity0[i]).in_cents()) +
                  " cents, flows explain " + std::to_string(explained.in_cents());
      }
      if (!failure.empty()) return;
    }
  }
};

void run_checked(const ScenarioSpec& spec, LawChecker& laws, NullSink& sink) {
  laws.start(make_world(spec, spec.seed));
  RunOptions opt;
  opt.after_phase = [&](Phase p, const World& w) { laws.check(p, w); };
  run_scenario(spec, spec.seed, sink, opt);
}

}  // namespace

TEST_CASE("the small web keeps every accounting law after every phase of every tick") {
  LawChecker laws;
  NullSink sink;
  run_checked(small_web(), laws, sink);
  CHECK(laws.failure == "");
  CHECK(laws.checks > 7 * 700);  // three years of trading days, seven phases each
  // The run exercised the contracts: deliveries, tranches, a vested warrant, the loan.
  auto count = [&](EventType t) { return std::count(sink.types.begin(), sink.types.end(), t); };
  CHECK(count(EventType::deal_signed) == 6);
  CHECK(count(EventType::tranche_drawn) >= 1);
  CHECK(count(EventType::loan_drawn) == 1);
  CHECK(count(EventType::warrant_vested) >= 1);
}

TEST_CASE("randomised small webs keep every accounting law") {
  for (std::uint64_t seed = 1; seed <= 12; ++seed) {
    CAPTURE(seed);
    LawChecker laws;
    NullSink sink;
    run_checked(random_web(seed), laws, sink);
    CHECK(laws.failure == "");
  }
}
