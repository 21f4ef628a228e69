#include "sim/folder/version.hpp"

namespace alchemy {
std::string_view version() {
  return ALCHEMY_VERSION;
}
std::string_view git_revision() {
  return ALCHEMY_GIT_REVISION;
}
}  // namespace alchemy
