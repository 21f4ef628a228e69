#pragma once
// The contract kinds: one line each. A kind is its file pair sim/contracts/<kind>.{hpp,cpp}: the
// header holds its terms (the keys only it has) and declares its keys; the source defines
// `<kind>_kind`, the ContractKind that says what the kind does (contract_kind.hpp). ContractType,
// the terms variant of ContractSpec and the registry table (registry.cpp) are generated from
// ALCHEMY_CONTRACT_KINDS, so the list is written once. Order = ContractType values (saved
// nowhere, but it is the order of the scenario reference's type names and of the kind keys).
// Adding a kind: see sim/contracts/README.md.

#include "sim/contracts/contingent_funding.hpp"
#include "sim/contracts/credit_line.hpp"
#include "sim/contracts/equity_investment.hpp"
#include "sim/contracts/lease.hpp"
#include "sim/contracts/loan.hpp"
#include "sim/contracts/supply.hpp"
#include "sim/contracts/warrant.hpp"

// X(name, terms struct)
#define ALCHEMY_CONTRACT_KINDS(X)               \
  X(supply, SupplyTerms)                        \
  X(equity_investment, EquityTerms)             \
  X(warrant, WarrantTerms)                      \
  X(lease, LeaseTerms)                          \
  X(loan, LoanTerms)                            \
  X(contingent_funding, ContingentFundingTerms) \
  X(credit_line, CreditLineTerms)
