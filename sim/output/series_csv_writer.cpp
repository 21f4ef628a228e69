#include "sim/output/series_csv_writer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>

namespace alchemy {

namespace {

constexpr std::size_t kSeriesRowBytes = 64 + 7 * kMaxDoubleChars + 14 * (kMaxCentsChars + 1);
constexpr std::size_t kMarketRowBytes = 16 + 3 * (kMaxDoubleChars + 1);

char* put_double(char* out, double v) {
  return std::isfinite(v) ? write_double(out, v) : out;
}

}  // namespace

SeriesCsvWriter::SeriesCsvWriter(const std::filesystem::path& series_csv,
                                 const std::filesystem::path& market_csv)
    : series_(series_csv), market_(market_csv) {
  series_.append(kSeriesCsvHeader);
  market_.append(kMarketCsvHeader);
}

void SeriesCsvWriter::begin(const RunHeader& header) {
  firms_.clear();
  repeated_.assign(header.firm_ids.size(), FirmColumns{});
  longest_firm_ = 0;
  for (const auto& id : header.firm_ids) {
    firms_.push_back(csv_field(id));
    longest_firm_ = std::max(longest_firm_, firms_.back().size());
  }
}

void SeriesCsvWriter::series(const SeriesRow& r) {
  if (r.firm < 0 || static_cast<std::size_t>(r.firm) >= firms_.size()) {
    throw std::out_of_range("series row: firm index " + std::to_string(r.firm) +
                            " outside the firm table (" + std::to_string(firms_.size()) +
                            " firms)");
  }
  const std::string& firm = firms_[static_cast<std::size_t>(r.firm)];
  char* p = series_.reserve(kSeriesRowBytes + firm.size());
  p = series_dates_.write(p, r.date);
  *p++ = ',';
  p = std::copy(firm.begin(), firm.end(), p);
  *p++ = ',';
  *p++ = r.listed ? '1' : '0';
  *p++ = ',';
  *p++ = r.defaulted ? '1' : '0';
  FirmColumns& repeated = repeated_[static_cast<std::size_t>(r.firm)];
  *p++ = ',';
  char* const price = p;
  p = put_double(p, r.price);
  *p++ = ',';
  if (std::bit_cast<std::uint64_t>(r.shadow_price) == std::bit_cast<std::uint64_t>(r.price)) {
    p = std::copy(price, p - 1, p);  // a listed firm's shadow price is its price
  } else {
    p = put_double(p, r.shadow_price);
  }
  *p++ = ',';
  p = std::isfinite(r.shares) ? repeated.shares.write(p, r.shares) : p;
  std::size_t column = 0;
  for (const Money m : {r.market_value, r.cash, r.fleet, r.stakes, r.warrants, r.receivables,
                        r.other_assets, r.operating_assets, r.debt, r.payables, r.other_liabilities,
                        r.equity, r.revenue, r.net_income}) {
    *p++ = ',';
    p = repeated.money[column++].write(p, m.in_cents());
  }
  *p++ = ',';
  p = std::isfinite(r.gw) ? repeated.gw.write(p, r.gw) : p;
  *p++ = ',';
  p = std::isfinite(r.unmet_demand) ? repeated.unmet_demand.write(p, r.unmet_demand) : p;
  *p++ = ',';
  p = std::isfinite(r.default_probability)
          ? repeated.default_probability.write(p, r.default_probability)
          : p;
  *p++ = ',';
  p = std::isfinite(r.commitment_value) ? repeated.commitment_value.write(p, r.commitment_value)
                                        : p;
  *p++ = '\n';
  series_.commit(p);
  ++series_rows_;
}

void SeriesCsvWriter::market(const MarketRow& r) {
  char* p = market_.reserve(kMarketRowBytes);
  p = market_dates_.write(p, r.date);
  for (const double v : {r.sentiment, r.gpu_index, r.risk_free}) {
    *p++ = ',';
    p = put_double(p, v);
  }
  *p++ = '\n';
  market_.commit(p);
  ++market_rows_;
}

void SeriesCsvWriter::finish(bool /*complete*/) {
  series_.flush();
  market_.flush();
}

void SeriesCsvWriter::close() {
  series_.close();
  market_.close();
}

}  // namespace alchemy
