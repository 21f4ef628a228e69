#pragma once
// Ctrl-C and `kill` stop a run cleanly: the first SIGINT or SIGTERM sets a flag that the engine
// reads after each tick (RunOptions::stop); the run then ends after the current tick, its files
// are flushed and its folder is kept as incomplete. The handler resets itself (SA_RESETHAND), so
// a second signal kills the process at once, leaving the hidden partial folder.
//
// SIGINT is caught only if it is not ignored: a shell starts background jobs with SIGINT ignored
// so that Ctrl-C at the terminal does not reach them, and that is kept.

#include <atomic>

namespace alchemy {

class InterruptHandler {
 public:
  InterruptHandler();   // installs the handlers and clears the flag; one instance at a time
  ~InterruptHandler();  // restores the previous dispositions
  InterruptHandler(const InterruptHandler&) = delete;
  InterruptHandler& operator=(const InterruptHandler&) = delete;

  const std::atomic<bool>& flag() const;
  // The signal that set the flag, or 0.
  int signal_number() const;
};

// "SIGINT", "SIGTERM" or "a signal", for messages and manifests ("interrupted by SIGINT").
const char* signal_name(int sig);

}  // namespace alchemy
