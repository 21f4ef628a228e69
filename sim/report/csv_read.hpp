#pragma once
// A CSV file read back for a report: RFC 4180 (fields in double quotes may hold commas, quotes as
// "" and line breaks; LF or CRLF line ends), as sim/sweep's tables write it. Every field keeps
// where it starts, so a report can say file:line:column about a bad cell.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/config_error.hpp"

namespace alchemy {

struct CsvRow {
  std::vector<std::string> cells;
  std::vector<int> columns;  // 1-based column of each cell's first character
  int line = 0;              // 1-based line the row starts on
};

struct CsvFile {
  std::string file;  // the path as given, for messages
  std::vector<std::string> header;
  std::vector<CsvRow> rows;

  // The index of the header's column `name`, or npos.
  std::size_t column(const std::string& name) const;
  // A ConfigError at a row's cell: "file:line:column: <problem>".
  ConfigError error_at(const CsvRow& row, std::size_t cell, const std::string& problem) const;
};

// Reads `path`. Throws ConfigError (file:line:column) for an unterminated quote, text after a
// closing quote, an empty file, or a row whose field count differs from the header's; the
// std::filesystem / system errors of reading.
CsvFile read_csv(const std::filesystem::path& path);

// Parses CSV text (the same rules); `file` names it in messages.
CsvFile parse_csv(const std::string& text, const std::string& file);

}  // namespace alchemy
