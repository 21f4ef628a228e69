#pragma once
// series.csv and market.csv: one row per SeriesRow / MarketRow, in the order the engine emits
// them. RFC 4180 with LF line ends, a header line, no index column, no locale:
//
//   series.csv  date,firm,listed,defaulted,price,shadow_price,shares,market_value,cash,fleet,
//               stakes,warrants,receivables,other_assets,operating_assets,debt,payables,
//               other_liabilities,equity,revenue,net_income,gw,unmet_demand,
//               default_probability,commitment_value
//   market.csv  date,sentiment,gpu_index,risk_free
//
//   date             YYYY-MM-DD;  firm: the firm id (quoted only if it holds , " CR or LF)
//   listed, defaulted 1 or 0 (reads as an integer in pandas, R and SQL alike)
//   money columns    USD with exactly two decimals, written from the integer cents (exact)
//   other numbers    the shortest decimal that reads back to the same double; empty when not
//                    finite (pandas reads NaN, R reads NA)

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/output/text_output.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

inline constexpr const char* kSeriesCsvHeader =
    "date,firm,listed,defaulted,price,shadow_price,shares,market_value,cash,fleet,stakes,"
    "warrants,receivables,other_assets,operating_assets,debt,payables,other_liabilities,equity,"
    "revenue,net_income,gw,unmet_demand,default_probability,commitment_value\n";
inline constexpr const char* kMarketCsvHeader = "date,sentiment,gpu_index,risk_free\n";

// Writes both files; each gets its header line at construction, so even a run stopped before
// its first row leaves well-formed (empty) tables.
class SeriesCsvWriter final : public OutputSink {
 public:
  SeriesCsvWriter(const std::filesystem::path& series_csv, const std::filesystem::path& market_csv);

  Wants wants() const override { return {true, true, false}; }
  void begin(const RunHeader& header) override;
  void event(const Event&) override {}
  void series(const SeriesRow& row) override;
  void market(const MarketRow& row) override;
  void finish(bool complete) override;  // flushes both files

  void close();  // flush and close both; throws std::system_error on I/O errors
  std::uint64_t series_rows() const { return series_rows_; }
  std::uint64_t market_rows() const { return market_rows_; }

 private:
  BufferedFile series_;
  BufferedFile market_;
  std::vector<std::string> firms_;  // CSV-ready ids
  struct FirmColumns {              // the numbers that repeat from row to row, per firm
    RepeatedDouble shares, gw, unmet_demand, default_probability, commitment_value;
    std::array<RepeatedCents, 14> money;  // market_value … net_income
  };
  std::vector<FirmColumns> repeated_;
  std::size_t longest_firm_ = 0;
  IsoDateCache series_dates_;
  IsoDateCache market_dates_;
  std::uint64_t series_rows_ = 0;
  std::uint64_t market_rows_ = 0;
};

}  // namespace alchemy
