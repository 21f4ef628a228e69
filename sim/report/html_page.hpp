#pragma once
// One self-contained HTML page: the report's style sheet, the pinned JavaScript libraries, the
// data block and the page's own script, all inlined, so the file opens offline in any browser and
// fetches nothing.
//
// Every page carries two hooks the browser test (tools/render-report) reads:
//   <pre id="js-errors">   every JavaScript error and unhandled rejection, one per line, written
//                          by an onerror hook installed before any other script runs;
//   <pre id="alchemy-check"> JSON the page script writes once it has rendered, with counts taken
//                          from the rendered objects themselves (chart series, network nodes and
//                          edges, ...) and each chart's rectangle on the page; the attribute
//                          data-rendered="1" marks it complete.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/folder/report_mark.hpp"

namespace alchemy {

struct HtmlPage {
  std::string title;
  std::vector<std::string_view> libraries;  // asset names, e.g. "echarts.min.js"
  std::string data_json;                    // the data block, as JSON text
  std::string_view page_script;             // asset name of the page's script
  std::string body_html;                    // the page's static markup (containers, headings)
};

void write_html_page(const HtmlPage& page, std::ostream& out);

// JSON text safe inside <script type="application/json">: every "</" becomes "<\/" (the same
// string to a JSON parser), so no value can close the element early.
std::string script_safe_json(std::string_view json);

// Text for HTML element content: &, < and > escaped.
std::string html_text(std::string_view s);

}  // namespace alchemy
