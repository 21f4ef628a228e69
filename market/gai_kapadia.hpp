#pragma once
// The Gai & Kapadia (2010) model of default contagion on a random interbank network ("Contagion in
// financial networks", Proc. R. Soc. A 466): homogeneous balance sheets, zero recovery, and a
// cascade started by the default of one bank. Its result is the "contagion window": contagion is
// rare on sparse networks (no path for it) and on dense ones (each exposure is small), and
// frequent and wide in between — robust-yet-fragile.
//
// Balance sheets (Gai & Kapadia 2010, Section 3): every bank has the same total assets A. A bank
// with at least one incoming link (a claim on another bank) holds interbank assets
// A^IB = interbank_asset_share · A, split evenly over its incoming links; a bank without any holds
// none. The rest, A − A^IB, is external (illiquid) assets. Interbank liabilities follow from the
// links: a debtor owes each creditor that creditor's per-link exposure. Capital K = capital_ratio
// · A; deposits are the residual A − K − L^IB (negative for a bank that borrows heavily — it plays
// no part in the cascade).
//
// Cascade (zero recovery): a defaulted debtor pays nothing, so each creditor loses its whole
// exposure. A bank defaults when its losses exceed its capital:
//   d_i · A^IB_i / j_i  >  K_i,   d_i = defaulted debtors of i, j_i = incoming links of i.
// Tie rule: a loss exactly equal to the capital buffer is NOT a default (strict >). The test is
// evaluated as d_i · A^IB_i > j_i · K_i, which is exact for the default A = 100 (A^IB = 20, K = 4):
// with the default shares a bank with in-degree 5 survives one defaulted debtor, in-degree 4 does
// not.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "market/synthetic_network.hpp"

namespace alchemy {

struct GaiKapadiaBank {
  double total_assets = 0.0;
  double interbank_assets = 0.0;
  double external_assets = 0.0;
  double interbank_liabilities = 0.0;
  double capital = 0.0;
  double deposits = 0.0;
  std::uint32_t in_degree = 0;   // claims on other banks (incoming links)
  std::uint32_t out_degree = 0;  // debts to other banks (outgoing links)
};

// The banks and, for the cascade, each debtor's creditors in compressed rows.
struct GaiKapadiaSystem {
  std::vector<GaiKapadiaBank> banks;
  std::vector<std::size_t> creditor_start;  // banks.size() + 1 offsets
  std::vector<FirmIndex> creditor;          // debtor → creditor links, grouped by debtor
};

// edges: debtor → creditor links (as synthetic_network.hpp produces). Throws
// std::invalid_argument on an index >= n, a self-link, or a share outside [0, 1].
GaiKapadiaSystem gai_kapadia_balance_sheets(std::span<const DirectedEdge> edges, std::size_t n,
                                            double capital_ratio = 0.04,
                                            double interbank_asset_share = 0.20,
                                            double total_assets = 100.0);

struct GaiKapadiaCascade {
  std::vector<std::uint8_t> defaulted;  // 1 for every bank in default at the end
  std::vector<FirmIndex> order;         // defaults in order: by round, then by index
  std::size_t rounds = 0;               // rounds of contagion that added defaults
  std::size_t default_count = 0;        // including the shocked bank
};

// The shocked bank defaults (its external assets are wiped out); defaults then propagate round
// by round until none is added.
GaiKapadiaCascade gai_kapadia_cascade(const GaiKapadiaSystem& system, FirmIndex shocked);

}  // namespace alchemy
