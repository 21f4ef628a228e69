#include "sim/report/run_folder_reader.hpp"

#include <cerrno>
#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <system_error>

#include "market/edge_kind.hpp"
#include "sim/folder/manifest.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/output/loops_csv_writer.hpp"
#include "sim/output/network_csv_writer.hpp"
#include "sim/output/series_csv_writer.hpp"
#include "sim/output/summary_file.hpp"

namespace alchemy {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void refuse(const std::string& what) {
  throw OutputDirError(what);
}

// A whole file in one read (an istreambuf_iterator went byte by byte: an eighth of the report's
// time on the baseline).
std::optional<std::string> read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  std::string text(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) return std::nullopt;
  return text;
}

std::string slurp(const fs::path& file) {
  auto text = read_whole(file);
  if (!text) refuse(file.string() + ": listed in manifest.json but missing or unreadable");
  return std::move(*text);
}

nlohmann::json read_manifest(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) refuse(dir.string() + ": no such folder");
  if (!fs::is_directory(dir, ec)) refuse(dir.string() + ": not a folder");
  std::ifstream in(dir / kManifestFileName, std::ios::binary);
  if (!in)
    refuse(dir.string() +
           ": not a run folder (no manifest.json; `alchemy run … --out DIR` writes one)");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    refuse(dir.string() + ": not a run folder (manifest.json is not a JSON object)");
  return j;
}

// A file of the run, checked against the manifest's size and SHA-256.
std::string checked_file(const fs::path& dir, const nlohmann::json& files, const char* name,
                         const char* how) {
  if (!files.contains(name)) refuse(dir.string() + ": the run wrote no " + name + " (" + how + ")");
  std::string text = slurp(dir / name);
  const auto& listed = files[name];
  if (!listed.is_object() || listed.value("bytes", std::uint64_t{0}) != text.size() ||
      listed.value("sha256", std::string()) != sha256_hex(text))
    refuse((dir / name).string() +
           ": differs from what the run wrote (its size or SHA-256 is not manifest.json's)");
  return text;
}

// USD with exactly two decimals ("-123.45"), read into cents exactly (never through a double).
std::optional<std::int64_t> parse_cents(std::string_view f) {
  const bool negative = !f.empty() && f[0] == '-';
  if (negative) f.remove_prefix(1);
  if (f.size() < 4 || f[f.size() - 3] != '.') return std::nullopt;
  const std::size_t dot = f.size() - 3;
  if (f[0] < '0' || f[0] > '9' || f[dot + 1] < '0' || f[dot + 1] > '9' || f[dot + 2] < '0' ||
      f[dot + 2] > '9')
    return std::nullopt;
  std::uint64_t whole = 0;
  const auto [p, ec] = std::from_chars(f.data(), f.data() + dot, whole);
  if (ec != std::errc() || p != f.data() + dot) return std::nullopt;
  const std::uint64_t cents =
      whole * 100 + static_cast<std::uint64_t>((f[dot + 1] - '0') * 10 + (f[dot + 2] - '0'));
  const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  if (whole > limit / 100 || cents > limit) return std::nullopt;
  return negative ? static_cast<std::int64_t>(0 - cents) : static_cast<std::int64_t>(cents);
}

// Lines and comma-separated fields of one CSV file, with positions for messages.
class CsvReader {
 public:
  CsvReader(std::string path, const std::string& text) : path_(std::move(path)), text_(text) {}

