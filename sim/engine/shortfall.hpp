#pragma once
// A default's shortfall by cash-flow line (issue 18 item 3, MODEL.md §7.23): against the firm's
// reference (its last projection without a gap, made at t₀ for the window [t₀, T⁰)), each line's
// loss is what it expected less what it realised since and what today's projection still shows
// on the rest of the window,
//   loss_ℓ = E_ℓ − (R_ℓ + D_ℓ),   Σ_ℓ loss_ℓ = C⁰(T⁰) − (cash today + Σ_ℓ D_ℓ),
// C⁰(T⁰) being the reference's cash at the window's end. The default's cause is the event behind
// the line that lost most.

#include <cstdint>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"
#include "sim/world/event.hpp"
#include "sim/world/line_key.hpp"

namespace alchemy {

struct ContagionIndex;   // sim/engine/contagion_index.hpp
struct ProjectionIndex;  // sim/engine/cash_projection.hpp

struct TickContext;

struct ShortfallLine {
  LineKey key;
  Money expected;           // E: the reference's net on this line over [t₀, T⁰)
  Money realised;           // R: net cash moved on it since t₀ (until T⁰)
  Money projected;          // D: what today's projection shows on it over [today, T⁰)
  Money loss;               // E − (R + D)
  double share = 0.0;       // max(0, loss) / Σ max(0, loss); 0 for an offset
  std::uint64_t event = 0;  // the event behind the line (see line_event), 0: none known
};

struct Shortfall {
  bool has_reference = false;        // false: never projected without a gap (or attribution off)
  bool stale = false;                // the default is on or after T⁰: no D, R up to T⁰
  Date reference_day;                // t₀
  Date window_end;                   // T⁰
  Money reference_cash;              // cash at t₀
  Money expected_end;                // C⁰(T⁰) = cash at t₀ + Σ E
  Money cash;                        // the firm's cash at the default
  Money projected_total;             // Σ D
  Money total;                       // Σ loss
  Money positive;                    // S⁺ = Σ max(0, loss)
  double top_share = 0.0;            // the largest line's share
  std::uint64_t cause = 0;           // its event (0: none, or stale: the default's older rules)
  std::vector<ShortfallLine> lines;  // by key (kind, contract, counterparty)
};

// `firm`'s shortfall now, from its reference; call before it is marked defaulted and before its
// contracts end, so that D is what its books still held.
Shortfall decompose_shortfall(const TickContext& ctx, std::int32_t firm);
// The same for the defaults of a cascade, one after another: the projection reads the firm's
// claims and loans from the contagion phase's indexes (`by`, its claims synced with the world),
// and `projection` keeps the index's firm-independent parts from one default to the next, so a
// default costs what the firm holds, not what the world holds. The same result, bit for bit.
Shortfall decompose_shortfall(const TickContext& ctx, std::int32_t firm, const ContagionIndex& by,
                              ProjectionIndex& projection);

// Adds the default event's decomposition fields (shortfall, reference_days, top_share, stale)
// when the firm had a reference.
void add_shortfall_fields(Event& e, const Shortfall& s, Date today);

// After its `default` event (seq `default_seq`): one `shortfall_line` event per line with a loss,
// the firm's default_event set and its reference closed (nothing more is realised on it).
void record_shortfall(TickContext& ctx, std::int32_t firm, const Shortfall& s,
                      std::uint64_t default_seq);

}  // namespace alchemy
