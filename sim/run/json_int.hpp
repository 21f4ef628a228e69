#pragma once
// Integers read from checkpoint JSON exactly. nlohmann's get<I>() truncates a float, wraps a value
// outside I's range without a word, and casts a float beyond I's range with undefined behaviour;
// a checkpoint holds only integers where these are used, so anything else is refused
// (std::invalid_argument, which the checkpoint reader reports as a malformed file).

#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace alchemy {

template <class I>
I json_int(const nlohmann::json& j) {
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (std::in_range<I>(v)) return static_cast<I>(v);
  } else if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (std::in_range<I>(v)) return static_cast<I>(v);
  }
  throw std::invalid_argument("expected an integer from " +
                              std::to_string(std::numeric_limits<I>::min()) + " to " +
                              std::to_string(std::numeric_limits<I>::max()) + ", got " + j.dump());
}

template <class I>
std::vector<I> json_ints(const nlohmann::json& j) {
  if (!j.is_array()) throw std::invalid_argument("expected a list of integers, got " + j.dump());
  std::vector<I> v;
  v.reserve(j.size());
  for (const auto& x : j)
    v.push_back(json_int<I>(x));
  return v;
}

}  // namespace alchemy
