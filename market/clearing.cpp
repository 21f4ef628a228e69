#include "market/clearing.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace alchemy {

const char* to_string(ExternalSeniority s) {
  return s == ExternalSeniority::senior ? "senior" : "pari_passu";
}

const char* to_string(ClearingAlgorithm a) {
  switch (a) {
    case ClearingAlgorithm::exact:
      return "exact";
    case ClearingAlgorithm::iterative:
      return "iterative";
    case ClearingAlgorithm::automatic:
      return "automatic";
  }
  return "automatic";
}

ClearingNetwork::ClearingNetwork(std::size_t firm_count, std::span<const Liability> liabilities,
                                 std::span<const double> external_liabilities)
    : rows_(group_by_creditor(firm_count, liabilities)) {
  if (!external_liabilities.empty() && external_liabilities.size() != firm_count) {
    throw std::invalid_argument("external liabilities: expected one per firm (" +
                                std::to_string(firm_count) + "), got " +
                                std::to_string(external_liabilities.size()));
  }
  network_ = owed_by_each(rows_);
  external_.assign(firm_count, 0.0);
  nominal_.resize(firm_count);
  for (std::size_t i = 0; i < firm_count; ++i) {
    if (!external_liabilities.empty()) {
      const double x = external_liabilities[i];
      if (!std::isfinite(x) || x < 0.0) {
        throw std::invalid_argument("external liabilities of firm " + std::to_string(i) +
                                    ": must be finite and nonnegative");
      }
      external_[i] = x;
    }
    nominal_[i] = network_[i] + external_[i];
  }
}

double ClearingNetwork::network_share(std::size_t i) const {
  return nominal_[i] > 0.0 ? network_[i] / nominal_[i] : 1.0;
}

namespace {

// The clearing map written on recovery rates r_i = (network payment of i) / Σ_j L_ij, so that
// a solvent firm's r is exactly 1 and its creditors' inflow is exactly the nominal amount.
class ClearingMap {
 public:
  ClearingMap(const ClearingNetwork& net, std::span<const double> e, std::span<const double> g,
              const ClearingOptions& o)
      : net_(net),
        rows_(net.rows()),
        e_(e),
        g_(g),
        alpha_(o.alpha),
        beta_(o.beta),
        senior_(o.seniority == ExternalSeniority::senior) {}

  std::size_t size() const { return rows_.firm_count; }

  // x_i = Σ_j L_ji r_j over firm i's debtors j.
  void inflow(std::span<const double> r, std::span<double> x) const {
    const std::size_t n = size();
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0.0;
      for (std::size_t k = rows_.row_start[i]; k < rows_.row_start[i + 1]; ++k) {
        sum += rows_.amount[k] * r[rows_.debtor[k]];
      }
      x[i] = sum;
    }
  }

  bool defaults(std::size_t i, double x) const {
    return is_in_default(e_[i] + at_face(i) + x, net_.nominal_liabilities()[i]);
  }
  // Value realised in default (Rogers & Veraart 2013, eq. 3, plus the assets kept at face),
  // never below zero.
  double realised(std::size_t i, double x) const {
    return std::max(0.0, alpha_ * e_[i] + at_face(i) + beta_ * x);
  }
  double at_face(std::size_t i) const { return g_.empty() ? 0.0 : g_[i]; }
  // What comes off the realised value before network creditors share it.
  double ahead_of_network(std::size_t i) const {
    return senior_ ? net_.external_liabilities()[i] : 0.0;
  }
  // The amount the network recovery rate multiplies in the default branch: network creditors
  // alone when the outside is senior, everybody when it ranks pari passu.
  double recovery_base(std::size_t i) const {
    return senior_ ? net_.network_liabilities()[i] : net_.nominal_liabilities()[i];
  }

  double alpha() const { return alpha_; }
  double beta() const { return beta_; }
  double outside(std::size_t i) const { return e_[i]; }

 private:
  const ClearingNetwork& net_;
  const CreditorRows& rows_;
  std::span<const double> e_;
  std::span<const double> g_;  // empty: no assets at face
  double alpha_;
  double beta_;
  bool senior_;
};

