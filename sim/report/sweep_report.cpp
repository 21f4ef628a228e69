#include "sim/report/sweep_report.hpp"

#include <charconv>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/report/html_page.hpp"
#include "sim/report/report_file.hpp"
#include "sim/report/sweep_grid.hpp"

namespace alchemy {

namespace fs = std::filesystem;
using nlohmann::json;

void parse_bins(const std::string& text, SweepReportOptions& options) {
  auto count = [&](std::string_view s, std::size_t& out) {
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && ptr == s.data() + s.size() && out >= 1 && out <= 1000;
  };
  const std::size_t times = text.find('x');
  std::size_t bx = 0, by = 0;
  const bool ok = times == std::string::npos
                      ? count(text, bx) && (by = bx, true)
                      : count(std::string_view(text).substr(0, times), bx) &&
                            count(std::string_view(text).substr(times + 1), by);
  if (!ok) {
    throw std::invalid_argument("--bins " + text +
                                ": expected bins per axis as N or NxM, each 1 to 1000 (e.g. 8x8)");
  }
  options.bins_x = bx;
  options.bins_y = by;
}

fs::path sweep_report_path(const fs::path& sweep_dir, const SweepReportOptions& options) {
  return options.output.empty() ? sweep_dir / kReportFileName : options.output;
}

namespace {

// A summary or runs cell that may be empty (a metric a run did not have): null, else a number.
json optional_number(const CsvFile& f, const CsvRow& row, std::size_t col) {
  if (row.cells[col].empty()) return nullptr;
  return SweepResults::number(f, row, col);
}

std::size_t parameter_index(const SweepResults& r, const std::string& key, const char* flag) {
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    if (r.parameters[i] == key) return i;
  }
  std::string list;
  for (const auto& p : r.parameters)
    list += (list.empty() ? "" : ", ") + p;
  throw ConfigError(SourceLocation{flag, 0, 0}, "",
                    "'" + key + "' is not a parameter of this sweep; its parameters: " + list);
}

json axis_json(const GridAxis& a) {
  return {{"key", a.key},         {"labels", a.labels}, {"positions", a.positions},
          {"numeric", a.numeric}, {"binned", a.binned}, {"edges", a.edges}};
}

// The runs' values of parameter column `col` of runs.csv.
std::vector<std::string> run_values(const SweepResults& r, std::size_t col) {
  std::vector<std::string> v;
  v.reserve(r.runs_csv.rows.size());
  for (const auto& row : r.runs_csv.rows)
    v.push_back(row.cells[col]);
  return v;
}

// defaulted.<firm> of a run: 0 or 1.
bool defaulted(const CsvFile& f, const CsvRow& row, std::size_t col) {
  const double v = SweepResults::number(f, row, col);
  if (v != 0.0 && v != 1.0) {
    throw f.error_at(
        row, col, "column '" + f.header[col] + "': expected 0 or 1, got '" + row.cells[col] + "'");
  }
  return v == 1.0;
}

// Every number metric of summary.csv (the columns <name>.mean … <name>.p95): per point, its
// p05, p50, p95 and mean.
json metrics_json(const SweepResults& r) {
  const CsvFile& s = r.summary_csv;
  json metrics = json::array();
  const std::string suffix = ".mean";
  for (std::size_t c = 0; c < s.header.size(); ++c) {
    const std::string& h = s.header[c];
    if (h.size() <= suffix.size() || h.compare(h.size() - suffix.size(), suffix.size(), suffix))
      continue;
    const std::string name = h.substr(0, h.size() - suffix.size());
    json m = {{"name", name}};
    for (const char* stat : {"p05", "p50", "p95", "mean"}) {
      const std::size_t col = s.column(name + "." + stat);
      if (col == std::string::npos) {
        throw ConfigError(SourceLocation{s.file, 1, 1}, "",
                          "no column '" + name + "." + stat + "' beside '" + h + "'");
      }
      json values = json::array();
      for (const auto& row : s.rows)
        values.push_back(optional_number(s, row, col));
      m[stat] = std::move(values);
    }
    metrics.push_back(std::move(m));
  }
  return metrics;
}

// summary.csv's point, parameters, runs and pd.<firm> columns as written, for the table.
json points_json(const SweepResults& r) {
  const CsvFile& s = r.summary_csv;
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < r.parameters.size() + 2; ++c)
    cols.push_back(c);
  for (const auto& firm : r.outcomes)
    cols.push_back(s.column("pd." + firm));
  json header = json::array(), rows = json::array(), labels = json::array();
  for (std::size_t c : cols)
    header.push_back(s.header[c]);
  for (const auto& row : s.rows) {
    json cells = json::array();
    for (std::size_t c : cols)
      cells.push_back(row.cells[c]);
    rows.push_back(std::move(cells));
    std::string label;
    for (std::size_t p = 0; p < r.parameters.size(); ++p)
      label += (p ? " / " : "") + row.cells[1 + p];
    labels.push_back(std::move(label));
  }
  return {{"header", header}, {"rows", rows}, {"labels", labels}};
}

}  // namespace

