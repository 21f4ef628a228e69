#include "sim/contracts/contract_spec.hpp"

#include <array>

#include "sim/contracts/contract_kind.hpp"

namespace alchemy {

namespace {
#define ALCHEMY_KIND_DEFAULT(name, Terms) KindTerms{Terms{}},
const std::array<KindTerms, kContractTypeCount> kDefaults{
    ALCHEMY_CONTRACT_KINDS(ALCHEMY_KIND_DEFAULT)};
#undef ALCHEMY_KIND_DEFAULT
}  // namespace

std::string_view to_string(ContractType t) {
  return static_cast<std::size_t>(t) < kContractTypeCount ? kind_of(t).name : "?";
}

std::optional<ContractType> contract_type_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kContractTypeCount; ++i) {
    const auto t = static_cast<ContractType>(i);
    if (kind_of(t).name == s) return t;
  }
  return std::nullopt;
}

KindTerms default_terms(ContractType t) {
  return kDefaults[static_cast<std::size_t>(t)];
}

}  // namespace alchemy
