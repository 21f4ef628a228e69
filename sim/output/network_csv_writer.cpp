#include "sim/output/network_csv_writer.hpp"

namespace alchemy {

NetworkCsvWriter::NetworkCsvWriter(const std::filesystem::path& network_csv) : file_(network_csv) {
  file_.append(kNetworkCsvHeader);
}

void NetworkCsvWriter::row(const NetworkRow& r) {
  std::string line = r.date.iso();
  line += ',';
  line += csv_field(r.from);
  line += ',';
  line += csv_field(r.to);
  line += ',';
  line += csv_field(r.kind);
  char num[kMaxDoubleChars + kMaxIntChars + 8];
  char* p = num;
  *p++ = ',';
  p = write_uint(p, r.contracts);
  *p++ = ',';
  p = write_double(p, r.amount);
  *p++ = ',';
  *p++ = r.active ? '1' : '0';
  *p++ = ',';
  *p++ = r.loop ? '1' : '0';
  *p++ = '\n';
  line.append(num, p);
  file_.append(line);
}

}  // namespace alchemy
