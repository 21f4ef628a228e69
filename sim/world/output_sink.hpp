#pragma once
// Where a run's records go. The engine calls these; JSONL, CSV, SQLite writers, progress bars and
// in-memory collectors (tests) implement them. Nothing in the engine knows about files.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "market/date.hpp"
#include "market/money.hpp"
#include "sim/world/event.hpp"

namespace alchemy {

struct ScenarioSpec;
struct World;

struct RunHeader {
  const ScenarioSpec* scenario = nullptr;
  std::uint64_t seed = 0;
  std::vector<std::string> firm_ids;  // index → id, as used by Event::firm and SeriesRow::firm
  std::vector<std::string> contract_ids;  // index → id, as used by Event::contract
  std::size_t total_ticks = 0;            // for progress reporting
};

// One row of series.csv: a firm's figures at a recorded step. Money columns are in USD with
// cents (two decimals); flows (revenue, net_income) are over the period since the last row.
struct SeriesRow {
  Date date;
  std::int32_t tick = 0;
  std::int32_t firm = 0;
  bool listed = true;
  bool defaulted = false;
  double price = 0.0;         // public: market price; private: accounting mark per share
  double shadow_price = 0.0;  // model price (for public firms equal to price)
  double shares = 0.0;        // fully diluted
  Money market_value;         // price × fully diluted shares
  Money cash;
  Money fleet;     // compute fleet at book
  Money stakes;    // equity stakes held, at the investee's price or mark
  Money warrants;  // warrants held, marked
  Money receivables;
  Money other_assets;
  Money operating_assets;
  Money debt;
  Money payables;
  Money other_liabilities;
  Money equity;      // book: assets − liabilities
  Money revenue;     // over the period
  Money net_income;  // over the period
  double gw = 0.0;   // capacity deployed (owned + leased)
  // Demand (USD/year) the deployed compute cannot serve at the end of the tick; a double, not
  // Money: demand compounds without bound where revenue stays capped by capacity.
  double unmet_demand = 0.0;
  // Its probability of default over the treasury horizon (MODEL.md §7.20), as the decisions
  // phase set it this tick.
  double default_probability = 0.0;
  // What its purchase commitments are worth to it (MODEL.md §7.21), USD, as the market phase set
  // it.
  double commitment_value = 0.0;
};

struct MarketRow {
  Date date;
  std::int32_t tick = 0;
  double sentiment = 1.0;
  double gpu_index = 1.0;
  double risk_free = 0.0;
};

// One row of loops.csv: a circuit of the influence graph at a recorded step, or (kind "rho")
// the spectral radius of W and the feedback multiplier.
struct LoopRow {
  Date date;
  std::int32_t tick = 0;
  std::string loop;            // "nvidia>openai>nvidia" (influence order), or "rho"
  std::string kinds;           // dominant channel of each hop, "funding>supply"
  std::string loop_class;      // cash | capital | equity | mixed | rho
  double gain = 0.0;           // product of W along the circuit (signed); ρ for the rho row
  double per_edge_gain = 0.0;  // |gain|^(1/length); the multiplier 1/(1−ρ) for the rho row
  std::size_t length = 0;
};

class OutputSink {
 public:
  // The kinds of rows a sink reads. The engine builds only the rows some sink of the run wants
  // (a run that writes only events.jsonl skips ten series rows a tick); events always go out.
  struct Wants {
    bool series = true;
    bool market = true;
    bool loops = true;
    Wants operator|(Wants o) const {
      return {series || o.series, market || o.market, loops || o.loops};
    }
  };
  static constexpr Wants wants_nothing{false, false, false};

  virtual ~OutputSink() = default;
  // Which rows this sink reads; the default is every kind, so a sink that overrides series(),
  // market() or loop() needs nothing more.
  virtual Wants wants() const { return {}; }
  virtual void begin(const RunHeader&) {}
  virtual void event(const Event& e) = 0;
  virtual void series(const SeriesRow&) {}
  virtual void market(const MarketRow&) {}
  virtual void loop(const LoopRow&) {}
  virtual void tick_done(std::size_t /*ticks_done*/) {}
  // The world after the last tick of the run (before finish).
  virtual void end_state(const World&) {}
  // complete = false when the run stopped early (error or interrupt).
  virtual void finish(bool /*complete*/) {}
};

// Sends everything to several sinks, in order.
class FanoutSink final : public OutputSink {
 public:
  void add(OutputSink* sink) { sinks_.push_back(sink); }
  Wants wants() const override {
    Wants w = wants_nothing;
    for (const auto* s : sinks_)
      w = w | s->wants();
    return w;
  }
  void begin(const RunHeader& h) override {
    for (auto* s : sinks_)
      s->begin(h);
  }
  void event(const Event& e) override {
    for (auto* s : sinks_)
      s->event(e);
  }
  void series(const SeriesRow& r) override {
    for (auto* s : sinks_)
      s->series(r);
  }
  void market(const MarketRow& r) override {
    for (auto* s : sinks_)
      s->market(r);
  }
  void loop(const LoopRow& r) override {
    for (auto* s : sinks_)
      s->loop(r);
  }
  void tick_done(std::size_t n) override {
    for (auto* s : sinks_)
      s->tick_done(n);
  }
  void end_state(const World& w) override {
    for (auto* s : sinks_)
      s->end_state(w);
  }
  void finish(bool complete) override {
    for (auto* s : sinks_)
      s->finish(complete);
  }

 private:
  std::vector<OutputSink*> sinks_;
};

// Keeps everything in memory (tests, summaries).
class MemorySink final : public OutputSink {
 public:
  void begin(const RunHeader& h) override { header = h; }
  void event(const Event& e) override { events.push_back(e); }
  void series(const SeriesRow& r) override { rows.push_back(r); }
  void market(const MarketRow& r) override { market_rows.push_back(r); }
  void loop(const LoopRow& r) override { loop_rows.push_back(r); }
  RunHeader header;
  std::vector<Event> events;
  std::vector<SeriesRow> rows;
  std::vector<MarketRow> market_rows;
  std::vector<LoopRow> loop_rows;
};

}  // namespace alchemy
