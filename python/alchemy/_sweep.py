"""alchemy.sweep: a sweep's runs.csv and summary.csv as DataFrames, from runs in memory."""

import os

import numpy as np
import pandas as pd


class Sweep:
    """.runs: one row per run (runs.csv); .summary: one row per point (summary.csv)."""

    def __init__(self, runs, summary):
        self.runs = runs
        self.summary = summary

    def __repr__(self):
        return f"<alchemy.Sweep runs={len(self.runs)} points={len(self.summary)}>"


def _frame(table):
    """Cells as text, typed per column as runs.csv reads back: integers int64 (uint64 when
    one is past int64's range, Int64 when some are empty), reals float64 from their shortest round-trip text (NaN when empty), text str."""
    rows = table["rows"]
    columns = {}
    for i, (name, kind) in enumerate(zip(table["header"], table["types"])):
        cells = [r[i] for r in rows]
        if kind == "integer":
            if any(c == "" for c in cells):
                columns[name] = pd.array([None if c == "" else int(c) for c in cells],
                                         dtype="Int64")
            else:
                values = [int(c) for c in cells]
                # A run's seed is a 64-bit unsigned number; as read_csv, uint64 when needed.
                wide = any(v > np.iinfo(np.int64).max for v in values)
                columns[name] = np.array(values, dtype=np.uint64 if wide else np.int64)
        elif kind == "real":
            columns[name] = np.array([np.nan if c == "" else float(c) for c in cells],
                                     dtype=np.float64)
        elif name == "seed":
            # A run's seed is a 64-bit unsigned number, a text column only because sweep.sqlite
            # has no such integer; read_csv makes it uint64.
            columns[name] = np.array([int(c) for c in cells], dtype=np.uint64)
        else:
            columns[name] = np.array(cells, dtype=object)
    return pd.DataFrame(columns, columns=table["header"])


def sweep(sweep_file_or_dict, threads=None):
    """Runs every run of a sweep (a sweep YAML path, or a dict with a sweep file's keys, whose
    `base:` is relative to the working directory) on `threads` threads (default: the machine's
    cores) with the GIL released, as `alchemy sweep` does, and returns its tables. Nothing is
    written."""
    from . import _native
    if threads is None:
        threads = os.cpu_count() or 1
    if int(threads) < 1:
        raise ValueError(f"threads: expected 1 or more, got {threads}")
    tables = _native.sweep(sweep_file_or_dict, int(threads))
    return Sweep(_frame(tables["runs"]), _frame(tables["summary"]))
