#pragma once
// The two readers behind read_network_file (network_file.hpp): each fills the network and the
// equity each firm states (nullopt: derive it from the balance sheet). Throw ConfigError.

#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/network_file.hpp"

namespace alchemy {

NetworkFile read_network_yaml(const std::string& path,
                              std::vector<std::optional<double>>& given_equity);

NetworkFile read_network_csv(const std::string& path, const std::string& firms_csv,
                             std::vector<std::optional<double>>& given_equity);

}  // namespace alchemy
