// Every assumption carries a plausible range (issue 19): each `# assumption` comment of the shared
// mechanics and of the AI web marks numbers that have a range under `assumptions:` (or is a dated
// path or a structural choice, listed below with the reason); every range belongs to a marked
// number; and the baseline's values lie inside their ranges. The ranges are what
// tools/sensitivity samples, so a new assumption without one fails here, not silently there.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/config_values.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace alchemy;

namespace {

const std::string kConfigs = std::string(ALCHEMY_SOURCE_DIR) + "/configs/";

// Marked numbers that have no scalar range, each with the reason. A region is excused when one
// of its key paths starts with the entry (at a path boundary).
const std::map<std::string, std::string> kNotRanged{
    {"base", "the file's header, which explains the marker"},
    {"assumptions", "the header of the ranges themselves"},
    {"contagion.grace_days",
     "a whole number of days: a Latin hypercube draws fractions, which a duration rejects"},
    {"market.compute_cost",
     "a dated path (50 B → 30 B by 2030): its points move together, and independent draws per "
     "year would make a cost that rises and falls; the 2030 level is sourced (F)"},
    {"firms.xai-gpu-vehicle.cash",
     "the amount is sourced (7.5 B, F); the assumption is its timing (held from the start)"},
    {"firms.stargate",
     "structural: the JV's 1.5 GW come on top of NVIDIA's 10 GW, and a founding capital of 1 per "
     "mille gives it a price before its first tranche"},
    {"contracts.nvidia-oracle-gpus", "a delivery schedule (dates), not a number"},
    {"contracts.nvidia-openai-supply",
     "structural: GW-denominated, invoiced at the cost path's level on delivery"},
    {"contracts.amd-openai-supply", "a delivery schedule (dates), not a number"},
    {"contracts.softbank-stargate-equity", "a tranche schedule (dates), not a number"},
    {"contracts.stargate-nvidia-gpus", "a delivery schedule and a supplier, not a number"},
};

// Ranged numbers that no comment marks as an assumption, each with the reason (none today).
const std::map<std::string, std::string> kRangedUnmarked{};

struct Leaf {
  std::string path;  // as for --set: list items by id, else [index]
  int line = 0;
  std::string text;
};

void collect_leaves(const ConfigNode& n, const std::string& path, std::vector<Leaf>& out) {
  if (n.is_scalar()) {
    out.push_back({path, n.where.line, n.text});
  } else if (n.is_map()) {
    for (const ConfigEntry& e : n.entries)
      collect_leaves(e.value, path.empty() ? e.key : path + "." + e.key, out);
  } else if (n.is_sequence()) {
    for (std::size_t k = 0; k < n.items.size(); ++k) {
      const auto id = n.items[k].id();
      collect_leaves(n.items[k], id ? path + "." + *id : path + "[" + std::to_string(k) + "]", out);
    }
  }
}

bool is_number(const std::string& t) {
  return parse_fraction(t).ok() || parse_money(t, Negative::allowed).ok();
}

bool starts_at_boundary(const std::string& path, const std::string& prefix) {
  return path.rfind(prefix, 0) == 0 &&
         (path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[');
}

struct Line {
  int indent = 0;
  bool blank = false;
  bool comment_only = false;
  bool marked = false;  // its comment says "assumption"
};

// A comment starts at a '#' at the line's start or after a space, outside quotes.
Line classify(const std::string& text) {
  Line l;
  const std::size_t first = text.find_first_not_of(' ');
  l.blank = first == std::string::npos;
  if (l.blank) return l;
  l.indent = static_cast<int>(first);
  char quote = 0;
  for (std::size_t i = first; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#' && (i == first || text[i - 1] == ' ')) {
      l.comment_only = i == first;
      std::string comment = text.substr(i);
      std::transform(comment.begin(), comment.end(), comment.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      l.marked = comment.find("assumption") != std::string::npos;
      break;
    }
  }
  return l;
}

struct Region {
  int first = 0, last = 0;  // lines, 1-based, inclusive
  int comment_line = 0;
};

// The lines each assumption comment marks: its own line for a comment after a value; for a block
// of comment lines, the node that starts on the line right after it (up to the next line indented
// no deeper). A block followed by a blank line marks nothing (a file's or section's header).
std::vector<Region> marked_regions(const std::vector<std::string>& text) {
  std::vector<Line> lines;
  for (const std::string& t : text)
    lines.push_back(classify(t));
  const int n = static_cast<int>(lines.size());
  std::vector<Region> out;
  std::set<int> blocks_done;
  for (int i = 0; i < n; ++i) {
    if (!lines[i].marked) continue;
    if (!lines[i].comment_only) {
      out.push_back({i + 1, i + 1, i + 1});
      continue;
    }
    int j = i;
    while (j < n && lines[j].comment_only)
      ++j;
    if (j == n || lines[j].blank || !blocks_done.insert(j).second) continue;
    int k = j + 1;
    while (k < n && (lines[k].blank || lines[k].comment_only || lines[k].indent > lines[j].indent))
      ++k;
    out.push_back({j + 1, k, i + 1});
  }
  return out;
}

std::vector<std::string> read_lines(const std::string& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);)
    out.push_back(l);
  return out;
}

bool excused(const std::vector<Leaf>& leaves, const std::map<std::string, std::string>& list) {
  for (const Leaf& l : leaves)
    for (const auto& [prefix, why] : list)
      if (starts_at_boundary(l.path, prefix)) return true;
  return false;
}

}  // namespace

