// The sweep file's keys, declared once with the loader's Section tables: the same tables read the
// file, reject unknown keys with "did you mean", and write the reference.

#include "sim/sweep/sweep_spec.hpp"

#include <set>

#include "sim/scenario/config_schema.hpp"
#include "sim/scenario/config_suggest.hpp"
#include "sim/scenario/scenario_detect.hpp"

namespace alchemy {

namespace {

struct Bounds {
  double from = 0.0;
  double to = 0.0;
  std::int64_t steps = 0;
  bool money = false;  // a bound written as an amount (4.3B)
};

// A bound: a number, a percentage (24%) or an amount of money (4.3B).
double read_bound(const ConfigNode& n, const std::string& path, bool& money) {
  const double v = read_number_percent_or_money(n, path);
  money = money || !parse_fraction(n.text).ok();
  return v;
}

const std::vector<std::string> kSamplingNames{"grid", "random", "latin_hypercube"};
constexpr std::size_t kRandom = 1, kLatin = 2;
const std::vector<std::string> kRandomNumbersNames{"independent", "common"};

struct Schema {
  Section<SweepSpec> top{
      "",
      "A sweep file runs one scenario many times: every point of a parameter grid (or a random "
      "or Latin hypercube sample of a box), each with `seeds` seeds. Parameter keys are the "
      "scenario's `--set` paths."};
  Section<SweepParameter> parameter{
      "parameters[]",
      "One varied key. Give exactly one of `values`, `grid` or `range`. With `sampling: grid` "
      "the points are all combinations of the parameters' values (the first parameter varies "
      "slowest); with `random` or `latin_hypercube`, `samples` points are drawn: a `range` "
      "uniformly between its bounds, a `values` or `grid` list by picking one of its values."};
  Section<Bounds> grid{"parameters[].grid",
                       "`steps` evenly spaced values from `from` to `to`, both included."};
  Section<Bounds> range{"parameters[].range",
                        "A continuous interval, for `random` and `latin_hypercube` sampling."};

