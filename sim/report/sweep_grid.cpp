#include "sim/report/sweep_grid.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "sim/scenario/config_values.hpp"

namespace alchemy {

std::optional<double> axis_number(const std::string& value) {
  const Parsed<double> f = parse_fraction(value);
  if (f.ok()) return f.value();
  const Parsed<Money> m = parse_money(value, Negative::allowed);
  if (m.ok()) return m.value().dollars();
  return std::nullopt;
}

namespace {

// Three significant digits: bin edges are for reading, the cells' runs are exact.
std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

}  // namespace

GridAxis make_axis(std::string key, const std::vector<std::string>& values, std::size_t bins) {
  if (values.empty()) throw std::logic_error("make_axis: no values");
  GridAxis a;
  a.key = std::move(key);
  std::vector<std::string> distinct;  // in order of first appearance
  std::map<std::string, double> number;
  a.numeric = true;
  for (const std::string& v : values) {
    if (number.count(v) != 0 || std::find(distinct.begin(), distinct.end(), v) != distinct.end())
      continue;
    distinct.push_back(v);
    const std::optional<double> x = axis_number(v);
    if (x) {
      number[v] = *x;
    } else {
      a.numeric = false;
    }
  }
  std::size_t distinct_numbers = 0;
  if (a.numeric) {
    std::vector<double> xs;
    for (const auto& [text, x] : number)
      xs.push_back(x);
    std::sort(xs.begin(), xs.end());
    distinct_numbers = static_cast<std::size_t>(std::unique(xs.begin(), xs.end()) - xs.begin());
  }
  if (!a.numeric || bins == 0 || distinct_numbers <= bins) {
    if (a.numeric) {
      // Equal numbers written differently ("0.5", "50%") share a cell.
      std::stable_sort(
          distinct.begin(), distinct.end(),
          [&](const std::string& l, const std::string& r) { return number[l] < number[r]; });
    }
    for (const std::string& v : distinct) {
      if (a.numeric && !a.positions.empty() && a.positions.back() == number[v]) {
        a.cell_by_value[v] = a.cells() - 1;
        continue;
      }
      a.cell_by_value[v] = a.cells();
      a.labels.push_back(v);
      a.positions.push_back(a.numeric ? number[v] : static_cast<double>(a.positions.size()));
    }
    return a;
  }
  a.binned = true;
  double lo = number[distinct.front()], hi = lo;
  for (const auto& [text, x] : number) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  for (std::size_t k = 0; k <= bins; ++k)
    a.edges.push_back(lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(bins));
  a.edges.back() = hi;
  for (std::size_t k = 0; k < bins; ++k) {
    a.labels.push_back(short_number(a.edges[k]) + "–" + short_number(a.edges[k + 1]));
    a.positions.push_back((a.edges[k] + a.edges[k + 1]) / 2.0);
  }
  for (const auto& [text, x] : number) {
    const auto k =
        static_cast<std::size_t>(std::floor((x - lo) / (hi - lo) * static_cast<double>(bins)));
    a.cell_by_value[text] = std::min(k, bins - 1);
  }
  return a;
}

namespace {

// Where the contour crosses the edge from (xa, ya, za) to (xb, yb, zb).
std::pair<double, double> crossing(double xa, double ya, double za, double xb, double yb, double zb,
                                   double level) {
  const double t = (level - za) / (zb - za);
  return {xa + t * (xb - xa), ya + t * (yb - ya)};
}

}  // namespace

std::vector<Segment> level_contour(const std::vector<double>& xs, const std::vector<double>& ys,
                                   const std::vector<std::optional<double>>& z, double level) {
  std::vector<Segment> out;
  const std::size_t nx = xs.size();
  if (z.size() != nx * ys.size()) throw std::logic_error("level_contour: z is not xs × ys");
  for (std::size_t j = 0; j + 1 < ys.size(); ++j) {
    for (std::size_t i = 0; i + 1 < nx; ++i) {
      // Corners counter-clockwise from (i, j); edge e joins corner e and corner e + 1.
      const std::size_t idx[4] = {j * nx + i, j * nx + i + 1, (j + 1) * nx + i + 1,
                                  (j + 1) * nx + i};
      const double cx[4] = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
      const double cy[4] = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
      if (!z[idx[0]] || !z[idx[1]] || !z[idx[2]] || !z[idx[3]]) continue;
      double cz[4];
      bool above[4];
      for (int k = 0; k < 4; ++k) {
        cz[k] = *z[idx[k]];
        above[k] = cz[k] >= level;
      }
      std::optional<std::pair<double, double>> cross[4];
      int count = 0;
      for (int e = 0; e < 4; ++e) {
        const int f = (e + 1) % 4;
        if (above[e] == above[f]) continue;
        cross[e] = crossing(cx[e], cy[e], cz[e], cx[f], cy[f], cz[f], level);
        ++count;
      }
      auto segment = [&](int e, int f) {
        out.push_back(
            Segment{cross[e]->first, cross[e]->second, cross[f]->first, cross[f]->second});
      };
      if (count == 2) {
        int first = -1;
        for (int e = 0; e < 4; ++e) {
          if (!cross[e]) continue;
          if (first < 0) {
            first = e;
          } else {
            segment(first, e);
          }
        }
      } else if (count == 4) {
        const bool centre_above = (cz[0] + cz[1] + cz[2] + cz[3]) / 4.0 >= level;
        // Corner k lies between edge k − 1 (from corner k − 1) and edge k (to corner k + 1).
        for (int k = 0; k < 4; ++k) {
          if (above[k] != centre_above) segment((k + 3) % 4, k);
        }
      }
    }
  }
  return out;
}

std::vector<double> level_crossings(const std::vector<double>& xs,
                                    const std::vector<std::optional<double>>& z, double level) {
  std::vector<double> out;
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    if (!z[i] || !z[i + 1]) continue;
    if ((*z[i] >= level) == (*z[i + 1] >= level)) continue;
    out.push_back(crossing(xs[i], 0.0, *z[i], xs[i + 1], 0.0, *z[i + 1], level).first);
  }
  return out;
}

std::pair<double, double> wilson_interval(std::size_t k, std::size_t n) {
  const double z = 1.959963984540054;  // the normal's 97.5 % quantile
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double denom = 1.0 + z * z / nn;
  const double centre = (p + z * z / (2.0 * nn)) / denom;
  const double half = z * std::sqrt(p * (1.0 - p) / nn + z * z / (4.0 * nn * nn)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace alchemy