// What one round of the iterative solver reads per firm, computed once per solve: a firm defaults
// when held + x < nominal (held = e + g, summed as ClearingMap::defaults sums it, so the default
// test is the same to the bit), and its recovery rate in default is clamp(intercept + slope x, 0,
// 1) = clamp((α e + g − ahead + β x) / base, 0, 1): the network recovery rate of the header's
// model (realised value less what ranks ahead, over the base it is shared on) without a division.
// A firm owing nothing in the network never counts as in default (its rate does not matter).
struct RoundConstants {
  RoundConstants(const ClearingMap& map, const ClearingNetwork& net) {
    const std::size_t n = map.size();
    held.resize(n);
    nominal.resize(n);
    intercept.resize(n);
    slope.resize(n);
    const auto network = net.network_liabilities();
    for (std::size_t i = 0; i < n; ++i) {
      held[i] = map.outside(i) + map.at_face(i);
      nominal[i] = network[i] > 0.0 ? net.nominal_liabilities()[i]
                                    : -std::numeric_limits<double>::infinity();
      const double base = network[i] > 0.0 ? map.recovery_base(i) : 1.0;
      intercept[i] =
          (map.alpha() * map.outside(i) + map.at_face(i) - map.ahead_of_network(i)) / base;
      slope[i] = map.beta() / base;
    }
  }
  bool defaults(std::size_t i, double x) const { return held[i] + x < nominal[i]; }
  double rate_in_default(std::size_t i, double x) const {
    return std::clamp(intercept[i] + slope[i] * x, 0.0, 1.0);
  }

  std::vector<double> held, nominal, intercept, slope;
};

// The clearing map with the default set frozen to D (the firms in default at the current iterate)
// as a map of D's recovery rates alone: every other firm pays in full (r = 1), so firm i in D has
// the rate clamp(c_i + Σ_{j in D} w_ij z_j, 0, 1), with c_i holding what the others pay it. One
// evaluation reads only D's rows, and of those only the debts of firms in D.
class FrozenDefaults {
 public:
  FrozenDefaults(const RoundConstants& k, const CreditorRows& rows, std::span<const double> r,
                 std::vector<std::size_t> members)
      : members_(std::move(members)) {
    constexpr std::uint32_t kOutside = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> slot(rows.firm_count, kOutside);
    std::size_t entries = 0;  // an upper bound: all of the members' rows
    for (std::size_t m = 0; m < members_.size(); ++m) {
      slot[members_[m]] = static_cast<std::uint32_t>(m);
      entries += rows.row_start[members_[m] + 1] - rows.row_start[members_[m]];
    }
    // Sized for every entry and trimmed after: the split of each row into members and others is
    // written without a branch (which one an entry is, is as good as random).
    debtor_.resize(entries);
    weight_.resize(entries);
    start_.reserve(members_.size() + 1);
    start_.push_back(0);
    constant_.reserve(members_.size());
    std::size_t kept = 0;
    for (const std::size_t i : members_) {
      double paid = 0.0;  // by the debtors outside D, in row order
      for (std::size_t e = rows.row_start[i]; e < rows.row_start[i + 1]; ++e) {
        const FirmIndex j = rows.debtor[e];
        const std::uint32_t at = slot[j];
        const bool inside = at != kOutside;
        debtor_[kept] = at;
        weight_[kept] = k.slope[i] * rows.amount[e];
        kept += inside ? 1 : 0;
        paid += inside ? 0.0 : rows.amount[e] * r[j];
      }
      constant_.push_back(k.intercept[i] + k.slope[i] * paid);
      start_.push_back(kept);
    }
    debtor_.resize(kept);
    weight_.resize(kept);
  }

  std::size_t size() const { return members_.size(); }
  std::size_t member(std::size_t m) const { return members_[m]; }
  // Φ(z)_m
  double apply(std::span<const double> z, std::size_t m) const {
    double v = constant_[m];
    for (std::size_t e = start_[m]; e < start_[m + 1]; ++e)
      v += weight_[e] * z[debtor_[e]];
    return std::clamp(v, 0.0, 1.0);
  }

 private:
  std::vector<std::size_t> members_;
  std::vector<double> constant_;
  std::vector<std::size_t> start_;
  std::vector<std::uint32_t> debtor_;  // slots in members_
  std::vector<double> weight_;
};