  // The header line must be exactly `header` (with its newline).
  void expect_header(std::string_view header) {
    if (text_.compare(0, header.size(), header) != 0)
      fail(1, 1, "expected the header " + std::string(header.substr(0, header.size() - 1)));
    pos_ = header.size();
    line_ = 1;
  }
  // Splits the next line into fields; false at the end of the file.
  bool next() {
    if (pos_ >= text_.size()) return false;
    ++line_;
    fields_.clear();
    columns_.clear();
    const std::size_t start = pos_;
    std::size_t i = pos_;
    while (true) {
      columns_.push_back(i - start + 1);
      std::string field;
      if (i < text_.size() && text_[i] == '"') {  // RFC 4180 quoted field
        ++i;
        while (true) {
          if (i >= text_.size()) fail(line_, columns_.back(), "unterminated quoted field");
          if (text_[i] == '"') {
            if (i + 1 < text_.size() && text_[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          field += text_[i++];
        }
      } else {
        const std::size_t end = text_.find_first_of(",\n", i);
        const std::size_t stop = end == std::string::npos ? text_.size() : end;
        field.assign(text_, i, stop - i);
        i = stop;
      }
      fields_.push_back(std::move(field));
      if (i >= text_.size()) fail(line_, i - start + 1, "the last line has no line end");
      if (text_[i] == '\n') {
        pos_ = i + 1;
        return true;
      }
      if (text_[i] != ',') fail(line_, i - start + 1, "expected ',' after a quoted field");
      ++i;
    }
  }
  void expect_fields(std::size_t n) {
    if (fields_.size() != n)
      fail(line_, 1,
           "expected " + std::to_string(n) + " fields, got " + std::to_string(fields_.size()));
  }
  const std::string& field(std::size_t i) const { return fields_[i]; }

  double number(std::size_t i, const char* column) const {
    const std::string& f = fields_[i];
    if (f.empty()) return std::numeric_limits<double>::quiet_NaN();  // written for non-finite
    double v = 0.0;
    const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || p != f.data() + f.size()) bad(i, column, "a number");
    return v;
  }
  bool flag(std::size_t i, const char* column) const {
    const std::string& f = fields_[i];
    if (f != "0" && f != "1") bad(i, column, "0 or 1");
    return f == "1";
  }
  Money money(std::size_t i, const char* column) const {
    const auto cents = parse_cents(fields_[i]);
    if (!cents) bad(i, column, "USD with two decimals");
    return Money::cents(*cents);
  }
  Date date(std::size_t i) const {
    const auto d = Date::parse_iso(fields_[i]);
    if (!d) bad(i, "date", "a date YYYY-MM-DD");
    return *d;
  }
  std::size_t unsigned_int(std::size_t i, const char* column) const {
    std::size_t v = 0;
    const std::string& f = fields_[i];
    const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || p != f.data() + f.size()) bad(i, column, "a whole number");
    return v;
  }
  [[noreturn]] void bad(std::size_t i, const char* column, const char* expected) const {
    fail(line_, columns_[i],
         std::string(column) + ": expected " + expected + ", got '" + fields_[i] + "'");
  }
  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& why) const {
    refuse(path_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + why);
  }
  std::size_t line() const { return line_; }

 private:
  std::string path_;
  const std::string& text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::vector<std::string> fields_;
  std::vector<std::size_t> columns_;
};

void read_series(const fs::path& file, const std::string& text, RunData& d) {
  CsvReader csv(file.string(), text);
  csv.expect_header(kSeriesCsvHeader);
  std::map<std::string, std::int32_t, std::less<>> index;
  std::optional<Date> first;
  while (csv.next()) {
    csv.expect_fields(25);
    SeriesRow r;
    r.date = csv.date(0);
    if (!first) first = r.date;
    const std::string& id = csv.field(1);
    auto it = index.find(id);
    if (it == index.end()) {
      // Every recorded date lists every firm, so the first date gives the firm table in order.
      if (r.date != *first)
        csv.fail(csv.line(), 12, "firm '" + id + "' missing from the first date");
      it = index.emplace(id, static_cast<std::int32_t>(d.firm_ids.size())).first;
      d.firm_ids.push_back(id);
    }
    r.firm = it->second;
    r.listed = csv.flag(2, "listed");
    r.defaulted = csv.flag(3, "defaulted");
    r.price = csv.number(4, "price");
    r.shadow_price = csv.number(5, "shadow_price");
    r.shares = csv.number(6, "shares");
    Money* money[] = {&r.market_value,
                      &r.cash,
                      &r.fleet,
                      &r.stakes,
                      &r.warrants,
                      &r.receivables,
                      &r.other_assets,
                      &r.operating_assets,
                      &r.debt,
                      &r.payables,
                      &r.other_liabilities,
                      &r.equity,
                      &r.revenue,
                      &r.net_income};
    static const char* names[] = {"market_value",
                                  "cash",
                                  "fleet",
                                  "stakes",
                                  "warrants",
                                  "receivables",
                                  "other_assets",
                                  "operating_assets",
                                  "debt",
                                  "payables",
                                  "other_liabilities",
                                  "equity",
                                  "revenue",
                                  "net_income"};
    for (std::size_t k = 0; k < 14; ++k)
      *money[k] = csv.money(7 + k, names[k]);
    r.gw = csv.number(21, "gw");
    r.unmet_demand = csv.number(22, "unmet_demand");
    r.default_probability = csv.number(23, "default_probability");
    r.commitment_value = csv.number(24, "commitment_value");
    d.series.push_back(r);
  }
}

