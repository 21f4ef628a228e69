// `alchemy cascades RUN_DIR [--format text|json] [--counterfactual]`: a finished run's defaults as
// cascade trees (sim/analysis/cascades.hpp; MODEL.md §7.23). By cause links from the run's
// events alone; with --counterfactual the run is simulated again from its scenario once per
// default, that firm rescued from the tick before (sim/run/counterfactual.hpp), and the trees use
// the edges both definitions agree on. The scenario is read from the file the manifest names,
// with the run's --set overrides and --with shocks file, and must resolve to the SHA-256 the
// manifest recorded.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/analysis/cascades.hpp"
#include "sim/cli/cli_command.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/output/money_text.hpp"
#include "sim/report/run_folder_reader.hpp"
#include "sim/run/counterfactual.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/scenario/shocks_file.hpp"

namespace alchemy {

namespace {

namespace fs = std::filesystem;

struct CascadesArgs {
  std::string dir;
  std::string format = "text";
  bool counterfactual = false;
};

// The run's scenario as it ran: the manifest's file with the run's --set overrides and the
// shocks of its --with file.
struct RunScenario {
  ScenarioSpec spec;
  std::uint64_t seed = 0;
  std::optional<Date> until;
};

RunScenario scenario_of_run(const fs::path& dir, const RunIdentity& run) {
  ConfigNode tree = load_scenario_tree(run.scenario_file);
  for (std::size_t k = 0; k + 1 < run.command_line.size(); ++k) {
    if (run.command_line[k] == "--set") apply_scenario_override(tree, run.command_line[k + 1]);
  }
  for (std::size_t k = 0; k + 1 < run.command_line.size(); ++k) {
    if (run.command_line[k] == "--with")
      append_shocks(tree, read_shocks_file(run.command_line[k + 1]));
  }
  const LoadedScenario loaded = scenario_from_tree(tree);
  if (sha256_hex(loaded.resolved_yaml) != run.scenario_sha256) {
    throw OutputDirError(dir.string() + ": " + run.scenario_file +
                         " no longer resolves to the scenario the run used (its SHA-256 differs "
                         "from the manifest's); --counterfactual needs that scenario");
  }
  RunScenario r;
  r.seed = run.seed;
  r.spec = with_generated_network(loaded.spec, r.seed);
  r.until = run.until;
  return r;
}

void run_counterfactuals(CascadeAnalysis& a, const RunScenario& run) {
  for (std::size_t k = 0; k < a.defaults.size(); ++k) {
    const CascadeDefault& x = a.defaults[k];
    const RescueFork f = rescue_fork(run.spec, run.seed, x.firm, x.date, run.until);
    a.defaults[k].exposure = default_exposure(run.spec, f.at_fork, x.firm);
    std::vector<std::optional<Date>> dates(a.defaults.size());
    for (std::size_t y = k + 1; y < a.defaults.size(); ++y)
      dates[y] = first_default(f.fork, a.defaults[y].firm);
    add_rescue(a, k, dates);
  }
  finish_counterfactual(a);
}

std::string percent(double share) {
  return fmt::format("{:.1f} %", 100.0 * share);
}

std::string name_of(const std::vector<std::string>& ids, std::int32_t i) {
  return i >= 0 && static_cast<std::size_t>(i) < ids.size() ? ids[static_cast<std::size_t>(i)]
                                                            : "outside";
}

std::string line_name(const RunData& d, const CascadeLine& l) {
  if (l.contract >= 0) {
    return name_of(d.contract_ids, l.contract) + " (" + name_of(d.firm_ids, l.counterparty) + ")";
  }
  return l.line + (l.counterparty >= 0 ? " (" + name_of(d.firm_ids, l.counterparty) + ")" : "");
}

// The partners whose net exposure is above 1 % of their value (MODEL.md §7.15), largest share
// first: each part that is not 0 and the move the exposure predicts.
void print_exposure(std::string& out, const RunData& d, const DefaultExposure& x,
                    const std::string& indent) {
  std::vector<const PartnerExposure*> shown;
  for (const PartnerExposure& p : x.partners) {
    if (std::abs(p.net) > 0.01 * p.value) shown.push_back(&p);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const auto* a, const auto* b) {
    return std::abs(a->net) / a->value > std::abs(b->net) / b->value;
  });
  out += fmt::format(
      "{}partners' exposure the tick before (its PD {:.3f}){}\n", indent, x.default_probability,
      shown.empty() ? ": none above 1 % of their value" : ", above 1 % of their value:");
  for (const PartnerExposure* p : shown) {
    std::string parts;
    const auto part = [&](const char* name, double v) {
      if (v != 0.0) parts += fmt::format("  {} {}", name, money_text(v));
    };
    part("backlog", p->backlog);
    part("stake", p->stake);
    part("warrant", p->warrant);
    part("funding", p->funding);
    part("loans", p->loans);
    part("receivables", p->receivables);
    part("commitments", p->commitments);
    part("dilution", p->dilution);
    out += fmt::format("{}  {}  {} of its value, predicted move {:+.1f} %{}\n", indent,
                       name_of(d.firm_ids, p->partner), percent(p->net / p->value),
                       100.0 * x.predicted_move(*p) + 0.0, parts);  // + 0.0: no "-0.0"
  }
}

void print_tree(std::string& out, const RunData& d, const CascadeAnalysis& a, std::size_t k,
                const std::string& indent) {
  const CascadeDefault& x = a.defaults[k];
  const std::string firm = name_of(d.firm_ids, x.firm);
  if (x.parent < 0) {
    out += fmt::format("{}{}  {}  owed {}  recovered {}\n", indent, firm, x.date.iso(),
                       money_text(x.due), percent(x.recovery));
  } else {
    const CascadeDefault& p = a.defaults[static_cast<std::size_t>(x.parent)];
    out += fmt::format("{}└─ {}  {}  {} days later  owed {}  recovered {}\n", indent, firm,
                       x.date.iso(), x.date.days() - p.date.days(), money_text(x.due),
                       percent(x.recovery));
  }
  const std::string more = indent + (x.parent < 0 ? "  " : "     ");
  if (x.decomposed) {
    out +=
        fmt::format("{}shortfall {} against its projection of {} days before{}\n", more,
                    money_text(x.shortfall), static_cast<long>(x.reference_days),
                    x.stale ? " (stale: that projection's window ended before the default)" : "");
    for (const CascadeLine& l : x.lines) {
      if (l.share < 0.0005) continue;  // lines that gained, or round to 0.0 %
      out += fmt::format("{}  {:>6}  {}  expected {}, got {}\n", more, percent(l.share),
                         line_name(d, l), money_text(l.expected), money_text(l.realised));
    }
  }
  // With the counterfactual: what rescuing this firm does to every later default.
  std::string rescued;
  for (std::size_t y = k + 1; y < a.defaults.size(); ++y) {
    for (const CascadeDefault::Rescue& r : a.defaults[y].rescues) {
      if (r.rescued != static_cast<std::int32_t>(k)) continue;
      const CascadeDefault& later = a.defaults[y];
      rescued +=
          fmt::format("{}{} {}", rescued.empty() ? "" : ", ", name_of(d.firm_ids, later.firm),
                      r.date ? fmt::format("{} ({:+} days{})", r.date->iso(),
                                           r.date->days() - later.date.days(),
                                           later.joins(r.rescued) ? ", joins" : "")
                             : std::string("no default (joins)"));
    }
  }
  if (!rescued.empty()) out += fmt::format("{}rescued from the tick before: {}\n", more, rescued);
  if (x.exposure) print_exposure(out, d, *x.exposure, more);
  for (std::size_t y = k + 1; y < a.defaults.size(); ++y) {
    if (a.defaults[y].parent == static_cast<std::int32_t>(k)) print_tree(out, d, a, y, more);
  }
}

std::string text(const RunData& d, const CascadeAnalysis& a) {
  if (a.defaults.empty()) return "no defaults in this run\n";
  std::string out;
  for (std::size_t k = 0; k < a.defaults.size(); ++k) {
    if (a.defaults[k].parent >= 0) continue;
    const CascadeSizes s = cascade_sizes(a, k);
    const std::size_t drawn = a.counterfactual ? s.both : s.links;
    out += fmt::format("cascade started by {} on {}: {} default{} (cause links {}",
                       name_of(d.firm_ids, a.defaults[k].firm), a.defaults[k].date.iso(), drawn,
                       drawn == 1 ? "" : "s", s.links);
    out += a.counterfactual
               ? fmt::format(", counterfactual {}, both {})\n", s.counterfactual, s.both)
               : std::string(")\n");
    print_tree(out, d, a, k, "  ");
  }
  return out;
}

nlohmann::json json_of(const RunData& d, const CascadeAnalysis& a) {
  using nlohmann::json;
  auto opt = [](std::int32_t i, const std::vector<std::string>& ids) {
    return i >= 0 ? json(name_of(ids, i)) : json(nullptr);
  };
  json cascades = json::array();
  for (std::size_t k = 0; k < a.defaults.size(); ++k) {
    if (a.defaults[k].parent >= 0) continue;
    const CascadeSizes s = cascade_sizes(a, k);
    json members = json::array();
    for (std::size_t y = k; y < a.defaults.size(); ++y) {
      // The drawn tree: the root and every default whose chain of parents reaches it.
      std::int32_t p = static_cast<std::int32_t>(y);
      while (p >= 0 && static_cast<std::size_t>(p) != k)
        p = a.defaults[static_cast<std::size_t>(p)].parent;
      if (p < 0) continue;
      const CascadeDefault& x = a.defaults[y];
      json lines = json::array();
      for (const CascadeLine& l : x.lines) {
        lines.push_back({{"line", l.line},
                         {"contract", opt(l.contract, d.contract_ids)},
                         {"counterparty", opt(l.counterparty, d.firm_ids)},
                         {"expected", l.expected},
                         {"realised", l.realised},
                         {"projected", l.projected},
                         {"loss", l.loss},
                         {"share", l.share},
                         {"cause_seq", l.event}});
      }
      json rescues = json::array();
      for (const auto& r : x.rescues) {
        rescues.push_back(
            {{"rescued", name_of(d.firm_ids, a.defaults[static_cast<std::size_t>(r.rescued)].firm)},
             {"default", r.date ? json(r.date->iso()) : json(nullptr)},
             {"joins", x.joins(r.rescued)}});
      }
      json exposure = nullptr;
      if (x.exposure) {
        json partners = json::array();
        for (const PartnerExposure& p : x.exposure->partners) {
          partners.push_back({{"firm", name_of(d.firm_ids, p.partner)},
                              {"value", p.value},
                              {"net", p.net},
                              {"predicted_move", x.exposure->predicted_move(p)},
                              {"backlog", p.backlog},
                              {"stake", p.stake},
                              {"warrant", p.warrant},
                              {"funding", p.funding},
                              {"loans", p.loans},
                              {"receivables", p.receivables},
                              {"commitments", p.commitments},
                              {"dilution", p.dilution},
                              {"survival", p.survival}});
        }
        exposure = {{"default_probability", x.exposure->default_probability},
                    {"partners", partners}};
      }
      auto parent_firm = [&](std::int32_t i) {
        return i >= 0 ? json(name_of(d.firm_ids, a.defaults[static_cast<std::size_t>(i)].firm))
                      : json(nullptr);
      };
      members.push_back({{"firm", name_of(d.firm_ids, x.firm)},
                         {"date", x.date.iso()},
                         {"seq", x.seq},
                         {"parent", parent_firm(x.parent)},
                         {"link_parent", parent_firm(x.link_parent)},
                         {"link_share", x.link_share},
                         {"counterfactual_parent",
                          a.counterfactual ? parent_firm(x.counterfactual_parent) : json(nullptr)},
                         {"due", x.due},
                         {"recovery", x.recovery},
                         {"shortfall", x.decomposed ? json(x.shortfall) : json(nullptr)},
                         {"reference_days", x.decomposed ? json(x.reference_days) : json(nullptr)},
                         {"stale", x.stale},
                         {"lines", lines},
                         {"rescues", a.counterfactual ? rescues : json(nullptr)},
                         {"exposure", exposure}});
    }
    cascades.push_back(
        {{"root", name_of(d.firm_ids, a.defaults[k].firm)},
         {"date", a.defaults[k].date.iso()},
         {"size_links", s.links},
         {"size_counterfactual", a.counterfactual ? json(s.counterfactual) : json(nullptr)},
         {"size_both", a.counterfactual ? json(s.both) : json(nullptr)},
         {"defaults", members}});
  }
  return {{"counterfactual", a.counterfactual}, {"cascades", cascades}};
}

}  // namespace

void register_cascades_command(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<CascadesArgs>();
  auto* cmd = app.add_subcommand(
      "cascades",
      "a finished run's defaults as cascade trees: which default joined which, by cause links "
      "(its shortfall's lines) and, with --counterfactual, by rescuing each defaulter in a fork");
  cmd->add_option("run_dir", a->dir, "the run's folder (what `alchemy run --out` wrote)")
      ->required();
  cmd->add_option("--format", a->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->default_str("text");
  cmd->add_flag("--counterfactual", a->counterfactual,
                "also simulate the run again once per default with that firm rescued from the "
                "tick before (the scenario file must still resolve to the run's)");
  cmd->callback([a, &exit_code] {
    exit_code = exit_code_of([&] {
      const RunData data = read_run_folder(a->dir);
      CascadeAnalysis analysis = analyse_cascades(data.events);
      if (a->counterfactual) run_counterfactuals(analysis, scenario_of_run(a->dir, data.run));
      const std::string out =
          a->format == "json" ? json_of(data, analysis).dump(2) + "\n" : text(data, analysis);
      std::fwrite(out.data(), 1, out.size(), stdout);
      return 0;
    });
  });
}

}  // namespace alchemy
