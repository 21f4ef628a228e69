#pragma once
// Buffers the market phase reuses from tick to tick (derived data, never World state): the
// channels, the feedback kernel built on them, and the per-firm inputs of the solve. One per run,
// owned by the engine's loop; a TickContext without one (a test, a one-off analysis) gets a
// fresh workspace per call.

#include <cstdint>
#include <optional>
#include <vector>

#include "market/feedback.hpp"
#include "sim/market_channels.hpp"

namespace alchemy {

struct MarketWorkspace {
  MarketWorkspace() = default;
  MarketWorkspace(const MarketWorkspace&) = delete;  // the kernel refers to `channels.channels`
  MarketWorkspace& operator=(const MarketWorkspace&) = delete;

  MarketChannels channels;
  std::optional<FeedbackKernel> kernel;
  std::vector<double> kappa, shock;
  std::vector<std::uint8_t> active;
};

}  // namespace alchemy
