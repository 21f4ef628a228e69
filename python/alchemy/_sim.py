"""alchemy.Sim: a run stepped from Python, inspected between steps and branched."""

import copy
import json
import os
import shlex
import sys

import pandas as pd


class Sim:
    """A run of `scenario` (a path or a dict; seed, set, until and verbose_events as in
    alchemy.run) that advances when asked:

        s = alchemy.Sim("configs/ai_compute_2025.yaml", seed=3)
        s.step(until="2026-06-30")     # every tick on or before the date
        s.state()["firms"]             # each firm's last recorded row
        branch = s.fork()              # an independent copy from here
        s.step(20); s.run()            # 20 ticks, then to the end
        branch.shock("sentiment", value=-0.5)   # from the branch's next tick on
        branch.checkpoint("here.ckpt")          # `alchemy resume/fork here.ckpt --no-prefix`
        branch.manifest()                       # manifest.json as `alchemy run` writes it
        branch.run().export_scenario("b.yaml")  # b.yaml + b.shocks.yaml; returns the command

    It ticks through the dates of one straight run to its end, so however it is stepped, its
    .events, .series, .market and .loops equal alchemy.run's for the same arguments bit for
    bit. One Sim must not be stepped from two threads at once."""

    def __init__(self, scenario, seed=None, set=None, until=None, verbose_events=False,
                 _native_sim=None):
        from . import _date_text, _native
        overrides = {} if set is None else dict(set)
        if _native_sim is not None:
            self._sim = _native_sim
        else:
            self._sim = _native.Sim(scenario, seed, overrides, _date_text(until, "until"),
                                    bool(verbose_events))
        self._verbose_events = bool(verbose_events)
        self._frames = None
        # What the engine's manifest does not say: the overrides as given and every shock added
        # with the date it was added after (both are in the scenario the manifest hashes).
        self._asked = {"set": overrides, "shocks": []}

    def step(self, n=1, until=None):
        """Simulates the next n ticks, or with `until` every tick on or before that date (n is
        then ignored). Stops at the run's end. Returns the Sim."""
        from . import _date_text
        if until is not None:
            self._sim.step_through(_date_text(until, "until"))
        else:
            if n < 0:
                raise ValueError(f"step: expected a number of ticks >= 0, got {n}")
            self._sim.step(int(n))
        self._frames = None
        return self

    def run(self):
        """Simulates every tick left. Returns the Sim."""
        return self.step(self._sim.ticks_total - self._sim.ticks_done)

    @property
    def done(self):
        return self._sim.done

    @property
    def date(self):
        """The date of the last simulated tick (a pandas Timestamp), None before the first."""
        d = self._sim.date
        return None if d is None else pd.Timestamp(d)

    @property
    def ticks_done(self):
        return self._sim.ticks_done

    @property
    def ticks_total(self):
        return self._sim.ticks_total

    def _run(self):
        if self._frames is None:
            from . import _run_from_columns
            self._frames = _run_from_columns(self._sim.columns())
        return self._frames

    @property
    def events(self):
        return self._run().events

    @property
    def series(self):
        return self._run().series

    @property
    def market(self):
        return self._run().market

    @property
    def loops(self):
        return self._run().loops

    @property
    def seed(self):
        return self._run().seed

    def state(self):
        """Where the run is: {"date": the last tick's date, "market": the last market row (a
        Series), "firms": each firm's last series row (a DataFrame indexed by firm)}."""
        market = self.market
        series = self.series
        last_market = market.iloc[-1] if len(market) else None
        firms = series.groupby("firm", sort=False).tail(1).set_index("firm")
        return {"date": self.date, "market": last_market, "firms": firms}

    def fork(self):
        """An independent copy of the run as it is now; stepping one leaves the other."""
        forked = Sim(None, verbose_events=self._verbose_events, _native_sim=self._sim.fork())
        forked._asked = copy.deepcopy(self._asked)
        return forked

    def shock(self, kind, on=None, **fields):
        """Adds a shock as `alchemy fork` adds one from a shocks file: {on, kind, **fields}
        (target, value, ... as in a scenario's `shocks:`). `on` defaults to the next tick's
        date, the first it can apply on; a date before the last simulated tick raises
        ScenarioError (one on it applies at the next tick, as in a fork). Returns the Sim."""
        from . import _date_text
        if on is None:
            on = self._sim.next_tick
            if on is None:
                raise ValueError("shock: the run is at its end; nothing is left to shock")
        # A shock dated on the last simulated tick would apply at the next one, which a run of
        # the exported scenario could not replay: it must be dated when it applies.
        if self._sim.date is not None and _date_text(on, "on") <= self._sim.date:
            raise ValueError(f"shock: dated {_date_text(on, 'on')}, on or before the last "
                             f"simulated tick {self._sim.date}; the next tick is "
                             f"{self._sim.next_tick}")
        item = {"on": _date_text(on, "on"), "kind": kind, **fields}
        self._sim.shock([item])
        self._asked["shocks"].append({"after": self._sim.date, "shock": item})
        self._frames = None
        return self

    def checkpoint(self, path):
        """Saves the run where it is as a checkpoint file that `alchemy resume PATH --no-prefix`
        and `alchemy fork PATH --with SHOCKS --no-prefix` continue (the records so far are in
        this Sim, not in a folder). Refuses to overwrite an existing file."""
        path = os.fspath(path)
        if self._sim.date is None:
            raise ValueError("checkpoint: nothing simulated yet (step first)")
        if os.path.lexists(path):
            raise FileExistsError(f"{path}: exists; a checkpoint never replaces a file")
        self._sim.checkpoint(path)

    def export_scenario(self, path, shocks_path=None):
        """Writes the scenario this Sim began with (its file or dict, `base:` merged, the `set`
        overrides applied) to `path`, and the shocks it was given, in order, as a shocks file
        (the `shocks:` list `alchemy fork --with` reads) to `shocks_path`, by default next to
        it: `x.yaml` -> `x.shocks.yaml` (no shocks file when the Sim was given none). Returns
        the command that replays the Sim:

            alchemy run PATH --seed SEED [--with SHOCKS_PATH] [--until DATE] [--verbose-events]

        whose files equal this Sim's records byte for byte, and whose manifest.json equals
        manifest() in every field but the clock's, the argv and the files (see manifest()).
        The shocks file also forks a checkpoint of `alchemy run PATH --seed SEED` taken before
        the first shock to the same records. Refuses to overwrite either file."""
        path = os.fspath(path)
        shocks = self._sim.shocks_yaml()
        if shocks_path is None:
            stem, ext = os.path.splitext(path)
            shocks_path = stem + ".shocks" + (ext or ".yaml")
        shocks_path = os.fspath(shocks_path)
        written = [path] + ([shocks_path] if shocks is not None else [])
        for p in written:
            if os.path.lexists(p):
                raise FileExistsError(f"{p}: exists; export_scenario never replaces a file")
        if shocks is not None and os.path.abspath(shocks_path) == os.path.abspath(path):
            raise ValueError(f"export_scenario: the shocks file would be the scenario {path}")
        with open(path, "x", encoding="utf-8") as f:
            f.write(self._sim.exported_yaml())
        if shocks is not None:
            with open(shocks_path, "x", encoding="utf-8") as f:
                f.write(shocks)
        return shlex.join(self._replay_argv(path, shocks_path if shocks is not None else None))

    def _replay_argv(self, path, shocks_path):
        m = json.loads(self._sim.manifest_json([]))
        argv = ["alchemy", "run", path, "--seed", str(m["seed"])]
        if shocks_path is not None:
            argv += ["--with", shocks_path]
        if m["until"] is not None:
            argv += ["--until", m["until"]]
        if self._verbose_events:
            argv += ["--verbose-events"]
        return argv

    def manifest(self):
        """The run's manifest.json as `alchemy run` writes it (sim/folder/manifest.hpp), as a
        dict, for the run so far: scenario_file (the path as given, "<dict>" for a dict),
        scenario_name, scenario_sha256 (of the scenario in force: the overrides and every shock
        added are in it), seed, start, end, until, verbose_events, ticks, planned_ticks, events,
        last_date, status ("complete" at the end, else "incomplete" with the ticks stepped as
        its reason), the build's alchemy_version, git_revision and event_schema_version.
        Fields a Sim cannot share with a CLI run: command_line is this Python process's argv,
        started_at is when the Sim (or the one it was forked from) was made, finished_at when
        it last stepped, duration_seconds the time spent stepping, and files is empty (the Sim
        writes none). Two keys the CLI's manifest has not: "set" (the overrides as given) and
        "shocks" ([{"after": the last tick's date when it was added, "shock": {...}}, ...]).
        json.dump(m, f, indent=2, sort_keys=True) writes it in manifest.json's form."""
        out = json.loads(self._sim.manifest_json([str(a) for a in sys.argv]))
        out.update(copy.deepcopy(self._asked))
        return out

    def __repr__(self):
        return (f"<alchemy.Sim date={self._sim.date} ticks={self._sim.ticks_done}/"
                f"{self._sim.ticks_total}>")
