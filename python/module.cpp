// alchemy._native: the compiled part of the Python package. Functions take what Python gives
// (a path or a dict, a dict of overrides) and return columns; alchemy/__init__.py wraps them in
// DataFrames. The engine runs with the GIL released, so other Python threads go on meanwhile.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "python/frame_columns.hpp"
#include "python/native_analysis.hpp"
#include "python/native_clear.hpp"
#include "python/native_run.hpp"
#include "python/native_sim.hpp"
#include "python/native_sweep.hpp"
#include "python/scenario_input.hpp"
#include "sim/scenario/config_error.hpp"

namespace py = pybind11;

namespace alchemy::python {

namespace {

// ScenarioError(message) with .file, .line, .column (0 when the input has no lines), .key and
// .problem, raised for every ConfigError.
void register_scenario_error(py::module_& m) {
  // Never destroyed (see scenario_input.cpp: no Python object may outlive the interpreter).
  static auto& error = *new py::exception<ConfigError>(m, "ScenarioError", PyExc_ValueError);
  error.doc() =
      "A bad scenario, override or sweep: str(e) is what the command line prints; e.file, "
      "e.line, e.column (0 when there is no line), e.key (the key path) and e.problem (what is "
      "wrong, with the \"did you mean\" suggestion) say where and what.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ConfigError& e) {
      py::object exc = py::reinterpret_borrow<py::object>(error.ptr())(py::str(e.what()));
      exc.attr("file") = e.where().file;
      exc.attr("line") = e.where().line;
      exc.attr("column") = e.where().column;
      exc.attr("key") = e.key_path();
      exc.attr("problem") = e.problem();
      PyErr_SetObject(error.ptr(), exc.ptr());
    }
  });
}

py::dict run_columns(const MemorySink& records, const RunRequest& request) {
  py::dict out = frame_columns(records);
  out["seed"] = request.seed;
  out["resolved_yaml"] = request.loaded.resolved_yaml;
  return out;
}

void bind_sim(py::module_& m) {
  // One Sim is not to be stepped from two Python threads at once: the GIL is released while it
  // ticks, and its world is not locked.
  py::class_<NativeSim>(m, "Sim")
      .def(py::init([](py::handle scenario, std::optional<py::int_> seed, py::dict sets,
                       std::optional<std::string> until, bool verbose_events) {
             return NativeSim(run_request(scenario, seed, sets, until, verbose_events),
                              scenario_input(scenario).name());
           }),
           py::arg("scenario"), py::arg("seed") = py::none(), py::arg("sets") = py::dict(),
           py::arg("until") = py::none(), py::arg("verbose_events") = false)
      .def("step",
           [](NativeSim& s, std::size_t ticks) {
             py::gil_scoped_release unlocked;
             s.step(ticks);
           })
      .def("step_through",
           [](NativeSim& s, const std::string& date) {
             const auto d = Date::parse_iso(date);
             if (!d) throw py::value_error("until: expected a date YYYY-MM-DD, got '" + date + "'");
             py::gil_scoped_release unlocked;
             s.step_through(*d);
           })
      .def_property_readonly("done", &NativeSim::done)
      .def_property_readonly("ticks_done", &NativeSim::ticks_done)
      .def_property_readonly("ticks_total", &NativeSim::ticks_total)
      .def_property_readonly("next_tick",
                             [](const NativeSim& s) -> std::optional<std::string> {
                               if (const auto d = s.next_tick()) return d->iso();
                               return std::nullopt;
                             })
      .def_property_readonly("date",
                             [](const NativeSim& s) -> std::optional<std::string> {
                               if (const auto d = s.date()) return d->iso();
                               return std::nullopt;
                             })
      .def("shock",
           [](NativeSim& s, py::list shocks) {
             s.shock(config_from_python(shocks, SourceLocation{"<shock>", 0, 0}, "shocks"));
           })
      .def("checkpoint",
           [](const NativeSim& s, const std::string& file) {
             py::gil_scoped_release unlocked;
             s.checkpoint(file);
           })
      .def("exported_yaml", &NativeSim::exported_yaml)
      .def("shocks_yaml", &NativeSim::shocks_yaml)
      .def("manifest_json",
           [](const NativeSim& s, std::vector<std::string> command_line) {
             return manifest_json(s.manifest(std::move(command_line))).dump();
           })
      .def("resolved_yaml", [](const NativeSim& s) { return s.request().loaded.resolved_yaml; })
      .def("columns", [](const NativeSim& s) { return run_columns(s.records(), s.request()); })
      .def("fork", [](const NativeSim& s) { return NativeSim(s); });
}

}  // namespace

}  // namespace alchemy::python

PYBIND11_MODULE(_native, m) {
  using namespace alchemy;
  using namespace alchemy::python;
  m.doc() = "alchemy's engine, scenario loader and analyses (see the package alchemy)";
  register_scenario_error(m);
  bind_sim(m);

  m.def("graph_json", &graph_json, py::arg("scenario"), py::arg("sets"), py::arg("at"));
  m.def("loops", &loops_at, py::arg("scenario"), py::arg("sets"), py::arg("at"));
  m.def("clear", &clear_network, py::arg("file"), py::arg("alpha"), py::arg("beta"),
        py::arg("seniority"));
  m.def("debtrank", &debtrank_at, py::arg("scenario"), py::arg("sets"), py::arg("at"),
        py::arg("linear"));

  m.def(
      "sweep",
      [](py::handle sweep, std::size_t threads) {
        const SweepPlan plan = sweep_plan(sweep);
        SweepTables tables;
        {
          py::gil_scoped_release unlocked;
          tables = run_sweep(plan, threads);
        }
        py::dict out;
        out["runs"] = table_columns(tables.runs);
        out["summary"] = table_columns(tables.summary);
        return out;
      },
      py::arg("sweep"), py::arg("threads"));

  m.def(
      "run",
      [](py::handle scenario, std::optional<py::int_> seed, py::dict sets,
         std::optional<std::string> until, bool verbose_events) {
        RunRequest request = run_request(scenario, seed, sets, until, verbose_events);
        MemorySink records;
        {
          py::gil_scoped_release unlocked;
          records = run_native(request);
        }
        return run_columns(records, request);
      },
      py::arg("scenario"), py::arg("seed") = py::none(), py::arg("sets") = py::dict(),
      py::arg("until") = py::none(), py::arg("verbose_events") = false);
}
