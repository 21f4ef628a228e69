#include "agents/capacity.hpp"

#include <algorithm>

namespace alchemy {

double revenue_capacity(const FirmSpec& spec, const FirmState& f) {
  return spec.compute.revenue_per_gw_year.dollars() * f.gw();
}

bool has_capacity_limit(const FirmSpec& spec) {
  return spec.compute.revenue_per_gw_year.is_positive();
}

double served_demand(const FirmSpec& spec, const FirmState& f) {
  return has_capacity_limit(spec) ? std::min(f.demand, revenue_capacity(spec, f)) : f.demand;
}

double unmet_demand(const FirmSpec& spec, const FirmState& f) {
  // A defaulted firm serves no one: its demand is frozen at default, not turned away by compute.
  if (f.defaulted || !has_capacity_limit(spec)) return 0.0;
  return std::max(0.0, f.demand - revenue_capacity(spec, f));
}

}  // namespace alchemy
