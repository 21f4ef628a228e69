// Checkpoint files (sim/run/world_io.hpp): a world in mid-run saved and loaded is the same world,
// continuing it gives the same records as never stopping, and damaged or foreign files are
// refused with a message naming the file and what is wrong.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/scenario_fixtures.hpp"
#include "sim/engine/engine.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/folder/version.hpp"
#include "sim/output/jsonl_writer.hpp"
#include "sim/run/world_io.hpp"
#include "sim/world/world.hpp"

using namespace alchemy;
using namespace alchemy::testing;
namespace fs = std::filesystem;

namespace {

class NullSink final : public OutputSink {
 public:
  void event(const Event&) override {}
};

// Runs `w` on and stops it after the first tick on or after `after`, as an interrupted run or a
// checkpoint sees it (--until would make that tick the run's last, which records more).
void run_until_stopped(const ScenarioSpec& spec, World& w, Date after, OutputSink& sink) {
  std::atomic<bool> stop{false};
  RunOptions o;
  o.stop = &stop;
  o.after_tick = [&](const World& x) { stop = stop || x.date >= after; };
  continue_run(spec, w, sink, o);
}

World world_at(const ScenarioSpec& spec, Date after) {
  World w = make_world(spec, spec.seed);
  NullSink sink;
  run_until_stopped(spec, w, after, sink);
  return w;
}

fs::path temp_file(const char* name) {
  const fs::path dir = fs::path(ALCHEMY_TEST_TMP) / "world_io";
  fs::create_directories(dir);
  return dir / name;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_bytes(const fs::path& p, const std::string& b) {
  std::ofstream(p, std::ios::binary) << b;
}

// Replaces the closing checksum so that a deliberately edited file passes the integrity check.
std::string reseal(std::string bytes) {
  const std::size_t line = 7 + 64 + 1;
  bytes.resize(bytes.size() - line);
  return bytes + "sha256 " + sha256_hex(bytes) + "\n";
}

std::string error_of(const fs::path& p) {
  try {
    load_checkpoint(p);
  } catch (const CheckpointError& e) {
    return e.what();
  }
  return "";
}

// Everything a run emits, as text, to compare two runs.
class Transcript final : public OutputSink {
 public:
  void begin(const RunHeader& h) override { header = h; }
  void event(const Event& e) override {
    text += format_event_line(e, header.firm_ids, header.contract_ids);
  }
  void series(const SeriesRow& r) override {
    text += r.date.iso() + " " + std::to_string(r.firm) + " " + std::to_string(r.cash.in_cents()) +
            " " + std::to_string(r.price) + " " + std::to_string(r.net_income.in_cents()) + "\n";
  }
  RunHeader header;
  std::string text;
};

}  // namespace

TEST_CASE("world_io: a world in mid-run survives save and load exactly") {
  const ScenarioSpec spec = small_web();
  const World w = world_at(spec, day(2026, 3, 17));
  REQUIRE(w.tick > 200);
  REQUIRE(!w.scheduler.empty());
  REQUIRE((!w.firms[kLab].stakes.empty() || !w.firms[kChips].stakes.empty()));
  REQUIRE(!w.funds.investments.empty());  // the round-trip tracing is saved too

  Checkpoint c;
  c.scenario_yaml = "name: small web\n";
  c.run = {{"note", "anything the caller keeps"}};
  c.world = w;
  const fs::path file = temp_file("mid_run.ckpt");
  save_checkpoint(file, c);
  const Checkpoint back = load_checkpoint(file);
  CHECK(back.world == w);
  CHECK(back.scenario_yaml == c.scenario_yaml);
  CHECK(back.run == c.run);
  CHECK(back.world.scheduler.next_seq() == w.scheduler.next_seq());
  // Saving is a pure function of the contents: the same world gives the same bytes.
  CHECK(encode_checkpoint(back, version()) == read_bytes(file));
  // No temporary file is left next to it.
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(file.parent_path()))
    files += e.path().filename() == "mid_run.ckpt";
  CHECK(files == 1);
}

TEST_CASE("world_io: an open estate survives save and load exactly") {
  const ScenarioSpec spec = small_web();
  World w = world_at(spec, day(2025, 9, 2));
  w.firms[kLab].defaulted = true;
  Estate e;
  e.firm = static_cast<std::int32_t>(kLab);
  e.opened = day(2025, 8, 14);
  e.last_cleared = day(2025, 9, 1);
  e.default_event = 1234567;
  e.outside_book = Money::cents(987654321);
  e.paid = Money::cents(123456789);
  e.cleared_once = true;
  e.in_default = true;
  w.estates = {e, e};
  w.estates[1].closed = true;
  Checkpoint c;
  c.world = w;
  const fs::path file = temp_file("estate.ckpt");
  save_checkpoint(file, c);
  CHECK(load_checkpoint(file).world == w);
}

