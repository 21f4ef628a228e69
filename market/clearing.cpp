#include "market/clearing.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
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

  double recovery(std::size_t i, double x) const {
    if (!defaults(i, x) || net_.network_liabilities()[i] <= 0.0) return 1.0;
    const double left = realised(i, x) - ahead_of_network(i);
    return std::clamp(left / recovery_base(i), 0.0, 1.0);
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

// Picard iteration from r = 1 (p = p̄). Returns rounds; sets converged.
std::size_t solve_iterative(const ClearingMap& map, const ClearingNetwork& net,
                            const ClearingOptions& o, std::vector<double>& r, bool& converged) {
  const std::size_t n = map.size();
  double scale = 1.0;
  for (double p : net.nominal_liabilities())
    scale = std::max(scale, p);
  const double tol = o.tolerance * scale;
  r.assign(n, 1.0);
  std::vector<double> x(n);
  std::size_t rounds = 0;
  converged = false;
  while (rounds < o.max_rounds) {
    map.inflow(r, x);
    ++rounds;
    double moved = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double next = map.recovery(i, x[i]);
      moved = std::max(moved, (r[i] - next) * net.network_liabilities()[i]);
      // The sequence is monotone decreasing in exact arithmetic; min() keeps it so under
      // rounding, which keeps the limit the greatest fixed point.
      r[i] = std::min(r[i], next);
    }
    if (moved <= tol) {
      converged = true;
      break;
    }
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
  if (exact && !solve_exact(map, net, r, res.rounds)) exact = false;
  if (exact) {
    res.algorithm = ClearingAlgorithm::exact;
    res.converged = true;
  } else {
    res.algorithm = ClearingAlgorithm::iterative;
    res.rounds = solve_iterative(map, net, options, r, res.converged);
  }

  // Every reported quantity follows from the final recovery rates in one pass, so each firm's
  // budget is consistent: it never pays more than it realises.
  res.received.resize(n);
  map.inflow(r, res.received);
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
