#pragma once
// Demand against compute: how much of a firm's external demand its deployed capacity serves and
// how much it turns away. One definition for the operations phase (revenue), the rule
// observables and the series rows, so the three cannot disagree on when compute binds.

#include "agents/firm_spec.hpp"
#include "agents/firm_state.hpp"

namespace alchemy {

// The annual revenue deployed compute can serve: revenue_per_gw_year × (owned + leased GW).
// Meaningful only when the firm has a revenue_per_gw_year (has_capacity_limit).
double revenue_capacity(const FirmSpec& spec, const FirmState& f);
bool has_capacity_limit(const FirmSpec& spec);

// The annual rate of revenue the firm serves: its demand, capped by the capacity when it has one.
double served_demand(const FirmSpec& spec, const FirmState& f);

// Demand the deployed compute cannot serve (USD/year): max(0, demand − capacity); 0 for a firm
// whose revenue needs no compute, and for a defaulted firm (it no longer operates).
double unmet_demand(const FirmSpec& spec, const FirmState& f);

}  // namespace alchemy
