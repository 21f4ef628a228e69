// The baseline's DOT at every month end of its ten years goes through Graphviz (`dot -Tsvg`),
// which must accept each one; the SVG must hold exactly the nodes and arrows the DOT declares
// (one node per firm and per legend box, one arrow per arrow statement). One simulation, stepped
// from month end to month end, so the 120 dates take seconds, not 120 runs.
//
// Exit 0: all dates rendered; 77 (ctest SKIP_RETURN_CODE): Graphviz is not installed; 1: a DOT
// was rejected or an SVG does not match, with the date and the reason.

#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "sim/analysis/contract_network.hpp"
#include "sim/analysis/dot_export.hpp"
#include "sim/analysis/loop_edges.hpp"
#include "sim/cli/graphviz_render.hpp"
#include "sim/engine/engine.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/folder/environment_error.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace alchemy;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

int check_all() {
  const LoadedScenario s =
      load_scenario(std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml");
  const CompiledScenario rules = compile_scenario(s.spec);
  World world = make_world(s.spec, s.spec.seed);
  MemorySink sink;
  std::vector<std::string> ids;
  for (const auto& f : s.spec.firms)
    ids.push_back(f.id);
  int dates = 0;
  std::size_t loop_arrows = 0;
  for (Date first = s.spec.start.plus_months(1);; first = first.plus_months(1)) {
    const Date month_end = first.plus_days(-1);
    if (month_end > s.spec.end) break;
    RunOptions opt;
    opt.until = month_end;
    continue_run(s.spec, world, sink, opt);
    // Only the state matters here: drop what the month recorded.
    sink.events.clear();
    sink.rows.clear();
    sink.market_rows.clear();
    sink.loop_rows.clear();
    TickContext ctx{s.spec, world, sink, rules};
    const Network net = contract_network(ctx);
    DotOptions options;
    options.title = s.spec.name + ": contract network on " + world.date.iso();
    options.loop_edges = loop_edges(analyse_loops(ctx).circuits, ids);
    std::ostringstream dot;
    write_dot(net, dot, options);
    const std::string text = dot.str();
    std::string svg;
    try {
      svg = render_with_graphviz(text, "svg");
    } catch (const EnvironmentError& e) {
      if (dates == 0) {
        std::printf("SKIP: Graphviz's dot is not installed (tools/install-deps installs it): %s\n",
                    e.what());
        return 77;
      }
      throw;
    }
    const std::size_t arrows = count(text, " -> ");
    // Every node and arrow statement starts its attributes with the label.
    const std::size_t nodes = count(text, "\" [label=") - arrows;  // firms and legend boxes
    if (count(svg, "class=\"node\"") != nodes || count(svg, "class=\"edge\"") != arrows ||
        svg.find("</svg>") == std::string::npos) {
      std::printf("FAIL %s: the SVG has %zu nodes and %zu arrows, the DOT %zu and %zu\n",
                  month_end.iso().c_str(), count(svg, "class=\"node\""),
                  count(svg, "class=\"edge\""), nodes, arrows);
      return 1;
    }
    loop_arrows += count(text, "loop=\"true\"");
    ++dates;
  }
  std::printf("%d month ends rendered by dot -Tsvg (%zu arrows on loops in all)\n", dates,
              loop_arrows);
  // Ten years of month ends; fewer means the loop above stopped early.
  return dates == 120 ? 0 : 1;
}

}  // namespace

int main() {
  try {
    return check_all();
  } catch (const std::exception& e) {
    std::printf("FAIL: %s\n", e.what());
    return 1;
  }
}
