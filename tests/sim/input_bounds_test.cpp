// The bounds of parsing (sim/scenario/input_file.hpp): UTF-8 checked with a location, the size
// limit, alias, node and depth budgets, and keys, ids and base merges that cost O(n log n), not
// O(n^2) — timed (CPU time) on inputs large enough that a quadratic pass would take seconds.

#include <doctest/doctest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "sim/analysis/network_amount.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/input_file.hpp"
#include "sim/scenario/scenario_detect.hpp"

using namespace alchemy;

namespace {

template <class F>
std::optional<ConfigError> error_of(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e;
  }
  return std::nullopt;
}

// The CPU-time budget of the linear-time checks below: 1 s in a plain build, where the linear code
// takes ~0.1 s and the quadratic code it replaced several seconds; AddressSanitizer slows both
// by up to ~10x (make test-sanitize), so the budget grows with it and still catches quadratic
// time, which would take minutes there.
#if defined(__SANITIZE_ADDRESS__)
constexpr double kLinearBudget = 10.0;
#else
constexpr double kLinearBudget = 1.0;
#endif

// CPU time, not wall time: the machine running the suite may be busy with other work.
template <class F>
double cpu_seconds(F&& f) {
  const std::clock_t start = std::clock();
  f();
  return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

// Long keys sharing a long prefix: a pairwise comparison costs as much as hashing one, so a
// quadratic pass over tens of thousands of them takes seconds.
std::string key(std::size_t i) {
  return "a_long_shared_prefix_so_that_comparing_two_keys_costs_something_" + std::to_string(i);
}

}  // namespace

TEST_CASE("UTF-8: valid text passes, the first bad byte is located by line and character") {
  CHECK_NOTHROW(check_utf8("name: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n", "f"));
  struct Bad {
    std::string text;
    int line, column;
  };
  for (const Bad& b : {Bad{"name: caf\xe9\n", 1, 10}, Bad{"a: 1\n\xc3\xa9\xc3\xa9\x80", 2, 3},
                       Bad{"\xc0\xaf", 1, 1},          // overlong '/'
                       Bad{"x\xed\xa0\x80", 1, 2},     // a surrogate
                       Bad{"\xf4\x90\x80\x80", 1, 1},  // above U+10FFFF
                       Bad{"\xf5\x80\x80\x80", 1, 1},  // never a lead byte
                       Bad{"ab\xe2\x82", 1, 3},        // cut short at the end
                       Bad{"ab\xe2\x82x", 1, 3}}) {    // cut short by a plain character
    INFO(b.text);
    const auto e = error_of([&] { check_utf8(b.text, "f.yaml"); });
    REQUIRE(e);
    CHECK(e->where().line == b.line);
    CHECK(e->where().column == b.column);
    CHECK(e->problem().find("invalid UTF-8") != std::string::npos);
  }
  // The YAML reader and --set values go through the same check.
  const auto e = error_of([] { parse_config_text("a: 1\nname: \xff\n", "s.yaml"); });
  REQUIRE(e);
  CHECK(e->where().str() == "s.yaml:2:7");
}

TEST_CASE("files over the size limit are refused before they are read, naming the limit") {
  const auto dir = std::filesystem::path(ALCHEMY_TEST_TMP) / "input_bounds";
  std::filesystem::create_directories(dir);
  const auto big = dir / "big.yaml";
  std::filesystem::remove(big);
  { std::ofstream(big) << "name: x\n"; }
  std::filesystem::resize_file(big, kMaxInputBytes + 1);  // sparse: no 16 MB written
  const auto e = error_of([&] { parse_config_file(big); });
  REQUIRE(e);
  CHECK(e->where().file == big.string());
  CHECK(e->problem().find("larger than the limit of 16777216 bytes") != std::string::npos);
  std::filesystem::remove(big);
}

TEST_CASE("nested aliases are refused by the alias budget, before they cost memory") {
  std::string laughs = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 10; ++k)
      laughs += std::string(k ? ", " : "") + "*" + prev;
    laughs += "]\n";
  }
  std::optional<ConfigError> e;
  const double took =
      cpu_seconds([&] { e = error_of([&] { parse_config_text(laughs, "l.yaml"); }); });
  REQUIRE(e);
  CHECK(e->problem().find("aliases expand to more than") != std::string::npos);
  CHECK(e->where().line == 5);  // e: its 8th alias takes the copies past 100,000
  CHECK(took < kLinearBudget);
  // Aliases within the budget still work, as copies.
  const ConfigNode ok = parse_config_text("a: &x {k: 1}\nb: *x\n", "ok.yaml");
  REQUIRE(ok.find("b"));
  CHECK(ok.find("b")->find("k")->text == "1");
}

TEST_CASE("nesting deeper than the budget is refused at the first level too deep") {
  const std::size_t n = kMaxYamlDepth;
  const std::string fits = "a: " + std::string(n - 1, '[') + std::string(n - 1, ']') + "\n";
  CHECK_NOTHROW(parse_config_text(fits, "d.yaml"));
  const std::string deep = "a: " + std::string(n, '[') + std::string(n, ']') + "\n";
  const auto e = error_of([&] { parse_config_text(deep, "d.yaml"); });
  REQUIRE(e);
  CHECK(e->where().str() == "d.yaml:1:" + std::to_string(3 + n));
  CHECK(e->problem().find("nesting deeper than 64 levels") != std::string::npos);
  // Far deeper input (yaml-cpp's own limit answered "bad file") gets the same message.
  const std::string far = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  const auto f = error_of([&] { parse_config_text(far, "d.yaml"); });
  REQUIRE(f);
  CHECK(f->problem().find("nesting deeper") != std::string::npos);
}

