"""A run's records as pandas DataFrames, from the engine's columns or from a run's files.

Both paths give the same types, so that a run in memory and the same run read from its folder
compare equal bit for bit:
  dates         datetime64[ns]
  events.cause  Int64 (<NA> where the event has none)
  firm, counterparty, contract   str, None where the event has none
  money         float64, the file's two-decimal amount read exactly
  data.*        the event payload flattened: float64 (NaN where absent), or object where some
                event gives the key a name instead of a number (then a str, a float, or NaN
                where absent)
  listed, defaulted   bool
"""

import json
import os

import numpy as np
import pandas as pd

SERIES_COLUMNS = [
    "date", "firm", "listed", "defaulted", "price", "shadow_price", "shares", "market_value",
    "cash", "fleet", "stakes", "warrants", "receivables", "other_assets", "operating_assets",
    "debt", "payables", "other_liabilities", "equity", "revenue", "net_income", "gw",
    "unmet_demand", "default_probability", "commitment_value",
]
MARKET_COLUMNS = ["date", "sentiment", "gpu_index", "risk_free"]
LOOPS_COLUMNS = ["date", "loop", "class", "kinds", "length", "gain", "per_edge_gain"]
EVENT_COLUMNS = ["seq", "date", "tick", "type", "firm", "counterparty", "contract", "amount",
                 "cause"]


def _dates(days):
    return pd.to_datetime(np.asarray(days, dtype="int64").astype("datetime64[D]"))


def _names(indices, table):
    """Indices into an id table as an object column; -1 is None."""
    ids = np.array(list(table) + [None], dtype=object)
    idx = np.asarray(indices, dtype=np.int64)
    return ids[np.where(idx < 0, len(table), idx)]


def _cause(values):
    values = np.asarray(values, dtype=np.int64)
    return pd.arrays.IntegerArray(values, values == 0)


def events_frame(columns, firms, contracts):
    n = len(columns["seq"])
    frame = {
        "seq": np.asarray(columns["seq"], dtype=np.int64),
        "date": _dates(columns["date"]),
        "tick": np.asarray(columns["tick"], dtype=np.int64),
        "type": np.array(columns["type_names"], dtype=object)[np.asarray(columns["type"])]
        if n else np.array([], dtype=object),
        "firm": _names(columns["firm"], firms),
        "counterparty": _names(columns["counterparty"], firms),
        "contract": _names(columns["contract"], contracts),
        "amount": np.asarray(columns["amount"], dtype=np.float64),
        "cause": _cause(columns["cause"]),
    }
    for key, (values, texts) in columns["data"].items():
        if texts is None:
            frame["data." + key] = np.asarray(values, dtype=np.float64)
        else:
            frame["data." + key] = _mixed(values, texts)
    return pd.DataFrame(frame)


def _mixed(values, texts):
    """A payload key that is a name in some events and a number (or absent) in others."""
    out = np.empty(len(texts), dtype=object)
    for i, (v, t) in enumerate(zip(values, texts)):
        out[i] = t if t is not None else float(v)  # NaN where absent, as pandas reads JSON
    return out


def series_frame(columns, firms):
    frame = {}
    for name in SERIES_COLUMNS:
        if name == "date":
            frame[name] = _dates(columns[name])
        elif name == "firm":
            frame[name] = _names(columns[name], firms)
        elif name in ("listed", "defaulted"):
            frame[name] = np.asarray(columns[name], dtype=bool)
        else:
            frame[name] = np.asarray(columns[name], dtype=np.float64)
    return pd.DataFrame(frame, columns=SERIES_COLUMNS)


def market_frame(columns):
    frame = {name: np.asarray(columns[name], dtype=np.float64) for name in MARKET_COLUMNS[1:]}
    frame["date"] = _dates(columns["date"])
    return pd.DataFrame(frame, columns=MARKET_COLUMNS)


