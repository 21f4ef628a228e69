#pragma once
// Contracts between firms, as the scenario states them. Plain data; the engine turns each into
// dated cash flows through the scheduler. Parties are firm indices (resolved from ids by the
// loader).
//
// Direction convention used everywhere: `from` is the party that pays cash under the contract
// (buyer, investor, lender, lessee, warrant issuer grants shares to `to`), `to` receives it.
//
// What is particular to a kind (its terms, keys and behaviour) lives in the kind's own file; the
// kinds are listed once, in sim/contracts/registry.hpp, and both ContractType and the terms
// variant are generated from that list.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "market/date.hpp"
#include "market/money.hpp"
#include "sim/contracts/registry.hpp"

namespace alchemy {

#define ALCHEMY_KIND_ENUM(name, Terms) name,
enum class ContractType : std::uint8_t { ALCHEMY_CONTRACT_KINDS(ALCHEMY_KIND_ENUM) };
#undef ALCHEMY_KIND_ENUM

#define ALCHEMY_KIND_TERMS(name, Terms) Terms,
// One alternative per kind, in ContractType order (index == ContractType value). The trailing
// monostate only absorbs the list's last comma; no contract holds it.
using KindTerms = std::variant<ALCHEMY_CONTRACT_KINDS(ALCHEMY_KIND_TERMS) std::monostate>;
#undef ALCHEMY_KIND_TERMS

#define ALCHEMY_KIND_COUNT(name, Terms) +1
inline constexpr std::size_t kContractTypeCount = 0 ALCHEMY_CONTRACT_KINDS(ALCHEMY_KIND_COUNT);
#undef ALCHEMY_KIND_COUNT

std::string_view to_string(ContractType t);
std::optional<ContractType> contract_type_from_string(std::string_view s);

// The default terms of kind `t` (what a contract of that kind has when no key is given).
KindTerms default_terms(ContractType t);

struct ContractSpec {
  std::string id;
  // The kind and its terms: the alternative's index is the ContractType (default: supply).
  KindTerms terms;
  std::size_t from = 0;  // firm index: pays cash (buyer, investor, lender, lessee); warrant issuer
  std::size_t to = 0;    // firm index: receives cash (seller, investee, borrower, lessor); holder
  Date signed_on;        // announcement date: the deal enters the network and prices jump
  Date start;            // first delivery / drawing / payment
  Date end;              // last delivery / maturity
  Money amount;          // total value: supply value, investment, loan principal, lease total
  std::string note;      // free text carried into events (e.g. "facts: NVIDIA-OpenAI 100 B")
  // Why a load-time consistency check (a milestone that cannot be met in the contract's life, a
  // loan over its margin limit when drawn, a GW milestone counting other suppliers' capacity)
  // deliberately does not apply; empty: every check applies.
  std::string deliberate;

  ContractType type() const { return static_cast<ContractType>(terms.index()); }
  void set_type(ContractType t) { terms = default_terms(t); }
  // The terms of the contract's kind; T must be that kind's terms (else std::bad_variant_access).
  template <class T>
  const T& as() const {
    return std::get<T>(terms);
  }
  template <class T>
  T& as() {
    return std::get<T>(terms);
  }
};

}  // namespace alchemy
