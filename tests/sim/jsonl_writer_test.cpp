#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/jsonl_writer.hpp"

namespace fs = std::filesystem;
using namespace alchemy;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path test_dir(const char* name) {
  const auto dir = fs::path(ALCHEMY_TEST_TMP) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A golden file is compared byte for byte; ALCHEMY_UPDATE_GOLDEN=1 rewrites it instead (review the
// diff before committing it).
void check_golden(const fs::path& written, const char* golden_name) {
  const fs::path golden = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/golden" / golden_name;
  if (const char* u = std::getenv("ALCHEMY_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    fs::copy_file(written, golden, fs::copy_options::overwrite_existing);
  }
  REQUIRE(fs::exists(golden));
  CHECK(read_file(written) == read_file(golden));
}

RunHeader header() {
  RunHeader h;
  h.firm_ids = {"amd", "nvidia", "openai", "oracle"};
  h.contract_ids = {"amd-openai-warrant", "nvidia-openai-investment", "odd \"id\"\\x"};
  h.total_ticks = 10;
  return h;
}

// The fixed list of the golden file: every optional part present and absent, signs, extremes.
std::vector<Event> golden_events() {
  const Date d0 = Date::from_ymd(2025, 10, 6);
  std::vector<Event> ev;
  Event e;
  e.seq = 1;
  e.date = d0;
  e.tick = 191;
  e.type = EventType::deal_signed;
  e.firm = 0;
  e.counterparty = 2;
  e.contract = 0;
  e.amount = Money::cents(12345);
  e.with("mv_jump_from", 0.5).with("mv_jump_to", 1.25);
  ev.push_back(e);

  e = Event{};  // no firm, no contract, no cause, no payload, zero amount
  e.seq = 2;
  e.date = d0;
  e.tick = 191;
  e.type = EventType::shock;
  ev.push_back(e);

  e = Event{};  // caused by event 1; negative amounts
  e.seq = 3;
  e.date = d0;
  e.tick = 191;
  e.type = EventType::announcement;
  e.firm = 0;
  e.contract = 0;
  e.amount = Money::cents(-5);
  e.cause = 1;
  e.with("return", 0.2371).with("mv_change", -6.02e10);
  ev.push_back(e);

  e = Event{};
  e.seq = 4;
  e.date = d0.plus_days(1);
  e.tick = 192;
  e.type = EventType::payment;
  e.firm = 2;
  e.counterparty = 3;
  e.contract = 1;
  e.amount = Money::cents(-123456789012);  // -1,234,567,890.12
  e.cause = 3;
  ev.push_back(e);

  e = Event{};  // the largest and smallest amounts that exist; payload extremes and non-finite
  e.seq = 5;
  e.date = d0.plus_days(1);
  e.tick = 192;
  e.type = EventType::default_;
  e.firm = 3;
  e.contract = 2;
  e.amount = Money::cents(std::numeric_limits<std::int64_t>::max());
  e.with("liabilities", 1e300)
      .with("recovery", 5e-324)
      .with("tiny", -0.0)
      .with("nan", std::nan(""));
  ev.push_back(e);

  e = Event{};
  e.seq = 6;
  e.date = Date::from_ymd(2034, 12, 29);
  e.tick = 2400;
  e.type = EventType::cascade;
  e.firm = 1;
  e.amount = Money::cents(std::numeric_limits<std::int64_t>::min());
  e.cause = 5;
  e.with("size", 3).with("depth", 2).with("rounds", 17).with("loss_total", 0.1 + 0.2);
  ev.push_back(e);

  e = Event{};  // an inexact double: shortest round trip, not 17 digits
  e.seq = 7;
  e.date = Date::from_ymd(2034, 12, 29);
  e.tick = 2400;
  e.type = EventType::equity_raised;
  e.firm = 2;
  e.amount = Money::cents(40'000'000'000'00);
  e.with("shares", 1.6e8).with("price", 1.0 / 3.0).with("discount", 0.05);
  ev.push_back(e);
  return ev;
}

}  // namespace

TEST_CASE("events.jsonl matches the golden file byte for byte") {
  const auto dir = test_dir("jsonl_golden");
  {
    JsonlWriter w(dir / "events.jsonl");
    w.begin(header());
    for (const auto& e : golden_events())
      w.event(e);
    w.finish(true);
    w.close();
    CHECK(w.events_written() == golden_events().size());
  }
  check_golden(dir / "events.jsonl", "events.jsonl");
}

TEST_CASE("every events.jsonl line is JSON with the fixed fields first, in order") {
  const RunHeader h = header();
  for (const auto& e : golden_events()) {
    const std::string line = format_event_line(e, h.firm_ids, h.contract_ids);
    REQUIRE(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    const auto j = nlohmann::ordered_json::parse(line);
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items())
      keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"v", "seq", "date", "tick", "type", "firm",
                                           "counterparty", "contract", "amount", "cause", "data"});
    CHECK(j["v"] == kEventSchemaVersion);
    CHECK(j["seq"] == e.seq);
    CHECK(j["date"] == e.date.iso());
    CHECK(j["type"] == std::string(to_string(e.type)));
    CHECK(j["firm"] ==
          (e.firm < 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(h.firm_ids[e.firm])));
    CHECK(j["contract"] == (e.contract < 0 ? nlohmann::ordered_json()
                                           : nlohmann::ordered_json(h.contract_ids[e.contract])));
    CHECK(j["cause"] ==
          (e.cause == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(e.cause)));
    REQUIRE(j["data"].is_object());
    CHECK(j["data"].size() == e.field_count);
    for (int i = 0; i < e.field_count; ++i) {
      const double v = e.fields[i].value;
      const auto& got = j["data"][e.fields[i].key];
      if (std::isfinite(v)) {
        CHECK(got.get<double>() == v);  // shortest round trip reads back exactly
      } else {
        CHECK(got.is_null());
      }
    }
  }
}

