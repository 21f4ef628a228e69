#pragma once
// The geometry of the sweep report: runs grouped into heatmap cells over two parameters, and the
// tipping contour where a default probability crosses a level. Pure functions of the sweep's
// values, so the tests can check them against hand-computed cases.
//
// Cells along an axis (make_axis):
//   - one cell per distinct value when the sweep is a grid (bins = 0), or when a sampled
//     parameter took at most `bins` distinct values (a `values` list sampled by picking);
//   - otherwise `bins` equal-width bins over [min, max] of the values taken: value v falls into
//     bin floor((v − min) / (max − min) × bins), the maximum into the last bin.
//   A value is numeric when it reads as a number, a percentage (24% = 0.24) or a money amount
//   (4.3B); cells are then in increasing order and placed at the value (or the bin's centre).
//   Otherwise (a date, a name) cells are in the order the values first appear and placed at
//   0, 1, 2, ….
//
// The tipping contour (level_contour) on the lattice of cell positions (x_i, y_j) with values
// z_ij (a cell without runs has none): a node is "above" when z ≥ level. On each lattice edge
// between two nodes with values, one above and one not, the contour crosses at the linear
// interpolation x_a + (level − z_a) / (z_b − z_a) × (x_b − x_a) (likewise along y). In each
// square of four nodes with values, the crossings on its edges are joined by segments (marching
// squares): two crossings by one segment; four (a saddle: diagonal corners alike) by two
// segments that cut off the two corners whose class differs from that of the mean of the four
// values. Squares with a node without a value are skipped.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace alchemy {

struct GridAxis {
  std::string key;
  bool numeric = false;
  bool binned = false;
  std::vector<std::string> labels;  // one per cell
  std::vector<double> positions;    // one per cell: the value, the bin's centre, or the index
  std::vector<double> edges;        // binned: cells + 1 bin edges
  std::map<std::string, std::size_t> cell_by_value;  // every value taken → its cell

  std::size_t cells() const { return labels.size(); }
};

// The axis of parameter `key` over the values it took (as written in runs.csv, any order, with
// repeats). bins = 0: never binned (grid sweeps). values must not be empty.
GridAxis make_axis(std::string key, const std::vector<std::string>& values, std::size_t bins);

// A parameter's value as a number, if it reads as one (plain, percentage or money amount).
std::optional<double> axis_number(const std::string& value);

struct Segment {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// The contour z = level over the lattice xs × ys; z is row-major, z[j × xs.size() + i] at
// (xs[i], ys[j]). Segments in square order (j, then i).
std::vector<Segment> level_contour(const std::vector<double>& xs, const std::vector<double>& ys,
                                   const std::vector<std::optional<double>>& z, double level);

// The same along one axis: where z crosses `level` between neighbouring positions with values.
std::vector<double> level_crossings(const std::vector<double>& xs,
                                    const std::vector<std::optional<double>>& z, double level);

// A 95 % Wilson score interval for k successes in n trials (n > 0): the error bars of a default
// probability, which, unlike p ± 1.96·√(p(1 − p)/n), never leave [0, 1] and do not collapse to
// zero width at p = 0 or 1.
std::pair<double, double> wilson_interval(std::size_t k, std::size_t n);

}  // namespace alchemy
