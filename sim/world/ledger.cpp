#include "sim/world/ledger.hpp"

#include <algorithm>
#include <stdexcept>

namespace alchemy {

const char* to_string(Channel c) {
  switch (c) {
    case Channel::customers:
      return "customers";
    case Channel::suppliers:
      return "suppliers";
    case Channel::power:
      return "power";
    case Channel::outside_lenders:
      return "outside_lenders";
    case Channel::interest:
      return "interest";
    case Channel::outside_investors:
      return "outside_investors";
    case Channel::count_:
      break;
  }
  return "?";
}

void negative_transfer() {
  throw std::logic_error("ledger: negative transfer");
}

void note_line_flow(World& w, std::int32_t firm, std::int32_t other, Money amount) {
  Reference& r = w.references[static_cast<std::size_t>(firm)];
  if (!r.open || !(w.date < r.end) || amount.is_zero()) return;
  add_line(r.realised, line_key(w.line, firm, other), amount);
}

void add_claim(World& w, const Claim& claim) {
  if (!claim.amount.is_positive()) return;
  w.firms[static_cast<std::size_t>(claim.debtor)].payables += claim.amount;
  if (claim.creditor >= 0)
    w.firms[static_cast<std::size_t>(claim.creditor)].receivables += claim.amount;
  w.claims.push_back(claim);
}

Money pay_claim(World& w, std::size_t index) {
  Claim& c = w.claims[index];
  FirmState& debtor = w.firms[static_cast<std::size_t>(c.debtor)];
  const Money paid = min(c.amount, max(debtor.cash, Money::zero()));
  if (!paid.is_positive()) return Money::zero();
  if (c.creditor >= 0) {
    transfer(w, c.debtor, c.creditor, paid);
    w.firms[static_cast<std::size_t>(c.creditor)].receivables -= paid;
  } else {
    pay_to_outside(w, c.debtor, paid, c.channel);
  }
  debtor.payables -= paid;
  c.amount -= paid;
  return paid;
}

void compact_claims(World& w) {
  std::erase_if(w.claims, [](const Claim& c) { return c.amount.is_zero(); });
}

}  // namespace alchemy