std::string sweep_report_data(const SweepResults& r, const SweepReportOptions& options) {
  if (options.bins_x < 1 || options.bins_y < 1)
    throw std::invalid_argument("sweep report: bins must be at least 1");
  const std::size_t xi = options.x.empty() ? 0 : parameter_index(r, options.x, "--x");
  std::optional<std::size_t> yi;
  if (!options.y.empty()) {
    yi = parameter_index(r, options.y, "--y");
  } else if (r.parameters.size() >= 2) {
    yi = xi == 0 ? 1 : 0;
  }
  if (yi && *yi == xi) {
    throw ConfigError(SourceLocation{"--y", 0, 0}, "",
                      "'" + r.parameters[xi] + "' is already the x axis; choose another parameter");
  }
  const bool grid = r.sampling == "grid";
  const CsvFile& runs = r.runs_csv;
  const std::size_t first_param = 4;  // run,point,seed_index,seed
  const GridAxis ax =
      make_axis(r.parameters[xi], run_values(r, first_param + xi), grid ? 0 : options.bins_x);
  std::optional<GridAxis> ay;
  if (yi) {
    ay = make_axis(r.parameters[*yi], run_values(r, first_param + *yi), grid ? 0 : options.bins_y);
  }
  const std::size_t nx = ax.cells(), ny = ay ? ay->cells() : 1;

  // Runs and defaults per cell, summed in run order.
  std::vector<std::size_t> n(nx * ny, 0);
  std::vector<std::vector<std::size_t>> k(r.outcomes.size(), std::vector<std::size_t>(nx * ny, 0));
  std::vector<std::size_t> flag_cols;
  for (const auto& firm : r.outcomes)
    flag_cols.push_back(runs.column("defaulted." + firm));
  for (const auto& row : runs.rows) {
    const std::size_t i = ax.cell_by_value.at(row.cells[first_param + xi]);
    const std::size_t j = ay ? ay->cell_by_value.at(row.cells[first_param + *yi]) : 0;
    const std::size_t cell = j * nx + i;
    ++n[cell];
    for (std::size_t f = 0; f < r.outcomes.size(); ++f) {
      if (defaulted(runs, row, flag_cols[f])) ++k[f][cell];
    }
  }

  json data;
  data["sweep"] = {{"folder", r.dir.lexically_normal().string()},
                   {"sweep_file", r.sweep_file},
                   {"base_scenario", r.base_scenario},
                   {"sampling", r.sampling},
                   {"points", r.points},
                   {"seeds", r.seeds},
                   {"runs", r.runs},
                   {"parameters", r.parameters},
                   {"outcomes", r.outcomes},
                   {"alchemy_version", r.alchemy_version},
                   {"finished_at", r.finished_at}};
  data["x"] = axis_json(ax);
  data["y"] = ay ? axis_json(*ay) : json(nullptr);
  json firms = json::array();
  for (std::size_t f = 0; f < r.outcomes.size(); ++f) {
    std::vector<std::optional<double>> pd(nx * ny);
    json cells = json::array();
    for (std::size_t j = 0; j < ny; ++j) {
      for (std::size_t i = 0; i < nx; ++i) {
        const std::size_t c = j * nx + i;
        if (n[c] == 0) continue;
        pd[c] = static_cast<double>(k[f][c]) / static_cast<double>(n[c]);
        if (ay) {
          cells.push_back({i, j, *pd[c], n[c]});
        } else {
          const auto [lo, hi] = wilson_interval(k[f][c], n[c]);
          cells.push_back({i, *pd[c], lo, hi, n[c]});
        }
      }
    }
    json firm = {{"firm", r.outcomes[f]}, {"cells", std::move(cells)}};
    if (ay) {
      json segments = json::array();
      for (const Segment& s : level_contour(ax.positions, ay->positions, pd, 0.5))
        segments.push_back({s.x0, s.y0, s.x1, s.y1});
      firm["tipping"] = std::move(segments);
    } else {
      firm["tipping"] = level_crossings(ax.positions, pd, 0.5);
    }
    firms.push_back(std::move(firm));
  }
  data["firms"] = std::move(firms);
  data["metrics"] = metrics_json(r);
  data["points"] = points_json(r);
  return data.dump();
}

std::string sweep_report_page(const SweepResults& r, const SweepReportOptions& options) {
  HtmlPage page;
  fs::path name = r.dir.lexically_normal();
  if (name.filename().empty()) name = name.parent_path();
  page.title = "alchemy sweep report: " + name.filename().string();
  page.libraries = {"echarts.min.js"};
  page.data_json = sweep_report_data(r, options);
  page.page_script = "sweep_report.js";
  page.body_html = "<h1>" + html_text(page.title) + "</h1>\n<p class=\"meta\" id=\"meta\"></p>\n" +
                   "<div id=\"report\"></div>";
  std::ostringstream out;
  write_html_page(page, out);
  return out.str();
}

fs::path write_sweep_report(const fs::path& sweep_dir, const SweepReportOptions& options) {
  const SweepResults r = read_sweep_results(sweep_dir);
  const std::string page = sweep_report_page(r, options);
  const fs::path out = sweep_report_path(sweep_dir, options);
  write_report_file(out, page);
  return out;
}

}  // namespace alchemy
