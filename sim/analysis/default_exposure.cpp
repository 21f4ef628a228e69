#include "sim/analysis/default_exposure.hpp"

#include <stdexcept>
#include <string>

#include "agents/commitment_value.hpp"
#include "sim/contracts/contract_kind.hpp"
#include "sim/engine/commitment_values.hpp"
#include "sim/engine/market_channels.hpp"
#include "sim/engine/tick_context.hpp"
#include "sim/world/output_sink.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

double DefaultExposure::predicted_move(const PartnerExposure& p) const {
  return p.value > 0.0 ? -p.net * (1.0 - default_probability) / p.value : 0.0;
}

namespace {

// A context on a world of our own: the engine's valuation functions read a TickContext, and the
// copies below differ from `before` only in what each question changes.
struct OwnContext {
  World world;
  MemorySink sink;
  CompiledScenario compiled{};
  TickContext ctx;
  OwnContext(const ScenarioSpec& spec, const World& w)
      : world(w), ctx{spec, world, sink, compiled} {}
};

bool live_contract(const World& w, std::size_t c) {
  return w.contracts[c].signed_ && !w.contracts[c].cancelled;
}

}  // namespace

DefaultExposure default_exposure(const ScenarioSpec& spec, const World& before,
                                 std::int32_t defaulter) {
  const std::size_t n = before.firms.size();
  if (defaulter < 0 || static_cast<std::size_t>(defaulter) >= n ||
      before.firms[static_cast<std::size_t>(defaulter)].defaulted) {
    throw std::invalid_argument("default_exposure: firm " + std::to_string(defaulter) +
                                " is not a live firm");
  }
  const auto d = static_cast<std::size_t>(defaulter);
  const FirmState& fd = before.firms[d];
  const double lgd = spec.market.funding.loss_given_default;
  std::vector<PartnerExposure> parts(n);
  for (std::size_t p = 0; p < n; ++p)
    parts[p].partner = static_cast<std::int32_t>(p);

  // The links as if d were sure to survive: its default probability 0 and its price the
  // going-concern value per share (the value before the survival factor, §7.20).
  {
    OwnContext sure(spec, before);
    FirmState& f = sure.world.firms[d];
    f.default_probability = 0.0;
    if (f.going_concern_value > 0.0 && f.diluted_shares > 0.0)
      f.price = f.going_concern_value / f.diluted_shares;
    const MarketChannels mc = build_market_channels(sure.ctx);
    for (const MarketChannels::Entry& e : mc.entries) {
      if (e.col != d || e.row == d) continue;
      PartnerExposure& x = parts[e.row];
      switch (e.kind) {
        case EdgeKind::supply:
        case EdgeKind::lease:
          x.backlog += e.b;
          break;
        case EdgeKind::stake:
          x.stake += e.b;
          break;
        case EdgeKind::warrant:
          x.warrant += e.b;
          break;
        case EdgeKind::funding:
          x.funding += e.b;
          break;
        case EdgeKind::loan:
          x.loans += e.b * lgd;  // at PD_d = 0 the loan channel is the principal
          break;
        case EdgeKind::collateral:
        case EdgeKind::sentiment:
          break;
      }
    }
  }

  // The estate owes a seller its rejection claim (cancel_penalty × remaining, §7.15), expected to
  // recover 1 − LGD of it; the defaulter's warrants on a partner lapse (its dilution falls). Like
  // every link, the dilution is taken at the defaulter's sure survival (the issuer's diluted
  // shares count a warrant at its holder's survival, §7.9).
  OwnContext now(spec, before), sure(spec, before);
  sure.world.firms[d].default_probability = 0.0;
  std::vector<double> lapsed_shares(n, 0.0);
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    const ContractSpec& cs = spec.contracts[c];
    if (!live_contract(before, c)) continue;
    const ContractKind& kind = kind_of(cs);
    const auto from = static_cast<std::size_t>(cs.from), to = static_cast<std::size_t>(cs.to);
    if (kind.cancel_penalty && from == d && to != d) {
      parts[to].backlog -=
          before.contracts[c].remaining.dollars() * kind.cancel_penalty(cs) * (1.0 - lgd);
    }
    if (kind.extra_shares && to == d && from != d)
      lapsed_shares[from] += kind.extra_shares(sure.ctx, static_cast<std::int32_t>(c));
  }
  for (const Claim& c : before.claims) {
    if (c.debtor == defaulter && c.creditor >= 0 && c.creditor != defaulter)
      parts[static_cast<std::size_t>(c.creditor)].receivables += c.amount.dollars() * lgd;
  }

  // Commitment values (§7.21) count only purchases whose seller has not defaulted.
  std::vector<CommitmentValue> with_d, without_d;
  commitment_values(now.ctx, with_d);
  {
    OwnContext gone(spec, before);
    gone.world.firms[d].defaulted = true;
    commitment_values(gone.ctx, without_d);
  }

  DefaultExposure out;
  out.defaulter = defaulter;
  out.default_probability = fd.default_probability;
  for (std::size_t p = 0; p < n; ++p) {
    const FirmState& f = before.firms[p];
    if (p == d || f.defaulted) continue;
    PartnerExposure& x = parts[p];
    x.commitments = with_d[p].net() - without_d[p].net();
    x.value = f.price * f.diluted_shares;
    const double kept = f.diluted_shares - lapsed_shares[p];
    if (lapsed_shares[p] > 0.0 && kept > 0.0)
      x.dilution = -x.value * (f.diluted_shares / kept - 1.0);
    x.survival = 1.0 - f.default_probability;
    const double links =
        x.backlog + x.stake + x.warrant + x.funding + x.loans + x.receivables + x.commitments;
    x.net = x.survival * links + x.dilution;
    if (links != 0.0 || x.dilution != 0.0) out.partners.push_back(x);
  }
  return out;
}

}  // namespace alchemy
