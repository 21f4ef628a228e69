#pragma once
// Which kind of input a file is — scenario, sweep or liability network — so that a file given to
// the wrong command is refused with its kind and the command that reads it, not with "unknown
// key" (and so that `alchemy debtrank` can take either a scenario or a network). The rules, by
// the keys at the top of a YAML file (first match):
//   sweep     it has `parameters` (every sweep file must; no scenario or network has it)
//   network   a `.csv` file, or a YAML file with `liabilities`, `matrix` or `cross_holdings`
//             (network keys only)
//   scenario  a scenario key other than `firms` — `base`, `name`, `start`, `contracts`, … —
//             (scenario_schema()); `firms` alone is shared with networks and tells nothing, and
//             `base` or `seed` alone (shared with sweeps) tell it only weakly: enough for
//             `alchemy debtrank` to read the file as a scenario, not for a reader to refuse it
//   unknown   anything else, including a file that does not parse: the command's own reader
//             then says what is wrong, and where.
// A network file accepts no other top-level key (sim/analysis/network_file.hpp), so the kinds
// never overlap.

#include <string>
#include <string_view>

#include "sim/scenario/config_tree.hpp"

namespace alchemy {

enum class FileKind { scenario, sweep, network, unknown };

struct DetectedKind {
  FileKind kind = FileKind::unknown;
  const ConfigEntry* telling = nullptr;  // the top-level key that decided
  bool weak = false;  // decided by a key sweeps share (`base`, `seed`): not enough to refuse
};

DetectedKind detect_file_kind(const ConfigNode& root);

// Throws ConfigError at the telling key when `root` is a file of another kind than `expected`,
// naming its kind and the command that reads it; `command` is the command that was given
// (e.g. "alchemy validate"). Does nothing for FileKind::unknown.
void require_file_kind(const ConfigNode& root, FileKind expected, std::string_view command);

// A `.csv` file is a network edge list, whatever it holds: refused before parsing, with the same
// message, by the readers of scenarios and sweeps.
void require_not_csv(const std::string& path, FileKind expected, std::string_view command);

// For `alchemy debtrank`: a scenario (true) or anything else (a network file, whose reader
// reports any error).
bool is_scenario_file(const std::string& path);

}  // namespace alchemy
