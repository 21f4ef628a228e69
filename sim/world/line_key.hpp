#pragma once
// Cash-flow lines (issue 18 item 3, MODEL.md §7.23): what a firm's cash moves are about, so that
// a default's shortfall can be split by line against the firm's last projection that showed no
// gap (its reference). A line is a contract seen from one party, the firm's operations, the cost
// of its contract-less debt with one lender, margin, funding, or nothing known (`other`).
//
// The engine tags every site that moves cash with a LineTag (a LineScope, ledger.hpp); the ledger
// turns the tag into each party's LineKey and adds the amount to that party's realised lines
// while its reference is open. The projection uses the same keys (projection_lines.hpp), so
// expected and realised lines meet on one key.

#include <cstdint>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

enum class LineKind : std::uint8_t {
  contract,      // a contract's flows and its open claims; counterparty: its other party
  operations,    // revenue from outside customers, operating costs, power
  funding_cost,  // interest and principal of contract-less debt; counterparty: the other party
  funding,       // raises, stake and asset sales, credit-line draws: realised only
  margin,        // margin paid or received, collateral seized and sold
  other,         // a movement at a site that set no tag (0 in the engine; a test checks it)
};
// snake_case name, a string literal ("contract", "funding_cost", …).
const char* to_string(LineKind k);

struct LineKey {
  LineKind kind = LineKind::other;
  std::int32_t contract = -1;      // for kind contract, else −1
  std::int32_t counterparty = -1;  // the other party, −1: outside or not applicable
  friend bool operator==(const LineKey&, const LineKey&) = default;
  friend auto operator<=>(const LineKey&, const LineKey&) = default;
};

struct LineTotal {
  LineKey key;
  Money amount;  // net cash into the firm on this line (negative: out)
  friend bool operator==(const LineTotal&, const LineTotal&) = default;
};

// Adds `amount` to `key`'s total in `lines` (appended when new): a linear search, as a firm has
// tens of lines at most.
void add_line(std::vector<LineTotal>& lines, const LineKey& key, Money amount);

// What the site moving cash is about, before it is seen from a party: for a contract its two
// parties, so that each party's key names the other.
struct LineTag {
  LineKind kind = LineKind::other;
  std::int32_t contract = -1;
  std::int32_t from = -1, to = -1;  // the contract's parties (kind contract only)
  friend bool operator==(const LineTag&, const LineTag&) = default;
};

// The key `firm` books a movement under, `other` being the movement's other party (−1: the
// outside): a contract's counterparty is its other party, contract-less debt's the other party of
// the movement; operations, funding, margin and `other` have none.
inline LineKey line_key(const LineTag& tag, std::int32_t firm, std::int32_t other) {
  switch (tag.kind) {
    case LineKind::contract:
      return {tag.kind, tag.contract, firm == tag.from ? tag.to : tag.from};
    case LineKind::funding_cost:
      return {tag.kind, -1, other};
    default:
      return {tag.kind, -1, -1};
  }
}

// A firm's reference (MODEL.md §7.23): its latest projection whose lowest month-end cash held
// its floor, the lines it expected on [made, end), and what each line has realised since.
struct Reference {
  bool open = false;  // a reference exists and the firm has not defaulted
  Date made, end;     // the projection's first day and the end of its last month (T⁰)
  Money cash;         // cash when it was made (C⁰ at t₀)
  std::vector<LineTotal> expected;  // by line: net over [made, end)
  std::vector<LineTotal> realised;  // by line: net cash moved since, while today < end
  friend bool operator==(const Reference&, const Reference&) = default;
};

}  // namespace alchemy
