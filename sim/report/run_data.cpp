#include "sim/report/run_data.hpp"

#include <mutex>
#include <set>

namespace alchemy {

const char* intern_event_key(std::string_view key) {
  // A std::set's nodes never move, so the pointers stay valid as names are added.
  static std::set<std::string, std::less<>> names;
  static std::mutex guard;
  const std::lock_guard lock(guard);
  auto it = names.find(key);
  if (it == names.end()) it = names.emplace(key).first;
  return it->c_str();
}

}  // namespace alchemy
