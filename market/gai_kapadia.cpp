#include "market/gai_kapadia.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>

namespace alchemy {

GaiKapadiaSystem gai_kapadia_balance_sheets(std::span<const DirectedEdge> edges, std::size_t n,
                                            double capital_ratio, double interbank_asset_share,
                                            double total_assets) {
  if (!(capital_ratio >= 0.0 && capital_ratio <= 1.0) ||
      !(interbank_asset_share >= 0.0 && interbank_asset_share <= 1.0)) {
    throw std::invalid_argument(
        "gai_kapadia: capital ratio and interbank share must lie in [0, 1]");
  }
  if (!(total_assets > 0.0)) throw std::invalid_argument("gai_kapadia: total assets must be > 0");
  GaiKapadiaSystem sys;
  sys.banks.assign(n, GaiKapadiaBank{});
  sys.creditor_start.assign(n + 1, 0);
  for (const DirectedEdge& e : edges) {
    if (e.from >= n || e.to >= n)
      throw std::invalid_argument("gai_kapadia: bank index out of range");
    if (e.from == e.to) throw std::invalid_argument("gai_kapadia: a bank cannot owe itself");
    ++sys.banks[e.to].in_degree;
    ++sys.banks[e.from].out_degree;
    ++sys.creditor_start[e.from + 1];
  }
  std::partial_sum(sys.creditor_start.begin(), sys.creditor_start.end(),
                   sys.creditor_start.begin());
  sys.creditor.resize(edges.size());
  std::vector<std::size_t> next(sys.creditor_start.begin(), sys.creditor_start.end() - 1);
  for (const DirectedEdge& e : edges)
    sys.creditor[next[e.from]++] = e.to;
  for (std::size_t i = 0; i < n; ++i) {
    std::sort(sys.creditor.begin() + static_cast<std::ptrdiff_t>(sys.creditor_start[i]),
              sys.creditor.begin() + static_cast<std::ptrdiff_t>(sys.creditor_start[i + 1]));
  }
  for (GaiKapadiaBank& b : sys.banks) {
    b.total_assets = total_assets;
    b.interbank_assets = b.in_degree > 0 ? interbank_asset_share * total_assets : 0.0;
    b.external_assets = total_assets - b.interbank_assets;
    b.capital = capital_ratio * total_assets;
  }
  // A debtor owes each of its creditors that creditor's per-link exposure.
  for (const DirectedEdge& e : edges) {
    const GaiKapadiaBank& c = sys.banks[e.to];
    sys.banks[e.from].interbank_liabilities += c.interbank_assets / c.in_degree;
  }
  for (GaiKapadiaBank& b : sys.banks) {
    b.deposits = b.total_assets - b.capital - b.interbank_liabilities;
  }
  return sys;
}

GaiKapadiaCascade gai_kapadia_cascade(const GaiKapadiaSystem& sys, FirmIndex shocked) {
  const std::size_t n = sys.banks.size();
  if (shocked >= n) throw std::invalid_argument("gai_kapadia_cascade: shocked bank out of range");
  GaiKapadiaCascade out;
  out.defaulted.assign(n, 0);
  std::vector<std::uint32_t> lost_links(n, 0);  // d_i
  std::vector<FirmIndex> wave{shocked};
  std::vector<FirmIndex> touched;  // creditors of this round's defaults, each once
  std::vector<std::size_t> touched_in(n, SIZE_MAX);
  out.defaulted[shocked] = 1;
  out.order.push_back(shocked);
  for (std::size_t round = 0;; ++round) {
    touched.clear();
    for (FirmIndex j : wave) {
      for (std::size_t k = sys.creditor_start[j]; k < sys.creditor_start[j + 1]; ++k) {
        const FirmIndex i = sys.creditor[k];
        if (out.defaulted[i]) continue;
        ++lost_links[i];
        if (touched_in[i] != round) {
          touched_in[i] = round;
          touched.push_back(i);
        }
      }
    }
    std::sort(touched.begin(), touched.end());
    wave.clear();
    for (FirmIndex i : touched) {
      const GaiKapadiaBank& b = sys.banks[i];
      // d_i · A^IB_i / j_i > K_i, cross-multiplied so that ties are exact (see the header).
      if (static_cast<double>(lost_links[i]) * b.interbank_assets >
          static_cast<double>(b.in_degree) * b.capital) {
        wave.push_back(i);
      }
    }
    // A bank that survives keeps its count d_i and is examined again when touched again.
    if (wave.empty()) break;
    for (FirmIndex i : wave) {
      out.defaulted[i] = 1;
      out.order.push_back(i);
    }
    ++out.rounds;
  }
  out.default_count = out.order.size();
  return out;
}

}  // namespace alchemy
