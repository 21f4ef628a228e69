#include "sim/report/html_page.hpp"

#include <stdexcept>

#include "sim/folder/report_mark.hpp"
#include "sim/report/report_assets.hpp"

namespace alchemy {

namespace {

std::string_view asset(std::string_view name) {
  const std::string_view text = report_asset(name);
  if (text.empty())
    throw std::logic_error("report asset missing from the build: " + std::string(name));
  return text;
}

// Installed before every other script, so errors thrown while a library loads are caught too.
constexpr std::string_view kErrorHook = R"js(
window.alchemyErrors = [];
(function () {
  function note(text) {
    window.alchemyErrors.push(text);
    var pre = document.getElementById('js-errors');
    if (pre) { pre.hidden = false; pre.textContent += text + '\n'; }
  }
  window.onerror = function (message, source, line, column) {
    note(String(message) + ' at ' + (source || '?') + ':' + (line || 0) + ':' + (column || 0));
  };
  window.addEventListener('unhandledrejection', function (e) { note('unhandled rejection: ' + e.reason); });
})();
)js";

}  // namespace

std::string script_safe_json(std::string_view json) {
  std::string safe;
  safe.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    safe += json[i];
    if (json[i] == '<' && i + 1 < json.size() && json[i + 1] == '/') safe += '\\';
  }
  return safe;
}

std::string html_text(std::string_view s) {
  std::string e;
  e.reserve(s.size());
  for (char c : s) {
    if (c == '&') {
      e += "&amp;";
    } else if (c == '<') {
      e += "&lt;";
    } else if (c == '>') {
      e += "&gt;";
    } else {
      e += c;
    }
  }
  return e;
}

void write_html_page(const HtmlPage& page, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << kReportGeneratorMeta << "\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << html_text(page.title) << "</title>\n"
      << "<script>" << kErrorHook << "</script>\n"
      << "<style>\n"
      << asset("report.css") << "</style>\n";
  for (std::string_view library : page.libraries)
    out << "<script>" << asset(library) << "</script>\n";
  out << "</head>\n<body>\n<pre id=\"js-errors\" class=\"errors\" hidden></pre>\n"
      << page.body_html << "\n<pre id=\"alchemy-check\" hidden></pre>\n"
      << "<footer>Charts: Apache ECharts 6.1.0 (Apache License 2.0). Networks: Cytoscape.js 3.35.0 "
         "(MIT licence). Both inlined in this file; see sim/report/vendor in alchemy's "
         "source.</footer>\n"
      << "<script type=\"application/json\" id=\"alchemy-data\">"
      << script_safe_json(page.data_json) << "</script>\n<script>" << asset(page.page_script)
      << "</script>\n</body>\n</html>\n";
}

}  // namespace alchemy
