#include "sim/world/event.hpp"

namespace alchemy {

std::string_view to_string(EventType t) {
  switch (t) {
#define ALCHEMY_NAME_ITEM(name) \
  case EventType::name:         \
    return std::string_view(#name).substr(0, std::string_view(#name).find_last_not_of('_') + 1);
    ALCHEMY_EVENT_TYPES(ALCHEMY_NAME_ITEM)
#undef ALCHEMY_NAME_ITEM
  }
  return "unknown";
}

}  // namespace alchemy
