#pragma once
// Default parameters per kind of firm. The loader starts every firm from its kind's defaults and
// applies the scenario's keys on top, so a scenario states only what differs.

#include "agents/firm_spec.hpp"

namespace alchemy {

// A FirmSpec with every parameter at the kind's default (id, name, balance sheet left empty).
FirmSpec kind_defaults(FirmKind kind);

}  // namespace alchemy
