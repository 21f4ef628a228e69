// The CSV form of a liability-network file: an edge list `debtor,creditor,amount` and an optional
// firms file. The header rule is by names only: the edge list's first line is a header exactly
// when its three fields are `debtor,creditor,amount` or `from,to,amount` (any letter case, spaces
// around fields ignored); every other line is data, so a bad amount on the first line is an error
// at its line and column, never a guessed header. The firms file always starts with its header.

#include <cctype>
#include <unordered_map>

#include "sim/analysis/network_amount.hpp"
#include "sim/analysis/network_readers.hpp"
#include "sim/scenario/input_file.hpp"

namespace alchemy {

namespace {

struct CsvField {
  std::string text;
  int column = 1;  // 1-based character position
};

struct CsvLine {
  int number = 0;  // 1-based
  std::vector<CsvField> fields;
};

std::vector<CsvField> split_csv(const std::string& line) {
  std::vector<CsvField> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    std::string text =
        line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t lead = 0;
    while (lead < text.size() && std::isspace(static_cast<unsigned char>(text[lead])))
      ++lead;
    std::size_t trail = text.size();
    while (trail > lead && std::isspace(static_cast<unsigned char>(text[trail - 1])))
      --trail;
    fields.push_back({text.substr(lead, trail - lead), static_cast<int>(start + lead + 1)});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

// Non-empty, non-comment lines, split into fields. The file is read within the input bounds
// (size, UTF-8); a quoted field is refused here, at its place, since no field may hold a comma.
std::vector<CsvLine> read_csv_lines(const std::string& path) {
  const std::string text = read_input_file(path);
  check_utf8(text, path);
  std::vector<CsvLine> lines;
  int number = 0;
  for (std::size_t from = 0; from < text.size();) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(from, end - from);
    from = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    CsvLine l{number, split_csv(line)};
    for (const CsvField& f : l.fields) {
      if (f.text.find('"') != std::string::npos) {
        throw ConfigError(
            {path, number, f.column}, "",
            "quoted field " + f.text + ": fields are written plain (ids hold no commas or quotes)");
      }
    }
    lines.push_back(std::move(l));
  }
  return lines;
}

std::string lower(const std::string& t) {
  std::string out;
  for (const char c : t)
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

bool is_edge_header(const CsvLine& line) {
  if (line.fields.size() != 3) return false;
  const std::string a = lower(line.fields[0].text), b = lower(line.fields[1].text),
                    c = lower(line.fields[2].text);
  return c == "amount" && ((a == "debtor" && b == "creditor") || (a == "from" && b == "to"));
}

const char* const kHeaderRule =
    "the first line is a header only when it is debtor,creditor,amount or from,to,amount";

struct CsvFirms {
  std::vector<std::string> ids;
  std::unordered_map<std::string, std::size_t> index;
  std::vector<double> outside, at_face, external;
  std::vector<std::optional<double>> equity;
};

CsvFirms read_firms_csv(const std::string& path, AmountTotal& total) {
  const auto lines = read_csv_lines(path);
  if (lines.empty()) throw ConfigError({path, 0, 0}, "", "empty file: expected a header line");
  const auto& header = lines[0].fields;
  std::unordered_map<std::string, std::size_t> col;
  for (std::size_t k = 0; k < header.size(); ++k) {
    const std::string& name = header[k].text;
    if (name != "id" && name != "outside_assets" && name != "assets_at_face" &&
        name != "external_liabilities" && name != "equity") {
      throw ConfigError({path, lines[0].number, header[k].column}, name,
                        "unknown column '" + name +
                            "'; expected id, outside_assets, assets_at_face, "
                            "external_liabilities, equity");
    }
    if (!col.emplace(name, k).second) {
      throw ConfigError({path, lines[0].number, header[k].column}, name, "duplicate column");
    }
  }
  for (const char* required : {"id", "outside_assets", "external_liabilities"}) {
    if (!col.count(required)) {
      throw ConfigError({path, lines[0].number, 1}, required,
                        std::string("missing column '") + required + "' in the header");
    }
  }
  CsvFirms f;
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const int number = lines[l].number;
    const auto& fields = lines[l].fields;
    if (fields.size() != header.size()) {
      throw ConfigError({path, number, 1}, "",
                        "expected " + std::to_string(header.size()) + " fields, got " +
                            std::to_string(fields.size()));
    }
    const CsvField& id = fields[col["id"]];
    if (id.text.empty()) throw ConfigError({path, number, id.column}, "id", "expected a firm id");
    if (!f.index.emplace(id.text, f.ids.size()).second) {
      throw ConfigError({path, number, id.column}, "id", "duplicate firm id '" + id.text + "'");
    }
    f.ids.push_back(id.text);
    auto number_at = [&](const char* name, bool allow_negative) {
      const CsvField& field = fields[col[name]];
      const ParsedAmount v = parse_network_amount(field.text, !allow_negative);
      const SourceLocation where{path, number, field.column};
      if (!v.value) throw ConfigError(where, name, v.problem);
      total.add(*v.value, where, name);
      return *v.value;
    };
    f.outside.push_back(number_at("outside_assets", false));
    f.at_face.push_back(col.count("assets_at_face") ? number_at("assets_at_face", false) : 0.0);
    f.external.push_back(number_at("external_liabilities", false));
    f.equity.push_back(col.count("equity") ? std::optional<double>(number_at("equity", true))
                                           : std::nullopt);
  }
  if (f.ids.empty()) throw ConfigError({path, 0, 0}, "", "no firms listed");
  return f;
}

}  // namespace

NetworkFile read_network_csv(const std::string& path, const std::string& firms_csv,
                             std::vector<std::optional<double>>& given_equity) {
  NetworkFile out;
  CsvFirms firms;
  AmountTotal total;
  const bool declared = !firms_csv.empty();
  if (declared) firms = read_firms_csv(firms_csv, total);
  const auto lines = read_csv_lines(path);
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const int number = lines[l].number;
    const auto& fields = lines[l].fields;
    if (l == 0 && is_edge_header(lines[l])) continue;
    if (fields.size() != 3) {
      throw ConfigError({path, number, 1}, "",
                        "expected 3 fields debtor,creditor,amount; got " +
                            std::to_string(fields.size()) +
                            (l == 0 ? std::string(" (") + kHeaderRule + ")" : std::string()));
    }
    const SourceLocation amount_at{path, number, fields[2].column};
    const ParsedAmount amount = parse_network_amount(fields[2].text, true);
    if (!amount.value) {
      throw ConfigError(
          amount_at, "amount",
          amount.problem + (l == 0 ? std::string(" (") + kHeaderRule + ")" : std::string()));
    }
    total.add(*amount.value, amount_at, "amount");
    FirmIndex ends[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      const CsvField& f = fields[static_cast<std::size_t>(k)];
      const char* key = k == 0 ? "debtor" : "creditor";
      if (f.text.empty()) throw ConfigError({path, number, f.column}, key, "expected a firm id");
      auto it = firms.index.find(f.text);
      if (it == firms.index.end()) {
        if (declared) {
          throw ConfigError({path, number, f.column}, key,
                            "unknown firm '" + f.text + "'; not listed in " + firms_csv);
        }
        it = firms.index.emplace(f.text, firms.ids.size()).first;
        firms.ids.push_back(f.text);
        firms.outside.push_back(0.0);
        firms.at_face.push_back(0.0);
        firms.external.push_back(0.0);
        firms.equity.push_back(std::nullopt);
      }
      ends[k] = static_cast<FirmIndex>(it->second);
    }
    if (ends[0] == ends[1]) {
      throw ConfigError({path, number, fields[1].column}, "creditor", "a firm cannot owe itself");
    }
    out.clearing.liabilities.push_back({ends[0], ends[1], *amount.value});
  }
  out.firm_ids = std::move(firms.ids);
  out.clearing.firm_count = out.firm_ids.size();
  out.clearing.outside_assets = std::move(firms.outside);
  out.clearing.assets_at_face = std::move(firms.at_face);
  out.clearing.external_liabilities = std::move(firms.external);
  given_equity = std::move(firms.equity);
  if (out.firm_ids.empty()) throw ConfigError({path, 0, 0}, "", "no liabilities and no firms");
  return out;
}

}  // namespace alchemy
