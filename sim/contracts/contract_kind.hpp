#pragma once
// What a contract kind does, in one place: a ContractKind is a table of the kind's answers to
// every question the engine, the scenario loader and the analyses ask about a contract. Each kind
// defines one in its own file (sim/contracts/<kind>.cpp); kind_of(type) finds it (registry.cpp).
// Callers outside sim/contracts ask the kind instead of switching on the type. A null entry means
// "nothing" (no channel, no edge, no value) unless said otherwise.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "market/network.hpp"
#include "market/scheduler.hpp"
#include "sim/contracts/contract_spec.hpp"
#include "sim/engine/market_channels.hpp"

namespace alchemy {

struct TickContext;
struct CashProjection;   // sim/engine/cash_projection.hpp
struct ProjectionIndex;  // sim/engine/cash_projection.hpp

// A problem a kind's scenario check finds: the contract item's key to point at (or, with `item`,
// the key `item_key` of that item of the list `key`), and the message.
struct KindProblem {
  std::string key;
  std::string message;
  std::optional<std::size_t> item;
  std::string item_key;
};

struct ContractKind {
  std::string_view name;  // the scenario's `type`

  // ---- scenario (after the keys' own ranges are checked and dates and parties resolved)
  // `first`..`last` is the run's period (dates of the kind's own keys must lie in it).
  std::optional<KindProblem> (*check)(const ContractSpec& cs, Date first, Date last) = nullptr;

  // ---- signing and the calendar
  // Sets what remains of the signed contract `c` and schedules its dated items from `start` (the
  // later of its start and today).
  void (*sign)(TickContext& ctx, std::int32_t c, Date start) = nullptr;
  // The deal size both parties' prices react to when it is announced; null: the amount.
  Money (*announced_size)(const TickContext& ctx, const ContractSpec& cs) = nullptr;
  // Settles one scheduled item of the kind (it.contract is the kind's contract).
  void (*settle)(TickContext& ctx, const ScheduledItem& it) = nullptr;

  // ---- market (only asked of signed, uncancelled contracts)
  // Appends the contract's price channels (market_channels.hpp); `multiple` is each firm's
  // revenue multiple this tick.
  void (*channels)(const TickContext& ctx, std::int32_t c, const std::vector<double>& multiple,
                   std::vector<MarketChannels::Entry>& out) = nullptr;
  // Extra shares of the issuer `from` by the treasury stock method (warrants).
  double (*extra_shares)(const TickContext& ctx, std::int32_t c) = nullptr;
  // What the contract is worth to `to` as an asset not yet on its balance sheet (unvested
  // warrants): booked as warrants, and an exposure of `to` to `from` for DebtRank.
  double (*held_value)(const TickContext& ctx, std::int32_t c) = nullptr;

  // ---- the contract network (analysis/contract_network.hpp): adds the contract's edge, if any.
  void (*network_edge)(const TickContext& ctx, std::int32_t c, Network& net) = nullptr;

  // ---- defaults: what happens to the open contract `c` when party `defaulter` defaults.
  void (*on_default)(TickContext& ctx, std::int32_t c, std::int32_t defaulter) = nullptr;

  // ---- roles the rules and accounts ask about
  // A purchase commitment of `from`: its rules may cut or cancel it (cut_commitment), a seller may
  // vendor-finance it, and this share of the undelivered value is the penalty. Null: not one.
  double (*cancel_penalty)(const ContractSpec& cs) = nullptr;
  // Draws the next tranche now (a draw_tranche rule); null: the kind has no such thing.
  bool (*draw_early)(TickContext& ctx, std::int32_t c, std::uint64_t cause) = nullptr;
  // Equity funding of `to` by `from`: its tranches call trace_investment, so the summary can say
  // how much of the money came back to `from` (sim/world/fund_tracing.hpp).
  bool investment = false;

  // ---- the treasury (sim/engine/cash_projection.hpp): adds to `out` what the signed contract `c`
  // will pay `firm` (one of its parties) or cost it within the projection's horizon, reading the
  // contract's pending items from `index`. Null: no cash flows (a warrant's strike is not
  // projected: it is paid only when a milestone is met, at the holder's choice).
  void (*project)(const TickContext& ctx, std::int32_t c, std::int32_t firm,
                  const ProjectionIndex& index, CashProjection& out) = nullptr;
};

const ContractKind& kind_of(ContractType t);
inline const ContractKind& kind_of(const ContractSpec& cs) {
  return kind_of(cs.type());
}

}  // namespace alchemy
