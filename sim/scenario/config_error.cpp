#include "sim/scenario/config_error.hpp"

namespace alchemy {

std::string SourceLocation::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {
std::string compose(const SourceLocation& w, const std::string& key, const std::string& problem) {
  std::string m = w.str() + ": ";
  if (!key.empty()) m += "key '" + key + "': ";
  return m + problem;
}
}  // namespace

ConfigError::ConfigError(SourceLocation where, std::string key_path, std::string problem)
    : std::runtime_error(compose(where, key_path, problem)),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      problem_(std::move(problem)) {}

}  // namespace alchemy
