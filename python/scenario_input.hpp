#pragma once
// A scenario as Python gives it — a path to a YAML file or a dict — with the `set` overrides of
// alchemy.run / alchemy.Sim, turned into the validated scenario the CLI would load. Errors are
// the scenario layer's ConfigErrors (file:line:column, key path, "did you mean"); a dict's and
// the overrides' locations are "<dict>" and "<set>", which have no line.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace alchemy::python {

// The location of a dict scenario's keys and values, and of `set` overrides.
inline SourceLocation dict_location() {
  return SourceLocation{"<dict>", 0, 0};
}
inline SourceLocation set_location() {
  return SourceLocation{"<set>", 0, 0};
}

// A Python value as a located tree: dict → map (keys must be str), list/tuple → list, None →
// null, bool → true/false, int → its digits, float → its shortest round-trip text (repr),
// str → the text as written in YAML, datetime.date → ISO date.
ConfigNode config_from_python(pybind11::handle value, const SourceLocation& where,
                              const std::string& key_path);

// The text a value has on the command line (`--set key=TEXT`) and in an exported scenario: the
// same rules as config_from_python, for single values only (a dict or list is a TypeError).
std::string override_text(pybind11::handle value, const std::string& key_path);

struct ScenarioInput {
  std::optional<std::string> file;  // a path, or
  std::optional<ConfigNode> dict;   // a dict's tree (its `base:` read relative to the cwd)
  std::string name() const;         // the file as given, or "<dict>"
};

ScenarioInput scenario_input(pybind11::handle scenario);

// The scenario's tree with `base:` merged and the overrides ("key.path=text", in order) applied.
ConfigNode scenario_tree(const ScenarioInput& input,
                         const std::vector<std::pair<std::string, std::string>>& overrides);

}  // namespace alchemy::python
