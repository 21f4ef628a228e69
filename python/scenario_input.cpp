#include "python/scenario_input.hpp"

#include <algorithm>

#include "sim/scenario/scenario_detect.hpp"
#include "sim/scenario/scenario_tree.hpp"

namespace py = pybind11;

namespace alchemy::python {

namespace {

bool is_date(py::handle value) {
  // Kept for the life of the process and never released: a static py::object would be released
  // after the interpreter has shut down, without the GIL, and abort the exit.
  static const py::handle date_type =
      py::object(py::module_::import("datetime").attr("date")).release();
  return py::isinstance(value, date_type);
}

// A single value's text, or nullopt when `value` is not a single value.
std::optional<std::string> scalar_text(py::handle value) {
  // bool before int: True is an int in Python.
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>() ? "true" : "false";
  if (py::isinstance<py::int_>(value)) return py::str(value).cast<std::string>();
  if (py::isinstance<py::float_>(value)) return py::repr(value).cast<std::string>();
  if (py::isinstance<py::str>(value)) return value.cast<std::string>();
  if (is_date(value)) return value.attr("isoformat")().cast<std::string>();
  // numpy's integers and floats are not Python's; they convert through __index__ / __float__.
  if (py::hasattr(value, "__index__"))
    return py::str(value.attr("__index__")()).cast<std::string>();
  if (py::hasattr(value, "__float__") && !py::hasattr(value, "__len__"))
    return py::repr(value.attr("__float__")()).cast<std::string>();
  return std::nullopt;
}

std::string type_name(py::handle value) {
  return py::str(py::type::of(value).attr("__name__")).cast<std::string>();
}

}  // namespace

ConfigNode config_from_python(py::handle value, const SourceLocation& where,
                              const std::string& key_path) {
  if (value.is_none()) return ConfigNode::null_at(where);
  if (py::isinstance<py::dict>(value)) {
    ConfigNode map = ConfigNode::map_at(where);
    for (const auto& [key, item] : value.cast<py::dict>()) {
      if (!py::isinstance<py::str>(key)) {
        throw ConfigError(where, key_path,
                          "keys must be strings, got " + py::repr(key).cast<std::string>() + " (" +
                              type_name(key) + ")");
      }
      const auto k = key.cast<std::string>();
      const std::string path = key_path_join(key_path, k);
      map.entries.push_back({k, where, config_from_python(item, where, path)});
    }
    return map;
  }
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    ConfigNode list = ConfigNode::sequence_at(where);
    std::size_t i = 0;
    for (const auto item : value) {
      list.items.push_back(
          config_from_python(item, where, key_path + "[" + std::to_string(i++) + "]"));
    }
    return list;
  }
  if (auto text = scalar_text(value)) return ConfigNode::scalar_at(std::move(*text), where);
  throw ConfigError(
      where, key_path,
      "expected a dict, list, str, number, bool, date or None, got " + type_name(value));
}

std::string override_text(py::handle value, const std::string& key_path) {
  if (value.is_none()) return "null";
  if (auto text = scalar_text(value)) return *text;
  throw ConfigError(
      set_location(), key_path,
      "expected a single value (str, number, bool, date or None), got " + type_name(value));
}

std::string ScenarioInput::name() const {
  return file ? *file : dict_location().file;
}

ScenarioInput scenario_input(py::handle scenario) {
  ScenarioInput in;
  if (py::isinstance<py::dict>(scenario)) {
    in.dict = config_from_python(scenario, dict_location(), "");
    return in;
  }
  // str or os.PathLike (pathlib.Path).
  static const py::handle fspath = py::object(py::module_::import("os").attr("fspath")).release();
  try {
    in.file = fspath(scenario).cast<std::string>();
  } catch (const py::error_already_set&) {
    throw py::type_error("scenario: expected a path (str or pathlib.Path) or a dict, got " +
                         type_name(scenario));
  }
  return in;
}

ConfigNode scenario_tree(const ScenarioInput& input,
                         const std::vector<std::pair<std::string, std::string>>& overrides) {
  ConfigNode tree;
  if (input.file) {
    tree = load_scenario_tree(*input.file);
  } else {
    tree = *input.dict;
    // `base:` as in a file, relative to the working directory (a dict has no folder).
    const auto base = std::find_if(tree.entries.begin(), tree.entries.end(),
                                   [](const ConfigEntry& e) { return e.key == "base"; });
    if (base != tree.entries.end()) {
      if (!base->value.is_scalar())
        throw ConfigError(dict_location(), "base",
                          "expected a file name, got a " + std::string(base->value.kind_name()));
      ConfigNode merged = load_scenario_tree(base->value.text);
      tree.entries.erase(base);
      merge_config(merged, tree);
      tree = std::move(merged);
    }
    require_file_kind(tree, FileKind::scenario, "alchemy.run");
  }
  for (const auto& [key, text] : overrides)
    apply_scenario_override(tree, key + "=" + text, set_location());
  return tree;
}

}  // namespace alchemy::python
