#include "sim/output/run_summary.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <system_error>
#include <unordered_map>

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

// A table of up to kWholeTable rows is printed whole (every shipped scenario's are); a longer one,
// as a 10^5-firm run's would be, shows the kShownRows that matter most and counts the rest, so
// that the summary stays a page whatever the size of the run (its files hold every row).
constexpr std::size_t kWholeTable = 1000;
constexpr std::size_t kShownRows = 20;

// The indices 0..n-1 to print: all of them in order when n <= kWholeTable, else the kShownRows
// first by `before` (a strict order; ties go to the lower index, so the choice is deterministic).
template <class Before>
std::vector<std::size_t> rows_shown(std::size_t n, Before before) {
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i)
    rows[i] = i;
  if (n <= kWholeTable) return rows;
  const auto order = [&](std::size_t a, std::size_t b) {
    return before(a, b) || (!before(b, a) && a < b);
  };
  std::partial_sort(rows.begin(), rows.begin() + kShownRows, rows.end(), order);
  rows.resize(kShownRows);
  return rows;
}

}  // namespace

void RunSummary::print_firms(std::FILE* out) const {
  // Past kWholeTable firms: the live firms that fell furthest (the defaulted are in the defaults
  // block, with their causes), then the defaulted if fewer than kShownRows live.
  const auto change = [&](const FirmLine& f) {
    return f.start_price > 0.0 ? f.end_price / f.start_price - 1.0 : 0.0;
  };
  const auto rows = rows_shown(firms_.size(), [&](std::size_t a, std::size_t b) {
    const FirmLine &x = firms_[a], &y = firms_[b];
    if (x.defaulted != y.defaulted) return y.defaulted;
    if (x.max_drawdown != y.max_drawdown) return x.max_drawdown > y.max_drawdown;
    return change(x) < change(y);
  });
  if (rows.size() < firms_.size()) {
    std::size_t defaulted = 0, distressed = 0;
    for (const auto& f : firms_) {
      defaulted += f.defaulted ? 1 : 0;
      distressed += f.distress > 0 ? 1 : 0;
    }
    std::fprintf(out,
                 "%zu firms, %zu defaulted, %zu in distress at some time; shown: the %zu live "
                 "firms with the deepest peak drawdown, then the largest fall (every firm's prices "
                 "are in series.csv):\n",
                 firms_.size(), defaulted, distressed, rows.size());
  }
  std::fprintf(out, "%-12s %12s %12s %9s %10s %9s  %s\n", "firm", "start price", "end price",
               "change", "peak dd", "distress", "default");
  for (const std::size_t i : rows) {
    const auto& f = firms_[i];
    std::fprintf(out, "%-12s %12.2f %12.2f %+8.1f%% %9.1f%% %9d  %s\n", header_.firm_ids[i].c_str(),
                 f.start_price, f.end_price, 100.0 * change(f), 100.0 * f.max_drawdown, f.distress,
                 f.defaulted ? f.default_date.c_str() : "-");
  }
}

