#include "python/native_run.hpp"

#include <charconv>

#include "python/scenario_input.hpp"
#include "sim/scenario/scenario_tree.hpp"

namespace py = pybind11;

namespace alchemy::python {

std::vector<std::pair<std::string, std::string>> overrides_of(const py::dict& sets) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : sets) {
    if (!py::isinstance<py::str>(key)) {
      throw ConfigError(set_location(), "",
                        "keys must be key paths (str), got " + py::repr(key).cast<std::string>());
    }
    const auto k = key.cast<std::string>();
    out.emplace_back(k, override_text(value, k));
  }
  return out;
}

std::uint64_t seed_of(const std::optional<py::int_>& seed, const ScenarioSpec& spec) {
  if (!seed) return spec.seed;
  // Python's ints are unbounded; the CLI's --seed is a whole number from 0 to 2^64 - 1.
  const auto text = py::str(py::handle(*seed)).cast<std::string>();
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end)
    throw py::value_error("seed: expected a whole number from 0 to 18446744073709551615, got " +
                          text);
  return value;
}

std::optional<Date> until_of(const std::optional<std::string>& until, const ScenarioSpec& spec) {
  if (!until) return std::nullopt;
  const auto d = Date::parse_iso(*until);
  if (!d) throw py::value_error("until: expected a date YYYY-MM-DD, got '" + *until + "'");
  if (*d < spec.start || *d > spec.end) {
    throw py::value_error("until " + *until + " is outside the scenario's period " +
                          spec.start.iso() + " to " + spec.end.iso());
  }
  return d;
}

RunRequest run_request(py::handle scenario, const std::optional<py::int_>& seed,
                       const py::dict& sets, const std::optional<std::string>& until,
                       bool verbose_events) {
  RunRequest r;
  r.loaded = scenario_from_tree(scenario_tree(scenario_input(scenario), overrides_of(sets)));
  r.seed = seed_of(seed, r.loaded.spec);
  r.options.until = until_of(until, r.loaded.spec);
  r.options.verbose_events = verbose_events;
  return r;
}

MemorySink run_native(const RunRequest& request) {
  MemorySink records;
  run_scenario(request.loaded.spec, request.seed, records, request.options);
  return records;
}

}  // namespace alchemy::python
