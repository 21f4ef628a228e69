#pragma once
// network.csv: the contract network at the last recorded date of each month (and at the run's
// last tick), as `alchemy graph --at DATE` draws it (sim/analysis/network_arrows.hpp). At each
// such date, first one row per defaulted firm, then one row per arrow:
//
//   date,from,to,kind,contracts,amount,active,loop
//
//   arrow rows        from → to in the direction of cash; kind: the kind with the largest amount
//                     on the arrow (its colour); contracts: how many contracts it merges; amount:
//                     their total (USD, shortest round-trip); active 1 (0: all ended); loop 1 when
//                     one of its contracts is on one of the strongest feedback loops
//   defaulted firms   from: the firm; to empty; kind "defaulted"; contracts 0, amount 0,
//                     active 0, loop 0
// Rows of one date: the defaulted firms in firm id order, then the arrows in (from, to) order.
// A firm with no row at a date is alive then; a date with no rows at all is not written.

#include <cstdint>
#include <filesystem>
#include <string>

#include "market/date.hpp"
#include "sim/output/text_output.hpp"

namespace alchemy {

inline constexpr const char* kNetworkCsvHeader = "date,from,to,kind,contracts,amount,active,loop\n";
inline constexpr const char* kDefaultedKind = "defaulted";

struct NetworkRow {
  Date date;
  std::string from;
  std::string to;    // empty for a defaulted firm's row
  std::string kind;  // a contract kind, or kDefaultedKind
  std::uint32_t contracts = 0;
  double amount = 0.0;
  bool active = false;
  bool loop = false;
  bool is_firm() const { return to.empty(); }
  friend bool operator==(const NetworkRow&, const NetworkRow&) = default;
};

class NetworkCsvWriter {
 public:
  explicit NetworkCsvWriter(const std::filesystem::path& network_csv);
  void row(const NetworkRow& r);
  void flush() { file_.flush(); }
  void close() { file_.close(); }

 private:
  BufferedFile file_;
};

}  // namespace alchemy
