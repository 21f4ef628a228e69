#include "sim/analysis/contract_network.hpp"

#include <map>
#include <string>

#include "sim/contracts/contract_kind.hpp"
#include "sim/contracts/contract_settlement.hpp"

namespace alchemy {

Network contract_network(const TickContext& ctx) {
  const ScenarioSpec& spec = ctx.spec;
  const World& w = ctx.world;
  Network net;
  for (std::size_t i = 0; i < spec.firms.size(); ++i) {
    const FirmSpec& f = spec.firms[i];
    net.add_firm(f.id, f.name.empty() ? f.id : f.name, std::string(to_string(f.kind)));
    if (w.firms[i].defaulted) net.mark_inactive(f.id);
  }
  const auto id = [&](std::size_t i) -> const std::string& { return spec.firms[i].id; };
  for (std::size_t c = 0; c < spec.contracts.size(); ++c) {
    const ContractSpec& cs = spec.contracts[c];
    const ContractState& st = w.contracts[c];
    if (!st.signed_ || st.cancelled) continue;
    // Loans: from the borrowers' debt below (what is actually outstanding).
    if (const auto edge = kind_of(cs).network_edge) edge(ctx, static_cast<std::int32_t>(c), net);
  }
  // A debt without a contract is named by its id, which its borrower gives it: a
  // generated network's interbank debts are all "ib-<lender>". Such an id, when several
  // borrowers' debts carry it, is qualified with the borrower ("ib-syn002:syn017"; ids have no
  // ':'), so every loan edge keeps its own name.
  const auto lent = [](const auto& d) { return d.lender >= 0 && d.principal.is_positive(); };
  std::map<std::string, int, std::less<>> uses;
  for (const auto& f : w.firms)
    for (const auto& d : f.debt)
      if (lent(d) && d.contract < 0) ++uses[d.id];
  for (std::size_t b = 0; b < w.firms.size(); ++b) {
    for (const auto& d : w.firms[b].debt) {
      if (!lent(d)) continue;
      const std::string contract = d.contract >= 0
                                       ? spec.contracts[static_cast<std::size_t>(d.contract)].id
                                   : uses[d.id] > 1 ? d.id + ":" + id(b)
                                                    : d.id;
      net.add_edge(id(static_cast<std::size_t>(d.lender)), id(b), EdgeKind::loan, contract,
                   d.principal.dollars());
      if (d.gpu_collateral) {
        net.add_edge(id(b), id(static_cast<std::size_t>(d.lender)), EdgeKind::collateral, contract,
                     w.firms[b].fleet_book.dollars() * w.market.gpu_index);
      }
    }
  }
  for (std::size_t h = 0; h < w.firms.size(); ++h) {
    for (const auto& s : w.firms[h].stakes) {
      if (s.shares <= 0.0) continue;
      const std::size_t issuer = static_cast<std::size_t>(s.issuer);
      net.add_edge(id(h), id(issuer), EdgeKind::stake, "stake:" + id(h) + ":" + id(issuer),
                   s.booked.dollars());
    }
  }
  return net;
}

}  // namespace alchemy
