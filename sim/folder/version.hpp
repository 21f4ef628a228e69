#pragma once
#include <string_view>

namespace alchemy {
// The release version of alchemy ("0.1.0") and the git revision it was built from.
std::string_view version();
std::string_view git_revision();
}  // namespace alchemy
