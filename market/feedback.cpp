#include "market/feedback.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>

#include "market/exp_kernel.hpp"
#include "market/feedback_blocks.hpp"

namespace alchemy {

namespace {

[[noreturn, gnu::cold, gnu::noinline]] void fail(const char* what) {
  throw std::invalid_argument(std::string("feedback: ") + what);
}

// Inline, so that the checks of every solve cost a compare each, not a call.
inline void require(bool ok, const char* what) {
  if (!ok) [[unlikely]]
    fail(what);
}

// 1 when x is inf or NaN (its exponent bits all ones), else 0: an integer test without a branch.
inline std::uint64_t non_finite(double x) {
  constexpr std::uint64_t exponent = 0x7FF0000000000000ULL;
  return static_cast<std::uint64_t>((std::bit_cast<std::uint64_t>(x) & exponent) == exponent);
}

// Every solve checks its inputs: one pass that ORs flags without branching, then the detailed
// checks (for the message) only when some flag is set.
void check_state(const FeedbackChannels& c, const FeedbackState& s) {
  const std::size_t n = c.firm_count();
  require(s.a.size() == n, "a has the wrong size");
  require(s.mv0.size() == n, "mv0 has the wrong size");
  require(s.kappa.size() == n, "kappa has the wrong size");
  require(s.shock.empty() || s.shock.size() == n, "shock has the wrong size");
  require(s.active.empty() || s.active.size() == n, "active has the wrong size");
  std::uint64_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bad |= non_finite(s.a[i]) | non_finite(s.mv0[i]) | non_finite(s.kappa[i]) |
           static_cast<std::uint64_t>(!(s.mv0[i] > 0.0)) |
           static_cast<std::uint64_t>(!(s.kappa[i] >= 0.0));
  }
  for (const double z : s.shock)
    bad |= non_finite(z);
  if (bad == 0) return;
  for (std::size_t i = 0; i < n; ++i) {
    require(std::isfinite(s.a[i]), "a is not finite");
    require(std::isfinite(s.mv0[i]) && s.mv0[i] > 0.0, "mv0 must be finite and positive");
    require(std::isfinite(s.kappa[i]) && s.kappa[i] >= 0.0, "kappa must be finite and >= 0");
    require(s.shock.empty() || std::isfinite(s.shock[i]), "shock is not finite");
  }
}

// The powers a sweep needs: one per distinct (elasticity, column) pair among the channels, so a
// column's power for an elasticity is computed once however many channels share it, and never for
// a pair no channel uses. `index[k]` is channel k's power; `e` and `col` describe each power.
// Pairs are found through elasticity classes (the distinct values); with more classes than
// `max_classes` every channel gets its own power (same values, computed once per channel).
void power_table(const FeedbackChannels& c, std::size_t max_classes, std::vector<double>& classes,
                 std::vector<std::uint64_t>& key, std::vector<std::uint64_t>& distinct,
                 std::vector<std::uint32_t>& index, std::vector<double>& e,
                 std::vector<std::uint32_t>& col) {
  const std::size_t m = c.channel_count();
  index.resize(m);
  e.clear();
  col.clear();
  classes.clear();
  key.resize(m);
  bool per_channel = false;
  for (std::size_t k = 0; k < m && !per_channel; ++k) {
    std::size_t q = 0;
    while (q < classes.size() && classes[q] != c.elasticity[k])
      ++q;
    if (q == classes.size()) {
      if (classes.size() >= max_classes) per_channel = true;
      classes.push_back(c.elasticity[k]);
    }
    key[k] = (static_cast<std::uint64_t>(q) << 32) | c.col[k];  // class-major, then column
  }
  if (per_channel) {
    for (std::size_t k = 0; k < m; ++k) {
      index[k] = static_cast<std::uint32_t>(k);
      e.push_back(c.elasticity[k]);
      col.push_back(c.col[k]);
    }
    return;
  }
  distinct.assign(key.begin(), key.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (const std::uint64_t d : distinct) {
    e.push_back(classes[d >> 32]);
    col.push_back(static_cast<std::uint32_t>(d));
  }
  for (std::size_t k = 0; k < m; ++k) {
    index[k] = static_cast<std::uint32_t>(
        std::lower_bound(distinct.begin(), distinct.end(), key[k]) - distinct.begin());
  }
}

}  // namespace

void FeedbackChannels::validate() const {
  const std::size_t n = firm_count();
  const std::size_t m = col.size();
  require(!row_ptr.empty() && row_ptr.front() == 0 && row_ptr.back() == m,
          "row_ptr must start at 0 and end at the channel count");
  require(kind.size() == m && b.size() == m && elasticity.size() == m,
          "col, kind, b and elasticity differ in length");
  for (std::size_t i = 0; i < n; ++i) {
    require(row_ptr[i] <= row_ptr[i + 1], "row_ptr decreases");
    for (std::size_t k = row_ptr[i]; k < row_ptr[i + 1]; ++k) {
      require(col[k] < n, "column out of range");
      require(col[k] != i, "a firm's value cannot depend on its own price through a channel");
      require(std::isfinite(b[k]) && std::isfinite(elasticity[k]), "b or elasticity not finite");
    }
  }
}

FeedbackKernel::FeedbackKernel(const FeedbackChannels& channels, std::size_t max_classes)
    : c_(channels) {
  rebuild(max_classes);
}

// Whether only b and the elasticities changed since the power table was built, with each power's
// channels still sharing one elasticity: then the table keeps its layout and only the powers'
// elasticities are re-read from their first channels. Two powers that come to share a value stay
// apart (each gives the same bits as a merged one would); a channel that no longer matches its
// power's elasticity sends rebuild() the long way.
bool FeedbackKernel::refresh_elasticities(std::size_t max_classes) {
  const FeedbackChannels& c = c_;
  const std::size_t m = c.col.size();
  if (!built_ || max_classes != built_max_classes_ || c.row_ptr != built_row_ptr_ ||
      c.col != built_col_ || c.kind.size() != m || c.b.size() != m || c.elasticity.size() != m) {
    return false;
  }
  for (std::size_t u = 0; u < power_e_.size(); ++u)
    power_e_[u] = c.elasticity[power_first_[u]];
  for (std::size_t k = 0; k < m; ++k) {
    require(std::isfinite(c.elasticity[k]), "b or elasticity not finite");
    if (!(c.elasticity[k] == power_e_[power_index_[k]])) return false;
  }
  return true;
}

// Orders the power table by the stage of each power's column (stably), so that a stage's powers
// are one contiguous range: computing them is then a loop that vectorises.
void FeedbackKernel::sort_powers_by_stage() {
  const std::size_t np = power_e_.size();
  std::vector<std::uint32_t> order(np);
  for (std::uint32_t u = 0; u < np; ++u)
    order[u] = u;
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    return blocks_.stage_of[power_col_[x]] < blocks_.stage_of[power_col_[y]];
  });
  std::vector<std::uint32_t> new_index(np);
  std::vector<double> e(np);
  std::vector<std::uint32_t> col(np);
  for (std::uint32_t k = 0; k < np; ++k) {
    new_index[order[k]] = k;
    e[k] = power_e_[order[k]];
    col[k] = power_col_[order[k]];
  }
  power_e_ = std::move(e);
  power_col_ = std::move(col);
  for (auto& u : power_index_)
    u = new_index[u];
  stage_power_ptr_.assign(blocks_.stage_count() + 1, 0);
  for (const std::uint32_t j : power_col_)
    ++stage_power_ptr_[blocks_.stage_of[j] + 1];
  for (std::size_t st = 0; st < blocks_.stage_count(); ++st)
    stage_power_ptr_[st + 1] += stage_power_ptr_[st];
}