def loops_frame(columns):
    frame = {
        "date": _dates(columns["date"]),
        "loop": np.array(columns["loop"], dtype=object),
        "class": np.array(columns["class"], dtype=object),
        "kinds": np.array(columns["kinds"], dtype=object),
        "length": np.asarray(columns["length"], dtype=np.int64),
        "gain": np.asarray(columns["gain"], dtype=np.float64),
        "per_edge_gain": np.asarray(columns["per_edge_gain"], dtype=np.float64),
    }
    return pd.DataFrame(frame, columns=LOOPS_COLUMNS)


# ----- reading a run's folder -----------------------------------------------------------------

def _read_csv(path, columns, dtypes):
    # float_precision="round_trip": pandas' default parser is 1 ulp off on a third of the prices.
    frame = pd.read_csv(path, float_precision="round_trip", dtype=dtypes, keep_default_na=False,
                        na_values={c: [""] for c, t in dtypes.items() if t == "float64"})
    if list(frame.columns) != columns:
        raise ValueError(f"{path}: expected the columns {','.join(columns)}, "
                         f"got {','.join(frame.columns)}")
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d")
    return frame


def read_series(path):
    dtypes = {c: "float64" for c in SERIES_COLUMNS}
    dtypes.update({"date": "object", "firm": "object", "listed": "int64", "defaulted": "int64"})
    frame = _read_csv(path, SERIES_COLUMNS, dtypes)
    for c in ("listed", "defaulted"):
        frame[c] = frame[c].astype(bool)
    return frame


def read_market(path):
    dtypes = {"date": "object", "sentiment": "float64", "gpu_index": "float64",
              "risk_free": "float64"}
    return _read_csv(path, MARKET_COLUMNS, dtypes)


def read_loops(path):
    dtypes = {"date": "object", "loop": "object", "class": "object", "kinds": "object",
              "length": "int64", "gain": "float64", "per_edge_gain": "float64"}
    return _read_csv(path, LOOPS_COLUMNS, dtypes)


def read_events(path):
    """events.jsonl: Python's json reads each number as the nearest double, like the engine's."""
    rows = []
    data_keys = {}
    with open(path, encoding="utf-8") as f:
        for line_number, line in enumerate(f, 1):
            try:
                record = json.loads(line)
            except ValueError as e:
                raise ValueError(f"{path}:{line_number}: not a JSON line: {e}") from None
            rows.append(record)
            for key in record["data"]:
                data_keys.setdefault(key, None)
    frame = {
        "seq": np.array([r["seq"] for r in rows], dtype=np.int64),
        "date": pd.to_datetime(pd.Series([r["date"] for r in rows], dtype=object),
                               format="%Y-%m-%d"),
        "tick": np.array([r["tick"] for r in rows], dtype=np.int64),
    }
    for c in ("type", "firm", "counterparty", "contract"):
        frame[c] = np.array([r[c] for r in rows], dtype=object)
    frame["amount"] = np.array([float(r["amount"]) for r in rows], dtype=np.float64)
    frame["cause"] = pd.array([r["cause"] for r in rows], dtype="Int64")
    for key in data_keys:
        cells = [r["data"].get(key) for r in rows]
        if any(isinstance(c, str) for c in cells):
            frame["data." + key] = np.array(
                [c if isinstance(c, str) else np.nan if c is None else float(c) for c in cells],
                dtype=object)
        else:
            frame["data." + key] = np.array(
                [np.nan if c is None else float(c) for c in cells], dtype=np.float64)
    return pd.DataFrame(frame)


def read_run_folder(run_dir):
    """The record files of a run's folder that exist (events.jsonl, series.csv, market.csv,
    loops.csv), each None when the run did not write it."""
    def path(name):
        p = os.path.join(run_dir, name)
        return p if os.path.exists(p) else None

    readers = {"events": ("events.jsonl", read_events), "series": ("series.csv", read_series),
               "market": ("market.csv", read_market), "loops": ("loops.csv", read_loops)}
    out = {}
    for attr, (name, reader) in readers.items():
        p = path(name)
        out[attr] = reader(p) if p else None
    return out
