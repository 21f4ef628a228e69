#include "sim/analysis/contract_network.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

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
  // A loan drawn in parts (one debt per draw) is one edge: its outstanding principal in all, and
  // for collateral the GPUs pledged to its draws, or the whole fleet for a loan secured on it.
  struct LoanEdge {
    std::string contract;
    std::size_t lender;
    double principal = 0.0;
    bool secured = false;
    double collateral = 0.0;
  };
  // A debt without a contract is named by its id, which its borrower gives it: a
  // generated network's interbank debts are all "ib-<lender>". Such an id, when several
  // borrowers' debts carry it, is qualified with the borrower ("ib-syn002:syn017"; ids have no
  // ':'), so every loan edge keeps its own name.
  const auto lent = [](const auto& d) { return d.lender >= 0 && d.principal.is_positive(); };
  std::unordered_map<std::string, int> uses;  // hashed: 10^6 debts at 10^5 firms, looked up twice
  for (const auto& f : w.firms)
    for (const auto& d : f.debt)
      if (lent(d) && d.contract < 0) ++uses[d.id];
  for (std::size_t b = 0; b < w.firms.size(); ++b) {
    std::vector<LoanEdge> loans;
    for (const auto& d : w.firms[b].debt) {
      if (!lent(d)) continue;
      const std::string contract = d.contract >= 0
                                       ? spec.contracts[static_cast<std::size_t>(d.contract)].id
                                   : uses[d.id] > 1 ? d.id + ":" + id(b)
                                                    : d.id;
      auto it = std::find_if(loans.begin(), loans.end(),
                             [&](const LoanEdge& e) { return e.contract == contract; });
      if (it == loans.end()) {
        loans.push_back({contract, static_cast<std::size_t>(d.lender)});
        it = loans.end() - 1;
      }
      it->principal += d.principal.dollars();
      if (!d.gpu_collateral) continue;
      it->collateral = d.pledged_cost.is_positive()
                           ? it->collateral + d.pledged_book.dollars() * w.market.gpu_index /
                                                  std::max(d.pledged_index, 1e-9)
                           : w.firms[b].fleet_book.dollars() * w.market.gpu_index;
      it->secured = true;
    }
    for (const LoanEdge& e : loans) {
      net.add_edge(id(e.lender), id(b), EdgeKind::loan, e.contract, e.principal);
      if (e.secured)
        net.add_edge(id(b), id(e.lender), EdgeKind::collateral, e.contract, e.collateral);
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
