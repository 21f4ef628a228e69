// Issue 19's acceptance for prices, first bullet: over 2025, pooled over seeds 1–100, live listed
// firms only, the baseline's daily log returns must look like the stocks they stand for —
// each firm's annualised volatility in its range (MSFT 20–30 %, NVDA 45–60 %, AMD 45–60 %,
// ORCL 30–50 %, CRWV 70–120 %), daily correlations NVDA–AMD 0.4–0.7 and MSFT–NVDA 0.3–0.6,
// Lo–MacKinlay's variance ratio at 5 and 21 days in [0.85, 1.15] and at 63 and 126 days in
// [0.8, 1.2], |lag-1 autocorrelation| < 0.05 (market/price_statistics.hpp; the estimator's own
// test shows a random walk of this size passes the VR bands in 196 of 200 replications).
//
// Every criterion is measured and printed. Those the model meets are CHECKed; those it does not
// meet yet are WARNed, each with the value measured when this test was written and why, so that
// the table shows the gap and the lead turns a WARN into a CHECK as the model closes it. The
// ranges are the and are never widened here.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "market/price_statistics.hpp"
#include "sim/engine/engine.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;

namespace {

const std::string kBaseline = std::string(ALCHEMY_SOURCE_DIR) + "/configs/ai_compute_2025.yaml";

// Reads no rows: the test takes prices from the world after each tick.
class NoRows final : public OutputSink {
 public:
  Wants wants() const override { return wants_nothing; }
  void event(const Event&) override {}
};

struct Firm {
  const char* id;
  const char* ticker;
  double vol_lo, vol_hi;
};
constexpr std::array<Firm, 5> kFirms{{{"microsoft", "MSFT", 0.20, 0.30},
                                      {"nvidia", "NVDA", 0.45, 0.60},
                                      {"amd", "AMD", 0.45, 0.60},
                                      {"oracle", "ORCL", 0.30, 0.50},
                                      {"coreweave", "CRWV", 0.70, 1.20}}};
enum : std::size_t { kMsft, kNvda, kAmd, kOrcl, kCrwv };

// Each firm's daily log returns per seed over 2025, while it is listed and live: a path stops at
// the firm's first tick in default (that day's move to 0 is not a return).
struct Returns {
  std::array<ReturnPaths, kFirms.size()> by_firm;
  std::array<std::vector<bool>, kFirms.size()> defaulted;  // the path ended at a default
  double cpu_seconds = 0.0;
};

Returns measure_2025(std::uint64_t first_seed, std::uint64_t last_seed) {
  const ScenarioSpec& spec = load_scenario(kBaseline).spec;
  std::array<std::size_t, kFirms.size()> index{};
  for (std::size_t k = 0; k < kFirms.size(); ++k) {
    bool found = false;
    for (std::size_t i = 0; i < spec.firms.size(); ++i)
      if (spec.firms[i].id == kFirms[k].id) {
        index[k] = i;
        found = true;
        REQUIRE(spec.firms[i].listed);
      }
    REQUIRE(found);
  }
  Returns out;
  const std::clock_t started = std::clock();
  for (std::uint64_t seed = first_seed; seed <= last_seed; ++seed) {
    std::array<std::vector<double>, kFirms.size()> path;
    std::array<double, kFirms.size()> last_price{};
    std::array<bool, kFirms.size()> ended{};
    RunOptions opt;
    opt.until = Date::from_ymd(2025, 12, 31);
    opt.after_tick = [&](const World& w) {
      for (std::size_t k = 0; k < kFirms.size(); ++k) {
        const FirmState& f = w.firms[index[k]];
        if (ended[k]) continue;
        if (f.defaulted || !(f.price > 0.0)) {
          ended[k] = true;
          continue;
        }
        if (last_price[k] > 0.0) path[k].push_back(std::log(f.price / last_price[k]));
        last_price[k] = f.price;
      }
    };
    NoRows sink;
    run_scenario(spec, seed, sink, opt);
    for (std::size_t k = 0; k < kFirms.size(); ++k) {
      out.by_firm[k].push_back(std::move(path[k]));
      out.defaulted[k].push_back(ended[k]);
    }
  }
  out.cpu_seconds = static_cast<double>(std::clock() - started) / CLOCKS_PER_SEC;
  return out;
}

// Two firms' paths over the days both are live (a path ends at a default, so the common days
// are the shorter path's).
std::pair<ReturnPaths, ReturnPaths> common_days(const ReturnPaths& x, const ReturnPaths& y) {
  std::pair<ReturnPaths, ReturnPaths> out;
  for (std::size_t s = 0; s < x.size(); ++s) {
    const std::size_t n = std::min(x[s].size(), y[s].size());
    out.first.emplace_back(x[s].begin(), x[s].begin() + static_cast<std::ptrdiff_t>(n));
    out.second.emplace_back(y[s].begin(), y[s].begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

// What the model does not meet yet, as measured when this test was written (seeds 1–100, 2025),
// and why. A criterion named here is WARNed, every other one CHECKed. Causes: (1) AMD's
// 2025-10-06 deal day moves its price by +0.44 on average over seeds 1-60 (median +0.48; real
// +0.22: the OpenAI supply deal signed that day, its backlog priced whole at signing, at OpenAI's
// survival); without that day AMD's volatility is 0.58. After it AMD carries OpenAI's 300 B backlog
// at OpenAI's survival, which trends as OpenAI's outlook moves: AMD's VR(21) is 1.27 from
// 2025-10-07 and 1.00 before. (2) Sentiment's feedback from the AI-sector return
// (`return_weight` 0.02) makes the common factor positively autocorrelated, and the firms with
// the largest loading inherit it most (CoreWeave's sentiment_beta 4.1, NVIDIA's 3.24): with
// market.sentiment.return_weight=0, NVIDIA's VR(21, 63, 126) are 1.086, 1.144, 1.148 and
// CoreWeave's VR(21) 1.063. (3) Oracle's 0.556 is above what its inputs give its value,
// hypot(0.29, 1.57 × 0.12) = 0.35; with sentiment volatility 0 it was still 0.548, so the rest
// comes from its fundamentals and leverage (not yet diagnosed).
// Met since the default probability became a horizon probability assessed after the day's
// treasury actions and on the day's values (MODEL.md §7.20): the lag-1 autocorrelations of AMD
// (was −0.131), NVIDIA (0.050) and CoreWeave (0.062) and CoreWeave's VR(5) (1.153) — OpenAI's PD
// no longer jumps to the odds of a raise that the same day settles, or lags a commitment by a day.
struct KnownGap {
  const char* criterion;
  const char* measured;
};
constexpr KnownGap kKnownGaps[] = {
    {"AMD volatility", "0.747: its deal day (0.58 without it) (1)"},
    {"AMD VR(21)", "1.176: OpenAI's backlog at OpenAI's survival after the deal (1)"},
    {"ORCL volatility", "0.556 (0.548 without sentiment volatility before) (3)"},
    {"NVDA-AMD correlation", "0.381: AMD's own deal day and OpenAI's backlog (1)"},
    {"NVDA VR(21)", "1.161: sentiment feedback, 1.086 without it (2)"},
    {"NVDA VR(63)", "1.238: sentiment feedback, 1.144 without it (2)"},
    {"NVDA VR(126)", "1.259: sentiment feedback, 1.148 without it (2)"},
    {"CRWV VR(21)", "1.171: sentiment feedback, 1.063 without it (2)"},
};

const KnownGap* known_gap(const std::string& criterion) {
  for (const KnownGap& g : kKnownGaps)
    if (criterion == g.criterion) return &g;
  return nullptr;
}

struct Criterion {
  std::string name;
  std::optional<double> value;
  double lo, hi;
};

}  // namespace

TEST_CASE("baseline prices: 2025 over seeds 1-100 against issue 19's ranges") {
  const Returns r = measure_2025(1, 100);
  std::vector<Criterion> criteria;
  for (std::size_t k = 0; k < kFirms.size(); ++k) {
    const std::string t = kFirms[k].ticker;
    const ReturnPaths& paths = r.by_firm[k];
    criteria.push_back(
        {t + " volatility", annualised_volatility(paths), kFirms[k].vol_lo, kFirms[k].vol_hi});
    for (int q : {5, 21, 63, 126}) {
      const double band = q <= 21 ? 0.15 : 0.2;
      criteria.push_back(
          {t + " VR(" + std::to_string(q) + ")", variance_ratio(paths, q), 1.0 - band, 1.0 + band});
    }
    criteria.push_back({t + " lag-1 autocorrelation", lag1_autocorrelation(paths), -0.05, 0.05});
  }
  const auto nvda_amd = common_days(r.by_firm[kNvda], r.by_firm[kAmd]);
  const auto msft_nvda = common_days(r.by_firm[kMsft], r.by_firm[kNvda]);
  criteria.push_back(
      {"NVDA-AMD correlation", pooled_correlation(nvda_amd.first, nvda_amd.second), 0.4, 0.7});
  criteria.push_back(
      {"MSFT-NVDA correlation", pooled_correlation(msft_nvda.first, msft_nvda.second), 0.3, 0.6});

  std::ostringstream table;
  table << std::fixed << std::setprecision(4) << "issue 19's price criteria, 2025, seeds 1-100 ("
        << r.cpu_seconds << " s of CPU for the runs):";
  std::size_t met = 0;
  for (const Criterion& c : criteria) {
    REQUIRE(c.value.has_value());
    const bool in = *c.value >= c.lo && *c.value <= c.hi;
    met += in ? 1 : 0;
    table << "\n  " << std::left << std::setw(28) << c.name << std::right << std::setw(8)
          << *c.value << "  in [" << c.lo << ", " << c.hi << "]  " << (in ? "met" : "NOT met");
    INFO(c.name << " = " << *c.value << ", range [" << c.lo << ", " << c.hi << "]");
    if (const KnownGap* gap = known_gap(c.name)) {
      INFO("not met when this test was written: " << std::string(gap->measured));
      WARN(in);
      if (in) MESSAGE(c.name << " is met now: make its WARN a CHECK (remove it from kKnownGaps)");
    } else {
      CHECK(in);
    }
  }
  table << "\n  " << met << " of " << criteria.size()
        << " met; seeds in which a firm defaulted in 2025:";
  for (std::size_t k = 0; k < kFirms.size(); ++k)
    table << " " << kFirms[k].ticker << " "
          << std::count(r.defaulted[k].begin(), r.defaulted[k].end(), true);
  MESSAGE(table.str());
  // Every path is the whole year unless its firm defaulted: the calendar's 2025 has 251 NYSE
  // trading days (365 − 104 weekend days − 10 holidays by the exchange's rules; the unscheduled
  // closure of 2025-01-09 is not among them), so 250 daily returns from the first tick.
  for (std::size_t k = 0; k < kFirms.size(); ++k)
    for (std::size_t s = 0; s < r.by_firm[k].size(); ++s) {
      INFO(std::string(kFirms[k].ticker) << ", seed " << s + 1);
      if (r.defaulted[k][s])
        CHECK(r.by_firm[k][s].size() < 250);
      else
        CHECK(r.by_firm[k][s].size() == 250);
    }
  // The runs fit the suite's budget (measured 0.6 s on the development machine; the issue asks
  // for under a minute of CPU).
  CHECK(r.cpu_seconds < 60.0);
}
