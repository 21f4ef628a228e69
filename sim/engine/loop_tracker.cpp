#include "sim/engine/loop_tracker.hpp"

#include <algorithm>
#include <cmath>

#include "sim/engine/loop_model.hpp"
#include "sim/engine/tick_workspace.hpp"

namespace alchemy {

LoopSnapshot analyse_loops(const TickContext& ctx) {
  TickWorkspace& ws = ctx.buffers();
  LoopSnapshot s;
  s.w = loop_model(ctx).w;
  s.spectral = spectral_radius(s.w, SpectralOptions{}, &ws.components_memo);
  CircuitOptions opt;
  opt.max_length = ctx.spec.loops.max_length;
  opt.top_k = ctx.spec.loops.top_k;
  s.circuits = find_circuits(s.w, opt, &ws.components_memo);
  return s;
}

std::string loop_name(const Circuit& c, const std::vector<std::string>& firm_ids) {
  std::string name;
  const auto id = [&](std::uint32_t f) -> const std::string& {
    static const std::string sentiment = "sentiment";
    return f < firm_ids.size() ? firm_ids[f] : sentiment;
  };
  for (const auto f : c.firms)
    name += id(f) + ">";
  return name + id(c.firms.front());
}

namespace {
std::string kinds_text(const Circuit& c) {
  std::string out;
  for (const auto k : c.kinds)
    out += (out.empty() ? "" : ">") + std::string(to_string(k));
  return out;
}

// loops.csv's rows of this analysis: ρ, then every circuit in canonical order.
void send_loop_rows(TickContext& ctx, const LoopSnapshot& s) {
  const World& w = ctx.world;
  std::vector<std::string> ids;
  for (const auto& f : ctx.spec.firms)
    ids.push_back(f.id);
  LoopRow rho;
  rho.date = w.date;
  rho.tick = w.tick;
  rho.loop = "rho";
  rho.loop_class = "rho";
  rho.gain = s.spectral.rho;
  rho.per_edge_gain = s.spectral.multiplier();
  ctx.sink.loop(rho);
  for (const auto& c : s.circuits.circuits) {
    LoopRow r;
    r.date = w.date;
    r.tick = w.tick;
    r.loop = loop_name(c, ids);
    r.kinds = kinds_text(c);
    r.loop_class = std::string(to_string(c.loop_class));
    r.gain = c.gain;
    r.per_edge_gain = c.per_edge_gain;
    r.length = c.length();
    ctx.sink.loop(r);
  }
}
}  // namespace

void track_loops(TickContext& ctx) {
  const LoopSnapshot s = analyse_loops(ctx);
  if (ctx.wants.loops) send_loop_rows(ctx, s);
  World& w = ctx.world;
  const bool rho_hot = s.spectral.rho >= ctx.spec.loops.ignite_rho;
  if (rho_hot != w.rho_ignited) {
    w.rho_ignited = rho_hot;
    Event e;
    e.type = rho_hot ? EventType::loop_ignited : EventType::loop_broken;
    ctx.emit(e.with("rho", s.spectral.rho));
  }

  std::vector<std::vector<std::uint32_t>> hot;
  for (const auto& c : s.circuits.circuits) {
    if (c.per_edge_gain >= ctx.spec.loops.ignite_per_edge_gain) hot.push_back(c.firms);
  }
  std::sort(hot.begin(), hot.end());
  auto emit_change = [&](const std::vector<std::uint32_t>& firms, bool ignited) {
    double gain = 0.0, per_edge = 0.0;
    for (const auto& c : s.circuits.circuits) {
      if (c.firms == firms) {
        gain = c.gain;
        per_edge = c.per_edge_gain;
      }
    }
    Event e;
    e.type = ignited ? EventType::loop_ignited : EventType::loop_broken;
    e.firm = static_cast<std::int32_t>(firms[0]);
    // The next firm on the circuit; none (−1) when that is the sentiment node, which is no firm.
    const std::uint32_t next = firms.size() > 1 ? firms[1] : firms[0];
    e.counterparty = next < w.firms.size() ? static_cast<std::int32_t>(next) : -1;
    ctx.emit(e.with("length", static_cast<double>(firms.size()))
                 .with("gain", gain)
                 .with("per_edge_gain", per_edge));
  };
  for (const auto& f : hot) {
    if (!std::binary_search(w.ignited_loops.begin(), w.ignited_loops.end(), f))
      emit_change(f, true);
  }
  for (const auto& f : w.ignited_loops) {
    if (!std::binary_search(hot.begin(), hot.end(), f)) emit_change(f, false);
  }
  w.ignited_loops = std::move(hot);
}

}  // namespace alchemy
