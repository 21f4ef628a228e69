#include "sim/folder/report_mark.hpp"

#include <fstream>
#include <string>

namespace alchemy {

bool is_alchemy_report(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(file, ec))) return false;
  std::ifstream in(file, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.substr(0, head.find("</head>")).find(kReportGeneratorMeta) != std::string::npos;
}

}  // namespace alchemy