TEST_CASE("a map of 20,000 keys: duplicates found through an index, not pairwise") {
  std::string text;
  for (std::size_t i = 0; i < 20'000; ++i)
    text += key(i) + ": 1\n";
  text += key(0) + ": 2\n";
  std::optional<ConfigError> e;
  const double took =
      cpu_seconds([&] { e = error_of([&] { parse_config_text(text, "m.yaml"); }); });
  REQUIRE(e);
  CHECK(e->where().str() == "m.yaml:20001:1");
  CHECK(e->problem().find("first given at m.yaml:1:1") != std::string::npos);
  CHECK(took < kLinearBudget);  // about 0.1 s; comparing each key with all before it took about 2 s
}

TEST_CASE("merging maps of 50,000 keys and lists of 50,000 ids is linear") {
  ConfigNode map = ConfigNode::map_at({"m.yaml", 1, 1});
  ConfigNode list = ConfigNode::sequence_at({"l.yaml", 1, 1});
  for (std::size_t i = 0; i < 50'000; ++i) {
    // Entries pushed directly: ConfigNode::set looks its key up first (it serves --set).
    ConfigEntry entry;
    entry.key = key(i);
    entry.key_where = {"m.yaml", static_cast<int>(i) + 1, 1};
    entry.value = ConfigNode::scalar_at("1", entry.key_where);
    map.entries.push_back(std::move(entry));
    ConfigNode item = ConfigNode::map_at({"l.yaml", static_cast<int>(i) + 2, 5});
    item.set("id", ConfigNode::scalar_at(key(i), {"l.yaml", static_cast<int>(i) + 2, 10}));
    list.items.push_back(std::move(item));
  }
  ConfigNode base_map = map;
  ConfigNode base_list = list;
  const double took = cpu_seconds([&] {
    merge_config(base_map, map);
    merge_config(base_list, list);
  });
  CHECK(base_map.entries.size() == 50'000);
  CHECK(base_list.items.size() == 50'000);
  CHECK(took < kLinearBudget);  // about 0.1 s; pairwise, 1.25e9 comparisons each
  list.items.push_back(list.items[7]);
  list.items.back().find("id")->where.line = 50'002;
  const auto e = error_of([&] { merge_config(base_list, list); });
  REQUIRE(e);
  CHECK(e->where().str() == "l.yaml:50002:10");
  CHECK(e->problem().find("duplicate id") != std::string::npos);
}

TEST_CASE("file kinds: sweep, network and scenario told apart by their keys") {
  auto kind = [](const std::string& text) {
    return detect_file_kind(parse_config_text(text, "k.yaml")).kind;
  };
  CHECK(kind("base: s.yaml\nseeds: 2\nparameters: []\n") == FileKind::sweep);
  CHECK(kind("firms: [{id: A}]\nliabilities: []\n") == FileKind::network);
  CHECK(kind("firms: [{id: A}]\nmatrix: [[0]]\n") == FileKind::network);
  CHECK(kind("name: x\nfirms: []\n") == FileKind::scenario);
  CHECK(kind("base: x.yaml\n") == FileKind::scenario);
  // `base` alone is shared with sweeps: a sweep file with a typo is not refused as a scenario.
  CHECK_NOTHROW(require_file_kind(parse_config_text("base: x.yaml\nparametrs: []\n", "k.yaml"),
                                  FileKind::sweep, "alchemy sweep"));
  CHECK(kind("firms: [{id: A}]\n") == FileKind::unknown);
  CHECK(kind("- 1\n") == FileKind::unknown);
  const auto e = error_of([] {
    require_file_kind(parse_config_text("name: x\nseeds: 3\nparameters: []\n", "k.yaml"),
                      FileKind::scenario, "alchemy validate");
  });
  REQUIRE(e);
  CHECK(e->where().str() == "k.yaml:3:1");
  CHECK(e->problem().find("this is a sweep file") != std::string::npos);
  CHECK(e->problem().find("`alchemy sweep`") != std::string::npos);
}

TEST_CASE("network amounts: every bad form has its own message, totals must stay finite") {
  CHECK(*parse_network_amount(" 1_000 ", true).value == 1000.0);
  CHECK(*parse_network_amount("4.3B", true).value == 4.3e9);
  CHECK(*parse_network_amount("-2", false).value == -2.0);
  CHECK(*parse_network_amount("0", true).value == 0.0);
  struct Bad {
    const char* text;
    const char* problem;
  };
  for (const Bad& b :
       {Bad{"", "empty"}, Bad{"nan", "not a finite number"}, Bad{"-inf", "not a finite number"},
        Bad{"Infinity", "not a finite number"}, Bad{"1e400", "out of range"},
        Bad{"2e300T", "out of range"}, Bad{"1e-400", "too close to zero"},
        Bad{"4e-320", "too close to zero"}, Bad{"\"1\"", "quotes"}, Bad{"-1", "nonnegative"},
        Bad{"0x10", "expected"}, Bad{"1__0", "expected"}, Bad{"abc", "expected"}}) {
    INFO(b.text);
    const ParsedAmount p = parse_network_amount(b.text, true);
    CHECK_FALSE(p.value);
    CHECK(p.problem.find(b.problem) != std::string::npos);
  }
  AmountTotal total;
  const SourceLocation at{"n.yaml", 3, 4};
  total.add(1e308, at, "a");
  const auto e = error_of([&] { total.add(-1e308, at, "matrix[1][0]"); });
  REQUIRE(e);
  CHECK(e->where().str() == "n.yaml:3:4");
  CHECK(e->key_path() == "matrix[1][0]");
}
