// A partner's exposure to a firm's default (sim/analysis/default_exposure.hpp) on small_web(),
// part by part from the world's state: stakes at the defaulter's going-concern price per share,
// loans and claims at the lenders' loss given default, the backlog at the buyer's sure survival
// (the engine's channel at PD_d divided by 1 − PD_d: the channel scales with the payer's survival)
// less the expected recovery of the rejection claim, and the issuer's dilution that lapses with
// the defaulter's warrants (treasury-stock method: D' = D − the warrants' extra shares).
#include <doctest/doctest.h>

#include <cmath>

#include "engine/scenario_fixtures.hpp"
#include "sim/analysis/default_exposure.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;

namespace {

class Nothing final : public OutputSink {
 public:
  Wants wants() const override { return wants_nothing; }
  void event(const Event&) override {}
};

std::size_t contract_index(const ScenarioSpec& s, const std::string& id) {
  for (std::size_t c = 0; c < s.contracts.size(); ++c) {
    if (s.contracts[c].id == id) return c;
  }
  FAIL("no contract " << id);
  return 0;
}

const PartnerExposure* find(const DefaultExposure& x, std::size_t firm) {
  for (const PartnerExposure& p : x.partners) {
    if (p.partner == static_cast<std::int32_t>(firm)) return &p;
  }
  return nullptr;
}

// The engine's channel b of `row` on `col` of `kind` in world `w` (before the row's survival).
double channel(const ScenarioSpec& spec, const World& w, std::size_t row, std::size_t col,
               EdgeKind kind) {
  World copy = w;
  MemorySink sink;
  const CompiledScenario compiled{};
  TickContext ctx{spec, copy, sink, compiled};
  double b = 0.0;
  for (const auto& e : build_market_channels(ctx).entries) {
    if (e.row == row && e.col == col && e.kind == kind) b += e.b;
  }
  return b;
}

}  // namespace

