#include "sim/scenario/scenario_loader.hpp"

#include "agents/strategy.hpp"
#include "sim/engine/shocks.hpp"
#include "sim/scenario/scenario_assumptions.hpp"
#include "sim/scenario/scenario_consistency.hpp"
#include "sim/scenario/scenario_detect.hpp"
#include "sim/scenario/scenario_resolve.hpp"
#include "sim/scenario/scenario_schema.hpp"
#include "sim/scenario/scenario_tree.hpp"

namespace alchemy {

ConfigNode load_scenario_tree(const std::filesystem::path& file) {
  // A sweep or network file given where a scenario is expected is named as such, not reported
  // key by key ("unknown key 'seeds'").
  require_not_csv(file.string(), FileKind::scenario, "this command");
  ConfigNode tree = load_config_with_bases(file);
  require_file_kind(tree, FileKind::scenario, "this command");
  return tree;
}

void apply_scenario_override(ConfigNode& tree, std::string_view assignment,
                             const SourceLocation& where) {
  apply_config_override(tree, scenario_schema(), assignment, where);
}

void set_scenario_value(ConfigNode& tree, std::string_view key_path, const ConfigNode& value) {
  set_config_value(tree, scenario_schema(), key_path, value);
}

LoadedScenario scenario_from_tree(const ConfigNode& tree) {
  ScenarioDraft draft;
  scenario_schema().read(draft, tree, "");
  LoadedScenario out;
  out.spec = resolve_scenario(std::move(draft), tree);
  check_consistency(out.spec, tree);
  out.assumptions = read_assumptions(tree, scenario_schema());
  ConfigNode canonical = tree;
  // The ranges describe the scenario and change no run: not part of what identifies one.
  std::erase_if(canonical.entries, [](const ConfigEntry& e) { return e.key == "assumptions"; });
  canonicalize_config(canonical, scenario_schema());
  out.resolved_yaml = emit_config_yaml(canonical);
  return out;
}

LoadedScenario load_scenario(const std::filesystem::path& file,
                             const std::vector<std::string>& overrides) {
  ConfigNode tree = load_scenario_tree(file);
  for (const std::string& o : overrides)
    apply_scenario_override(tree, o);
  return scenario_from_tree(tree);
}

namespace {

std::string cell(std::string_view t) {
  std::string out;
  for (char c : t)
    out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

constexpr std::string_view kValues = R"(### Values

| type | written as |
|---|---|
| money | `4.3B`, `160M`, `250k`, `1.5T`, `12_000_000`, `0.01`; optional `$`; suffixes k/K, M, B, T or an exponent (`50e9`); exact to the cent; at most `1000T` (10^15 USD) in size, the largest amount a run represents: it keeps every firm's amounts below it so that sums over firms fit in its 64-bit cents, and stops with exit code 4 when one grows past it (fractions of a cent are errors); negative only where the type says `money` without `≥ 0` |
| USD | an amount written like money, kept as a number (e.g. a market depth) |
| number | `0.25`, `-3`, `1e-4`, `1_000`; no `nan` or `inf`, and no denormals (nonzero and below 2.2e-308 in size). Ranges such as `0 to 10` on a volatility or `-10 to 10` on an elasticity are bounds of representability, not of economics: within them every factor a tick computes from the key is a finite double (see `sim/scenario/scenario_schema.cpp`) |
| fraction or % | a number (`0.24`) or a percentage (`24%`) |
| whole number | `7`, `1_000` |
| date | ISO 8601 `YYYY-MM-DD` |
| duration | a whole count and a unit: `90d`, `1w`, `6m`, `10y`; fractions (`0.5y`) are errors, use a smaller unit (`6m`). Months and years keep the day of the month, clamped to the month's end |
| days or duration | `30` (days) or a duration, counting `1w` = 7, `1m` = 30 and `1y` = 365 days |
| true/false | `true` or `false` |
| id | letters, digits, `_` and `-`, starting with a letter or digit |

)";

}  // namespace

std::string scenario_reference_markdown() {
  std::string out =
      "Generated from the tables the loader uses (`alchemy validate --print-reference`). A key "
      "path such as `firms[].revenue` is the `revenue` map of every item of the `firms` list. "
      "Where defaults differ by firm kind, one column per kind shows them.\n\n";
  out += kValues;
  out += sections_markdown(scenario_schema(), 3);

  out += "### Shock kinds\n\n| kind | target | value | meaning |\n|---|---|---|---|\n";
  for (const ShockKindInfo& k : shock_kinds()) {
    const char* target = k.target == ShockTarget::firm       ? "firm id"
                         : k.target == ShockTarget::contract ? "contract id"
                                                             : "—";
    out += "| `" + std::string(k.name) + "` | " + target + " | " + cell(k.value_unit) + " | " +
           cell(k.meaning) + " |\n";
  }

  out +=
      "\n### Rule conditions\n\nA rule's `when` compares observables with numbers and combines "
      "the comparisons with `and`, `or`, `not` and parentheses, e.g. "
      "`runway_months < 9 and sentiment > 0.8` or `drawdown > 30% or distress(openai)`. "
      "Some observables also take a firm id, `distress(openai)`, to observe another firm.\n\n"
      "| observable | unit | meaning |\n|---|---|---|\n";
  for (const Observable& o : observables()) {
    const std::string name(o.name);
    out += "| `" + name + (o.takes_firm ? "`, `" + name + "(firm_id)" : "") + "` | " +
           cell(o.unit) + " | " + cell(o.meaning) + " |\n";
  }
  out += "\n### Rule actions\n\n| action | parameters | meaning |\n|---|---|---|\n";
  for (const ActionInfo& a : actions()) {
    out += "| `" + std::string(a.name) + "` | " + cell(a.parameters) + " | " + cell(a.meaning) +
           " |\n";
  }
  return out;
}

}  // namespace alchemy
