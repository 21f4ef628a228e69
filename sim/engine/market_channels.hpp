#pragma once
// Builds the market kernel's inputs from the world: for each firm i, the part of its fundamental
// value that does not depend on network prices (a_i: its multiple × forward revenue, with its
// news and forward growth, its net financial assets, its commitments' value and the put of
// limited liability) and one channel per dependence on another firm (b_ij, e_ij, kind), as
// market/feedback.hpp defines them. MODEL.md §7.7 documents each channel; within a tick only
// holdings follow their issuer's price (e = 1), contracts are fixed amounts that their
// counterparty moves through its default probability (e = 0; the loop measure reads that
// response, MODEL.md §7.13):
//   stake    i holds shares of j:            b = shares × P_j;  e = 1
//   warrant  i holds warrants on j:          b = model value of unvested tranches;  e = 1
//   supply   j buys from i (supply, lease):  b = multiple_i × the contract's backlog in
//                                            revenue-years × (1 − PD_j);  e = 0
//   funding  j has committed funding to i:   b = undrawn, unblocked tranches due in the next
//                                            365 days;  e = 0
//   loan     i has lent to j:                b = principal × (1 − PD_j × LGD);  e = 0
// Row i (a_i and every b_ij) is then multiplied by i's survival probability 1 − PD_i (MODEL.md
// §7.20): equity holders get the going-concern value only if the firm survives the horizon.

#include <cstdint>
#include <vector>

#include "agents/commitment_value.hpp"
#include "market/feedback.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

struct MarketChannels {
  FeedbackChannels channels;
  std::vector<double> a;    // a_i, USD
  std::vector<double> mv0;  // start-of-tick market value, USD (> 0)
  // What each firm's purchase commitments are worth to it (MODEL.md §7.21), part of a_i.
  std::vector<CommitmentValue> commitments;
  // a_i + Σ_j b_ij before the survival factor: the going-concern value at the start-of-tick
  // prices (MODEL.md §7.20), what equity investors and the solvency model read.
  std::vector<double> going_concern;
  // The enterprise value (the going-concern value before the put + debt + payables) and its
  // volatility, the value volatility of its risky part scaled by that part's share (MODEL.md §7.7,
  // §7.20): what the put is written on, and what the solvency model and lenders read.
  std::vector<double> enterprise_value;
  std::vector<double> enterprise_volatility;
  // The risky part of the value: the own business at its multiple and the network claims at
  // their counterparties' values (≥ 0), what news moves (MODEL.md §7.7); what equity investors'
  // access is read on (§7.20).
  std::vector<double> risky_value;

  // Scratch of the builder, kept so that a reused MarketChannels allocates nothing once warm.
  // How an entry's value reads its counterparty's default probability (MODEL.md §7.7, §7.21):
  // not at all; as a payer's receipts, b × (1 − PD_debtor), no entry when the payer surely
  // defaults; as a loan, b × (1 − PD_debtor × loss given default).
  enum class Credit : std::uint8_t { none, payer, borrower };
  struct Entry {
    std::uint32_t row;
    std::uint32_t col;
    EdgeKind kind;
    double b;  // before the credit term
    double e;
    Credit credit = Credit::none;
    std::uint32_t debtor = 0;  // the firm whose PD the credit term reads
  };
  // The entries as the state gives them, before any default probability (`claims`), and with
  // their credit terms (`entries`, in the same order, less the payers' that surely default).
  std::vector<Entry> claims, entries;
  // The entries' keys at the last sort and their CSR order (indices into `entries`), reused
  // while the keys stay the same.
  struct Key {
    std::uint32_t row;
    std::uint32_t col;
    EdgeKind kind;
  };
  std::vector<Key> keys;
  std::size_t keyed_firms = static_cast<std::size_t>(-1);  // the firm count of `keys` (none yet)
  std::vector<std::uint32_t> order;
  std::vector<std::size_t> row_start, row_next;
  std::vector<double> multiple, network_loans, survival;
  // Each firm's own business (multiple × forward external revenue) and a_i before any default
  // probability is read (that plus net financial assets and commitments).
  std::vector<double> own_operating, own_value;
  // The forward growth each firm is priced on (agents/valuation.hpp) and exp of it
  // (growth_factor), recomputed only when the growth has changed.
  std::vector<double> growth, growth_factor;
  // The risky part of each firm's enterprise value: its own business and its network claims.
  std::vector<double> operating;
};

// Rebuilds `out` (all of it) for the world's current state. `commitments`, when given, are the
// commitment values of a build of the same state that differed only in prices, default
// probabilities, sentiment or news, none of which they read (commitment_values.hpp): the loop
// model's moved builds take them from its base build rather than value every commitment again,
// and the market phase's second build (`&out.commitments`: kept as they are) from its first.
void build_market_channels(const TickContext& ctx, MarketChannels& out,
                           const std::vector<CommitmentValue>* commitments = nullptr);
// Redoes the part of a build that reads default probabilities — the entries' credit terms, the
// going-concern and enterprise values, the put and the survival factor — for `out` built from
// the world's current state in which only default probabilities have changed since: the market
// phase's build after it refreshes them on the day's values. The same values, bit for bit, as
// build_market_channels would give.
void reprice_market_channels(const TickContext& ctx, MarketChannels& out);
MarketChannels build_market_channels(const TickContext& ctx);

}  // namespace alchemy
