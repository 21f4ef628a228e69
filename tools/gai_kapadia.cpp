// gai_kapadia: Monte Carlo of the Gai & Kapadia (2010) contagion window on Erdős–Rényi networks.
// For each mean degree z it draws networks of --firms banks with Gai–Kapadia balance sheets
// (capital 4% and interbank assets 20% of total assets, zero recovery), defaults one bank chosen
// at random, and records whether contagion happened (at least --threshold of all banks in
// default, the shocked one included: Gai & Kapadia's 5%) and, if so, its extent.
//
// Output, CSV on stdout: mean_degree,probability_of_contagion,conditional_extent
// (conditional_extent: mean share of banks in default over the draws with contagion; empty when
// there were none). Every draw's seed is derived from (--seed, degree index, draw index), so the
// curve does not depend on the order the draws run in.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "market/gai_kapadia.hpp"
#include "market/rng.hpp"
#include "market/synthetic_network.hpp"

namespace {

struct Flags {
  std::size_t firms = 1000;
  std::size_t draws = 1000;
  double min_degree = 0.5;
  double max_degree = 12.0;
  double step = 0.5;
  double threshold = 0.05;
  double capital_ratio = 0.04;
  double interbank_share = 0.20;
  std::uint64_t seed = 2010;
};

void usage() {
  std::fputs(
      "usage: gai_kapadia [--draws N] [--seed S] [--firms N] [--min Z] [--max Z] [--step DZ]\n"
      "                   [--threshold SHARE] [--capital-ratio R] [--interbank-share S]\n"
      "Prints mean_degree,probability_of_contagion,conditional_extent as CSV.\n",
      stderr);
}

bool parse(int argc, char** argv, Flags& f) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--help" || a == "-h") return false;
    if (i + 1 >= argc) {
      std::fprintf(stderr, "gai_kapadia: %s needs a value\n", argv[i]);
      return false;
    }
    const char* v = argv[++i];
    char* end = nullptr;
    if (a == "--draws")
      f.draws = std::strtoull(v, &end, 10);
    else if (a == "--seed")
      f.seed = std::strtoull(v, &end, 10);
    else if (a == "--firms")
      f.firms = std::strtoull(v, &end, 10);
    else if (a == "--min")
      f.min_degree = std::strtod(v, &end);
    else if (a == "--max")
      f.max_degree = std::strtod(v, &end);
    else if (a == "--step")
      f.step = std::strtod(v, &end);
    else if (a == "--threshold")
      f.threshold = std::strtod(v, &end);
    else if (a == "--capital-ratio")
      f.capital_ratio = std::strtod(v, &end);
    else if (a == "--interbank-share")
      f.interbank_share = std::strtod(v, &end);
    else {
      std::fprintf(stderr, "gai_kapadia: unknown flag %s\n", argv[i - 1]);
      return false;
    }
    if (end == v || *end != '\0') {
      std::fprintf(stderr, "gai_kapadia: bad value '%s' for %s\n", v, argv[i - 1]);
      return false;
    }
  }
  if (f.firms < 2 || f.draws == 0 || !(f.step > 0.0) || f.max_degree < f.min_degree) {
    std::fputs("gai_kapadia: need --firms >= 2, --draws >= 1, --step > 0, --max >= --min\n",
               stderr);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  if (!parse(argc, argv, f)) {
    usage();
    return 2;
  }
  const auto levels = static_cast<std::size_t>((f.max_degree - f.min_degree) / f.step + 1e-9) + 1;
  std::puts("mean_degree,probability_of_contagion,conditional_extent");
  for (std::size_t level = 0; level < levels; ++level) {
    const double z = f.min_degree + f.step * static_cast<double>(level);
    const std::uint64_t level_seed = alchemy::derive_seed(f.seed, level);
    std::size_t hits = 0;
    double extent = 0.0;
    for (std::size_t d = 0; d < f.draws; ++d) {
      alchemy::Rng rng(alchemy::derive_seed(level_seed, d));
      const auto edges = alchemy::erdos_renyi(f.firms, z, rng);
      const auto system =
          alchemy::gai_kapadia_balance_sheets(edges, f.firms, f.capital_ratio, f.interbank_share);
      const auto shocked = static_cast<alchemy::FirmIndex>(rng.below(f.firms));
      const auto cascade = alchemy::gai_kapadia_cascade(system, shocked);
      const double share =
          static_cast<double>(cascade.default_count) / static_cast<double>(f.firms);
      if (share >= f.threshold) {
        ++hits;
        extent += share;
      }
    }
    const double probability = static_cast<double>(hits) / static_cast<double>(f.draws);
    if (hits > 0) {
      std::printf("%g,%.4f,%.4f\n", z, probability, extent / static_cast<double>(hits));
    } else {
      std::printf("%g,%.4f,\n", z, probability);
    }
    std::fflush(stdout);
  }
  return 0;
}