// Anderson acceleration (Walker & Ni 2011, "type II", depth kDepth) of z = Φ(z) for the frozen
// default set, from z (the Picard iterate's rates). Each step takes g = Φ(z), f = g − z and
// moves to g − ΔG γ, with γ the least-squares fit of f by the last kDepth differences ΔF and ΔG
// their images (normal equations, at most kDepth unknowns, in a fixed order of sums). A step whose
// residual is not below the previous one's starts the history afresh (a plain step), so the method
// never does much worse than Picard iteration. Stops when no member's payment moves by more than
// `tol` dollars under Φ, leaving z = Φ(z) of that step. Returns the evaluations of Φ, or 0 if it
// did not converge within `budget`.
std::size_t anderson(const FrozenDefaults& frozen, std::span<const double> network, double tol,
                     std::size_t budget, std::vector<double>& z) {
  constexpr std::size_t kDepth = 2;
  const std::size_t d = frozen.size();
  std::vector<double> f_prev(d), g_prev(d);
  std::vector<std::vector<double>> dF(kDepth, std::vector<double>(d));
  std::vector<std::vector<double>> dG(kDepth, std::vector<double>(d));
  double gram[kDepth][kDepth] = {};
  std::size_t stored = 0, newest = 0;
  double previous = std::numeric_limits<double>::infinity();
  for (std::size_t evals = 1; evals <= budget; ++evals) {
    // One pass: g = Φ(z) and f = g − z, the new differences and every product the fit needs.
    const bool history = evals > 1;
    const std::size_t col = stored == 0 ? 0 : (newest + 1) % kDepth;
    double moved = 0.0, norm = 0.0;
    double cross[kDepth] = {}, rhs[kDepth] = {};
    for (std::size_t m = 0; m < d; ++m) {
      const double g = frozen.apply(z, m);
      const double f = g - z[m];
      moved = std::max(moved, std::abs(f) * network[frozen.member(m)]);
      norm += f * f;
      if (history) {
        const double df = f - f_prev[m];
        dF[col][m] = df;
        dG[col][m] = g - g_prev[m];
        for (std::size_t a = 0; a < stored; ++a) {
          if (a == col) continue;
          cross[a] += dF[a][m] * df;
          rhs[a] += dF[a][m] * f;
        }
        cross[col] += df * df;
        rhs[col] += df * f;
      }
      f_prev[m] = f;
      g_prev[m] = g;
    }
    if (moved <= tol) {
      z.swap(g_prev);
      return evals;
    }
    if (history && norm < previous) {
      newest = col;
      stored = std::min(stored + 1, kDepth);
      for (std::size_t a = 0; a < stored; ++a)
        gram[a][newest] = gram[newest][a] = cross[a];
    } else {
      stored = 0;  // the first step, or one that did not improve: a plain step from here
    }
    previous = norm;
    if (stored == 0) {
      z = g_prev;
      continue;
    }
    Eigen::MatrixXd gm(stored, stored);
    Eigen::VectorXd b(stored);
    for (std::size_t a = 0; a < stored; ++a) {
      b(static_cast<Eigen::Index>(a)) = rhs[a];
      for (std::size_t c = 0; c < stored; ++c)
        gm(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(c)) = gram[a][c];
    }
    const Eigen::VectorXd gamma = gm.colPivHouseholderQr().solve(b);
    for (std::size_t m = 0; m < d; ++m) {
      double next = g_prev[m];
      for (std::size_t a = 0; a < stored; ++a)
        next -= gamma(static_cast<Eigen::Index>(a)) * dG[a][m];
      z[m] = std::clamp(next, 0.0, 1.0);
    }
  }
  return 0;
}

