#pragma once
// The files the HTML report inlines, compiled into alchemy by the build
// (sim/report/embed_assets.cmake): the pinned JavaScript libraries of sim/report/vendor and the
// page scripts and style sheet of sim/report/page.

#include <string_view>

namespace alchemy {

// The bytes of the asset with this file name (e.g. "echarts.min.js", "run_report.js"); empty when
// there is no such asset.
std::string_view report_asset(std::string_view name);

}  // namespace alchemy