TEST_CASE("world_io: doubles, large integers and non-finite values round-trip bit for bit") {
  World w = world_at(small_web(), day(2025, 2, 10));
  w.firms[0].price = 0.1 + 0.2;
  w.firms[0].mark = 1e-310;  // subnormal
  w.firms[0].demand = -0.0;
  w.firms[1].growth = std::numeric_limits<double>::infinity();
  w.firms[1].default_probability = -std::numeric_limits<double>::infinity();
  w.firms[1].commitment_value = -1.0 / 3.0;
  w.firms[2].going_concern_value = 5e-324;  // the smallest subnormal
  w.firms[0].cash = Money::cents(std::numeric_limits<std::int64_t>::max());
  w.seed = std::numeric_limits<std::uint64_t>::max();
  w.firms[2].rule_last_fired = {INT32_MIN, 0, 20000};
  const World back = world_from_json(nlohmann::json::parse(world_to_json(w).dump()));
  CHECK(back == w);
  CHECK(std::signbit(back.firms[0].demand));
  CHECK(back.firms[0].mark == 1e-310);
}

TEST_CASE("world_io: continuing a loaded world gives what the uninterrupted run gives") {
  const ScenarioSpec spec = small_web();
  Transcript whole;
  run_scenario(spec, spec.seed, whole);

  Transcript first;
  World w = make_world(spec, spec.seed);
  run_until_stopped(spec, w, day(2026, 1, 5), first);
  Checkpoint c;
  c.world = w;
  const fs::path file = temp_file("continue.ckpt");
  save_checkpoint(file, c);
  World restored = load_checkpoint(file).world;
  Transcript second;
  continue_run(spec, restored, second);
  CHECK(first.text.size() > 1000);
  CHECK(second.text.size() > 1000);
  CHECK(first.text + second.text == whole.text);
}

TEST_CASE("world_io: a corrupt, truncated or foreign file is refused, naming the file") {
  Checkpoint c;
  c.scenario_yaml = "name: x\n";
  c.world = world_at(small_web(), day(2025, 6, 30));
  const fs::path good = temp_file("good.ckpt");
  save_checkpoint(good, c);
  const std::string bytes = read_bytes(good);

  SUBCASE("one byte changed") {
    std::string bad = bytes;
    bad[bad.size() / 2] ^= 0x01;
    const fs::path f = temp_file("flipped.ckpt");
    write_bytes(f, bad);
    const std::string e = error_of(f);
    CHECK(e.find(f.string() + ": corrupt") == 0);
  }
  SUBCASE("truncated") {
    const fs::path f = temp_file("truncated.ckpt");
    write_bytes(f, bytes.substr(0, bytes.size() * 2 / 3));
    CHECK(error_of(f).find(f.string() + ": truncated") == 0);
  }
  SUBCASE("another alchemy release") {
    std::string other = bytes;
    const std::string mine = "alchemy-version " + std::string(version()) + "\n";
    other.replace(other.find(mine), mine.size(), "alchemy-version 0.0.1-other\n");
    const fs::path f = temp_file("other_version.ckpt");
    write_bytes(f, reseal(other));
    const std::string e = error_of(f);
    CHECK(e.find("written by alchemy 0.0.1-other") != std::string::npos);
    CHECK(e.find("this is alchemy " + std::string(version())) != std::string::npos);
  }
  SUBCASE("another format") {
    std::string other = bytes;
    other.replace(0, std::string("alchemy-checkpoint 1").size(), "alchemy-checkpoint 9");
    const fs::path f = temp_file("other_format.ckpt");
    write_bytes(f, reseal(other));
    CHECK(error_of(f).find("checkpoint format 9") != std::string::npos);
  }
  SUBCASE("not a checkpoint at all") {
    const fs::path f = temp_file("not.ckpt");
    write_bytes(f, "name: a scenario\n");
    CHECK(error_of(f).find("not an alchemy checkpoint") != std::string::npos);
  }
  SUBCASE("missing") {
    CHECK(error_of(temp_file("missing.ckpt")).find("no such file") != std::string::npos);
  }
  // CheckpointError is a ConfigError: bad input, exit code 2 in the CLI.
  CHECK_THROWS_AS(load_checkpoint(temp_file("missing.ckpt")), ConfigError);
}

#if defined(__GLIBCXX__) && defined(__x86_64__)
// A field added to the world must also be saved, or resumed runs silently diverge. These sizes
// change when a field is added: then add it to world_io.cpp (both directions) and update them.
TEST_CASE("world_io: every field of the world is saved (update world_io.cpp when these fail)") {
  CHECK(sizeof(World) == 552);
  CHECK(sizeof(FirmState) == 440);
  CHECK(sizeof(DebtState) == 120);
  CHECK(sizeof(StakeState) == 24);
  CHECK(sizeof(EquityFlows) == 32);
  CHECK(sizeof(ContractState) == 72);
  CHECK(sizeof(Claim) == 32);
  CHECK(sizeof(Estate) == 48);
  CHECK(sizeof(MarketState) == 88);
  CHECK(sizeof(ScheduledItem) == 40);
  CHECK(sizeof(FundTracing) == 72);
  CHECK(sizeof(TracedCash) == 16);
  CHECK(sizeof(InvestmentTrace) == 32);
}
#endif