// Picard iteration from r = 1 (p = p̄), accelerated once the default set has stopped changing.
// Returns rounds (evaluations of the map, whole or frozen); sets converged and, when the last
// round's inflows x are those of the returned r, fresh.
//
// Why the result is still the greatest clearing vector. Picard's iterates decrease from p̄ and
// stay above the greatest fixed point r*, so the firms in default at an iterate, D, are in
// default at r* too. With D frozen, the map Φ_D (members at their default-branch rate, everyone
// else at 1) is monotone and r* ≤ Φ_D(r*), so r* lies below Φ_D's fixed point: that fixed point
// is again an upper bound (Eisenberg & Noe's fictitious default argument). Anderson's iterates
// lie in z0 + the span of Picard's residuals, on which an affine Φ_D has one fixed point even
// when the system is singular (several clearing vectors), the one Picard iteration reaches.
// Then one whole round checks it: if no firm outside D defaults there and no payment moves by
// more than the tolerance, it is the greatest clearing vector; otherwise the round's min() keeps
// an upper bound, and its larger default set is frozen and solved again.
std::size_t solve_iterative(const ClearingMap& map, const ClearingNetwork& net,
                            const ClearingOptions& o, std::vector<double>& r,
                            std::vector<double>& x, bool& fresh, bool& converged) {
  const std::size_t n = map.size();
  const CreditorRows& rows = net.rows();
  const auto network = net.network_liabilities();
  const RoundConstants k(map, net);
  double scale = 1.0;
  for (double p : net.nominal_liabilities())
    scale = std::max(scale, p);
  const double tol = o.tolerance * scale;
  r.assign(n, 1.0);
  x.assign(n, 0.0);
  std::vector<double> next(n);
  std::size_t rounds = 0;
  std::size_t defaults = 0;  // firms in default at the previous round
  bool checking = false;     // this round checks an accelerated vector
  std::size_t stable = 0;    // rounds the default set has not changed
  std::size_t patience = 1;  // of those, needed before the set is frozen
  std::size_t failures = 0;  // checks that found more defaults
  bool accelerate = o.accelerate;
  constexpr std::size_t kAndersonBudget = 50;
  converged = false;
  fresh = false;
  while (rounds < o.max_rounds) {
    // One Jacobi round: every firm's inflow from the previous rates, then its new rate.
    ++rounds;
    double moved = 0.0, off = 0.0;
    std::size_t now = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0.0;
      for (std::size_t e = rows.row_start[i]; e < rows.row_start[i + 1]; ++e)
        sum += rows.amount[e] * r[rows.debtor[e]];
      x[i] = sum;
      double rate = 1.0;
      if (k.defaults(i, sum)) {
        rate = k.rate_in_default(i, sum);
        ++now;
      }
      const double step = (r[i] - rate) * network[i];
      moved = std::max(moved, step);
      off = std::max(off, std::abs(step));
      // The sequence is monotone decreasing in exact arithmetic; min() keeps it so under
      // rounding, which keeps the limit the greatest fixed point.
      next[i] = std::min(r[i], rate);
    }
    // (Both ways: an accelerated vector, unlike Picard's, may lie below the map's value.)
    if (checking && now == defaults && off <= tol) {
      // The accelerated vector is a fixed point with the same default set: keep it as it is, so
      // the inflows just computed are its own.
      fresh = true;
      converged = true;
      break;
    }
    r.swap(next);
    if (moved <= tol) {
      converged = true;
      break;
    }
    // Freeze once the default set has stayed the same for `patience` rounds (1 at first), or
    // right after the first check that found more defaults (the set at the updated rates, which
    // the next whole round checks). Each later failed check doubles the patience, so a set that
    // keeps growing (a cascade travelling slowly around a ring, say) costs a few frozen solves,
    // not one per round.
    if (checking) {
      ++failures;
      stable = 0;
      if (failures > 1) patience *= 2;
    } else {
      stable = now == defaults ? stable + 1 : 0;
    }
    const bool freeze = now > 0 && ((checking && failures == 1) || stable >= patience);
    checking = false;
    defaults = now;
    if (!freeze || !accelerate) continue;
    std::vector<std::size_t> members;
    for (std::size_t i = 0; i < n; ++i) {
      if (k.defaults(i, x[i])) members.push_back(i);
    }
    const FrozenDefaults frozen(k, rows, r, std::move(members));
    std::vector<double> z(frozen.size());
    for (std::size_t m = 0; m < z.size(); ++m)
      z[m] = r[frozen.member(m)];
    // A budget: Anderson needs a few tens of evaluations where it works at all.
    const std::size_t budget = std::min(kAndersonBudget, o.max_rounds - rounds);
    const std::size_t used = anderson(frozen, network, tol, budget, z);
    if (used == 0) {
      // No convergence (a map far from affine, say): plain rounds from r, unaccelerated.
      rounds += budget;
      accelerate = false;
      continue;
    }
    rounds += used;
    for (std::size_t m = 0; m < z.size(); ++m)
      r[frozen.member(m)] = z[m];
    defaults = frozen.size();
    checking = true;
  }
  return rounds;
}

enum class FirmState : int { pays_in_full = 0, pays_part = 1, pays_nothing = 2 };

