#include "sim/run/interrupt.hpp"

#include <csignal>
#include <stdexcept>

namespace alchemy {

namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
bool g_installed = false;
struct sigaction g_old_int {};
struct sigaction g_old_term {};
bool g_caught_int = false;

static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void on_signal(int sig) {
  g_signal = sig;
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

InterruptHandler::InterruptHandler() {
  if (g_installed) throw std::logic_error("only one InterruptHandler at a time");
  g_stop.store(false);
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  // No SA_RESTART needed: writes to regular files are not interrupted, and the output code
  // retries on EINTR anyway.
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, nullptr, &g_old_int);
  g_caught_int = g_old_int.sa_handler != SIG_IGN;
  if (g_caught_int) sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, &g_old_term);
  g_installed = true;
}

InterruptHandler::~InterruptHandler() {
  if (g_caught_int) sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  g_installed = false;
}

const std::atomic<bool>& InterruptHandler::flag() const {
  return g_stop;
}

int InterruptHandler::signal_number() const {
  return g_signal;
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

}  // namespace alchemy
