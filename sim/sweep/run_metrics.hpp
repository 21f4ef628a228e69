#pragma once
// Outcome metrics of one run, for sweeps: an OutputSink that watches a run and reduces it to one
// row of runs.csv. Columns (firm columns once per reported firm, in the scenario's firm order):
//
//   defaults               number of firms that defaulted (all firms, reported or not)
//   first_default_date     date of the first default (empty if none)
//   first_default_firm     id of the first firm to default (empty if none)
//   largest_cascade        largest `cascade` event's size (defaults in one cascade), 0 if none
//   final_sentiment        market sentiment after the last tick
//   peak_rho               highest spectral radius ρ of the influence matrix at a recorded step
//                          (the loop tracker's "rho" rows); empty when the run recorded none
//   defaulted.<firm>       1 or 0
//   default_date.<firm>    date of its default (empty if none)
//   creditor_loss.<firm>   what its creditors, network firms and outside creditors together,
//                          did not recover of its liabilities when it defaulted: the `amount` of
//                          its `default_settled` event (due − paid after clearing), USD; 0 if it
//                          did not default
//   peak_drawdown.<firm>   largest fall from a running peak of its price (or private mark), as a
//                          fraction, over the series rows (the scenario's record.series_every)
//   final_price.<firm>     price (listed) or accounting mark per share (private), last tick
//   final_market_value.<firm>  that price × fully diluted shares, USD
//
// Numbers are written as the shortest decimal that reads back to the same double, so a row read
// back from the sweep journal gives exactly the values it was written from.
//
// To add a metric: a MetricColumn in metric_columns(), its state below, its update in the sink
// method that sees the data, and its cell in cells() — nothing else changes (summary.csv
// summarises every `number` column; `flag` columns become pd.<firm>).

#include <cstdint>
#include <string>
#include <vector>

#include "sim/world/output_sink.hpp"

namespace alchemy {

struct MetricColumn {
  enum class Kind {
    number,  // summarised: mean, se, p05, p50, p95
    flag,    // 0/1 per firm; summarised as a probability (pd.<firm>)
    text     // dates and ids: in runs.csv only
  };
  std::string name;
  Kind kind = Kind::number;
  std::string firm;  // for per-firm columns, else empty
};

// The columns for the reported firms (ids, in the scenario's order).
std::vector<MetricColumn> metric_columns(const std::vector<std::string>& reported_firms);

class RunMetrics final : public OutputSink {
 public:
  // reported_firms: ids of the firms with columns, in the scenario's firm order.
  explicit RunMetrics(std::vector<std::string> reported_firms);

  Wants wants() const override { return {true, false, true}; }
  void begin(const RunHeader& h) override;
  void event(const Event& e) override;
  void series(const SeriesRow& r) override;
  void loop(const LoopRow& r) override;
  void end_state(const World& w) override;

  // The row's cells in metric_columns() order. Valid after end_state.
  std::vector<std::string> cells() const;

 private:
  struct Firm {
    bool defaulted = false;
    Date default_date;
    Money creditor_loss;  // summed in cents, as events.jsonl writes each amount
    double peak = 0.0;
    double drawdown = 0.0;
    double final_price = 0.0;
    double final_market_value = 0.0;
  };

  std::vector<std::string> reported_;
  std::vector<std::string> ids_;    // all firms, by index
  std::vector<std::int32_t> slot_;  // firm index → index into firms_, or -1
  std::vector<Firm> firms_;         // reported firms
  const ScenarioSpec* scenario_ = nullptr;
  std::int64_t defaults_ = 0;
  std::int32_t first_default_firm_ = -1;
  Date first_default_date_;
  double largest_cascade_ = 0.0;
  double final_sentiment_ = 0.0;
  double peak_rho_ = 0.0;
  bool saw_rho_ = false;
};

// A double as a CSV cell: the shortest round-trip decimal, "0" for -0, empty when not finite.
std::string metric_number(double v);

}  // namespace alchemy
