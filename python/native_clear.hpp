#pragma once
// alchemy.clear: `alchemy clear FILE` on a liability network (market/clearing.hpp's greatest
// clearing vector, Eisenberg–Noe or Rogers–Veraart), its per-firm table as columns.

#include <string>

#include <pybind11/pybind11.h>

namespace alchemy::python {

// {"firms": {column: [...]} as `alchemy clear FILE --format csv` has them (network_share too),
//  "algorithm", "rounds", "converged", "defaults", "total_paid", "total_to_outside"}.
// ConfigError for a bad file; ValueError for alpha or beta outside [0, 1], an unknown
// seniority, or a cross-holdings network (which `alchemy clear` values instead).
pybind11::dict clear_network(const std::string& file, double alpha, double beta,
                             const std::string& seniority);

}  // namespace alchemy::python
