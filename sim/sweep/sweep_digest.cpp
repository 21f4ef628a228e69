#include "sim/sweep/sweep_digest.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <numeric>

namespace alchemy {

namespace {

// A probability with two decimals: the table is for reading; summary.csv has every digit.
std::string two_decimals(const std::string& cell) {
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size()) return cell;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

std::string sweep_digest(const Table& summary, std::size_t parameters) {
  // The columns shown: point, the parameters, runs, then every pd.<firm> as <firm>.
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < parameters + 2; ++c)
    cols.push_back(c);
  std::vector<std::size_t> pd_cols;
  for (std::size_t c = parameters + 2; c < summary.header.size(); ++c) {
    if (summary.header[c].rfind("pd.", 0) == 0) pd_cols.push_back(c);
  }
  if (pd_cols.empty() || summary.rows.empty()) return {};
  cols.insert(cols.end(), pd_cols.begin(), pd_cols.end());

  std::vector<std::size_t> order(summary.rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::string intro =
      "default probability per point (share of its runs in which each firm defaulted):\n";
  std::size_t left_out = 0;
  if (order.size() > kDigestAllPoints) {
    auto mean_pd = [&](std::size_t row) {
      double sum = 0.0;
      for (std::size_t c : pd_cols) {
        double v = 0.0;
        std::from_chars(summary.rows[row][c].data(),
                        summary.rows[row][c].data() + summary.rows[row][c].size(), v);
        sum += v;
      }
      return sum / static_cast<double>(pd_cols.size());
    };
    std::vector<double> mean(order.size());
    for (std::size_t r = 0; r < order.size(); ++r)
      mean[r] = mean_pd(r);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return mean[a] > mean[b]; });
    left_out = order.size() - 2 * kDigestEnds;
    order.erase(order.begin() + static_cast<std::ptrdiff_t>(kDigestEnds),
                order.end() - static_cast<std::ptrdiff_t>(kDigestEnds));
    intro = "default probability: the " + std::to_string(kDigestEnds) +
            " points with the highest and the " + std::to_string(kDigestEnds) +
            " with the lowest mean over the firms, of " + std::to_string(summary.rows.size()) +
            " (all in summary.csv):\n";
  }

  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> head;
  for (std::size_t c : cols) {
    const std::string& h = summary.header[c];
    head.push_back(h.rfind("pd.", 0) == 0 && c >= parameters + 2 ? h.substr(3) : h);
  }
  lines.push_back(head);
  for (std::size_t k = 0; k < order.size(); ++k) {
    if (left_out > 0 && k == kDigestEnds) {
      lines.push_back({"…" + std::to_string(left_out) + " more"});
    }
    std::vector<std::string> cells;
    for (std::size_t c : cols) {
      const std::string& v = summary.rows[order[k]][c];
      cells.push_back(c >= parameters + 2 ? two_decimals(v) : v);
    }
    lines.push_back(std::move(cells));
  }
  // Column widths in characters (the "…" counts as one).
  auto width = [](const std::string& s) {
    std::size_t w = 0;
    for (unsigned char ch : s)
      w += (ch & 0xC0) != 0x80;
    return w;
  };
  std::vector<std::size_t> w(cols.size(), 0);
  for (const auto& l : lines) {
    if (l.size() != cols.size()) continue;
    for (std::size_t i = 0; i < l.size(); ++i)
      w[i] = std::max(w[i], width(l[i]));
  }
  std::string out = intro;
  for (const auto& l : lines) {
    std::string text;
    for (std::size_t i = 0; i < l.size(); ++i) {
      const std::size_t pad = l.size() == cols.size() ? w[i] - width(l[i]) : 0;
      // Parameters and names left-aligned; counts and probabilities right-aligned.
      const bool left = i >= 1 && i <= parameters;
      if (i) text += "  ";
      text += left ? l[i] + std::string(pad, ' ') : std::string(pad, ' ') + l[i];
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text + "\n";
  }
  return out;
}

}  // namespace alchemy
