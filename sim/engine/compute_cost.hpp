#pragma once
// The cost of new compute along `market.compute_cost` (MODEL.md §7.24): a piecewise-constant path
// of the all-in cost of one GW. Prices in GW move with it relative to a reference date: a supply
// contract invoiced on the path pays its signed dollars × cost(delivery) / cost(signing), and a
// firm's hardware_per_gw (its cost at the run's start) is scaled by cost(today) / cost(start).

#include <cstdint>

#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

struct MarketSpec;
struct ContractSpec;
struct TickContext;

// cost(to) / cost(from) on the path; 1 without a path. Before the path's first step the first
// level applies (the loader requires the first step on or before the run's start).
double compute_cost_factor(const MarketSpec& m, Date from, Date to);

// A firm's cost of one GW of GPUs on `date`: its hardware_per_gw, on the path from the run's start.
Money hardware_cost_per_gw(const TickContext& ctx, std::int32_t firm, Date date);

// What a delivery of supply contract `cs` worth `signed_value` at signing is invoiced on `date`:
// the signed value, or with `invoice: path` that value × compute_cost_factor(signed, date).
Money invoiced_value(const MarketSpec& m, const ContractSpec& cs, Money signed_value, Date date);

}  // namespace alchemy
