#include "market/contract_spec.hpp"

#include <array>
#include <utility>

namespace alchemy {

namespace {
constexpr std::array<std::pair<ContractType, std::string_view>, 5> kTypeNames{{
    {ContractType::supply, "supply"},
    {ContractType::equity_investment, "equity_investment"},
    {ContractType::warrant, "warrant"},
    {ContractType::lease, "lease"},
    {ContractType::loan, "loan"},
}};
}  // namespace

std::string_view to_string(ContractType t) {
  for (const auto& [type, name] : kTypeNames) {
    if (type == t) return name;
  }
  return "?";
}

std::optional<ContractType> contract_type_from_string(std::string_view s) {
  for (const auto& [type, name] : kTypeNames) {
    if (name == s) return type;
  }
  return std::nullopt;
}

}  // namespace alchemy
