#include "sim/ledger.hpp"

#include <algorithm>
#include <stdexcept>

namespace alchemy {

const char* to_string(Channel c) {
  switch (c) {
    case Channel::customers: return "customers";
    case Channel::suppliers: return "suppliers";
    case Channel::power: return "power";
    case Channel::outside_lenders: return "outside_lenders";
    case Channel::interest: return "interest";
    case Channel::outside_investors: return "outside_investors";
    case Channel::count_: break;
  }
  return "?";
}

namespace {
void check_amount(Money amount) {
  if (amount.is_negative()) throw std::logic_error("ledger: negative transfer");
}
}  // namespace

void transfer(World& w, std::int32_t from, std::int32_t to, Money amount) {
  check_amount(amount);
  w.firms[static_cast<std::size_t>(from)].cash -= amount;
  w.firms[static_cast<std::size_t>(to)].cash += amount;
}

void receive_from_outside(World& w, std::int32_t firm, Money amount, Channel channel) {
  check_amount(amount);
  w.rest_of_world[static_cast<std::size_t>(channel)] -= amount;
  w.firms[static_cast<std::size_t>(firm)].cash += amount;
}

void pay_to_outside(World& w, std::int32_t firm, Money amount, Channel channel) {
  check_amount(amount);
  w.firms[static_cast<std::size_t>(firm)].cash -= amount;
  w.rest_of_world[static_cast<std::size_t>(channel)] += amount;
}

void add_claim(World& w, const Claim& claim) {
  if (!claim.amount.is_positive()) return;
  w.firms[static_cast<std::size_t>(claim.debtor)].payables += claim.amount;
  if (claim.creditor >= 0) w.firms[static_cast<std::size_t>(claim.creditor)].receivables += claim.amount;
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

Money pay_or_owe(World& w, std::int32_t debtor, std::int32_t creditor, Money amount, Channel channel,
                 std::int32_t contract) {
  FirmState& d = w.firms[static_cast<std::size_t>(debtor)];
  const Money paid = min(amount, max(d.cash, Money::zero()));
  if (paid.is_positive()) {
    if (creditor >= 0) {
      transfer(w, debtor, creditor, paid);
    } else {
      pay_to_outside(w, debtor, paid, channel);
    }
  }
  const Money shortfall = amount - paid;
  if (shortfall.is_positive()) {
    add_claim(w, Claim{debtor, creditor, contract, shortfall, w.date, channel});
  }
  return shortfall;
}

}  // namespace alchemy