void read_market(const fs::path& file, const std::string& text, RunData& d) {
  CsvReader csv(file.string(), text);
  csv.expect_header(kMarketCsvHeader);
  while (csv.next()) {
    csv.expect_fields(4);
    MarketRow r;
    r.date = csv.date(0);
    r.sentiment = csv.number(1, "sentiment");
    r.gpu_index = csv.number(2, "gpu_index");
    r.risk_free = csv.number(3, "risk_free");
    d.market.push_back(r);
  }
}

void read_loops(const fs::path& file, const std::string& text, RunData& d) {
  CsvReader csv(file.string(), text);
  csv.expect_header(kLoopsCsvHeader);
  while (csv.next()) {
    csv.expect_fields(7);
    LoopRow r;
    r.date = csv.date(0);
    r.loop = csv.field(1);
    r.loop_class = csv.field(2);
    r.kinds = csv.field(3);
    r.length = csv.unsigned_int(4, "length");
    r.gain = csv.number(5, "gain");
    r.per_edge_gain = csv.number(6, "per_edge_gain");
    d.loops.push_back(r);
  }
}

void read_network(const fs::path& file, const std::string& text, RunData& d) {
  CsvReader csv(file.string(), text);
  csv.expect_header(kNetworkCsvHeader);
  std::map<std::string, bool, std::less<>> firms;
  for (const std::string& id : d.firm_ids)
    firms.emplace(id, true);
  const auto firm = [&](std::size_t i, const char* column) {
    if (!firms.contains(csv.field(i))) csv.bad(i, column, "a firm of series.csv");
  };
  std::optional<Date> last;
  while (csv.next()) {
    csv.expect_fields(8);
    NetworkRow r;
    r.date = csv.date(0);
    if (last && r.date < *last) csv.bad(0, "date", "dates in order (not before the row above)");
    last = r.date;
    r.from = csv.field(1);
    firm(1, "from");
    r.to = csv.field(2);
    r.kind = csv.field(3);
    r.contracts = static_cast<std::uint32_t>(csv.unsigned_int(4, "contracts"));
    r.amount = csv.number(5, "amount");
    r.active = csv.flag(6, "active");
    r.loop = csv.flag(7, "loop");
    if (r.to.empty()) {
      if (r.kind != kDefaultedKind) csv.bad(3, "kind", "'defaulted' on a firm's row (empty to)");
    } else {
      firm(2, "to");
      if (!edge_kind_from_string(r.kind)) csv.bad(3, "kind", "a contract kind");
      if (r.contracts == 0) csv.bad(4, "contracts", "at least 1 on an arrow");
    }
    d.network.push_back(std::move(r));
  }
}

EventType event_type_named(std::string_view name, bool& ok) {
  for (int t = 0; t < kEventTypeCount; ++t) {
    if (to_string(static_cast<EventType>(t)) == name) {
      ok = true;
      return static_cast<EventType>(t);
    }
  }
  ok = false;
  return EventType::shock;
}

void read_events(const fs::path& file, const std::string& text, RunData& d) {
  std::map<std::string, std::int32_t, std::less<>> firms;
  for (std::size_t i = 0; i < d.firm_ids.size(); ++i)
    firms.emplace(d.firm_ids[i], static_cast<std::int32_t>(i));
  std::map<std::string, std::int32_t, std::less<>> contracts;
  std::size_t pos = 0;
  std::size_t line = 0;
  const auto fail = [&](const std::string& why) {
    refuse(file.string() + ":" + std::to_string(line) + ":1: " + why);
  };
  while (pos < text.size()) {
    ++line;
    const std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) fail("the last line has no line end");
    const std::size_t start = pos;
    // ordered_json: the payload's keys keep the order the engine gave them.
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(
        text.begin() + static_cast<std::ptrdiff_t>(pos),
        text.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
    pos = end + 1;
    if (j.is_discarded() || !j.is_object()) fail("not a JSON object");
    try {
      Event e;
      e.seq = j.at("seq").get<std::uint64_t>();
      const auto date = Date::parse_iso(j.at("date").get<std::string>());
      if (!date) fail("date: expected YYYY-MM-DD");
      e.date = *date;
      e.tick = j.at("tick").get<std::int32_t>();
      bool known = false;
      e.type = event_type_named(j.at("type").get<std::string>(), known);
      if (!known) fail("type: unknown event type '" + j.at("type").get<std::string>() + "'");
      const auto firm = [&](const char* key) -> std::int32_t {
        const auto& v = j.at(key);
        if (v.is_null()) return -1;
        const auto it = firms.find(v.get<std::string>());
        if (it == firms.end())
          fail(std::string(key) + ": firm '" + v.get<std::string>() + "' is not in series.csv");
        return it->second;
      };
      e.firm = firm("firm");
      e.counterparty = firm("counterparty");
      if (const auto& c = j.at("contract"); !c.is_null()) {
        const std::string id = c.get<std::string>();
        auto it = contracts.find(id);
        if (it == contracts.end()) {
          it = contracts.emplace(id, static_cast<std::int32_t>(d.contract_ids.size())).first;
          d.contract_ids.push_back(id);
        }
        e.contract = it->second;
      }
      // The amount is written from integer cents with two decimals; read it from the line's
      // text, exactly (a double would lose cents above 2^53).
      const std::string_view raw(text.data() + start, end - start);
      const std::size_t at = raw.find(",\"amount\":");
      const std::size_t stop = at == std::string_view::npos ? at : raw.find(',', at + 10);
      const auto cents = stop == std::string_view::npos
                             ? std::nullopt
                             : parse_cents(raw.substr(at + 10, stop - at - 10));
      if (!cents) fail("amount: expected USD with two decimals");
      e.amount = Money::cents(*cents);
      e.cause = j.at("cause").is_null() ? 0 : j.at("cause").get<std::uint64_t>();
      for (const auto& [key, value] : j.at("data").items()) {
        if (value.is_string()) {
          e.with_text(intern_event_key(key), intern_event_key(value.get<std::string>()));
        } else {
          e.with(intern_event_key(key),
                 value.is_null() ? std::numeric_limits<double>::quiet_NaN() : value.get<double>());
        }
      }
      d.events.push_back(e);
    } catch (const nlohmann::json::exception& ex) {
      fail(std::string("not an alchemy event (") + ex.what() + ")");
    }
  }
}

}  // namespace

