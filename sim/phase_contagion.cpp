// Phase 6, contagion: a firm that has been unable to pay what is due for longer than the grace
// period, and could not raise, defaults. Its creditors are paid by the clearing of
// market/clearing.hpp; losses travel to their balance sheets and prices, repeated to a fixed
// point within the tick.

#include "sim/contagion.hpp"
#include "sim/tick_context.hpp"

namespace alchemy {

void run_contagion_phase(TickContext& ctx) { resolve_defaults(ctx); }

}  // namespace alchemy
