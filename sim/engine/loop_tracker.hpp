#pragma once
// Loop analysis during a run (issue 4): at each recorded step, the loop model's W at that tick's
// state (sim/engine/loop_model.hpp: the firms and the sentiment node, whose index is the firm
// count), its spectral radius ρ(W), and the strongest elementary circuits of the influence
// graph; rows go to loops.csv and events fire when ρ or a loop's per-edge gain |g|^(1/k) crosses
// its ignition level (loop_ignited) or falls back (loop_broken).

#include <string>
#include <vector>

#include "market/loops.hpp"
#include "market/spectral.hpp"
#include "sim/engine/tick_context.hpp"

namespace alchemy {

struct LoopSnapshot {
  InfluenceMatrix w;
  SpectralResult spectral;
  CircuitSearch circuits;
};

// W, ρ and the top circuits at the world's current state.
LoopSnapshot analyse_loops(const TickContext& ctx);

// "nvidia>openai>nvidia": the circuit's firms in influence order, back to the first; the
// sentiment node (index firm_ids.size()) is "sentiment".
std::string loop_name(const Circuit& c, const std::vector<std::string>& firm_ids);

// Records the snapshot (loops.csv rows) and emits ignition and breaking events.
void track_loops(TickContext& ctx);

}  // namespace alchemy