void FeedbackKernel::rebuild(std::size_t max_classes) {
  // The power table depends on the columns and the equality pattern of the elasticities only;
  // from tick to tick they mostly stay (b and some elasticities change), and then the table and
  // the structural checks stay too (columns in range, no self-channels).
  if (!refresh_elasticities(max_classes)) {
    c_.validate();
    power_table(c_, max_classes, classes_, key_, distinct_, power_index_, power_e_, power_col_);
    blocks_ = block_order(c_.row_ptr, c_.col);
    sort_powers_by_stage();
    power_first_.assign(power_e_.size(), 0);
    for (std::size_t k = c_.col.size(); k-- > 0;)
      power_first_[power_index_[k]] = static_cast<std::uint32_t>(k);
    built_row_ptr_ = c_.row_ptr;
    built_col_ = c_.col;
    built_max_classes_ = max_classes;
    built_ = true;
  }
  double max_e = 1.0;
  for (double e : c_.elasticity)
    max_e = std::max(max_e, std::abs(e));
  d_limit_ = exp_kernel_limit / max_e;
  const std::size_t n = c_.firm_count();
  y0_.resize(n);
  y_.resize(n);
  floor_v_.resize(n);
  power_.resize(power_e_.size());
  v_.resize(n);
  log_v_.resize(n);
}

