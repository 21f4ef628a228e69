#include "market/scheduler.hpp"

#include <algorithm>
#include <tuple>

namespace alchemy {

const char* to_string(Phase p) {
  switch (p) {
    case Phase::calendar:
      return "calendar";
    case Phase::operations:
      return "operations";
    case Phase::settlement:
      return "settlement";
    case Phase::decisions:
      return "decisions";
    case Phase::market:
      return "market";
    case Phase::contagion:
      return "contagion";
    case Phase::record:
      return "record";
  }
  return "?";
}

bool comes_before(const ScheduledItem& a, const ScheduledItem& b) {
  return std::tie(a.date, a.phase, a.firm, a.contract, a.seq) <
         std::tie(b.date, b.phase, b.firm, b.contract, b.seq);
}

namespace {
// std::*_heap build a max-heap; invert the order to get the earliest item on top.
bool heap_order(const ScheduledItem& a, const ScheduledItem& b) {
  return comes_before(b, a);
}
}  // namespace

void Scheduler::add(ScheduledItem item) {
  item.seq = next_seq_++;
  heap_.push_back(item);
  std::push_heap(heap_.begin(), heap_.end(), heap_order);
}

std::vector<ScheduledItem> Scheduler::take_due(Date date, Phase phase) {
  // Items of earlier phases on the same date that are still here were added after their phase
  // ran; they run in the next phase that takes items (they are never skipped).
  std::vector<ScheduledItem> due;
  while (!heap_.empty()) {
    const ScheduledItem& top = heap_.front();
    if (top.date > date || (top.date == date && top.phase > phase)) break;
    std::pop_heap(heap_.begin(), heap_.end(), heap_order);
    due.push_back(heap_.back());
    heap_.pop_back();
  }
  return due;
}

std::vector<ScheduledItem> Scheduler::pending() const {
  std::vector<ScheduledItem> items = heap_;
  std::sort(items.begin(), items.end(), comes_before);
  return items;
}

Scheduler Scheduler::restore(std::vector<ScheduledItem> items, std::uint64_t next_seq) {
  Scheduler s;
  s.heap_ = std::move(items);
  std::make_heap(s.heap_.begin(), s.heap_.end(), heap_order);
  s.next_seq_ = next_seq;
  return s;
}

}  // namespace alchemy
