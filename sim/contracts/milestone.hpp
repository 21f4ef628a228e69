#pragma once
// A milestone gates a tranche of an equity investment or a warrant: a date, the beneficiary's
// deployed GW, or the issuer's share price.

#include <optional>

#include "market/date.hpp"

namespace alchemy {

struct Milestone {
  std::optional<Date> not_before;  // tranche cannot vest or be drawn before this date
  double min_gw_deployed = 0.0;    // counterparty's deployed capacity (GW) must reach this
  double min_issuer_price = 0.0;   // issuer's share price (USD) must reach this (barrier)
};

}  // namespace alchemy