FeedbackResult FeedbackKernel::solve(const FeedbackState& s, const FeedbackOptions& o) {
  FeedbackResult r;
  solve(s, o, r);
  return r;
}

// Compiled twice, for AVX2 and for baseline x86-64, and picked at load time (GCC's
// target_clones): the exp and log loops run four lanes wide where the CPU can. Both give the
// same bits, since the build contracts nothing into fused multiply-adds (-ffp-contract=off).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define ALCHEMY_KERNEL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define ALCHEMY_KERNEL_CLONES
#endif

ALCHEMY_KERNEL_CLONES
void FeedbackKernel::solve(const FeedbackState& s, const FeedbackOptions& o, FeedbackResult& r) {
  const FeedbackChannels& c = c_;
  check_state(c, s);
  require(c.firm_count() == y0_.size() && c.channel_count() == power_index_.size(),
          "the channels changed shape since the kernel was built");
  require(o.tolerance > 0.0, "tolerance must be positive");
  require(o.max_iterations >= 1, "max_iterations must be at least 1");
  require(o.damping > 0.0 && o.damping <= 1.0, "damping must be in (0, 1]");
  require(o.value_floor > 0.0 && o.value_floor < 1.0, "value_floor must be in (0, 1)");
  require(o.divergence_limit > 0.0, "divergence_limit must be positive");
  require(o.max_channel_move > 0.0, "max_channel_move must be positive");
  {
    std::uint64_t bad = 0;
    for (const double b : c.b)
      bad |= non_finite(b);
    require(bad == 0, "b is not finite");
  }

  const std::size_t n = c.firm_count();
  const std::size_t* const row_ptr = c.row_ptr.data();
  const double* const b = c.b.data();
  const bool all_active = s.active.empty();
  const auto is_active = [&](std::size_t i) { return all_active || s.active[i] != 0; };
  double* const y0 = y0_.data();
  double* const y = y_.data();
  double* const floor_v = floor_v_.data();
  {
    // log_kernel needs a normal number; mv0 is one but for values below 2^-1022, which the
    // second loop redoes with std::log (the first one then vectorises).
    const double* const mv0 = s.mv0.data();
    for (std::size_t i = 0; i < n; ++i)
      y0[i] = log_kernel(mv0[i] >= 0x1p-1022 ? mv0[i] : 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (!(mv0[i] >= 0x1p-1022)) [[unlikely]]
        y0[i] = std::log(mv0[i]);
    }
  }
  const std::uint32_t* const firms = blocks_.firms.data();
  for (std::size_t i = 0; i < n; ++i) {
    y[i] = y0[i] + (is_active(i) && !s.shock.empty() ? s.shock[i] : 0.0);
  }
  // The floors by position in the solving order, so that the log loop below reads contiguously
  // (and vectorises).
  for (std::size_t q = 0; q < n; ++q)
    floor_v[q] = o.value_floor * s.mv0[firms[q]];

  const std::uint32_t* const pi = power_index_.data();
  double* const p = power_.data();
  double* const v = v_.data();          // by position in blocks_.firms
  double* const log_v = log_v_.data();  // the same

  // The powers x_j^e = exp(e (y_j − y_j⁰)) of a stage's columns (the table is sorted by stage),
  // from the current prices. Clamped so that |e d| ≤ exp_kernel_limit (700), exp_kernel's
  // domain; a move that large has diverged anyway. Two loops: the gather cannot vectorise, the
  // exponentials then can.
  const double d_limit = std::min(d_limit_, o.max_channel_move);
  const auto update_powers = [&](std::size_t first, std::size_t last) {
    const double* const pe = power_e_.data();
    const std::uint32_t* const pc = power_col_.data();
    for (std::size_t u = first; u < last; ++u) {
      const double dj = y[pc[u]] - y0[pc[u]];
      p[u] = pe[u] * (dj < -d_limit ? -d_limit : (dj > d_limit ? d_limit : dj));
    }
    for (std::size_t u = first; u < last; ++u)
      p[u] = exp_kernel(p[u]);
  };
  // V_i and log V_i (floored) for a stage's firms from the current powers: the sparse
  // matrix–vector product over the stage's rows, then the logs in a loop that vectorises.
  const auto evaluate = [&](std::size_t first, std::size_t last) {
    for (std::size_t q = first; q < last; ++q) {
      const std::uint32_t i = firms[q];
      if (!is_active(i)) {
        v[q] = floor_v[q];
        continue;
      }
      double sum = s.a[i];
      const std::size_t end = row_ptr[i + 1];
      for (std::size_t k = row_ptr[i]; k < end; ++k)
        sum += b[k] * p[pi[k]];
      v[q] = sum;
    }
    for (std::size_t q = first; q < last; ++q)
      log_v[q] = log_kernel(v[q] > floor_v[q] ? v[q] : floor_v[q]);
  };
  // target_i = y_i⁰ + κ_i (log V_i − y_i⁰) + z_i for the firm at position q; counts the floor.
  std::size_t floored = 0;
  bool finite = true;
  const auto target = [&](std::size_t q, std::uint32_t i) {
    if (!std::isfinite(v[q])) finite = false;  // log_kernel's result is meaningless then
    double lv = log_v[q];
    if (!(v[q] > floor_v[q])) {
      lv = std::log(floor_v[q]);  // rare (a distressed firm), so not tabled per solve
      ++floored;
    }
    return y0[i] + s.kappa[i] * (lv - y0[i]) + (s.shock.empty() ? 0.0 : s.shock[i]);
  };

  r.converged = true;
  r.diverged = false;
  r.iterations = 0;
  r.max_change = 0.0;
  r.floored = 0;
  for (std::size_t st = 0; st < blocks_.stage_count(); ++st) {
    const std::size_t first = blocks_.stage_ptr[st], last = blocks_.stage_ptr[st + 1];
    const std::size_t first_power = stage_power_ptr_[st], last_power = stage_power_ptr_[st + 1];
    floored = 0;
    double max_move = 0.0;
    if (blocks_.cyclic[st] == 0) {
      // No loop through these firms, and what they depend on is settled: one evaluation is the
      // fixed point (y_i = target_i), whatever the damping.
      evaluate(first, last);
      for (std::size_t q = first; q < last; ++q) {
        const std::uint32_t i = firms[q];
        if (!is_active(i)) continue;  // held at y⁰
        y[i] = target(q, i);
        if (!std::isfinite(y[i])) finite = false;
        max_move = std::max(max_move, std::abs(y[i] - y0[i]));
      }
      r.iterations = std::max(r.iterations, 1);
    } else {
      // A loop: Jacobi sweeps over its component (each sweep's sums read only the powers of the
      // sweep's start, so the prices can be updated in place).
      int sweeps = 0;
      double change = 0.0;
      bool converged = false;
      while (sweeps < o.max_iterations) {
        ++sweeps;
        update_powers(first_power, last_power);
        evaluate(first, last);
        floored = 0;
        change = 0.0;
        max_move = 0.0;
        for (std::size_t q = first; q < last; ++q) {
          const std::uint32_t i = firms[q];
          if (!is_active(i)) continue;
          const double next = y[i] + o.damping * (target(q, i) - y[i]);
          if (!std::isfinite(next)) finite = false;
          change = std::max(change, std::abs(next - y[i]));
          max_move = std::max(max_move, std::abs(next - y0[i]));
          y[i] = next;
        }
        if (!finite || !(max_move <= o.divergence_limit)) break;
        if (change < o.tolerance) {
          converged = true;
          break;
        }
      }
      r.iterations = std::max(r.iterations, sweeps);
      r.max_change = std::max(r.max_change, change);
      if (!converged) r.converged = false;
    }
    r.floored += floored;
    if (!finite || !(max_move <= o.divergence_limit)) {
      r.diverged = true;
      r.converged = false;
      break;  // the later stages keep their starting prices
    }
    // Settled: the powers the later stages read (none for the last stage, or one nobody reads).
    if (blocks_.read_later[st] != 0) update_powers(first_power, last_power);
  }

  r.mv.resize(n);
  {
    // exp_any in two loops: exp_kernel inside its domain (vectorised), std::exp outside it.
    double* const mv = r.mv.data();
    const auto in_domain = [](double x) { return x >= -exp_kernel_limit && x <= exp_kernel_limit; };
    for (std::size_t i = 0; i < n; ++i)
      mv[i] = exp_kernel(in_domain(y[i]) ? y[i] : 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (!in_domain(y[i])) [[unlikely]]
        mv[i] = std::exp(y[i]);
      // Inactive firms get MV⁰ itself: exp(log MV⁰) may differ from it in the last bit.
      if (!is_active(i)) mv[i] = s.mv0[i];
    }
  }
}

