// `alchemy validate SCENARIO.yaml [--set k=v ...] [--print-reference] [--assumptions]`: loads and
// checks a scenario and explains what it contains (with --assumptions: its ranged assumptions as
// CSV). It runs nothing and writes no files, so it is safe to
// use on any input; a ConfigError becomes "error: file:line:column: ..." and exit code 2.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "market/calendar.hpp"
#include "sim/cli/cli_command.hpp"
#include "sim/engine/network_generator.hpp"
#include "sim/engine/shocks.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/scenario_consistency.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace alchemy {

namespace {

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> overrides;
  bool print_reference = false;
  bool assumptions = false;
};

std::size_t tick_count(const ScenarioSpec& s) {
  std::vector<Date> closed = s.holidays;
  if (s.nyse_holidays) {
    const auto nyse = nyse_holidays(s.start.year(), s.end.year());
    closed.insert(closed.end(), nyse.begin(), nyse.end());
  }
  return MarketCalendar(std::move(closed), s.weekends_closed)
      .tick_dates(s.start, s.end, s.step)
      .size();
}

std::string csv_field(const std::string& t) {
  if (t.find_first_of(",\"\n") == std::string::npos) return t;
  std::string out = "\"";
  for (char c : t)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// One row per ranged assumption, in the scenario's order: what tools/sensitivity samples.
std::string assumptions_csv(const std::vector<AssumptionRange>& ranges) {
  std::string out = "key,value,from,to,in_range,value_at,range_at,why\n";
  for (const AssumptionRange& r : ranges) {
    out += csv_field(r.key) + "," + csv_field(r.value_text) + "," + csv_field(r.from_text) + "," +
           csv_field(r.to_text) + "," + (r.contains_value() ? "1" : "0") + "," +
           csv_field(r.value_where.str()) + "," + csv_field(r.where.str()) + "," +
           csv_field(r.why) + "\n";
  }
  return out;
}

std::string summary(const ScenarioSpec& s, const std::string& file) {
  std::string out =
      "scenario   " + (s.name.empty() ? std::string("(unnamed)") : s.name) + " (" + file + ")\n";
  if (!s.description.empty()) {
    out += "           " + s.description.substr(0, s.description.find('\n')) + "\n";
  }
  out += "period     " + s.start.iso() + " to " + s.end.iso() + ", step " +
         std::string(to_string(s.step)) + ": " + std::to_string(tick_count(s)) + " ticks\n";

  std::map<std::string, int> kinds;
  for (const FirmSpec& f : s.firms)
    ++kinds[std::string(to_string(f.kind))];
  out += "firms      " + std::to_string(s.firms.size());
  std::string sep = ": ";
  for (const auto& [kind, n] : kinds) {
    out += sep + std::to_string(n) + " " + kind;
    sep = ", ";
  }
  out += "\n";

  std::map<std::string, std::pair<int, Money>> types;
  for (const ContractSpec& c : s.contracts) {
    auto& t = types[std::string(to_string(c.type()))];
    ++t.first;
    t.second += c.amount;
  }
  out += "contracts  " + std::to_string(s.contracts.size());
  sep = ": ";
  for (const auto& [type, t] : types) {
    out += sep + std::to_string(t.first) + " " + type + " (" + format_human(t.second) + ")";
    sep = ", ";
  }
  out += "\n";

  out += "shocks     " + std::to_string(s.shocks.size()) + "\n";
  for (const ShockSpec& sh : s.shocks) {
    const ShockKindInfo& k = shock_info(sh.kind);
    out += "           " + sh.on.iso() + " " + std::string(k.name) +
           (sh.target.empty() ? "" : " " + sh.target);
    if (k.value_unit != "-") {
      char value[32];
      std::snprintf(value, sizeof value, "%g", sh.value);
      out += " " + std::string(value) + " (" + std::string(k.value_unit) + ")";
    }
    out += "\n";
  }
  if (s.network) {
    char degree[32];
    std::snprintf(degree, sizeof degree, "%g", s.network->mean_degree);
    out += "network    " + std::string(to_string(s.network->generator)) + ", " +
           std::to_string(s.network->n) + " firms, mean degree " + degree + "\n";
  }
  return out + "ok: the scenario is valid (nothing was run)\n";
}

int run_validate(const ValidateOptions& o) {
  try {
    if (o.print_reference) {
      const std::string md = scenario_reference_markdown();
      std::fwrite(md.data(), 1, md.size(), stdout);
      return 0;
    }
    if (o.scenario.empty()) {
      std::fprintf(stderr, "error: validate needs a SCENARIO file (or --print-reference)\n");
      return 2;
    }
    const LoadedScenario loaded = load_scenario(o.scenario, o.overrides);
    const std::string text =
        o.assumptions ? assumptions_csv(loaded.assumptions) : summary(loaded.spec, o.scenario);
    std::fwrite(text.data(), 1, text.size(), stdout);
    for (const std::string& w : starting_price_warnings(loaded.spec))
      std::fprintf(stderr,
                   "warning: %s: the first weeks will move the price toward the value; "
                   "check the balance sheet, revenue and valuation keys, or say why with "
                   "deliberate: \"reason\"\n",
                   w.c_str());
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}

}  // namespace

void register_validate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check a scenario file and explain what it contains (runs nothing, writes nothing)");
  cmd->add_option("scenario", options->scenario,
                  "the scenario YAML file (not needed with --print-reference)");
  cmd->add_option("--set", options->overrides,
                  "override a key after loading: key.path=value, e.g. "
                  "firms.openai.revenue.growth=0.2 (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)  // one value per --set, so a scenario may follow it
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--print-reference", options->print_reference,
                "print the reference of every scenario key (markdown) and exit");
  cmd->add_flag("--assumptions", options->assumptions,
                "print the scenario's ranged assumptions as CSV (key, value in use, range, "
                "whether the value is in it, where each is written, why) instead of the summary");
  cmd->callback([options, &exit_code] { exit_code = run_validate(*options); });
}

}  // namespace alchemy