TEST_CASE("assumption ranges: every marked number of the mechanics and the AI web has a range") {
  const LoadedScenario baseline = load_scenario(kConfigs + "ai_compute_2025.yaml");
  REQUIRE(baseline.assumptions.size() >= 40);
  std::set<std::string> used_exceptions;
  std::set<std::string> ranged_marked;
  for (const std::string name : {"mechanics.yaml", "ai_compute_2025.yaml"}) {
    const std::string file = kConfigs + name;
    std::vector<Leaf> leaves;
    collect_leaves(parse_config_file(file), "", leaves);
    for (const Region& r : marked_regions(read_lines(file))) {
      std::vector<Leaf> in;
      for (const Leaf& l : leaves)
        if (l.line >= r.first && l.line <= r.last) in.push_back(l);
      CAPTURE(name);
      CAPTURE(r.comment_line);
      CAPTURE(in.empty() ? std::string("(no value)") : in.front().path);
      bool ranged = false;
      for (const AssumptionRange& a : baseline.assumptions) {
        const bool here = a.value_where.file == file && a.value_where.line >= r.first &&
                          a.value_where.line <= r.last;
        if (here) ranged_marked.insert(a.key);
        ranged = ranged || here;
      }
      for (const auto& [prefix, why] : kNotRanged)
        for (const Leaf& l : in)
          if (starts_at_boundary(l.path, prefix)) used_exceptions.insert(prefix);
      const bool has_number = std::any_of(in.begin(), in.end(), [](const Leaf& l) {
        return l.path.rfind("assumptions", 0) != 0 && is_number(l.text);
      });
      // A marked region with a number needs a range or a listed reason; one without a number
      // (a date, a structure) needs the reason.
      CHECK_MESSAGE((ranged || excused(in, kNotRanged)),
                    (has_number ? "an assumption-marked number without a range"
                                : "an assumption-marked value that is not a number: list why"));
    }
  }
  // Every range belongs to a marked number, or says why not.
  for (const AssumptionRange& a : baseline.assumptions) {
    CAPTURE(a.key);
    CHECK((ranged_marked.count(a.key) == 1 || kRangedUnmarked.count(a.key) == 1));
  }
  // Every listed exception still excuses something (a stale entry hides nothing).
  for (const auto& [prefix, why] : kNotRanged) {
    CAPTURE(prefix);
    CHECK(used_exceptions.count(prefix) == 1);
  }
}

TEST_CASE("assumption ranges: each contains the value in use, in both webs") {
  for (const std::string web : {"ai_compute_2025.yaml", "telecom_1999.yaml"}) {
    CAPTURE(web);
    const LoadedScenario s = load_scenario(kConfigs + web);
    CHECK(!s.assumptions.empty());
    for (const AssumptionRange& a : s.assumptions) {
      CAPTURE(a.key);
      CAPTURE(a.value_text);
      CHECK(a.from < a.to);
      CHECK(a.contains_value());
      CHECK(!a.why.empty());
    }
  }
}

TEST_CASE("assumption ranges: resolved key paths and values, read independently of the loader") {
  const LoadedScenario s = load_scenario(kConfigs + "ai_compute_2025.yaml");
  std::map<std::string, const AssumptionRange*> by_key;
  for (const AssumptionRange& a : s.assumptions)
    by_key[a.key] = &a;
  // From the mechanics (inherited through base:) and from the web, with the value as written.
  REQUIRE(by_key.count("market.funding.freeze_below") == 1);
  CHECK(by_key["market.funding.freeze_below"]->value == doctest::Approx(0.55));
  CHECK(by_key["market.funding.freeze_below"]->value_where.file == kConfigs + "mechanics.yaml");
  REQUIRE(by_key.count("market.funding.quarterly_supply") == 1);
  const AssumptionRange& supply = *by_key["market.funding.quarterly_supply"];
  CHECK(supply.value == doctest::Approx(120e9));
  CHECK(supply.from == doctest::Approx(60e9));
  CHECK(supply.to_text == "180B");
  // A list item by id and one by index.
  REQUIRE(by_key.count("contracts.softbank-openai-round.condition_fails") == 1);
  CHECK(by_key["contracts.softbank-openai-round.condition_fails"]->value == doctest::Approx(0.2));
  REQUIRE(by_key.count("firms.softbank.rules[0].max_rate") == 1);
  CHECK(by_key["firms.softbank.rules[0].max_rate"]->value == doctest::Approx(0.08));
  // The ranges are not part of the resolved scenario (its hash identifies a run).
  CHECK(s.resolved_yaml.find("assumptions") == std::string::npos);
  CHECK(s.resolved_yaml.find("quarterly_supply") != std::string::npos);
  // A value set outside its range loads (a stress scenario may), and says so.
  const LoadedScenario stressed = load_scenario(
      kConfigs + "ai_compute_2025.yaml", {"contracts.softbank-openai-round.condition_fails=1"});
  bool found = false;
  for (const AssumptionRange& a : stressed.assumptions) {
    if (a.key != "contracts.softbank-openai-round.condition_fails") continue;
    found = true;
    CHECK(a.value == doctest::Approx(1.0));
    CHECK(!a.contains_value());
  }
  CHECK(found);
}