FeedbackResult solve_feedback(const FeedbackChannels& channels, const FeedbackState& state,
                              const FeedbackOptions& options) {
  FeedbackKernel kernel(channels, options.max_elasticity_classes);
  return kernel.solve(state, options);
}

std::vector<double> fundamental_values(const FeedbackChannels& c, std::span<const double> a,
                                       std::span<const double> mv0, std::span<const double> mv) {
  c.validate();
  const std::size_t n = c.firm_count();
  require(a.size() == n && mv0.size() == n && mv.size() == n, "a, mv0 or mv has the wrong size");
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = a[i];
    for (std::size_t k = c.row_ptr[i]; k < c.row_ptr[i + 1]; ++k) {
      const std::uint32_t j = c.col[k];
      sum += c.b[k] * std::pow(mv[j] / mv0[j], c.elasticity[k]);
    }
    v[i] = sum;
  }
  return v;
}

InfluenceMatrix diagnostic_linearisation(const FeedbackChannels& c, std::span<const double> a,
                                         std::span<const double> mv0,
                                         std::span<const std::uint8_t> active, double value_floor) {
  c.validate();
  const std::size_t n = c.firm_count();
  require(a.size() == n && mv0.size() == n, "a or mv0 has the wrong size");
  require(active.empty() || active.size() == n, "active has the wrong size");
  require(value_floor > 0.0 && value_floor < 1.0, "value_floor must be in (0, 1)");

  InfluenceMatrix w;
  w.row_ptr.assign(n + 1, 0);
  w.col.reserve(c.channel_count());
  w.kind.reserve(c.channel_count());
  w.w.reserve(c.channel_count());
  struct Entry {
    std::uint32_t j;
    EdgeKind kind;
    double value;
  };
  std::vector<Entry> row;
  for (std::size_t i = 0; i < n; ++i) {
    w.row_ptr[i + 1] = w.row_ptr[i];
    if (!active.empty() && active[i] == 0) continue;
    double v = a[i];
    for (std::size_t k = c.row_ptr[i]; k < c.row_ptr[i + 1]; ++k)
      v += c.b[k];
    if (!(v > value_floor * mv0[i])) continue;  // at the floor: V_i does not respond
    row.clear();
    for (std::size_t k = c.row_ptr[i]; k < c.row_ptr[i + 1]; ++k) {
      const double value = c.b[k] * c.elasticity[k] / v;
      if (value != 0.0) row.push_back(Entry{c.col[k], c.kind[k], value});
    }
    // Stable sort keeps CSR order among repeats, so their sum is reproducible. The engine's rows
    // come sorted (sim/market_channels), and then the sort and its buffer are skipped.
    const auto before = [](const Entry& x, const Entry& y) {
      return std::tie(x.j, x.kind) < std::tie(y.j, y.kind);
    };
    if (!std::is_sorted(row.begin(), row.end(), before))
      std::stable_sort(row.begin(), row.end(), before);
    for (std::size_t k = 0; k < row.size();) {
      double sum = 0.0;
      std::size_t l = k;
      for (; l < row.size() && row[l].j == row[k].j && row[l].kind == row[k].kind; ++l) {
        sum += row[l].value;
      }
      if (sum != 0.0) {
        w.col.push_back(row[k].j);
        w.kind.push_back(row[k].kind);
        w.w.push_back(sum);
        ++w.row_ptr[i + 1];
      }
      k = l;
    }
  }
  return w;
}

}  // namespace alchemy
