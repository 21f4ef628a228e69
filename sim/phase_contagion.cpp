// Phase 6, contagion: margin calls on GPU-secured loans (sim/collateral.hpp), then defaults: a
// firm that has been unable to pay what is due for longer than the grace period defaults. Its creditors are paid by the clearing of
// market/clearing.hpp; losses travel to their balance sheets and prices, repeated to a fixed
// point within the tick.

#include "sim/collateral.hpp"
#include "sim/contagion.hpp"
#include "sim/tick_context.hpp"

namespace alchemy {

void run_contagion_phase(TickContext& ctx) {
  // Margin calls and defaults feed each other through the GPU index (seizures and liquidations
  // are fire sales): repeat until a pass changes nothing.
  for (int pass = 0; pass < ctx.spec.contagion.max_rounds; ++pass) {
    const bool seized = process_margin_calls(ctx);
    const bool defaulted = resolve_defaults(ctx);
    if (!seized && !defaulted) break;
  }
}

}  // namespace alchemy