RunIdentity run_identity(const Manifest& m) {
  RunIdentity r;
  r.scenario_name = m.scenario_name;
  r.scenario_file = m.scenario_file;
  r.seed = m.seed;
  r.start = m.start.iso();
  r.end = m.end.iso();
  r.status = std::string(to_string(m.status));
  r.scenario_sha256 = m.scenario_sha256;
  r.until = m.until;
  r.command_line = m.command_line;
  return r;
}

std::string read_text_file(const fs::path& file) {
  auto text = read_whole(file);
  if (!text)
    throw std::system_error(errno ? errno : EIO, std::generic_category(),
                            "cannot read " + file.string());
  return std::move(*text);
}

RunData read_run_folder(const fs::path& dir) {
  const nlohmann::json m = read_manifest(dir);
  if (!m.contains("scenario_sha256") || !m.contains("event_schema_version") ||
      !m.contains("files") || !m["files"].is_object())
    refuse(dir.string() + ": not a run folder (manifest.json is not an alchemy run's manifest)");
  const std::string status = m.value("status", std::string());
  if (status != "complete") {
    const std::string reason =
        m.contains("reason") && m["reason"].is_string() ? m["reason"].get<std::string>() : "";
    refuse(dir.string() + ": the run is " + (status.empty() ? "of unknown status" : status) +
           (reason.empty() ? "" : " (" + reason + ")") +
           "; a report needs a complete run (resume it, or run it again)");
  }
  RunData d;
  d.run.scenario_name = m.value("scenario_name", std::string());
  d.run.scenario_file = m.value("scenario_file", std::string());
  d.run.seed = m.value("seed", std::uint64_t{0});
  d.run.start = m.value("start", std::string());
  d.run.end = m.value("end", std::string());
  d.run.status = status;
  d.run.scenario_sha256 = m.value("scenario_sha256", std::string());
  if (m.contains("until") && m["until"].is_string())
    d.run.until = Date::parse_iso(m["until"].get<std::string>());
  if (m.contains("command_line") && m["command_line"].is_array()) {
    for (const auto& a : m["command_line"])
      if (a.is_string()) d.run.command_line.push_back(a.get<std::string>());
  }
  const auto& files = m["files"];
  const char* csv = "the report needs --format with csv";
  const std::string series = checked_file(dir, files, "series.csv", csv);
  const std::string market = checked_file(dir, files, "market.csv", csv);
  const std::string loops = checked_file(dir, files, "loops.csv", csv);
  const std::string network = checked_file(
      dir, files, "network.csv", "the report needs --format with csv, from this version on");
  const std::string events =
      checked_file(dir, files, "events.jsonl", "the report needs --format with jsonl");
  d.summary = checked_file(dir, files, kSummaryFileName, "run it again to get one");
  read_series(dir / "series.csv", series, d);
  read_market(dir / "market.csv", market, d);
  read_loops(dir / "loops.csv", loops, d);
  read_network(dir / "network.csv", network, d);
  read_events(dir / "events.jsonl", events, d);
  return d;
}

}  // namespace alchemy