TEST_CASE("amounts are written exactly from the cents") {
  const RunHeader h = header();
  auto amount_text = [&](std::int64_t cents) {
    Event e;
    e.amount = Money::cents(cents);
    const std::string line = format_event_line(e, h.firm_ids, h.contract_ids);
    const auto from = line.find("\"amount\":") + 9;
    return line.substr(from, line.find(',', from) - from);
  };
  CHECK(amount_text(0) == "0.00");
  CHECK(amount_text(1) == "0.01");
  CHECK(amount_text(-1) == "-0.01");
  CHECK(amount_text(-100) == "-1.00");
  CHECK(amount_text(1234567) == "12345.67");
  // 2^53 + 1 cents has no double; the text is still exact.
  CHECK(amount_text(9007199254740993) == "90071992547409.93");
  CHECK(amount_text(std::numeric_limits<std::int64_t>::max()) == "92233720368547758.07");
  CHECK(amount_text(std::numeric_limits<std::int64_t>::min()) == "-92233720368547758.08");
}

TEST_CASE("an index outside the id tables is an error, not a wrong id") {
  const RunHeader h = header();
  Event e;
  e.firm = 4;
  CHECK_THROWS_AS(format_event_line(e, h.firm_ids, h.contract_ids), std::out_of_range);
  e.firm = 0;
  e.contract = 3;
  CHECK_THROWS_AS(format_event_line(e, h.firm_ids, h.contract_ids), std::out_of_range);
}

TEST_CASE("the writer flushes on finish and survives lines longer than its buffer") {
  const auto dir = test_dir("jsonl_flush");
  RunHeader h = header();
  h.firm_ids.push_back(std::string(3 << 20, 'x'));  // one id longer than the 1 MiB buffer
  JsonlWriter w(dir / "events.jsonl");
  w.begin(h);
  Event e;
  e.seq = 1;
  e.firm = 4;
  w.event(e);
  e.seq = 2;
  e.firm = 0;
  w.event(e);
  w.finish(false);
  // Flushed, not yet closed: what an interrupted run leaves on disk.
  const std::string text = read_file(dir / "events.jsonl");
  CHECK(text.size() == w.bytes_written());
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  w.close();
}
