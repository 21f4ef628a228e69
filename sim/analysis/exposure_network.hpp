#pragma once
// The interfirm exposures of a simulated world, as DebtRank reads them (market/debtrank.hpp):
// A_ij = what firm i stands to lose if firm j fails, E_i = i's equity buffer, v_i = i's economic
// weight. DebtRank is an impact measure (Battiston et al. 2012; Bardoscia et al. 2015), reported
// by `alchemy debtrank SCENARIO.yaml` and at the end of `alchemy run`; nothing here changes the
// world (the engine's losses come from marks and clearing, MODEL.md §7.15–7.16).
//
// The mapping, per firm pair (i = the holder of the asset, j = the firm whose failure wipes it):
//   - network loans: every debt tranche of borrower j with `lender` = i ≥ 0, at its outstanding
//     principal (DebtState::principal) — the lender's claim on the borrower;
//   - trade claims: every open claim of `world.claims` with creditor i ≥ 0 on debtor j, at its
//     amount (supply payables, overdue interest and lease payments, termination penalties);
//   - equity stakes: i's stake in issuer j at its booked value (StakeState::booked, the last
//     mark) — in DebtRank's terms a relative loss h_j of the issuer's equity is, to first order,
//     the same relative loss of the stake (Battiston et al. 2012 treat equity holdings like loans);
//   - warrants: i's booked warrant value (FirmState::warrants_booked, one total per holder),
//     attributed to the issuer of each warrant contract i holds in proportion to that contract's
//     current unvested value (unvested_warrant_value, sim/contracts/contract_settlement.hpp) — the
//     shares add up to the booked total; when every current value is zero the total is split evenly
//     over i's open warrant contracts.
// Amounts are USD as doubles (the DebtRank solver's unit); only positive amounts are kept and the
// same (i, j) pair may appear once per kind — leverage_matrix sums them.
//
// E_i is book equity, FirmState::book_equity() (assets − liabilities, with stakes and warrants at
// their booked values, so A_ij ≤ assets of i), floored at 0: debtrank.hpp treats E_i ≤ 0 as no
// buffer (h_i = 1 from the start, a firm already in default), and the floor makes the weights
// agree. A firm that has defaulted in the run has E_i = 0 and no exposures either way: its losses
// have been realised by clearing and its claims sold (§7.15), so it neither loses nor passes on
// anything more. The weights are v_i = E_i / Σ_k E_k (equity_weights, as `alchemy debtrank` uses
// on a network file).

#include <cstdint>
#include <string>
#include <vector>

#include "market/debtrank.hpp"
#include "market/liability_graph.hpp"

namespace alchemy {

struct ScenarioSpec;
struct World;

enum class ExposureKind : std::uint8_t { loan, trade_claim, stake, warrant };
const char* to_string(ExposureKind k);

// One asset of `holder` whose value is lost if `on` fails.
struct Exposure {
  FirmIndex holder = 0;  // i
  FirmIndex on = 0;      // j
  ExposureKind kind = ExposureKind::loan;
  double amount = 0.0;  // USD, > 0
};

struct ExposureNetwork {
  std::vector<std::string> firm_ids;  // world order (the scenario's firm order)
  std::vector<Exposure> exposures;    // by kind (loans, claims, stakes, warrants), then world order
  std::vector<double> equity;         // E_i, USD, ≥ 0 (0 for defaulted or insolvent firms)
  std::vector<std::uint8_t> defaulted;
  std::vector<double> weights;  // v_i = E_i / Σ E, summing to 1

  std::size_t firm_count() const { return firm_ids.size(); }
  // A_ij summed over kinds.
  double exposure(FirmIndex i, FirmIndex j) const;
  // Σ_j A_ij per firm i: what each firm stands to lose if all its counterparties fail.
  std::vector<double> exposure_of_each() const;
  // Σ_i A_ij per firm j: what the other firms stand to lose if j fails.
  std::vector<double> exposure_to_each() const;
  // The exposures as DebtRank's liabilities: `debtor` = j, `creditor` = i, `amount` = A_ij.
  std::vector<Liability> liabilities() const;
  // Λ_ij = A_ij / E_i (market/debtrank.hpp).
  LeverageMatrix leverage() const;
};

// The exposures of `world`, a state of a run of `spec` (with its generated network expanded, as
// the engine and simulate_to have it). Reads the world only.
ExposureNetwork exposure_network(const ScenarioSpec& spec, const World& world);

}  // namespace alchemy
