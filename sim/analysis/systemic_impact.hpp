#pragma once
// Systemic impact of each firm of a simulated world: how much of the network's equity is lost
// when that firm alone is fully distressed, in both DebtRank variants — original (Battiston et
// al. 2012: distress passes each link once) and linear (Bardoscia et al. 2015: increments keep
// flowing) — over the exposure network of sim/analysis/exposure_network.hpp. It answers "which
// firm's distress costs the network most"; reported only, nothing is written down.
//
// R_k = Σ_{i≠k} v_i (h_i^{(k)}(T) − h_i^{(∅)}(T)), where h^{(k)} propagates the shock h_k(1) = 1
// and h^{(∅)} propagates no shock at all. The second term matters only when some live firm has no
// equity buffer (book equity ≤ 0 but not defaulted): debtrank.hpp puts such a firm at h = 1 from
// the start of every propagation, so without it every firm would be charged the losses those
// firms cause on their own. That background loss, R_∅ = Σ_i v_i h_i^{(∅)}(T), is reported apart.
// With no such firm, h^{(∅)} = 0 and R_k is Battiston et al.'s DebtRank of the single-firm shock
// (market/debtrank.hpp's systemic_impact). A firm nobody is exposed to, a defaulted firm and a
// firm with no buffer have R_k = 0 exactly (their shock changes nothing). In the original variant
// the once-only rule makes h(T) not monotone in the shock, so R_k can in principle be slightly
// negative when there is a background; the linear variant is monotone.

#include <vector>

#include "market/debtrank.hpp"
#include "sim/analysis/exposure_network.hpp"

namespace alchemy {

struct FirmImpact {
  FirmIndex firm = 0;
  double original = 0.0;  // R_k, original DebtRank
  double linear = 0.0;    // R_k, linear DebtRank
};

struct SystemicImpact {
  // Every firm, by decreasing impact in the variant asked for (ties: the other variant, then firm
  // order).
  std::vector<FirmImpact> ranking;
  // R_∅ in each variant: the loss firms with no buffer cause on their own (0 when there are none).
  double background_original = 0.0;
  double background_linear = 0.0;
  std::vector<FirmIndex> no_buffer;  // live firms with book equity ≤ 0, in firm order
};

SystemicImpact systemic_impact(const ExposureNetwork& net, DebtRankVariant rank_by);

}  // namespace alchemy
