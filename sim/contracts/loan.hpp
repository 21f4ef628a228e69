#pragma once
// loan: `from` (lender) lends `amount` to `to` (borrower) on start, at `rate`, repaid linearly each
// month or at end; the drawn loan is a debt of the borrower (a DebtState naming the contract), so
// repayments, margin calls (sim/engine/collateral.hpp) and clearing treat it as any debt.

#include <cstdint>
#include <string>

#include "market/money.hpp"

namespace alchemy {

struct ContractKind;
struct TickContext;

struct LoanTerms {
  double rate = 0.08;           // annual coupon, ACT/365F
  bool amortising = false;      // linear amortisation monthly, else bullet at `end`
  bool gpu_collateral = false;  // secured on the borrower's GPU fleet
  double max_ltv = 0.8;         // loan-to-value limit on the collateral's market value
  int cure_days = 30;           // days to cure a margin call before seizure
  // A GPU supply contract (the borrower buying) this loan pays for: the loan is drawn as the GPUs
  // are delivered, amount × each delivery / the supply's amount, and each draw is secured by the
  // GPUs it paid for. Empty: drawn in full on `start`, secured on the whole fleet.
  std::string finances;
  std::int32_t financed = -1;  // index of that contract (set by the loader)
};

template <class Keys>
void declare_keys(Keys& k, LoanTerms*) {
  k.fraction("rate", &LoanTerms::rate, "annual coupon (ACT/365F)", Keys::Range::between(0, 1));
  k.flag("amortising", &LoanTerms::amortising, "repaid linearly each month, else at end");
  k.flag("gpu_collateral", &LoanTerms::gpu_collateral, "secured on the borrower's GPU fleet");
  k.fraction("max_ltv", &LoanTerms::max_ltv, "loan-to-value limit on the collateral's market value",
             typename Keys::Range{0, 1e6, true});
  k.days("cure_days", &LoanTerms::cure_days,
         "days to cure a margin call before the collateral is seized");
  k.identifier("finances", &LoanTerms::finances,
               "id of the GPU supply contract (the borrower buying) this loan pays for: drawn as "
               "the GPUs are delivered, each draw secured by the GPUs it paid for");
}

// Draws every loan that finances supply contract `supply`, for a delivery of `value` that
// added `gw` to the buyer's fleet (called by the supply's delivery).
void draw_financing(TickContext& ctx, std::int32_t supply, Money value, double gw);

extern const ContractKind loan_kind;

}  // namespace alchemy
