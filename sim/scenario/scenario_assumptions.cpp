#include "sim/scenario/scenario_assumptions.hpp"

namespace alchemy {

namespace {

struct RangeSection {
  Section<AssumptionRange> s{
      "assumptions.<key path>",
      "The plausible range of one assumption: the key path (as for `--set`, list items by id or "
      "index) names a value the scenario writes as a number, a percentage or an amount; the "
      "range says between which bounds it could plausibly lie and why. Ranges change nothing a "
      "run computes (they are not part of the resolved scenario or its hash); "
      "`tools/sensitivity` samples them in a Latin hypercube. A derived scenario may set a "
      "value outside its range (a stress scenario does); the baseline's tests keep its values "
      "inside."};

  RangeSection() {
    s.custom("from", "number, % or money", "lower bound", "required",
             [](AssumptionRange& r, const ConfigNode& n, const std::string& p) {
               r.from = read_number_percent_or_money(n, p);
               r.from_text = n.text;
             })
        .required();
    s.custom("to", "number, % or money", "upper bound (above `from`)", "required",
             [](AssumptionRange& r, const ConfigNode& n, const std::string& p) {
               r.to = read_number_percent_or_money(n, p);
               r.to_text = n.text;
             })
        .required();
    s.custom("why", "text",
             "where the bounds come from: a source, or \"assumption: ± x % because ...\"",
             "required",
             [](AssumptionRange& r, const ConfigNode& n, const std::string& p) {
               r.why = read_scalar(n, p, "text");
               if (r.why.find_first_not_of(" \t") == std::string::npos) {
                 throw ConfigError(n.where, p, "say why the range is what it is");
               }
             })
        .required();
  }
};

const Section<AssumptionRange>& section() {
  static const RangeSection r;
  return r.s;
}

AssumptionRange read_entry(const ConfigEntry& e, const std::string& path) {
  const std::string p = path + "." + e.key;
  AssumptionRange r;
  r.key = e.key;
  r.where = e.key_where;
  section().read(r, e.value, p);
  if (!(r.from < r.to)) {
    throw ConfigError(e.value.where, p,
                      "`from` (" + r.from_text + ") must be below `to` (" + r.to_text + ")");
  }
  return r;
}

}  // namespace

const SectionInfo& assumption_range_section() {
  return section();
}

void check_assumption_entries(const ConfigNode& node, const std::string& path) {
  expect_map(node, path, "a map from key paths to ranges ({from, to, why})");
  for (const ConfigEntry& e : node.entries) {
    if (!e.value.is_null()) read_entry(e, path);
  }
}

std::vector<AssumptionRange> read_assumptions(const ConfigNode& tree, const SectionInfo& schema) {
  std::vector<AssumptionRange> out;
  const ConfigNode* node = tree.find("assumptions");
  if (!node || node->is_null()) return out;
  check_assumption_entries(*node, "assumptions");
  for (const ConfigEntry& e : node->entries) {
    if (e.value.is_null()) continue;  // a derived file removed the range
    AssumptionRange r = read_entry(e, "assumptions");
    const std::string p = "assumptions." + e.key;
    const ConfigNode* value = nullptr;
    try {
      value = find_config_value(tree, schema, e.key, e.key_where);
    } catch (const ConfigError& bad) {  // named as the range's key, where it is written
      throw ConfigError(bad.where(), p, bad.problem());
    }
    if (!value) {
      throw ConfigError(
          e.key_where, p,
          "the scenario does not set '" + e.key + "'; a range is for a value the scenario writes");
    }
    if (!value->is_scalar()) {
      throw ConfigError(e.key_where, p,
                        "'" + e.key + "' is " + std::string(value->kind_name()) + " (at " +
                            value->where.str() + "); a range is for a single number");
    }
    try {
      r.value = read_number_percent_or_money(*value, e.key);
    } catch (const ConfigError&) {
      throw ConfigError(e.key_where, p,
                        "'" + e.key + "' is '" + value->text + "' (at " + value->where.str() +
                            "); a range is for a value written as a number, a percentage or an "
                            "amount");
    }
    r.value_text = value->text;
    r.value_where = value->where;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace alchemy
