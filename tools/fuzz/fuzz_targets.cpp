#include "tools/fuzz/fuzz_targets.hpp"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "sim/analysis/network_file.hpp"
#include "sim/folder/sha256.hpp"
#include "sim/run/checkpoint_scenario.hpp"
#include "sim/run/run_checkpointer.hpp"
#include "sim/run/world_io.hpp"
#include "sim/scenario/config_error.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_tree.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace alchemy::fuzz {

namespace fs = std::filesystem;

namespace {

// A scratch folder of this process, for the readers that take a path (made once, removed at exit).
const fs::path& scratch() {
  static const fs::path dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "alchemy-fuzz-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) std::abort();
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(scratch(), ec);
    });
    return fs::path(tmpl);
  }();
  return dir;
}

fs::path write_scratch(const std::string& name, std::string_view bytes) {
  const fs::path p = scratch() / name;
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p;
}

// Runs a reader; bad input (ConfigError and its subclasses) is an answer, not a finding.
template <class F>
void refused_or_read(F f) {
  try {
    f();
  } catch (const ConfigError&) {
  }
}

// The checkpoint with its checksums made right (see the header).
std::string resummed_checkpoint(std::string_view bytes) {
  std::string s(bytes);
  // Drop a closing "sha256 <64 hex>\n" line, as a real checkpoint file ends.
  constexpr std::size_t kSumLine = 7 + 64 + 1;
  if (s.size() >= kSumLine && s.compare(s.size() - kSumLine, 7, "sha256 ") == 0 &&
      s.back() == '\n' && (s.size() == kSumLine || s[s.size() - kSumLine - 1] == '\n')) {
    s.resize(s.size() - kSumLine);
  }
  // Header lines 3 and 4: "scenario-sha256 <hex>", "scenario-bytes <n>", then a blank line.
  std::array<std::size_t, 5> starts{};
  std::size_t pos = 0;
  bool whole = true;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    starts[k] = pos;
    const std::size_t nl = s.find('\n', pos);
    if (nl == std::string::npos) {
      whole = false;
      break;
    }
    pos = nl + 1;
  }
  constexpr std::string_view kSha = "scenario-sha256 ", kBytes = "scenario-bytes ";
  if (whole && s.compare(starts[2], kSha.size(), kSha) == 0 &&
      s.compare(starts[3], kBytes.size(), kBytes) == 0) {
    const std::string count =
        s.substr(starts[3] + kBytes.size(), starts[4] - 1 - starts[3] - kBytes.size());
    std::optional<std::size_t> n;
    if (!count.empty() && count.size() < 10 &&
        count.find_first_not_of("0123456789") == std::string::npos) {
      n = std::stoul(count);
    }
    const std::size_t yaml_at = pos;  // after the blank line
    if (n && yaml_at + *n <= s.size()) {
      s.replace(starts[2], starts[3] - 1 - starts[2],
                std::string(kSha) + sha256_hex(std::string_view(s).substr(yaml_at, *n)));
    }
  }
  s += "sha256 " + sha256_hex(s) + "\n";
  return s;
}

}  // namespace

void scenario(std::string_view bytes) {
  refused_or_read([&] { scenario_from_tree(parse_config_text(bytes, "fuzz.yaml")); });
}

void sweep(std::string_view bytes) {
  const fs::path file = write_scratch("sweep.yaml", bytes);
  refused_or_read([&] { load_sweep_spec(file); });
}

void network_yaml(std::string_view bytes) {
  const fs::path file = write_scratch("network.yaml", bytes);
  refused_or_read([&] { read_network_file(file.string()); });
}

void network_csv(std::string_view bytes) {
  const std::size_t split = bytes.find("\n%%\n");
  const fs::path edges = write_scratch("network.csv", bytes.substr(0, split));
  std::string firms;
  if (split != std::string_view::npos) {
    firms = write_scratch("firms.csv", bytes.substr(split + 4)).string();
  }
  refused_or_read([&] { read_network_file(edges.string(), firms); });
}

void checkpoint(std::string_view bytes) {
  const std::string file = resummed_checkpoint(bytes);
  const fs::path path = "fuzz.ckpt";
  refused_or_read([&] {
    const Checkpoint c = decode_checkpoint(file, path);
    checkpoint_scenario(c, path);
    // As `alchemy resume` reads it: any failure is a malformed run description (exit 2).
    try {
      CheckpointRunInfo::from_json(c.run);
    } catch (const std::exception& e) {
      throw CheckpointError(path, std::string("malformed run description: ") + e.what());
    }
  });
}

std::span<const Target> targets() {
  static constexpr std::array<Target, 5> kTargets{{{"scenario", scenario},
                                                   {"sweep", sweep},
                                                   {"network_yaml", network_yaml},
                                                   {"network_csv", network_csv},
                                                   {"checkpoint", checkpoint}}};
  return kTargets;
}

}  // namespace alchemy::fuzz
