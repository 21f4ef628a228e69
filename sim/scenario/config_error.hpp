#pragma once
// ConfigError: bad user input (a scenario, sweep, shock or network file, or a command-line
// override). It always says where: file, line and column (1-based), the key path, and what was
// expected. The CLI turns it into exit code 2 before any output is touched.

#include <stdexcept>
#include <string>

namespace alchemy {

struct SourceLocation {
  std::string file;         // as the user named it; "<command line>" for --set overrides
  int line = 0;             // 1-based; 0 when unknown (then only the file is printed)
  int column = 0;           // 1-based
  std::string str() const;  // "file:line:column"
};

class ConfigError : public std::runtime_error {
 public:
  // key_path: dotted path with list indices, e.g. "firms[2].revenue.growth"; may be empty for
  // file-level errors. problem: what is wrong and what was expected, e.g.
  // "expected a money amount such as 4.3B or 160M, got 'abc'".
  ConfigError(SourceLocation where, std::string key_path, std::string problem);

  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& problem() const { return problem_; }

 private:
  SourceLocation where_;
  std::string key_path_;
  std::string problem_;
};

}  // namespace alchemy
