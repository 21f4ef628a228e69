#include "sim/output/loops_csv_writer.hpp"

namespace alchemy {

LoopsCsvWriter::LoopsCsvWriter(const std::filesystem::path& loops_csv) : file_(loops_csv) {
  file_.append(kLoopsCsvHeader);
}

void LoopsCsvWriter::loop(const LoopRow& r) {
  char date[kIsoDateChars];
  dates_.write(date, r.date);
  file_.append(std::string_view(date, kIsoDateChars));
  file_.append(",");
  file_.append(csv_field(r.loop));
  file_.append(",");
  file_.append(csv_field(r.loop_class));
  file_.append(",");
  file_.append(csv_field(r.kinds));
  file_.append(",");
  char num[kMaxDoubleChars * 3 + kMaxIntChars + 4];
  char* p = write_uint(num, r.length);
  *p++ = ',';
  p = write_double(p, r.gain);
  *p++ = ',';
  p = write_double(p, r.per_edge_gain);
  *p++ = '\n';
  file_.append(std::string_view(num, static_cast<std::size_t>(p - num)));
}

void LoopsCsvWriter::finish(bool) {
  file_.flush();
}
void LoopsCsvWriter::close() {
  file_.close();
}

}  // namespace alchemy
