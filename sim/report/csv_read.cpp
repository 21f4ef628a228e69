#include "sim/report/csv_read.hpp"

#include <cerrno>
#include <fstream>
#include <sstream>
#include <system_error>

namespace alchemy {

std::size_t CsvFile::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::string::npos;
}

ConfigError CsvFile::error_at(const CsvRow& row, std::size_t cell,
                              const std::string& problem) const {
  const int col = cell < row.columns.size() ? row.columns[cell] : 1;
  return ConfigError(SourceLocation{file, row.line, col}, "", problem);
}

CsvFile parse_csv(const std::string& text, const std::string& file) {
  CsvFile out;
  out.file = file;
  std::vector<CsvRow> rows;
  int line = 1;
  std::size_t line_start = 0;  // offset of the current line's first character
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto column_of = [&](std::size_t at) { return static_cast<int>(at - line_start) + 1; };
  while (i < n) {
    CsvRow row;
    row.line = line;
    while (true) {  // one field per pass
      std::string cell;
      row.columns.push_back(column_of(i));
      if (i < n && text[i] == '"') {
        const int open_line = line;
        const int open_column = column_of(i);
        ++i;
        while (true) {
          if (i >= n) {
            throw ConfigError(SourceLocation{file, open_line, open_column}, "",
                              "this quoted field is never closed (a '\"' is missing)");
          }
          if (text[i] == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              cell += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
          }
          cell += text[i++];
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          throw ConfigError(SourceLocation{file, line, column_of(i)}, "",
                            "text after a closing quote (expected ',' or the end of the line)");
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            throw ConfigError(SourceLocation{file, line, column_of(i)}, "",
                              "a '\"' inside an unquoted field (quote the field and write it as "
                              "\"\")");
          }
          cell += text[i++];
        }
      }
      row.cells.push_back(std::move(cell));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') {
        ++i;
        ++line;
        line_start = i;
      } else if (i < n) {
        throw ConfigError(SourceLocation{file, line, column_of(i)}, "",
                          "a carriage return not followed by a line feed");
      }
      break;
    }
    rows.push_back(std::move(row));
  }
  if (rows.empty()) throw ConfigError(SourceLocation{file, 1, 1}, "", "the file is empty");
  out.header = std::move(rows.front().cells);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].cells.size() != out.header.size()) {
      const CsvRow& row = rows[r];
      throw ConfigError(SourceLocation{file, row.line, 1}, "",
                        "this row has " + std::to_string(row.cells.size()) +
                            " fields, the header " + std::to_string(out.header.size()));
    }
    out.rows.push_back(std::move(rows[r]));
  }
  return out;
}

CsvFile read_csv(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
  }
  std::ostringstream s;
  s << in.rdbuf();
  return parse_csv(s.str(), path.string());
}

}  // namespace alchemy
