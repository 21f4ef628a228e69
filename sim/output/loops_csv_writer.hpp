#pragma once
// loops.csv: the loop analysis at each recorded loop step (issue 4). One row per tracked
// circuit plus one "rho" row per step:
//
//   date,loop,class,kinds,length,gain,per_edge_gain
//
//   loop           firms in influence order back to the first, "nvidia>openai>nvidia"; "rho"
//   class          cash | capital | equity | mixed; "rho" for the spectral row
//   kinds          dominant channel of each hop, "funding>supply"; empty for rho
//   gain           product of W along the circuit (signed); for rho: ρ(W)
//   per_edge_gain  |gain|^(1/length); for rho: the feedback multiplier 1/(1−ρ) (empty when ρ ≥ 1)

#include <filesystem>

#include "sim/output/text_output.hpp"
#include "sim/world/output_sink.hpp"

namespace alchemy {

inline constexpr const char* kLoopsCsvHeader = "date,loop,class,kinds,length,gain,per_edge_gain\n";

class LoopsCsvWriter final : public OutputSink {
 public:
  explicit LoopsCsvWriter(const std::filesystem::path& loops_csv);
  Wants wants() const override { return {false, false, true}; }
  void event(const Event&) override {}
  void loop(const LoopRow& row) override;
  void finish(bool complete) override;
  void close();

 private:
  BufferedFile file_;
  IsoDateCache dates_;
};

}  // namespace alchemy