void RunSummary::print_defaults(std::FILE* out) const {
  std::fprintf(out, "\ndefaults (who, when, and what caused it):\n");
  // Each default by its event's seq (unique in a run), where a scan of the defaults per default
  // made the block quadratic in them.
  std::unordered_map<std::uint64_t, std::size_t> by_seq;
  for (std::size_t k = 0; k < defaults_.size(); ++k)
    by_seq[defaults_[k].seq] = k;
  // The first defaults are the ones the rest followed.
  const std::size_t listed = defaults_.size() <= kWholeTable ? defaults_.size() : kShownRows;
  for (std::size_t k = 0; k < listed; ++k) {
    const auto& d = defaults_[k];
    const auto cause = by_seq.find(d.cause);
    std::fprintf(out, "  %s  %-12s  %s\n", d.date.c_str(), d.firm.c_str(),
                 cause == by_seq.end() ? "its own shortfall"
                                       : ("losses on " + defaults_[cause->second].firm).c_str());
  }
  if (listed < defaults_.size())
    std::fprintf(out, "  and %zu more defaults (the first %zu shown; each is a default event)\n",
                 defaults_.size() - listed, listed);
  const auto cascades = rows_shown(cascades_.size(), [&](std::size_t a, std::size_t b) {
    return cascades_[a].second > cascades_[b].second;
  });
  for (const std::size_t i : cascades) {
    const auto& [first, size] = cascades_[i];
    const auto d = by_seq.find(first);
    if (d == by_seq.end()) continue;
    std::fprintf(out, "  cascade started by %s on %s: %.0f default(s)\n",
                 defaults_[d->second].firm.c_str(), defaults_[d->second].date.c_str(), size);
  }
  if (cascades.size() < cascades_.size())
    std::fprintf(out, "  and %zu more cascades (the %zu largest shown)\n",
                 cascades_.size() - cascades.size(), cascades.size());
  // Across ticks, by cause links (MODEL.md §7.23; `alchemy cascades` draws the trees and runs
  // the counterfactual): each root with followers, and what each follower lost on its parent.
  const CascadeAnalysis links = analyse_cascades(default_events_);
  const auto& ds = links.defaults;
  const std::vector<std::size_t> size = link_tree_sizes(links);
  // Each root's followers in order (parents come first, so a follower's root is known).
  std::vector<std::size_t> root(ds.size());
  std::vector<std::vector<std::size_t>> followers(ds.size());
  std::vector<std::size_t> roots;
  for (std::size_t y = 0; y < ds.size(); ++y) {
    const std::int32_t p = ds[y].link_parent;
    root[y] = p < 0 ? y : root[static_cast<std::size_t>(p)];
    if (p >= 0) followers[root[y]].push_back(y);
    if (p < 0 && size[y] >= 2) roots.push_back(y);
  }
  // Every follower is named when the run has at most kWholeTable defaults; past that, each
  // root's first kShownRows, so that the block stays within kWholeTable × kShownRows names.
  const bool whole = ds.size() <= kWholeTable;
  const auto& ids = header_.firm_ids;
  auto firm = [&](std::int32_t i) { return ids[static_cast<std::size_t>(i)]; };
  const auto shown = rows_shown(
      roots.size(), [&](std::size_t a, std::size_t b) { return size[roots[a]] > size[roots[b]]; });
  for (const std::size_t r : shown) {
    const std::size_t k = roots[r];
    const auto& f = followers[k];
    const std::size_t named = whole ? f.size() : std::min(f.size(), kShownRows);
    std::string who;
    for (std::size_t j = 0; j < named; ++j) {
      const CascadeDefault& y = ds[f[j]];
      const auto p = static_cast<std::size_t>(y.link_parent);
      const int months = (y.date.days() - ds[p].date.days()) / 30;
      who += (who.empty() ? "" : "; ") + firm(y.firm) + " " + std::to_string(months) +
             " months later: " + std::to_string(static_cast<int>(100.0 * y.link_share + 0.5)) +
             " % of its shortfall on lines with " + firm(ds[p].firm);
    }
    if (named < f.size()) who += "; and " + std::to_string(f.size() - named) + " more";
    std::fprintf(out, "  cascade by cause links started by %s on %s: %zu defaults (%s)\n",
                 firm(ds[k].firm).c_str(), ds[k].date.iso().c_str(), size[k], who.c_str());
  }
  if (shown.size() < roots.size())
    std::fprintf(out, "  and %zu more cascades by cause links (the %zu largest shown)\n",
                 roots.size() - shown.size(), shown.size());
}

void RunSummary::print(std::FILE* out) const {
  std::fprintf(out, "%s: %s to %s, %llu events%s\n\n", name_.c_str(), first_date_.c_str(),
               last_date_.c_str(), static_cast<unsigned long long>(events_),
               complete_ ? "" : " (INCOMPLETE)");
  print_firms(out);
  if (!defaults_.empty()) print_defaults(out);
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
    const auto rows = rows_shown(round_trips_.size(), [&](std::size_t a, std::size_t b) {
      return round_trips_[a].invested > round_trips_[b].invested;
    });
    for (const std::size_t i : rows) {
      const auto& r = round_trips_[i];
      char share[16];
      std::snprintf(share, sizeof share, "(%.0f%%)",
                    r.invested > 0.0 ? 100.0 * r.came_back / r.invested : 0.0);
      std::fprintf(out, "  %-24s %-10s -> %-10s %10s  %10s %6s  %12s  %12s  %12s\n",
                   r.contract.c_str(), r.investor.c_str(), r.investee.c_str(),
                   money_text(r.invested).c_str(), money_text(r.came_back).c_str(), share,
                   money_text(r.investee_holds).c_str(), money_text(r.others_hold).c_str(),
                   money_text(r.paid_outside).c_str());
    }
    if (rows.size() < round_trips_.size())
      std::fprintf(out, "  and %zu more investments (the %zu largest shown)\n",
                   round_trips_.size() - rows.size(), rows.size());
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
