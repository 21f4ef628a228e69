#include <doctest/doctest.h>

#include "market/scheduler.hpp"

using namespace alchemy;

namespace {
ScheduledItem item(Date d, Phase p, int firm, int contract, ItemKind k = ItemKind::shock) {
  ScheduledItem it;
  it.date = d;
  it.phase = p;
  it.firm = firm;
  it.contract = contract;
  it.kind = k;
  return it;
}
}  // namespace

TEST_CASE("scheduler orders by date, phase, firm, contract, then insertion") {
  const Date d1 = Date::from_ymd(2025, 3, 3), d2 = Date::from_ymd(2025, 3, 4);
  Scheduler s;
  s.add(item(d2, Phase::calendar, 0, 0));                           // seq 1
  s.add(item(d1, Phase::settlement, 0, 0));                         // seq 2
  s.add(item(d1, Phase::calendar, 2, 0));                           // seq 3
  s.add(item(d1, Phase::calendar, 1, 5));                           // seq 4
  s.add(item(d1, Phase::calendar, 1, 3));                           // seq 5
  s.add(item(d1, Phase::calendar, 1, 3, ItemKind::lease_payment));  // seq 6: same key as 5
  const auto pending = s.pending();
  REQUIRE(pending.size() == 6);
  CHECK(pending[0].seq == 5);
  CHECK(pending[1].seq == 6);  // ties keep insertion order
  CHECK(pending[2].seq == 4);
  CHECK(pending[3].seq == 3);
  CHECK(pending[4].seq == 2);  // later phase of the same day
  CHECK(pending[5].seq == 1);  // next day

  const auto due = s.take_due(d1, Phase::calendar);
  REQUIRE(due.size() == 4);
  CHECK(due[0].seq == 5);
  CHECK(due[3].seq == 3);
  CHECK(s.size() == 2);
  // An item left from an earlier date or phase is taken by the next phase that asks, first.
  const auto later = s.take_due(d2, Phase::calendar);
  REQUIRE(later.size() == 2);
  CHECK(later[0].seq == 2);
  CHECK(later[1].seq == 1);
}

TEST_CASE("scheduler restores from its pending items exactly") {
  Scheduler s;
  for (int k = 0; k < 50; ++k) {
    s.add(item(Date::from_days(20000 + (k * 7) % 13), static_cast<Phase>(k % 3), k % 4, k % 5));
  }
  const Scheduler copy = Scheduler::restore(s.pending(), s.next_seq());
  CHECK(copy == s);
}
