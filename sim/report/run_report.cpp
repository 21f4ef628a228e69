#include "sim/report/run_report.hpp"

#include <sstream>

#include "sim/report/html_page.hpp"
#include "sim/report/report_file.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

// The page's containers; the page script (page/run_report.js) fills them from the data block.
constexpr const char* kBody =
    R"html(<header id="run-header"><h1>alchemy run report</h1><p class="meta" id="run-meta"></p></header>
<h2>Market value and price per firm</h2>
<p class="meta">Log scale; defaults (×) and scenario shocks (dashed lines) are marked.</p>
<div id="chart-mv" class="chart"></div>
<div id="chart-price" class="chart"></div>
<h2>Default probability and the cost of idle commitments</h2>
<p class="meta">What lenders and equity investors read each day (MODEL.md §7.20), and what each compute-capped firm's purchase commitments cost its value: the discounted cost of the committed compute its growth path leaves idle (§7.21).</p>
<div id="chart-pd" class="chart"></div>
<div id="chart-cv" class="chart"></div>
<h2>Balance sheets</h2>
<p class="meta">Month-end samples (the last recorded date of each month), USD: assets above zero, liabilities below, book equity as a line. Firm: <select id="bs-firm"></select></p>
<div id="chart-bs" class="chart"></div>
<h2>Sentiment, GPU index, risk-free rate</h2>
<div id="chart-market" class="chart"></div>
<h2>Defaults</h2>
<p class="meta">Each default with the chain of events that led to it (the events' <code>cause</code> links).</p>
<div id="chart-defaults" class="chart"></div>
<div id="defaults-table"></div>
<h2>Feedback: ρ(W) and the strongest loops</h2>
<p class="meta">ρ(W), the spectral radius of the linearised price feedback (dashed: ρ = 1), and the per-edge gain |g|<sup>1/k</sup> of the loops with the largest gain over the run.</p>
<div id="chart-loops" class="chart"></div>
<h2>Contract network</h2>
<p class="meta">The contracts between firms at a month end, as <code>alchemy graph --at DATE</code> draws them: an arrow per pair of firms in the direction of cash, coloured by its largest kind, its width by the amount. Month end: <input type="range" id="network-date" min="0" max="0" step="1" value="0"> <span id="network-date-label"></span></p>
<div id="network" class="network"></div>
<p class="meta" id="network-tip"></p>
<p class="legend" id="network-legend"></p>
<h2>Cascades</h2>
<p class="meta">Trees of events linked by <code>cause</code> that contain a default, largest first.</p>
<div id="cascades"></div>
<h2>Summary</h2>
<div id="summary"></div>)html";

}  // namespace

std::string run_report_html(const RunData& data) {
  HtmlPage page;
  page.title =
      "alchemy report: " + data.run.scenario_name + " (seed " + std::to_string(data.run.seed) + ")";
  page.libraries = {"echarts.min.js", "cytoscape.min.js"};
  page.data_json = run_report_json(data);
  page.page_script = "run_report.js";
  page.body_html = kBody;
  std::ostringstream out;
  write_html_page(page, out);
  return std::move(out).str();
}

void write_run_report(const RunData& data, const fs::path& out) {
  write_report_file(out, run_report_html(data));
}

}  // namespace alchemy
