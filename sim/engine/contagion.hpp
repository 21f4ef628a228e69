#pragma once
// Defaults and clearing inside the engine (issue 5).
//
// A firm defaults when it has been unable to pay what was due for longer than the grace period
// (`contagion.grace_days`), or when it is both in distress and insolvent at book (equity < 0).
// On default:
//   1. termination: its purchase commitments end and each seller gains a claim for the contract's
//      penalty on what was undelivered (a future purchase is not a debt until it falls due, so
//      only the penalty is claimed); its debt is accelerated;
//   2. liquidation: its fleet is sold to outside buyers at book × GPU index (the index that clears
//      every GPU sale of the pass, phase_contagion.cpp), its stakes at their
//      price or mark, other assets at α (Rogers & Veraart 2013), claims on other firms at β;
//   3. clearing: the defaulted firms' nominal liabilities p̄ (all claims and debt, now due) are
//      settled by the Eisenberg–Noe (2001) greatest clearing vector, solved jointly for every firm
//      that defaults in the round, outside creditors forming one sink node
//      (`contagion.external_senior` decides whether they rank before network creditors);
//   4. write-downs: each network creditor books the unpaid part of its claim as a loss.
// Losses can push creditors into insolvency and distress: the rounds repeat within the tick to a
// fixed point (at most `contagion.max_rounds`). Each default carries the seq of the default that
// caused its largest loss as `cause`, and a `cascade` event summarises the tick.

#include "sim/engine/tick_context.hpp"

namespace alchemy {

// Pays the due claims of every backstopped firm (a `backstop` shock) with a loan from its
// rescuer: before the default test, every tick.
void pay_backstopped(TickContext& ctx);

// Runs the default rounds of this pass; returns whether any firm defaulted.
bool resolve_defaults(TickContext& ctx);

// Whether any firm meets the default test now (a cheap test for quiet ticks).
bool defaults_pending(const TickContext& ctx);

}  // namespace alchemy
