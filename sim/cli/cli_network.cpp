// `alchemy loops SCENARIO.yaml [--at DATE]` and `alchemy graph SCENARIO.yaml --format
// dot|graphml|json|svg|png [--at DATE]`: run the scenario up to DATE (default: the end of its
// first year), then print the loops of the influence graph, strongest first, or export the
// contract network (GraphML for Gephi, networkx and igraph; DOT styled with the loops marked, and
// rendered to SVG or PNG by Graphviz).

#include <unistd.h>
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "sim/analysis/contract_network.hpp"
#include "sim/analysis/graph_export.hpp"
#include "sim/analysis/loop_edges.hpp"
#include "sim/cli/cli_command.hpp"
#include "sim/cli/graphviz_render.hpp"
#include "sim/engine/loop_tracker.hpp"
#include "sim/run/simulate_to.hpp"

namespace alchemy {

namespace {

void add_common(CLI::App* cmd, AtOptions& o) {
  cmd->add_option("scenario", o.scenario, "scenario YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--at", o.at, "date to analyse (ISO; default: one year after the start)");
  cmd->add_option("--set", o.overrides, "override a scenario key: key.path=value (repeatable)");
}

}  // namespace

void register_loops_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<AtOptions>();
  auto* cmd =
      app.add_subcommand("loops", "the feedback loops of a scenario at a date, strongest first");
  add_common(cmd, *o);
  cmd->callback([o, &exit_code] {
    const auto s = simulate_to(*o);
    const CompiledScenario rules = compile_scenario(s->loaded.spec);
    MemorySink sink;
    TickContext ctx{s->loaded.spec, s->world, sink, rules};
    const LoopSnapshot snap = analyse_loops(ctx);
    std::vector<std::string> ids;
    for (const auto& f : s->loaded.spec.firms)
      ids.push_back(f.id);
    std::printf(
        "%s on %s: %zu firms, %zu influence edges, rho(W) = %.4f, feedback multiplier %s\n\n",
        s->loaded.spec.name.c_str(), s->world.date.iso().c_str(), ids.size(), snap.w.entry_count(),
        snap.spectral.rho,
        snap.spectral.explosive() ? "infinite (explosive)"
                                  : std::to_string(snap.spectral.multiplier()).c_str());
    std::printf("%-4s %-46s %-9s %-12s %-12s %s\n", "#", "loop (price of each moves the next)",
                "class", "gain", "per edge", "channels");
    int k = 0;
    for (const auto& c : snap.circuits.circuits) {
      std::string kinds;
      for (const auto kind : c.kinds)
        kinds += (kinds.empty() ? "" : ", ") + std::string(to_string(kind));
      std::printf("%-4d %-46s %-9s %-12.4g %-12.4g %s\n", ++k, loop_name(c, ids).c_str(),
                  std::string(to_string(c.loop_class)).c_str(), c.gain, c.per_edge_gain,
                  kinds.c_str());
    }
    if (snap.circuits.circuits.empty()) std::printf("(no loops: the influence graph is acyclic)\n");
    exit_code = 0;
  });
}

void register_graph_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<AtOptions>();
  auto format = std::make_shared<std::string>("graphml");
  auto* cmd = app.add_subcommand(
      "graph", "export the contract network at a date (dot, graphml, json, svg or png) to stdout");
  add_common(cmd, *o);
  cmd->add_option("--format", *format,
                  "dot | graphml | json, or svg | png (DOT rendered by Graphviz's dot)")
      ->check(CLI::IsMember({"dot", "graphml", "json", "svg", "png"}));
  cmd->callback([o, format, &exit_code] {
    exit_code = exit_code_of([&] {
      const bool image = *format == "svg" || *format == "png";
      // Checked before the simulation, which takes seconds: a PNG's bytes would garble a terminal.
      if (*format == "png" && ::isatty(STDOUT_FILENO) == 1) {
        throw UsageError(
            "--format png writes binary data, and standard output is a terminal: redirect it to "
            "a file (> network.png) or a program");
      }
      const auto s = simulate_to(*o);
      const CompiledScenario rules = compile_scenario(s->loaded.spec);
      MemorySink sink;
      TickContext ctx{s->loaded.spec, s->world, sink, rules};
      const Network net = contract_network(ctx);
      DotOptions dot;
      if (*format == "dot" || image) {
        std::vector<std::string> ids;
        for (const auto& f : s->loaded.spec.firms)
          ids.push_back(f.id);
        dot.loop_edges = loop_edges(analyse_loops(ctx).circuits, ids);
        dot.title = s->loaded.spec.name + ": contract network on " + s->world.date.iso();
      }
      if (image) {
        std::ostringstream text;
        write_dot(net, text, dot);
        const std::string picture = render_with_graphviz(text.str(), *format);
        std::cout.write(picture.data(), static_cast<std::streamsize>(picture.size()));
      } else {
        write_graph(net, *graph_format_from_string(*format), std::cout, dot);
      }
      std::cout.flush();
      return 0;
    });
  });
}

}  // namespace alchemy
