#include "sim/output/run_summary.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <system_error>

#include "sim/analysis/cascades.hpp"
#include "sim/analysis/systemic_impact.hpp"
#include "sim/output/money_text.hpp"
#include "sim/world/fund_tracing.hpp"
#include "sim/world/scenario_spec.hpp"
#include "sim/world/world.hpp"

namespace alchemy {

void RunSummary::begin(const RunHeader& h) {
  header_ = h;
  name_ = h.scenario ? h.scenario->name : "run";
  firms_.assign(h.firm_ids.size(), FirmLine{});
}

void RunSummary::event(const Event& e) {
  ++events_;
  if (e.type == EventType::distress && e.firm >= 0)
    ++firms_[static_cast<std::size_t>(e.firm)].distress;
  if (e.type == EventType::default_ && e.firm >= 0) {
    auto& f = firms_[static_cast<std::size_t>(e.firm)];
    f.defaulted = true;
    f.default_date = e.date.iso();
    defaults_.push_back(
        {e.date.iso(), header_.firm_ids[static_cast<std::size_t>(e.firm)], e.seq, e.cause});
  }
  if (e.type == EventType::cascade) cascades_.emplace_back(e.cause, e.fields[0].value);
  if (e.type == EventType::default_ || e.type == EventType::shortfall_line ||
      e.type == EventType::default_settled)
    default_events_.push_back(e);
  auto bigger = [](const Event& a, const Event& b) {
    const auto x = std::llabs(a.amount.in_cents()), y = std::llabs(b.amount.in_cents());
    return x != y ? x > y : a.seq < b.seq;
  };
  if (largest_.size() < 10 || bigger(e, largest_.back())) {
    largest_.insert(std::upper_bound(largest_.begin(), largest_.end(), e, bigger), e);
    if (largest_.size() > 10) largest_.pop_back();
  }
}

void RunSummary::series(const SeriesRow& r) {
  auto& f = firms_[static_cast<std::size_t>(r.firm)];
  if (first_date_.empty()) first_date_ = r.date.iso();
  last_date_ = r.date.iso();
  if (!f.started) {
    f.start_price = r.price;
    f.started = true;
  }
  f.end_price = r.price;
  f.peak = std::max(f.peak, r.price);
  if (f.peak > 0.0) f.max_drawdown = std::max(f.max_drawdown, 1.0 - r.price / f.peak);
}

void RunSummary::end_state(const World& w) {
  const ScenarioSpec& spec = *header_.scenario;
  // A firm that defaulted before this process's first tick (a run resumed or forked from a
  // checkpoint) sent no default event here; the world still knows it is gone.
  for (std::size_t i = 0; i < firms_.size() && i < w.firms.size(); ++i) {
    if (w.firms[i].defaulted && !firms_[i].defaulted) {
      firms_[i].defaulted = true;
      firms_[i].default_date = first_date_.empty() ? "before" : "before " + first_date_;
    }
  }
  // In the scenario's contract order (the trace keeps them in the order they first paid in).
  std::vector<std::int32_t> traced;
  for (const InvestmentTrace& t : w.funds.investments)
    traced.push_back(t.contract);
  std::sort(traced.begin(), traced.end());
  for (const std::int32_t c : traced) {
    const InvestmentTrace t = *investment_trace(w, c);
    const ContractSpec& cs = spec.contracts[static_cast<std::size_t>(t.contract)];
    const Money investee = traced_held(w, t.contract, static_cast<std::int32_t>(cs.to));
    round_trips_.push_back({cs.id, spec.firms[cs.from].id, spec.firms[cs.to].id,
                            t.invested.dollars(), t.came_back.dollars(), investee.dollars(),
                            (t.invested - t.came_back - t.paid_outside - investee).dollars(),
                            t.paid_outside.dollars()});
  }
  exposures_ = exposure_network(spec, w);
  const MarketState& m = w.market;
  sentiment_years_ = m.sentiment_years;
  if (m.sentiment_years > 0.0) {
    sentiment_total_ = std::sqrt(m.sentiment_change_ss / m.sentiment_years);
    sentiment_innovation_ = std::sqrt(m.sentiment_innovation_ss / m.sentiment_years);
    sentiment_feedback_ = std::sqrt(m.sentiment_feedback_ss / m.sentiment_years);
  }
}

namespace {

// Above this many live firms the summary leaves DebtRank to `alchemy debtrank` (one propagation
// per firm and variant: ~0.5 s at 1000 firms of mean degree 8, quadratic beyond).
constexpr std::size_t kMaxDebtRankFirms = 2000;

// The top 5 live firms by original DebtRank (Battiston et al. 2012), with the linear variant
// (Bardoscia et al. 2015) alongside; firms whose distress reaches nobody's equity are left out.
void print_systemic_impact(std::FILE* out, const ExposureNetwork& net) {
  if (net.exposures.empty()) return;
  std::size_t live = 0;
  for (const auto d : net.defaulted)
    live += d ? 0 : 1;
  std::fprintf(out,
               "\nsystemic impact at the end (DebtRank; share of the network's equity lost if it "
               "alone defaults):\n");
  if (live > kMaxDebtRankFirms) {
    std::fprintf(out,
                 "  skipped: %zu live firms (more than %zu); `alchemy debtrank SCENARIO --at DATE` "
                 "computes it\n",
                 live, kMaxDebtRankFirms);
    return;
  }
  const SystemicImpact impact = systemic_impact(net, DebtRankVariant::original);
  const std::vector<double> exposed_to = net.exposure_to_each();
  int shown = 0;
  for (const FirmImpact& f : impact.ranking) {
    if (shown == 5) break;
    if (net.defaulted[f.firm] || !(f.original > 0.0 || f.linear > 0.0)) continue;
    std::fprintf(out, "  %-12s original %8.4f  linear %8.4f  others exposed to it %10s\n",
                 net.firm_ids[f.firm].c_str(), f.original, f.linear,
                 money_text(exposed_to[f.firm]).c_str());
    ++shown;
  }
  if (shown == 0)
    std::fprintf(out, "  none: no firm's default would reach another firm's equity\n");
}

}  // namespace

void RunSummary::print(std::FILE* out) const {
  std::fprintf(out, "%s: %s to %s, %llu events%s\n\n", name_.c_str(), first_date_.c_str(),
               last_date_.c_str(), static_cast<unsigned long long>(events_),
               complete_ ? "" : " (INCOMPLETE)");
  std::fprintf(out, "%-12s %12s %12s %9s %10s %9s  %s\n", "firm", "start price", "end price",
               "change", "peak dd", "distress", "default");
  for (std::size_t i = 0; i < firms_.size(); ++i) {
    const auto& f = firms_[i];
    const double change = f.start_price > 0.0 ? f.end_price / f.start_price - 1.0 : 0.0;
    std::fprintf(out, "%-12s %12.2f %12.2f %+8.1f%% %9.1f%% %9d  %s\n", header_.firm_ids[i].c_str(),
                 f.start_price, f.end_price, 100.0 * change, 100.0 * f.max_drawdown, f.distress,
                 f.defaulted ? f.default_date.c_str() : "-");
  }
  if (!defaults_.empty()) {
    std::fprintf(out, "\ndefaults (who, when, and what caused it):\n");
    for (const auto& d : defaults_) {
      std::string cause = "its own shortfall";
      for (const auto& other : defaults_) {
        if (other.seq == d.cause) cause = "losses on " + other.firm;
      }
      std::fprintf(out, "  %s  %-12s  %s\n", d.date.c_str(), d.firm.c_str(), cause.c_str());
    }
    for (const auto& [first, size] : cascades_) {
      for (const auto& d : defaults_) {
        if (d.seq == first)
          std::fprintf(out, "  cascade started by %s on %s: %.0f default(s)\n", d.firm.c_str(),
                       d.date.c_str(), size);
      }
    }
    // Across ticks, by cause links (MODEL.md §7.23; `alchemy cascades` draws the trees and runs
    // the counterfactual): each root with followers, and what each follower lost on the root.
    const CascadeAnalysis links = analyse_cascades(default_events_);
    const auto& ds = links.defaults;
    const auto& ids = header_.firm_ids;
    auto firm = [&](std::int32_t i) { return ids[static_cast<std::size_t>(i)]; };
    for (std::size_t k = 0; k < ds.size(); ++k) {
      const std::size_t n = cascade_sizes(links, k).links;
      if (ds[k].link_parent >= 0 || n < 2) continue;
      std::string who;
      for (std::size_t y = k + 1; y < ds.size(); ++y) {
        const std::int32_t p = ds[y].link_parent;
        if (p < 0) continue;
        const int months = (ds[y].date.days() - ds[static_cast<std::size_t>(p)].date.days()) / 30;
        who +=
            (who.empty() ? "" : "; ") + firm(ds[y].firm) + " " + std::to_string(months) +
            " months later: " + std::to_string(static_cast<int>(100.0 * ds[y].link_share + 0.5)) +
            " % of its shortfall on lines with " + firm(ds[static_cast<std::size_t>(p)].firm);
      }
      std::fprintf(out, "  cascade by cause links started by %s on %s: %zu defaults (%s)\n",
                   firm(ds[k].firm).c_str(), ds[k].date.iso().c_str(), n, who.c_str());
    }
  }
  if (sentiment_years_ > 0.0) {
    // What moved the common factor (MODEL.md §7.12): its own innovation, and the web's feedback
    // (the sector's returns, defaults, failed raises, mean reversion).
    std::fprintf(out,
                 "\nsentiment: realised volatility %.1f %% a year (its innovation %.1f %%, the "
                 "web's feedback %.1f %%)\n",
                 100.0 * sentiment_total_, 100.0 * sentiment_innovation_,
                 100.0 * sentiment_feedback_);
  }
  if (!round_trips_.empty()) {
    // Each investment's money followed pro rata through every payment it funded (MODEL.md §7.22):
    // what reached the investor again, and where the rest is. One aligned row per investment, so
    // the report shows the block as a table.
    std::fprintf(out,
                 "\nmoney that went round (each investment's money followed pro rata through the "
                 "payments it funded):\n");
    std::fprintf(out, "  %-24s %-10s    %-10s %10s  %17s  %12s  %12s  %12s\n", "investment",
                 "investor", "investee", "invested", "came back", "investee has", "others have",
                 "paid outside");
    for (const auto& r : round_trips_) {
      char share[16];
      std::snprintf(share, sizeof share, "(%.0f%%)",
                    r.invested > 0.0 ? 100.0 * r.came_back / r.invested : 0.0);
      std::fprintf(out, "  %-24s %-10s -> %-10s %10s  %10s %6s  %12s  %12s  %12s\n",
                   r.contract.c_str(), r.investor.c_str(), r.investee.c_str(),
                   money_text(r.invested).c_str(), money_text(r.came_back).c_str(), share,
                   money_text(r.investee_holds).c_str(), money_text(r.others_hold).c_str(),
                   money_text(r.paid_outside).c_str());
    }
  }
  if (exposures_) print_systemic_impact(out, *exposures_);
  std::fprintf(out, "\nten largest events:\n");
  for (const auto& e : largest_) {
    const auto name = [&](std::int32_t i, const std::vector<std::string>& ids) {
      return i >= 0 && static_cast<std::size_t>(i) < ids.size() ? ids[static_cast<std::size_t>(i)]
                                                                : std::string("-");
    };
    std::fprintf(out, "  %s  %-20s %-10s %-10s %12s  %s\n", e.date.iso().c_str(),
                 std::string(to_string(e.type)).c_str(), name(e.firm, header_.firm_ids).c_str(),
                 name(e.counterparty, header_.firm_ids).c_str(),
                 money_text(e.amount.dollars()).c_str(),
                 name(e.contract, header_.contract_ids).c_str());
  }
}

std::string RunSummary::text() const {
  char* buf = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buf, &size);
  if (out == nullptr) throw std::system_error(errno, std::generic_category(), "open_memstream");
  print(out);
  std::fclose(out);
  std::string text(buf, size);
  std::free(buf);
  return text;
}

}  // namespace alchemy
