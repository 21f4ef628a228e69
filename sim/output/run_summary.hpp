#pragma once
// The human-readable summary `alchemy run` prints at the end: each firm's start and end price
// (or mark), peak drawdown and distress; defaults with the cascade each started; the money that
// went round each investment (traced pro rata through the payments it funded: how much came back
// to the investor, is still held, was paid outside the network; MODEL.md §7.23); the firms whose
// distress would cost the network most at the end (DebtRank on the final exposures,
// sim/analysis/systemic_impact.hpp); the ten largest events. It is an OutputSink, so it sees the
// run exactly as the files do. It costs time and memory in proportion to the firms and events,
// and a table longer than 1000 rows shows its 20 most telling rows and a count of the rest.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/exposure_network.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

class RunSummary final : public OutputSink {
 public:
  Wants wants() const override { return {true, false, false}; }
  void begin(const RunHeader& h) override;
  void event(const Event& e) override;
  void series(const SeriesRow& r) override;
  void end_state(const World& w) override;
  void finish(bool complete) override { complete_ = complete; }

  void print(std::FILE* out) const;
  std::string text() const;  // what print writes
  std::uint64_t events_seen() const { return events_; }

 private:
  struct FirmLine {
    double start_price = 0.0;
    double end_price = 0.0;
    double peak = 0.0;
    double max_drawdown = 0.0;
    bool started = false;
    int distress = 0;
    bool defaulted = false;
    std::string default_date;
  };
  struct RoundTrip {
    std::string contract;
    std::string investor;
    std::string investee;
    double invested = 0.0;
    double came_back = 0.0;
    double investee_holds = 0.0;
    double others_hold = 0.0;
    double paid_outside = 0.0;
  };
  struct DefaultLine {
    std::string date;
    std::string firm;
    std::uint64_t seq = 0;
    std::uint64_t cause = 0;
  };

  void print_firms(std::FILE* out) const;
  void print_defaults(std::FILE* out) const;  // defaults, their causes, cascades

  RunHeader header_;  // header_.scenario is valid until the run ends, not when printing
  std::string name_;
  std::vector<FirmLine> firms_;
  std::vector<Event> largest_;  // the ten largest |amount|
  std::vector<DefaultLine> defaults_;
  std::vector<std::pair<std::uint64_t, double>> cascades_;  // (first default seq, size)
  std::vector<Event> default_events_;  // defaults and their decompositions: cause-link cascades
  std::vector<RoundTrip> round_trips_;
  // Sentiment's realised volatility a year: total, its innovation, the web's feedback (MODEL.md
  // §7.12); years 0 when no market phase ran.
  double sentiment_total_ = 0.0, sentiment_innovation_ = 0.0, sentiment_feedback_ = 0.0;
  double sentiment_years_ = 0.0;
  // The final state's exposures, kept from end_state (cheap, O(exposures)); DebtRank itself is
  // computed only when printing, so --quiet runs do not pay for it.
  std::optional<ExposureNetwork> exposures_;
  std::uint64_t events_ = 0;
  std::string first_date_, last_date_;
  bool complete_ = false;
};

}  // namespace alchemy
