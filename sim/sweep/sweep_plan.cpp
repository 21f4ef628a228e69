#include "sim/sweep/sweep_plan.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

#include "market/rng.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/scenario/config_suggest.hpp"
#include "sim/scenario/config_values.hpp"
#include "sim/scenario/scenario_tree.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxPoints = 10'000'000;
// Common random numbers draw seed k as derive_seed(base, offset + k): beyond any run index (a
// sweep has at most a billion runs), so no common seed is an independent sweep's run seed.
constexpr std::uint64_t kCommonSeedOffset = std::uint64_t{1} << 40;

// A grid value rounded to 12 significant digits: from + (to − from)·i/(n − 1) leaves noise in
// the last bits (0.15999999999999998 for 0.16), which would show in every table.
double tidy(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.12g", v);
  return std::strtod(buf, nullptr);
}

// A value made for a parameter: whole cents when its bounds are amounts (a money key refuses
// fractions of a cent), else a number (a grid's tidied).
ConfigNode made_value(const SweepParameter& p, double v) {
  return ConfigNode::scalar_at(number_text(p.money ? std::round(v * 100.0) / 100.0 : v),
                               p.key_where);
}

// The values a parameter takes in a grid, or picks from when sampled. Generated numbers are
// located at the key, so a value the scenario rejects is reported at the parameter's line.
std::vector<ConfigNode> listed_values(const SweepParameter& p) {
  if (p.kind == SweepParameter::Kind::values) return p.values;
  std::vector<ConfigNode> out;
  if (p.kind != SweepParameter::Kind::grid) return out;
  for (std::int64_t i = 0; i < p.steps; ++i) {
    // from + (to − from)·i/(steps − 1), with both ends exact.
    const double v = i == 0             ? p.from
                     : i + 1 == p.steps ? p.to
                                        : p.from + (p.to - p.from) * static_cast<double>(i) /
                                                       static_cast<double>(p.steps - 1);
    out.push_back(made_value(p, tidy(v)));
  }
  return out;
}

std::vector<std::string> firm_ids(const ScenarioSpec& s) {
  std::vector<std::string> ids;
  for (const FirmSpec& f : s.firms)
    ids.push_back(f.id);
  return ids;
}

std::string shell_word(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./=%:+,").find(c) != std::string_view::npos;
  });
  if (plain) return s;
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::vector<std::vector<double>> unit_samples(Sampling sampling, std::size_t samples,
                                              std::size_t dims, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::vector<double>> u(samples, std::vector<double>(dims, 0.0));
  for (std::size_t d = 0; d < dims; ++d) {
    if (sampling == Sampling::latin_hypercube) {
      std::vector<std::size_t> stratum(samples);
      std::iota(stratum.begin(), stratum.end(), std::size_t{0});
      for (std::size_t i = samples; i > 1; --i) {  // Fisher–Yates
        std::swap(stratum[i - 1], stratum[rng.below(i)]);
      }
      for (std::size_t k = 0; k < samples; ++k) {
        u[k][d] = (static_cast<double>(stratum[k]) + rng.uniform()) / static_cast<double>(samples);
      }
    } else {
      for (std::size_t k = 0; k < samples; ++k)
        u[k][d] = rng.uniform();
    }
  }
  return u;
}

SweepPlan SweepPlan::load(const fs::path& sweep_file) {
  return from_spec(load_sweep_spec(sweep_file));
}

