#pragma once
// What each partner of a firm stands to lose in market value if that firm defaults (issue 18,
// "partners move the way their exposure says"; MODEL.md §7.15, "Partners' exposure to a default").
// Read from the world the day before the default, from the engine's own valuation parts (the
// channels of market_channels.hpp, the commitment values of §7.21, the treasury-stock dilution
// of §7.9): each part is the value of a link to the defaulter d *as if d were sure to survive*
// less what the link is worth once d has defaulted. The market had priced d's survival at
// 1 − PD_d, so the value the default itself takes away is about exposure × (1 − PD_d).
//
// Per partner p (USD, positive = p loses when d defaults):
//   backlog       supplies and leases p sells to d: the supply/lease channel at PD_d = 0
//                 (m_p × backlog revenue-years), less the expected recovery of the rejection claim
//                 the estate owes p (cancel_penalty × remaining × (1 − LGD))
//   stake         p's shares of d at d's going-concern price (going-concern value / diluted shares)
//   warrant       p's unvested warrants on d, valued at that price
//   funding       undrawn, unblocked funding d committed to p (the funding channel)
//   loans         principal p lent to d × LGD (market.funding.loss_given_default)
//   receivables   open claims of p on d × LGD
//   commitments   the change of p's commitment value (§7.21) when d's supplies and leases to p end
//                 (commitment values are ≤ 0, so ending one is a gain: this part is ≤ 0)
// These are parts of p's going-concern value; its equity carries them times its own survival
// 1 − PD_p (§7.20). One part moves p's price directly:
//   dilution      d's warrants on p lapse, p's diluted shares fall from D to D': the price per
//   share
//                 rises by D/D' − 1, an exposure of −MV_p (D/D' − 1) (≤ 0)
// net = (1 − PD_p) × (backlog + stake + warrant + funding + loans + receivables + commitments)
//       + dilution,  and value = MV_p = P_p × D_p (p's market or shadow value the day before).
// Payables p owes d are not extinguished (the estate collects them, §7.15) and count nothing; a
// lessee keeps capacity leased from d without paying (§8), which only its commitment value sees.
// Left out: the put of limited liability, and everything second-order (p's own default
// probability, the sentiment, the funding pool and the GPU index the default moves).

#include <cstdint>
#include <vector>

namespace alchemy {

struct ScenarioSpec;
struct World;

struct PartnerExposure {
  std::int32_t partner = 0;
  double backlog = 0.0;
  double stake = 0.0;
  double warrant = 0.0;
  double funding = 0.0;
  double loans = 0.0;
  double receivables = 0.0;
  double commitments = 0.0;
  double dilution = 0.0;
  double survival = 1.0;  // 1 − PD_p
  double net = 0.0;       // USD of p's market value (above)
  double value = 0.0;     // MV_p, USD
};

struct DefaultExposure {
  std::int32_t defaulter = 0;
  double default_probability = 0.0;  // PD_d in `before`
  // Every live firm with a part ≠ 0, in world order.
  std::vector<PartnerExposure> partners;
  // The move of p's price the default should cause: −net × (1 − PD_d) / value.
  double predicted_move(const PartnerExposure& p) const;
};

// The exposures of every live partner of `defaulter` in `before`, a state of a run of `spec`
// (generated network expanded). Reads `before` only. Throws std::invalid_argument if
// `defaulter` is not a live firm of `before`.
DefaultExposure default_exposure(const ScenarioSpec& spec, const World& before,
                                 std::int32_t defaulter);

}  // namespace alchemy
