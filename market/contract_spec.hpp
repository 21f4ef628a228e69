#pragma once
// Contracts between firms, as the scenario states them. Plain data; the engine turns each into
// dated cash flows through the scheduler. Parties are firm indices (resolved from ids by the loader).
//
// Direction convention used everywhere: `from` is the party that pays cash under the contract
// (buyer, investor, lender, lessee, warrant issuer grants shares to `to`), `to` receives it.

#include <cstdint>
#include <string>
#include <string_view>
#include <optional>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"

namespace alchemy {

enum class ContractType { supply, equity_investment, warrant, lease, loan };
std::string_view to_string(ContractType t);
std::optional<ContractType> contract_type_from_string(std::string_view s);

// What a supply contract delivers: GPUs become the buyer's fleet (capital expenditure, adds GW);
// services are an operating cost of the buyer and add capacity only while paid for.
enum class Delivery { gpus, services };

// A milestone gates a tranche: a date, the beneficiary's deployed GW, or the issuer's share price.
struct Milestone {
  std::optional<Date> not_before;       // tranche cannot vest or be drawn before this date
  double min_gw_deployed = 0.0;         // counterparty's deployed capacity (GW) must reach this
  double min_issuer_price = 0.0;        // issuer's share price (USD) must reach this (barrier)
};

struct ContractSpec {
  std::string id;
  ContractType type = ContractType::supply;
  std::size_t from = 0;  // firm index: pays cash (buyer, investor, lender, lessee); warrant issuer
  std::size_t to = 0;    // firm index: receives cash (seller, investee, borrower, lessor); holder
  Date signed_on;        // announcement date: the deal enters the network and prices jump
  Date start;            // first delivery / drawing / payment
  Date end;              // last delivery / maturity
  Money amount;          // total value: supply value, investment, loan principal, lease total
  std::string note;      // free text carried into events (e.g. "facts: NVIDIA-OpenAI 100 B")

  // supply
  Delivery delivery = Delivery::gpus;
  double cancel_penalty = 0.10;   // share of the undelivered value paid by a buyer who cancels
  int payment_days = 30;          // days between delivery and payment (receivable / payable)

  // equity_investment and warrant: tranches, each gated by a milestone
  int tranches = 1;
  std::vector<Milestone> milestones;  // empty or one per tranche

  // warrant
  double warrant_shares = 0.0;    // total shares of the issuer (`from`) granted to the holder
  double strike = 0.01;           // USD per share

  // lease (take-or-pay capacity): `from` = lessee pays `to` = lessor monthly
  double gw = 0.0;                // capacity leased or, for supply of GPUs, capacity delivered

  // loan: `from` = lender, `to` = borrower
  double rate = 0.08;             // annual coupon, ACT/365F
  bool amortising = false;        // linear amortisation monthly, else bullet at `end`
  bool gpu_collateral = false;    // secured on the borrower's GPU fleet
  double max_ltv = 0.8;           // loan-to-value limit on the collateral's market value
  int cure_days = 30;             // days to cure a margin call before seizure
};

}  // namespace alchemy
