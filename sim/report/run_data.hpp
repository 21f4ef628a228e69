#pragma once
// What a run report shows, as the rows the run's sinks wrote: series, market and loop rows and
// events (sim/world/output_sink.hpp), the network snapshots (sim/run/network_recorder.hpp), the
// firm and contract tables they index, the summary text and the manifest's identity of the run.
// Filled either by reading a finished run's folder back (run_folder_reader.hpp) or, for `alchemy
// run --report`, by RunDataSink during the run itself; both give the same RunData, so the same
// report bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/network_csv_writer.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

struct RunIdentity {
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::string start, end;  // ISO dates of the scenario's period
  std::string status;      // manifest status: complete | incomplete
  // What it takes to simulate the run again (`alchemy cascades --counterfactual`).
  std::string scenario_sha256;            // of the resolved scenario YAML
  std::optional<Date> until;              // its --until
  std::vector<std::string> command_line;  // argv, for its --set overrides
};

struct RunData {
  RunIdentity run;
  std::vector<std::string> firm_ids;      // index → id, as SeriesRow::firm and Event::firm use
  std::vector<std::string> contract_ids;  // index → id, as Event::contract uses
  std::vector<SeriesRow> series;
  std::vector<MarketRow> market;
  std::vector<LoopRow> loops;
  std::vector<Event> events;
  std::vector<NetworkRow> network;  // network.csv: month-end snapshots of the contract network
  std::string summary;              // summary.txt
};

// Event field names are string literals in the engine; a reader interns the names it reads here
// (stable storage for the life of the program) so a read-back Event has the same shape.
const char* intern_event_key(std::string_view key);

// Collects a run's rows in memory as it runs (for `run --report`): the same rows the file
// writers get, from the same sink.
class RunDataSink final : public OutputSink {
 public:
  explicit RunDataSink(RunData& data) : data_(data) {}
  void begin(const RunHeader& h) override {
    data_.firm_ids = h.firm_ids;
    data_.contract_ids = h.contract_ids;
  }
  void event(const Event& e) override { data_.events.push_back(e); }
  void series(const SeriesRow& r) override { data_.series.push_back(r); }
  void market(const MarketRow& r) override { data_.market.push_back(r); }
  void loop(const LoopRow& r) override { data_.loops.push_back(r); }

 private:
  RunData& data_;
};

}  // namespace alchemy
