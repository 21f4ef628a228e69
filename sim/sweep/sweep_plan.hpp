#pragma once
// A sweep expanded into runs. Points are the parameter combinations (or samples); every point is
// run with `seeds` seeds. Run indices are seed-major:
//
//     run = seed_index × points + point,   seed = derive_seed(base seed, run)
//
// or, with `random_numbers: common`, seed = derive_seed(base seed, 2⁴⁰ + seed_index): the same
// seeds at every point (common random numbers).
//
// so the runs in index order cover every point once before any point twice: a sweep stopped
// early has already seen the whole parameter space. A run's seed depends only on its index, so
// results do not depend on how runs are split over threads or ranks, and adding seeds to a sweep
// leaves the earlier runs' seeds unchanged.
//
// The plan checks every point's scenario when it is made (a bad key path or value is a
// ConfigError at the sweep file's line), but keeps only the scenario tree and each point's
// values: a run rebuilds its ScenarioSpec, which costs far less than the run and keeps memory
// flat for sweeps of many thousands of points.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/sweep/run_metrics.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace alchemy {

class SweepPlan {
 public:
  // Reads the sweep file and its scenario, expands and checks every point. Throws ConfigError.
  static SweepPlan load(const std::filesystem::path& sweep_file);
  // The same from a sweep already read (sweep_spec_from_tree).
  static SweepPlan from_spec(SweepSpec sweep);

  const SweepSpec& spec() const { return spec_; }
  std::size_t points() const { return points_.size(); }
  std::size_t seeds() const { return static_cast<std::size_t>(spec_.seeds); }
  std::size_t runs() const { return points() * seeds(); }
  std::uint64_t base_seed() const { return base_seed_; }

  std::size_t point_of(std::size_t run) const { return run % points(); }
  std::size_t seed_index_of(std::size_t run) const { return run / points(); }
  std::uint64_t seed_of(std::size_t run) const;

  // The parameter keys, and a point's values as written (list values) or generated (shortest
  // round-trip decimal) — the texts in the parameter columns of runs.csv and summary.csv.
  const std::vector<std::string>& parameter_keys() const { return keys_; }
  const std::vector<std::string>& point_values(std::size_t point) const;

  // The scenario of a point: the base with the point's values set, checked.
  LoadedScenario scenario(std::size_t point) const;
  // `alchemy run` arguments that reproduce one run (for error messages).
  std::string reproduce_command(std::size_t run) const;

  // The outcome columns of runs.csv (the same for every point: a sweep cannot change the firms).
  const std::vector<MetricColumn>& metric_columns() const { return columns_; }
  const std::vector<std::string>& reported_firms() const { return reported_; }

  // SHA-256 (hex) of everything that decides the results: the resolved base scenario, every
  // point's values, the seeds and the columns. A resumed sweep must have the same.
  const std::string& hash() const { return hash_; }
  const std::string& base_sha256() const { return base_sha256_; }

 private:
  SweepSpec spec_;
  ConfigNode base_tree_;
  std::vector<std::string> keys_;
  std::vector<std::vector<ConfigNode>> points_;  // per point, one located value per parameter
  std::vector<std::vector<std::string>> texts_;  // the same values as text
  std::vector<std::string> reported_;
  std::vector<MetricColumn> columns_;
  std::uint64_t base_seed_ = 0;
  std::string hash_;
  std::string base_sha256_;
};

// Points of a sampled sweep: for each of `samples` points and each of `dims` dimensions a number
// in [0, 1). Random: independent uniforms. Latin hypercube (McKay, Beckman & Conover 1979): each
// dimension's [0, 1) is cut into `samples` equal strata and every stratum is used exactly once,
// in an independent random order per dimension, at a uniform position within the stratum.
std::vector<std::vector<double>> unit_samples(Sampling sampling, std::size_t samples,
                                              std::size_t dims, std::uint64_t seed);

}  // namespace alchemy