SweepPlan SweepPlan::from_spec(SweepSpec sweep) {
  SweepPlan plan;
  plan.spec_ = std::move(sweep);
  const SweepSpec& spec = plan.spec_;
  std::error_code ec;
  if (!fs::is_regular_file(spec.base, ec)) {
    throw ConfigError(spec.base_where, "base",
                      "cannot read the scenario file " + spec.base.string() +
                          " (the path is relative to the sweep file)");
  }
  plan.base_tree_ = load_scenario_tree(spec.base);
  const LoadedScenario base = scenario_from_tree(plan.base_tree_);
  plan.base_seed_ = spec.seed.value_or(base.spec.seed);
  plan.base_sha256_ = sha256_hex(base.resolved_yaml);
  const std::vector<std::string> ids = firm_ids(base.spec);

  // Outcomes: firms of the scenario, in the order the sweep file lists them.
  if (spec.outcomes.empty()) {
    plan.reported_ = ids;
  } else {
    for (std::size_t i = 0; i < spec.outcomes.size(); ++i) {
      if (std::find(ids.begin(), ids.end(), spec.outcomes[i]) == ids.end()) {
        throw ConfigError(spec.outcomes_where[i], "outcomes[" + std::to_string(i) + "]",
                          "no firm '" + spec.outcomes[i] + "' in " + spec.base.string() +
                              did_you_mean(spec.outcomes[i], ids));
      }
    }
    plan.reported_ = spec.outcomes;
  }
  plan.columns_ = alchemy::metric_columns(plan.reported_);

  // Key paths first, each on its own, located at the key: a misspelt path is reported as such
  // rather than as whatever the first value would trip over.
  std::vector<std::vector<ConfigNode>> choices;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const SweepParameter& p = spec.parameters[i];
    plan.keys_.push_back(p.key);
    choices.push_back(listed_values(p));
    ConfigNode probe = choices.back().empty()
                           ? ConfigNode::scalar_at(number_text(p.from), p.key_where)
                           : choices.back().front();
    probe.relocate(p.key_where);
    ConfigNode scratch = plan.base_tree_;
    set_scenario_value(scratch, p.key, probe);
  }

  // Points.
  const std::size_t dims = spec.parameters.size();
  if (spec.sampling == Sampling::grid) {
    std::size_t total = 1;
    for (const auto& c : choices) {
      total *= c.size();
      if (total > kMaxPoints) {
        throw ConfigError(spec.parameters.front().where, "parameters",
                          "the grid has more than " + std::to_string(kMaxPoints) +
                              " points; sample it (sampling: latin_hypercube) instead");
      }
    }
    for (std::size_t n = 0; n < total; ++n) {
      std::vector<ConfigNode> point(dims);
      std::size_t rest = n;
      for (std::size_t d = dims; d-- > 0;) {  // the first parameter varies slowest
        point[d] = choices[d][rest % choices[d].size()];
        rest /= choices[d].size();
      }
      plan.points_.push_back(std::move(point));
    }
  } else {
    const auto u = unit_samples(spec.sampling, static_cast<std::size_t>(spec.samples), dims,
                                derive_seed(plan.base_seed_, stable_hash("sweep:sampling")));
    for (const auto& row : u) {
      std::vector<ConfigNode> point(dims);
      for (std::size_t d = 0; d < dims; ++d) {
        const SweepParameter& p = spec.parameters[d];
        if (p.kind == SweepParameter::Kind::range) {
          point[d] = made_value(p, p.from + (p.to - p.from) * row[d]);
        } else {
          const auto n = choices[d].size();
          point[d] = choices[d][std::min(
              n - 1, static_cast<std::size_t>(row[d] * static_cast<double>(n)))];
        }
      }
      plan.points_.push_back(std::move(point));
    }
  }
  if (spec.seeds > 1'000'000'000ULL / plan.points_.size()) {
    throw ConfigError(SourceLocation{spec.file.string(), 0, 0}, "seeds",
                      "points × seeds is more than a billion runs");
  }

  // Every point's scenario, checked now so that no bad value surfaces hours into a sweep.
  std::string digest = "alchemy sweep v1\nbase_seed " + std::to_string(plan.base_seed_) +
                       "\nseeds " + std::to_string(spec.seeds) +
                       (spec.random_numbers == RandomNumbers::common ? " common" : "") + "\nbase " +
                       plan.base_sha256_ + "\nkeys";
  for (const auto& k : plan.keys_)
    digest += "\t" + k;
  digest += "\ncolumns";
  for (const auto& c : plan.columns_)
    digest += "\t" + c.name;
  digest += "\n";
  for (std::size_t n = 0; n < plan.points_.size(); ++n) {
    std::vector<std::string> texts;
    for (const ConfigNode& v : plan.points_[n])
      texts.push_back(v.text);
    const LoadedScenario s = plan.scenario(n);
    if (firm_ids(s.spec) != ids) {
      throw ConfigError(spec.parameters.front().key_where, "parameters",
                        "point " + std::to_string(n) +
                            " changes the scenario's firms; a sweep "
                            "must keep the same firms in every point");
    }
    for (const auto& t : texts)
      digest += t + "\t";
    digest += "\n";
    plan.texts_.push_back(std::move(texts));
  }
  plan.hash_ = sha256_hex(digest);
  return plan;
}

std::uint64_t SweepPlan::seed_of(std::size_t run) const {
  if (spec_.random_numbers == RandomNumbers::common) {
    return derive_seed(base_seed_, kCommonSeedOffset + seed_index_of(run));
  }
  return derive_seed(base_seed_, run);
}

const std::vector<std::string>& SweepPlan::point_values(std::size_t point) const {
  return texts_.at(point);
}

LoadedScenario SweepPlan::scenario(std::size_t point) const {
  ConfigNode tree = base_tree_;
  const auto& values = points_.at(point);
  for (std::size_t d = 0; d < values.size(); ++d)
    set_scenario_value(tree, keys_[d], values[d]);
  return scenario_from_tree(tree);
}

std::string SweepPlan::reproduce_command(std::size_t run) const {
  std::string cmd =
      "alchemy run " + shell_word(spec_.base.string()) + " --seed " + std::to_string(seed_of(run));
  const auto& values = points_.at(point_of(run));
  for (std::size_t d = 0; d < values.size(); ++d) {
    cmd += " --set " + shell_word(keys_[d] + "=" + values[d].text);
  }
  return cmd;
}

}  // namespace alchemy
