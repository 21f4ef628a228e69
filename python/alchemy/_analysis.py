"""alchemy.graph, alchemy.loops and alchemy.debtrank: a scenario's contract network, feedback
loops and DebtRank at a date, as `alchemy graph --at DATE --format json`, `alchemy loops --at
DATE` and `alchemy debtrank SCENARIO --at DATE --format csv` give them."""

import json

import pandas as pd


def _args(set, at):
    from . import _date_text
    return ({} if set is None else dict(set)), _date_text(at, "at")


def graph(scenario, at=None, set=None):
    """The contract network of `scenario` (a path or a dict, with its own seed) simulated to
    `at` (default: the end of its first year), as a networkx DiGraph: a node per firm (name,
    kind, active), an edge per ordered pair of firms with a contract between them, whose
    "contracts" list each contract (contract, kind, amount, active) as `alchemy graph --format
    json` lists it, and "amount" their total."""
    import networkx as nx
    from . import _native
    overrides, when = _args(set, at)
    data = json.loads(_native.graph_json(scenario, overrides, when))
    g = nx.DiGraph()
    for firm in data["firms"]:
        g.add_node(firm["id"], **{k: v for k, v in firm.items() if k != "id"})
    for edge in data["edges"]:
        u, v = edge["from"], edge["to"]
        contract = {k: x for k, x in edge.items() if k not in ("from", "to")}
        if g.has_edge(u, v):
            g[u][v]["contracts"].append(contract)
            g[u][v]["amount"] += contract["amount"]
        else:
            g.add_edge(u, v, contracts=[contract], amount=contract["amount"])
    return g


def loops(scenario, at=None, set=None):
    """The feedback loops of the influence graph at `at`, strongest first, as `alchemy loops`
    prints them: a DataFrame (loop, class, gain, per_edge_gain, kinds) whose .attrs hold the
    scenario's name, the date, rho (the spectral radius of W) and the feedback multiplier
    1/(1 - rho) (None when explosive)."""
    from . import _native
    overrides, when = _args(set, at)
    out = _native.loops(scenario, overrides, when)
    frame = pd.DataFrame(out["loops"], columns=["loop", "class", "gain", "per_edge_gain",
                                                 "kinds"])
    frame["gain"] = frame["gain"].astype("float64")
    frame["per_edge_gain"] = frame["per_edge_gain"].astype("float64")
    frame.attrs.update(scenario=out["scenario"], date=pd.Timestamp(out["date"]), rho=out["rho"],
                       multiplier=out["multiplier"])
    return frame


def debtrank(scenario, at=None, set=None, linear=False):
    """Each firm's systemic impact (DebtRank R when it alone is in default) on the interfirm
    exposures of `scenario` simulated to `at`, ranked by original DebtRank (linear=True: by
    linear), as `alchemy debtrank SCENARIO --at DATE --format csv`: a DataFrame (rank, firm,
    original, linear, equity, exposure, exposed_to, defaulted); .attrs["date"] the date."""
    from . import _native
    overrides, when = _args(set, at)
    out = _native.debtrank(scenario, overrides, when, bool(linear))
    frame = pd.DataFrame(out["ranking"], columns=["rank", "firm", "original", "linear", "equity",
                                                    "exposure", "exposed_to", "defaulted"])
    for c in ("original", "linear", "equity", "exposure", "exposed_to"):
        frame[c] = frame[c].astype("float64")
    frame["rank"] = frame["rank"].astype("int64")
    frame["defaulted"] = frame["defaulted"].astype(bool)
    frame.attrs["date"] = pd.Timestamp(out["date"])
    return frame


def clear(network, alpha=1.0, beta=1.0, seniority="pari_passu"):
    """The greatest clearing vector of a liability network file (YAML or CSV, as `alchemy
    clear FILE` reads it): Eisenberg–Noe, or Rogers–Veraart with alpha (share of outside assets
    realised in default) and beta (of interbank claims) below 1; seniority "senior" pays outside
    creditors first. A DataFrame of `alchemy clear FILE --format csv`'s columns and
    network_share, .attrs with algorithm, rounds, converged, defaults, total_paid and
    total_to_outside."""
    import os
    from . import _native
    out = _native.clear(os.fspath(network), float(alpha), float(beta), seniority)
    frame = pd.DataFrame(out["firms"])
    for c in frame.columns:
        if c not in ("firm", "defaulted"):
            frame[c] = frame[c].astype("float64")
    frame["defaulted"] = frame["defaulted"].astype(bool)
    frame.attrs.update({k: v for k, v in out.items() if k != "firms"})
    return frame
