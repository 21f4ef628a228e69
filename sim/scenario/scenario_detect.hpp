#pragma once
// Whether a file given to `alchemy debtrank` is a scenario or a liability-network file. The rule
// (documented in the command's help and README): a YAML file whose top level has a scenario key
// other than `firms` — `base`, `name`, `start`, `contracts`, `network`, … (scenario_schema()) — is
// a scenario; anything else (a CSV edge list, a YAML file with only `firms`, `liabilities` or
// `matrix`, a file that does not parse) is a network file, whose reader then reports any error.
// A network file accepts no other top-level key (sim/analysis/network_file.hpp), so the two never overlap.

#include <string>

namespace alchemy {

bool is_scenario_file(const std::string& path);

}  // namespace alchemy