// The payments of the firms in `partial` when every other firm's recovery rate is fixed (1 or 0)
// in r: the unique fixed point of r_i = max(0, (α e_i + β x_i(r) − ahead_i) / base_i). With
// pari passu claims and e >= 0 the inner max never binds and this is one linear solve. Senior
// outside claims can make the affine part negative; then the zero pieces are found by policy
// iteration (solve with a set of firms at zero, put at zero exactly those whose affine value is
// not positive, repeat), which increases monotonically to the fixed point and stops after at most
// |partial| + 1 solves. Returns false on a singular system.
bool solve_partial(const ClearingMap& map, const CreditorRows& rows,
                   std::span<const FirmState> state, std::span<const std::size_t> partial,
                   std::vector<double>& r) {
  const std::size_t n = map.size();
  std::vector<std::ptrdiff_t> slot(n, -1);
  std::vector<std::uint8_t> active(partial.size(), 1);
  std::vector<std::size_t> vars;
  for (std::size_t attempt = 0; attempt <= partial.size() + 1; ++attempt) {
    vars.clear();
    for (std::size_t k = 0; k < partial.size(); ++k) {
      slot[partial[k]] = -1;
      r[partial[k]] = 0.0;
      if (active[k]) {
        slot[partial[k]] = static_cast<std::ptrdiff_t>(vars.size());
        vars.push_back(partial[k]);
      }
    }
    //   base_i r_i − β Σ_{j variable} L_ji r_j = α e_i − ahead_i + β Σ_{j in full} L_ji
    const auto size = static_cast<Eigen::Index>(vars.size());
    if (size > 0) {
      Eigen::MatrixXd m = Eigen::MatrixXd::Zero(size, size);
      Eigen::VectorXd b(size);
      for (Eigen::Index row = 0; row < size; ++row) {
        const std::size_t i = vars[static_cast<std::size_t>(row)];
        m(row, row) = map.recovery_base(i);
        double rhs = map.alpha() * map.outside(i) + map.at_face(i) - map.ahead_of_network(i);
        for (std::size_t e = rows.row_start[i]; e < rows.row_start[i + 1]; ++e) {
          const FirmIndex j = rows.debtor[e];
          if (state[j] == FirmState::pays_in_full) {
            rhs += map.beta() * rows.amount[e];
          } else if (slot[j] >= 0) {
            m(row, slot[j]) -= map.beta() * rows.amount[e];
          }
        }
        b(row) = rhs;
      }
      Eigen::FullPivLU<Eigen::MatrixXd> lu(m);
      if (!lu.isInvertible()) return false;
      const Eigen::VectorXd sol = lu.solve(b);
      for (Eigen::Index row = 0; row < size; ++row) {
        r[vars[static_cast<std::size_t>(row)]] = sol(row);
      }
    }
    bool same = true;
    for (std::size_t k = 0; k < partial.size(); ++k) {
      const std::size_t i = partial[k];
      double x = 0.0;
      for (std::size_t e = rows.row_start[i]; e < rows.row_start[i + 1]; ++e) {
        x += rows.amount[e] * r[rows.debtor[e]];
      }
      const std::uint8_t positive = map.realised(i, x) - map.ahead_of_network(i) > 0.0 ? 1 : 0;
      if (positive != active[k]) same = false;
      active[k] = positive;
    }
    if (same) {
      for (std::size_t i : partial)
        r[i] = std::clamp(r[i], 0.0, 1.0);
      return true;
    }
  }
  return false;
}

// Eisenberg & Noe's fictitious default algorithm, generalised to default costs as Rogers &
// Veraart's GA. Each round takes the firms in default at the current (upper-bound) payments as
// defaulted for sure — the payments only decrease from round to round, so they stay in default —
// solves for their payments, and adds the firms that now default. Returns false if a system was
// singular (the caller falls back to Picard iteration).
bool solve_exact(const ClearingMap& map, const ClearingNetwork& net, std::vector<double>& r,
                 std::size_t& rounds) {
  const std::size_t n = map.size();
  const CreditorRows& rows = net.rows();
  std::vector<FirmState> state(n, FirmState::pays_in_full);
  std::vector<double> x(n);
  std::vector<std::size_t> partial;
  r.assign(n, 1.0);
  rounds = 0;
  const std::size_t max_rounds = 2 * n + 2;
  while (rounds < max_rounds) {
    ++rounds;
    partial.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (state[i] == FirmState::pays_part) partial.push_back(i);
      r[i] = state[i] == FirmState::pays_in_full ? 1.0 : 0.0;
    }
    if (!partial.empty() && !solve_partial(map, rows, state, partial, r)) return false;
    // Reclassify; a firm never leaves a worse state (the sequence is monotone in exact
    // arithmetic, and this keeps it so under rounding).
    map.inflow(r, x);
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      FirmState s = FirmState::pays_in_full;
      if (map.defaults(i, x[i]) && net.network_liabilities()[i] > 0.0) {
        s = map.realised(i, x[i]) - map.ahead_of_network(i) > 0.0 ? FirmState::pays_part
                                                                  : FirmState::pays_nothing;
      }
      if (s > state[i]) {
        state[i] = s;
        changed = true;
      }
    }
    if (!changed) return true;
  }
  return true;
}

}  // namespace

