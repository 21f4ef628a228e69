"""alchemy from Python: runs as pandas DataFrames, without files.

    import alchemy
    r = alchemy.run("configs/ai_compute_2025.yaml", seed=3, set={"market.sentiment": 0.9})
    r.events, r.series, r.market, r.loops     # DataFrames, as the CLI's files read exactly
    alchemy.load("out/baseline")              # a run's folder, with the same types

A bad scenario or override raises alchemy.ScenarioError (str(e) is what the CLI prints; e.file,
e.line, e.column, e.key, e.problem). See README.md, section "Python".
"""

import datetime
import json
import os

from . import _frames
from ._native import ScenarioError
from . import _native

ScenarioError.__module__ = "alchemy"  # shown as alchemy.ScenarioError, where users catch it

__all__ = ["run", "load", "Run", "Sim", "sweep", "Sweep", "graph", "loops", "debtrank", "clear",
           "ScenarioError"]


class Run:
    """A run's records: .events, .series, .market and .loops are DataFrames (None for a file a
    loaded folder does not have); .seed is the seed it ran with (None when loaded)."""

    def __init__(self, events, series, market, loops, seed=None, scenario_yaml=None):
        self.events = events
        self.series = series
        self.market = market
        self.loops = loops
        self.seed = seed
        self.scenario_yaml = scenario_yaml

    def __repr__(self):
        def rows(frame):
            return "-" if frame is None else str(len(frame))
        return (f"<alchemy.Run seed={self.seed} events={rows(self.events)} "
                f"series={rows(self.series)} market={rows(self.market)} "
                f"loops={rows(self.loops)}>")


def _date_text(value, name):
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return value
    raise TypeError(f"{name}: expected a date (str YYYY-MM-DD or datetime.date), "
                    f"got {type(value).__name__}")


def _run_from_columns(columns):
    firms, contracts = columns["firms"], columns["contracts"]
    return Run(
        events=_frames.events_frame(columns["events"], firms, contracts),
        series=_frames.series_frame(columns["series"], firms),
        market=_frames.market_frame(columns["market"]),
        loops=_frames.loops_frame(columns["loops"]),
        seed=columns["seed"],
        scenario_yaml=columns["resolved_yaml"],
    )


def run(scenario, seed=None, set=None, until=None, verbose_events=False):
    """Runs a scenario (a YAML path, or a dict with the keys of a scenario file) and returns its
    records as a Run. Like `alchemy run SCENARIO --seed SEED --set k=v ... --until DATE`:
    `set` maps key paths to values, applied in order; `until` stops after that date. The
    engine runs with the GIL released."""
    # `set` is the CLI's word; inside, the builtin is not needed.
    overrides = {} if set is None else dict(set)
    columns = _native.run(scenario, seed, overrides, _date_text(until, "until"),
                          bool(verbose_events))
    return _run_from_columns(columns)


def load(run_dir):
    """Reads a run's folder (from `alchemy run`, `resume` or `fork`) into a Run with the same
    types as run() gives."""
    if not os.path.isdir(run_dir):
        raise FileNotFoundError(f"{run_dir}: no such folder")
    files = _frames.read_run_folder(run_dir)
    if all(v is None for v in files.values()):
        raise FileNotFoundError(f"{run_dir}: no record files (events.jsonl, series.csv, "
                                f"market.csv, loops.csv)")
    seed = None
    manifest = os.path.join(run_dir, "manifest.json")
    if os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            seed = json.load(f).get("seed")
    return Run(**files, seed=seed)


from ._sim import Sim  # noqa: E402  (uses the helpers above)
from ._sweep import Sweep, sweep  # noqa: E402
from ._analysis import clear, debtrank, graph, loops  # noqa: E402