  Schema() {
    for (Section<Bounds>* s : {&grid, &range}) {
      s->custom("from", "number, % or money", "lower bound", "required",
                [](Bounds& b, const ConfigNode& n, const std::string& p) {
                  b.from = read_bound(n, p, b.money);
                })
          .required();
      s->custom("to", "number, % or money", "upper bound", "required",
                [](Bounds& b, const ConfigNode& n, const std::string& p) {
                  b.to = read_bound(n, p, b.money);
                })
          .required();
    }
    grid.integer("steps", &Bounds::steps, "number of values (1 gives `from` only)", 1, 1'000'000)
        .required();

    parameter
        .custom("key", "key path",
                "the scenario key to vary, as for `--set` "
                "(`firms.openai.revenue.growth`)",
                "required",
                [](SweepParameter& p, const ConfigNode& n, const std::string& path) {
                  p.key = read_scalar(n, path, "a scenario key path");
                  p.key_where = n.where;
                })
        .required();
    parameter.custom("values", "list of values", "the values, written as in a scenario file", "—",
                     [](SweepParameter& p, const ConfigNode& n, const std::string& path) {
                       expect_sequence(n, path, "a list of values, e.g. [0.1, 0.2]");
                       if (n.items.empty()) throw ConfigError(n.where, path, "the list is empty");
                       for (std::size_t i = 0; i < n.items.size(); ++i) {
                         read_scalar(n.items[i], path + "[" + std::to_string(i) + "]",
                                     "a single value");
                       }
                       p.kind = SweepParameter::Kind::values;
                       p.values = n.items;
                     });
    parameter.custom(
        "grid", "map (see `parameters[].grid`)", "evenly spaced values", "—",
        [this](SweepParameter& p, const ConfigNode& n, const std::string& path) {
          Bounds b;
          grid.read(b, n, path);
          p.kind = SweepParameter::Kind::grid;
          p.from = b.from;
          p.to = b.to;
          p.money = b.money;
          p.steps = b.steps;
        },
        &grid);
    parameter.custom(
        "range", "map (see `parameters[].range`)", "an interval to sample", "—",
        [this](SweepParameter& p, const ConfigNode& n, const std::string& path) {
          Bounds b;
          range.read(b, n, path);
          if (!(b.from < b.to)) {
            throw ConfigError(n.where, path, "`from` must be below `to`");
          }
          p.kind = SweepParameter::Kind::range;
          p.from = b.from;
          p.to = b.to;
          p.money = b.money;
        },
        &range);

    top.custom("base", "path", "the scenario file, relative to this file", "required",
               [](SweepSpec& s, const ConfigNode& n, const std::string& path) {
                 const std::string& t = read_scalar(n, path, "a scenario file path");
                 s.base = s.file.parent_path() / t;
                 s.base_where = n.where;
               })
        .required();
    top.choice("sampling", &SweepSpec::sampling,
               "how points are chosen: all combinations, or `samples` draws",
               std::vector<Sampling>{Sampling::grid, Sampling::random, Sampling::latin_hypercube},
               kSamplingNames)
        .first();
    top.set_variants("sampling", kSamplingNames,
                     [](const SweepSpec& s) { return static_cast<std::size_t>(s.sampling); });
    top.custom("samples", "whole number ≥ 1", "points drawn by random or latin_hypercube sampling",
               "required there",
               [](SweepSpec& s, const ConfigNode& n, const std::string& path) {
                 s.samples = read_integer(n, path, 1, 10'000'000);
                 s.samples_where = n.where;
               })
        .only_for({kRandom, kLatin});
    top.integer("seeds", &SweepSpec::seeds, "runs per point, each with its own seed", 1,
                100'000'000);
    top.choice("random_numbers", &SweepSpec::random_numbers,
               "independent: every run its own seed; common: the k-th seed is the same at every "
               "point (common random numbers: points differ only by their parameters)",
               std::vector<RandomNumbers>{RandomNumbers::independent, RandomNumbers::common},
               kRandomNumbersNames);
    top.custom("seed", "whole number ≥ 0",
               "base seed; run i has seed derive_seed(seed, i), whatever the threads or ranks",
               "the scenario's seed",
               [](SweepSpec& s, const ConfigNode& n, const std::string& path) {
                 s.seed = read_unsigned(n, path);
               });
    top.list("parameters", &SweepSpec::parameters, parameter, "the keys varied",
             [](const ConfigNode& item, const std::string& path) {
               int given = 0;
               for (const char* k : {"values", "grid", "range"}) {
                 const ConfigNode* v = item.find(k);
                 given += v && !v->is_null() ? 1 : 0;
               }
               if (given != 1) {
                 throw ConfigError(item.where, path,
                                   "give exactly one of values, grid or range (" +
                                       std::to_string(given) + " given)");
               }
               SweepParameter p;
               p.where = item.where;
               return p;
             })
        .required();
    top.custom(
        "outcomes", "list of firm ids", "firms reported per run", "all firms",
        [](SweepSpec& s, const ConfigNode& n, const std::string& path) {
          expect_sequence(n, path, "a list of firm ids");
          s.outcomes.clear();
          s.outcomes_where.clear();
          for (std::size_t i = 0; i < n.items.size(); ++i) {
            s.outcomes.push_back(read_identifier(n.items[i], path + "[" + std::to_string(i) + "]"));
            s.outcomes_where.push_back(n.items[i].where);
          }
        });
  }
};

const Schema& schema() {
  static const Schema s;
  return s;
}

// Checks that need several keys at once.
void check_spec(const SweepSpec& s, const ConfigNode& root) {
  const bool sampled = s.sampling != Sampling::grid;
  if (sampled && s.samples == 0) {
    const ConfigNode* n = root.find("sampling");
    throw ConfigError(n ? n->where : root.where, "samples",
                      "sampling: " + kSamplingNames[static_cast<std::size_t>(s.sampling)] +
                          " needs samples: K (the number of points drawn)");
  }
  if (s.parameters.empty()) {
    throw ConfigError(root.find("parameters")->where, "parameters",
                      "the list is empty; give at least one parameter");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < s.parameters.size(); ++i) {
    const SweepParameter& p = s.parameters[i];
    const std::string path = "parameters[" + std::to_string(i) + "]";
    if (!sampled && p.kind == SweepParameter::Kind::range) {
      throw ConfigError(p.where, path + ".range",
                        "a range is sampled: use sampling: random or latin_hypercube, or give "
                        "grid: {from, to, steps} or values: [...]");
    }
    if (p.key == "seed") {
      throw ConfigError(p.key_where, path + ".key",
                        "the sweep sets every run's seed (from its `seed` and the run index); "
                        "use `seeds` for more runs per point");
    }
    if (!seen.insert(p.key).second) {
      throw ConfigError(p.key_where, path + ".key", "'" + p.key + "' is varied twice");
    }
  }
  std::set<std::string> outcomes;
  for (std::size_t i = 0; i < s.outcomes.size(); ++i) {
    if (!outcomes.insert(s.outcomes[i]).second) {
      throw ConfigError(s.outcomes_where[i], "outcomes[" + std::to_string(i) + "]",
                        "'" + s.outcomes[i] + "' is listed twice");
    }
  }
}

}  // namespace

SweepSpec load_sweep_spec(const std::filesystem::path& file) {
  require_not_csv(file.string(), FileKind::sweep, "alchemy sweep");
  return sweep_spec_from_tree(parse_config_file(file), file);
}

SweepSpec sweep_spec_from_tree(const ConfigNode& root, const std::filesystem::path& file) {
  // A scenario or network file is named as such, not reported key by key.
  require_file_kind(root, FileKind::sweep, "alchemy sweep");
  SweepSpec s;
  s.file = file;
  schema().top.read(s, root, "");
  check_spec(s, root);
  return s;
}

std::string sweep_reference_markdown() {
  return sections_markdown(schema().top, 3);
}

}  // namespace alchemy