TEST_CASE("default exposure: every part of a partner's exposure from the world's state") {
  const ScenarioSpec spec = small_web();
  World w;
  RunOptions options;
  options.until = day(2025, 7, 1);
  options.after_tick = [&](const World& x) { w = x; };
  Nothing sink;
  run_scenario(spec, spec.seed, sink, options);
  REQUIRE_FALSE(w.firms[kLab].defaulted);
  const std::size_t supply = contract_index(spec, "chips-lab-gpus");
  const std::size_t lease = contract_index(spec, "cloud-lab-lease");
  const std::size_t warrant = contract_index(spec, "chips-lab-warrant");
  REQUIRE(w.contracts[supply].signed_);
  REQUIRE(w.contracts[lease].signed_);
  REQUIRE(w.contracts[warrant].signed_);
  REQUIRE(w.contracts[supply].remaining.is_positive());
  REQUIRE(w.contracts[lease].remaining.is_positive());

  // The lab's default probability the day before, a loan the bank made it and a claim of the
  // cloud on it, set by hand.
  const double pd = 0.3;
  w.firms[kLab].default_probability = pd;
  DebtState loan;
  loan.id = "bank-lab-loan";
  loan.principal = usd(2e9);
  loan.lender = static_cast<std::int32_t>(kBank);
  w.firms[kLab].debt.push_back(loan);
  w.firms[kBank].loans_held += usd(2e9);
  w.claims.push_back({static_cast<std::int32_t>(kLab), static_cast<std::int32_t>(kCloud), -1,
                      usd(1.2e9), w.date, Channel::suppliers});
  const double lgd = spec.market.funding.loss_given_default;

  const DefaultExposure x = default_exposure(spec, w, static_cast<std::int32_t>(kLab));
  CHECK(x.defaulter == static_cast<std::int32_t>(kLab));
  CHECK(x.default_probability == pd);
  const FirmState& lab = w.firms[kLab];
  const double lab_price = lab.going_concern_value / lab.diluted_shares;  // at sure survival
  REQUIRE(lab_price > 0.0);

  // The VC's round bought lab shares: its stake at the lab's going-concern price.
  const PartnerExposure* vc = find(x, kVc);
  REQUIRE(vc != nullptr);
  double vc_shares = 0.0;
  for (const StakeState& s : w.firms[kVc].stakes) {
    if (s.issuer == static_cast<std::int32_t>(kLab)) vc_shares += s.shares;
  }
  REQUIRE(vc_shares > 0.0);
  CHECK(vc->stake == doctest::Approx(vc_shares * lab_price));
  CHECK(vc->backlog == 0.0);
  CHECK(vc->loans == 0.0);
  CHECK(vc->survival == doctest::Approx(1.0 - w.firms[kVc].default_probability));
  CHECK(vc->value == doctest::Approx(w.firms[kVc].price * w.firms[kVc].diluted_shares));
  CHECK(vc->net == doctest::Approx(vc->survival * vc->stake));
  CHECK(x.predicted_move(*vc) == doctest::Approx(-vc->net * (1.0 - pd) / vc->value));

  // The bank loses LGD of the loan.
  const PartnerExposure* bank = find(x, kBank);
  REQUIRE(bank != nullptr);
  CHECK(bank->loans == doctest::Approx(2e9 * lgd));

  // The cloud: the lease's backlog at the lab's sure survival, less 40 % of its 10 % rejection
  // claim, and LGD of its claim.
  const PartnerExposure* cloud = find(x, kCloud);
  REQUIRE(cloud != nullptr);
  const double lease_b = channel(spec, w, kCloud, kLab, EdgeKind::lease);
  REQUIRE(lease_b > 0.0);
  CHECK(cloud->backlog ==
        doctest::Approx(lease_b / (1.0 - pd) -
                        0.10 * w.contracts[lease].remaining.dollars() * (1.0 - lgd)));
  CHECK(cloud->receivables == doctest::Approx(1.2e9 * lgd));

  // Chips: the supply's backlog the same way; its stake from the equity tranches; and the lab's
  // warrants on chips lapse, so chips' diluted shares fall to its shares (no other warrant):
  // dilution = −P D (D / shares − 1).
  const PartnerExposure* chips = find(x, kChips);
  REQUIRE(chips != nullptr);
  const double supply_b = channel(spec, w, kChips, kLab, EdgeKind::supply);
  REQUIRE(supply_b > 0.0);
  CHECK(chips->backlog ==
        doctest::Approx(supply_b / (1.0 - pd) -
                        0.10 * w.contracts[supply].remaining.dollars() * (1.0 - lgd)));
  const FirmState& c = w.firms[kChips];
  REQUIRE(c.diluted_shares > c.shares);  // the warrants are in the money
  CHECK(chips->dilution ==
        doctest::Approx(-c.price * c.diluted_shares * (c.diluted_shares / c.shares - 1.0)));
  // Its open invoices on the lab, at LGD.
  double invoices = 0.0;
  for (const Claim& cl : w.claims) {
    if (cl.debtor == static_cast<std::int32_t>(kLab) &&
        cl.creditor == static_cast<std::int32_t>(kChips))
      invoices += cl.amount.dollars();
  }
  CHECK(chips->receivables == doctest::Approx(invoices * lgd));
  CHECK(chips->net ==
        doctest::Approx(chips->survival * (chips->backlog + chips->stake + chips->receivables) +
                        chips->dilution));

  // The other way round, chips' default: the lab loses the funding chips committed (the
  // engine's funding channel, which does not read chips' survival) and its warrants on chips at
  // chips' going-concern price.
  const DefaultExposure y = default_exposure(spec, w, static_cast<std::int32_t>(kChips));
  const PartnerExposure* lab_x = find(y, kLab);
  REQUIRE(lab_x != nullptr);
  CHECK(lab_x->funding == doctest::Approx(channel(spec, w, kLab, kChips, EdgeKind::funding)));
  CHECK(lab_x->warrant > 0.0);

  CHECK_THROWS_AS(default_exposure(spec, w, 99), std::invalid_argument);
}