namespace {

void require_per_firm(std::span<const double> v, std::size_t n, const char* what) {
  if (v.size() != n) {
    throw std::invalid_argument(std::string(what) + ": expected one per firm (" +
                                std::to_string(n) + "), got " + std::to_string(v.size()));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(v[i]) || v[i] < 0.0) {
      throw std::invalid_argument(std::string(what) + " of firm " + std::to_string(i) +
                                  ": must be finite and nonnegative");
    }
  }
}

}  // namespace

ClearingResult clear(const ClearingNetwork& net, std::span<const double> outside_assets,
                     const ClearingOptions& options) {
  return clear(net, outside_assets, {}, options);
}

ClearingResult clear(const ClearingNetwork& net, std::span<const double> outside_assets,
                     std::span<const double> assets_at_face, const ClearingOptions& options) {
  const std::size_t n = net.firm_count();
  require_per_firm(outside_assets, n, "outside assets");
  if (!assets_at_face.empty()) require_per_firm(assets_at_face, n, "assets at face");
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0) ||
      !(options.beta >= 0.0 && options.beta <= 1.0)) {
    throw std::invalid_argument("default costs: alpha and beta must lie in [0, 1]");
  }

  const ClearingMap map(net, outside_assets, assets_at_face, options);
  ClearingResult res;
  std::vector<double> r;
  bool exact = options.algorithm == ClearingAlgorithm::exact ||
               (options.algorithm == ClearingAlgorithm::automatic && n <= options.exact_max_firms);
  bool fresh = false;  // res.received already holds the inflows of r
  if (exact && !solve_exact(map, net, r, res.rounds)) exact = false;
  if (exact) {
    res.algorithm = ClearingAlgorithm::exact;
    res.converged = true;
  } else {
    res.algorithm = ClearingAlgorithm::iterative;
    res.rounds = solve_iterative(map, net, options, r, res.received, fresh, res.converged);
  }

  // Every reported quantity follows from the final recovery rates in one pass, so each firm's
  // budget is consistent: it never pays more than it realises.
  res.received.resize(n);
  if (!fresh) map.inflow(r, res.received);
  res.payments.resize(n);
  res.payments_to_network.resize(n);
  res.payments_to_outside.resize(n);
  res.equity.resize(n);
  res.network_share.resize(n);
  res.defaulted.assign(n, 0);
  const auto nominal = net.nominal_liabilities();
  const auto network = net.network_liabilities();
  const auto external = net.external_liabilities();
  for (std::size_t i = 0; i < n; ++i) {
    const double x = res.received[i];
    res.network_share[i] = net.network_share(i);
    res.equity[i] = outside_assets[i] + map.at_face(i) + x - nominal[i];
    if (!map.defaults(i, x)) {
      res.payments[i] = nominal[i];
      res.payments_to_network[i] = network[i];
      res.payments_to_outside[i] = external[i];
    } else {
      res.defaulted[i] = 1;
      ++res.default_count;
      const double value = map.realised(i, x);
      res.payments[i] = value;
      if (options.seniority == ExternalSeniority::senior) {
        res.payments_to_outside[i] = std::min(external[i], value);
        res.payments_to_network[i] = value - res.payments_to_outside[i];
      } else {
        res.payments_to_network[i] = value * res.network_share[i];
        res.payments_to_outside[i] = value - res.payments_to_network[i];
      }
    }
    res.total_paid += res.payments[i];
    res.total_to_outside += res.payments_to_outside[i];
  }
  return res;
}

ClearingResult clear(const ClearingInput& input, const ClearingOptions& options) {
  const ClearingNetwork net(input.firm_count, input.liabilities, input.external_liabilities);
  return clear(net, input.outside_assets, input.assets_at_face, options);
}

}  // namespace alchemy
