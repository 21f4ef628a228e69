#pragma once
// What a firm's purchase commitments cost its value (issue 17 item 3, MODEL.md §7.21): the
// committed capacity its demand will leave idle, at what that capacity costs.
//
// A firm whose revenue its compute caps is valued at m × min(D·e^g, ρ·G) (agents/valuation.hpp):
// the revenue multiple prices its growth, and with it the compute that growth needs, as the
// rounds that calibrate it did. What the multiple cannot see is compute bought ahead of demand:
// the "blank cheques" of the facts file's first risk, capacity paid for that no customer uses.
// Month by month over the commitments' lives, with G_0 the capacity in place, C_k the committed
// capacity delivered and still in its useful life by month k and D_k the demand the firm's growth
// path leads to (no noise), the committed capacity left idle is
//     I_k = max(0, G_0 + C_k − max(G_0, D_k / ρ))
// (capacity in place is used first), and the commitments cost the firm's value
//     stranded = Σ_k β_k · I_k · c_k / 12,   β_k = (1 + ρ_d)^{−τ_k}
// with c_k the average annual cost of a committed GW active in month k: a lease's payments per GW
// over its term, a GPU's price per GW over its useful life (the firm's depreciation_years, the
// straight line its books use). The commitment value is −stranded: never positive, 0 when demand
// grows into everything the firm has bought.

#include <span>
#include <vector>

#include "agents/firm_spec.hpp"

namespace alchemy {

// One purchase commitment as the buyer sees it: what it still owes, paid evenly over
// [from, to] (years from today; from == to: all at once), and the capacity it brings.
struct CommitmentFlow {
  double from = 0.0;
  double to = 0.0;
  double value = 0.0;          // USD still to pay
  double gw_per_dollar = 0.0;  // GPUs: GW delivered with each dollar paid
  double gw_at_start = 0.0;    // a lease not yet started: GW available over [from, to]
};

// The firm's side: today's demand and growth, the growth path ahead (years from today at which
// each later step takes over, with its rate), capacity in place, and the discount rate.
struct CommitmentOutlook {
  double demand = 0.0;          // annual run-rate of external demand (USD/year)
  double growth = 0.0;          // today's annual growth (continuously compounded)
  std::vector<double> step_at;  // years from today, increasing
  std::vector<double> step_growth;
  double gw_now = 0.0;               // G_0: capacity in place (owned + leased)
  double revenue_per_gw_year = 0.0;  // ρ; 0: revenue is not capped by compute (no value here)
  double gpu_life_years = 5.0;       // useful life of a delivered GPU
  double discount_rate = 0.08;       // ρ_d: the firm's borrowing rate (the payments are debt-like)
};

struct CommitmentValue {
  double stranded = 0.0;  // Σ β_k I_k c_k / 12
  double payments = 0.0;  // Σ β_k paid_k: what the commitments given still cost, discounted
  double net() const { return -stranded; }
};

// Monthly from today to the last payment, or for GPUs to the end of their useful life.
CommitmentValue value_commitments(const CommitmentOutlook& firm,
                                  std::span<const CommitmentFlow> commitments);

}  // namespace alchemy
