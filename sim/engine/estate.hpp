#pragma once
// A defaulted firm's estate (MODEL.md §7.15; issue 18, item 1).
//
// Opening: the firm's fleet and stakes are sold in their markets (the fleet at the pass's GPU
// index), its warrants lapse, and everything it owes becomes a claim due now (debt accelerated,
// other liabilities to the outside). It keeps the claims and loans it holds on other firms and
// collects them on their own schedule through the ordinary payment code. Its other and operating
// assets wait for its first clearing.
//
// Clearing dates: the tick an estate opens, then the first tick of each calendar month while any
// is open. Every open estate is cleared jointly (Eisenberg & Noe 2001; Rogers & Veraart 2013):
//   nodes      every firm; only estates owe in this problem, and each live firm that owes an
//              estate (a claim or a loan) is a node that pays it in full — the engine has not
//              found it in default, and its payments fall due on their own schedule;
//   e_i        the estate's other and operating assets, at its first clearing only (α applies
//              when it is in default: a hurried sale);
//   g_i        its cash, at face (no fire-sale cost on money);
//   x_i        what live firms and other estates pay it — realised at β when it is in default, as
//              Rogers & Veraart's β on all interbank receipts (with α = β = 0 this is Gai &
//              Kapadia's zero recovery).
// Applying the clearing to estate i with clearing payment p_i: (1) every claim on i is written
// down to its share of p_i (pari passu, or outside creditors first with
// `contagion.external_senior`; largest remainder, to the cent) — the creditor books the loss;
// (2) at its first clearing the outside assets are sold at α (in default) or at book; (3) the
// estate pays its cash out on the written-down claims by the same rule. An estate that holds
// nothing more on others closes: claims left unpaid are extinguished, and cash left over is the
// cost of realising what it collected at face after a clearing had valued it at β (paid to the
// outside) if it was in default, or stays with the firm if it was not (no payout to shareholders
// is modelled).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "market/clearing.hpp"
#include "sim/engine/contagion_index.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

// Who lost what in a clearing, for the default rounds: each creditor's largest write-down and the
// default behind it, and the totals by class.
struct ClearingLosses {
  std::vector<Money> worst;          // per firm
  std::vector<std::uint64_t> cause;  // per firm: the default event behind `worst`
  Money network;                     // written down by network creditors
  Money outside;                     // not recovered by outside creditors
};

// Opens firm d's estate (d has just been marked defaulted and its contracts terminated). Returns
// the proceeds of its fleet's sale (the cascade's fire sales). `index` is the pass's (its claims
// are synced here, after the debts become claims).
Money open_estate(TickContext& ctx, std::int32_t d, std::uint64_t default_event,
                  ContagionIndex& index);

// The joint clearing problem over every open estate, as the engine solves it: the same input
// `alchemy clear` reads from a network file, on the firms it involves only — the open estates,
// their creditors and the live firms that owe them, numbered in the world's order. Every other
// firm owes nothing in this problem (only estates owe, and live firms only to estates), so it
// pays nothing, receives nothing the estates' payments depend on, and leaving it out changes no
// payment (MODEL.md §7.15): the solver meets the same rows in the same order.
struct EstateClearing {
  ClearingInput input;               // over `firms`: node q is world firm firms[q]
  std::vector<std::int32_t> firms;   // ascending
  std::vector<std::size_t> estates;  // the open estates, indices into World::estates
  std::size_t node_of(std::int32_t firm) const {
    return static_cast<std::size_t>(std::lower_bound(firms.begin(), firms.end(), firm) -
                                    firms.begin());
  }
};
EstateClearing estate_clearing_input(const World& w, ContagionIndex& index);

// Clears every open estate jointly and applies the result; `losses` collects the write-downs.
// The claims are compacted and `index` rebuilt at the end.
void clear_estates(TickContext& ctx, ClearingLosses& losses, ContagionIndex& index);

// Whether an open estate has not been cleared yet this calendar month.
bool estate_clearing_due(const TickContext& ctx);

}  // namespace alchemy
