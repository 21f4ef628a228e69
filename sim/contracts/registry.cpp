#include <array>

#include "sim/contracts/contract_kind.hpp"

namespace alchemy {

namespace {
#define ALCHEMY_KIND_ENTRY(name, Terms) &name##_kind,
constexpr std::array<const ContractKind*, kContractTypeCount> kKinds{
    ALCHEMY_CONTRACT_KINDS(ALCHEMY_KIND_ENTRY)};
#undef ALCHEMY_KIND_ENTRY
}  // namespace

const ContractKind& kind_of(ContractType t) {
  return *kKinds[static_cast<std::size_t>(t)];
}

}  // namespace alchemy
