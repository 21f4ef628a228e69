#pragma once
// The part of `alchemy run`, `resume` and `fork` that follows their own checks: with the inputs
// loaded, the output transaction open and the recorders made, run the engine into the folder
// (recorders, progress bar, summary), write manifest.json, then commit the folder or keep it as
// <out>.incomplete, print its name or what went wrong, and give the exit code.
//
// Exit codes: 0 complete; 2 when the run stopped on bad input (a ConfigError); 3 when the
// environment failed it (disk full, no permission: sim/folder/environment_error.hpp); 4 when the
// model left its representable range (sim/engine/representable.hpp: an `overflow` event, the
// folder kept as incomplete); 1 internal error; 128 + signal when interrupted by SIGINT (130) or
// SIGTERM (143).

#include <cstdint>
#include <functional>
#include <optional>

#include "sim/engine/engine.hpp"
#include "sim/folder/manifest.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/run/interrupt.hpp"
#include "sim/run/run_recorders.hpp"

namespace alchemy {

// What a folder continued from a checkpoint holds before the run's first new tick.
struct RunBefore {
  Date checkpoint;           // the checkpoint's date
  std::size_t ticks = 0;     // ticks simulated up to it
  std::uint64_t events = 0;  // events up to it
  bool with_prefix = false;  // the folder holds the parent's outputs up to it (else not)
};

// The run itself: run_scenario or continue_run with the sink and options it is given.
using Simulate = std::function<RunResult(OutputSink&, const RunOptions&)>;

struct RecordedRun {
  OutputTransaction& folder;
  RunRecorders& recorders;
  const InterruptHandler& interrupt;
  bool quiet = false;
  std::optional<RunBefore> before;  // set for resume and fork
  // Optional: one more sink of the run (after the recorders), and what to do with a complete
  // run's folder after its manifest is written and before it is committed (`run --report`
  // writes report.html there, so it is not among the manifest's files).
  OutputSink* also = nullptr;
  std::function<void(const std::filesystem::path& work, const Manifest&)> before_commit;

  // Runs `simulate` and finishes `manifest` (the caller filled the run's identity).
  int record(Manifest& manifest, RunOptions& options, const Simulate& simulate);
};

// When a signal arrived while the inputs were read: prints so and gives the exit code, else
// nothing. Called just before the output folder is created, so a stop leaves nothing behind.
std::optional<int> stopped_before_start(const InterruptHandler& interrupt);

}  // namespace alchemy
