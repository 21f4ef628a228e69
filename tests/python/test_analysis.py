"""alchemy.graph and alchemy.loops against `alchemy graph --format json` and `alchemy loops`
(issue 21's step 5)."""
import json

import networkx as nx
import pytest

import alchemy
from conftest import BASELINE

AT = "2025-12-31"


def test_graph_holds_every_firm_and_contract_of_the_clis_json(cli):
    want = json.loads(cli("graph", BASELINE, "--at", AT, "--format", "json").stdout)
    g = alchemy.graph(BASELINE, at=AT)
    assert isinstance(g, nx.DiGraph)
    assert sorted(g.nodes) == sorted(f["id"] for f in want["firms"])
    for f in want["firms"]:
        assert g.nodes[f["id"]] == {k: v for k, v in f.items() if k != "id"}
    got_edges = sorted((u, v, c["contract"], c["kind"], c["amount"], c["active"])
                       for u, v, d in g.edges(data=True) for c in d["contracts"])
    want_edges = sorted((e["from"], e["to"], e["contract"], e["kind"], e["amount"], e["active"])
                        for e in want["edges"])
    assert got_edges == want_edges and len(want_edges) > 20
    for u, v, d in g.edges(data=True):
        assert d["amount"] == sum(c["amount"] for c in d["contracts"])


def test_graph_with_a_set_and_a_dict_scenario(cli):
    sets = ["--set", "market.gpu.depth=40B"]
    want = json.loads(cli("graph", BASELINE, "--at", "2026-06-30", "--format", "json",
                          *sets).stdout)
    g = alchemy.graph({"base": BASELINE}, at="2026-06-30", set={"market.gpu.depth": "40B"})
    assert sum(len(d["contracts"]) for _, _, d in g.edges(data=True)) == len(want["edges"])


def test_loops_are_the_clis(cli):
    text = cli("loops", BASELINE, "--at", AT).stdout.split("\n")
    loops = alchemy.loops(BASELINE, at=AT)
    # "ai_compute_2025 on 2025-12-31: 13 firms, 33 influence edges, rho(W) = 0.3590, ..."
    assert f"rho(W) = {loops.attrs['rho']:.4f}" in text[0]
    assert f"feedback multiplier {loops.attrs['multiplier']:.6f}" in text[0]
    rows = [line.split() for line in text[3:] if line.strip()]
    assert len(rows) == len(loops) > 3
    for row, (_, r) in zip(rows, loops.iterrows()):
        assert row[1] == r["loop"] and row[2] == r["class"]
        assert row[3] == f"{r['gain']:.4g}" and row[4] == f"{r['per_edge_gain']:.4g}"
        assert " ".join(row[5:]) == r["kinds"].replace(">", ", ")


def test_bad_date_and_key():
    with pytest.raises(ValueError, match="at: expected an ISO date between"):
        alchemy.loops(BASELINE, at="2050-01-01")
    with pytest.raises(alchemy.ScenarioError, match="did you mean 'depth'"):
        alchemy.graph(BASELINE, set={"market.gpu.dept": "40B"})


@pytest.mark.parametrize("linear", [False, True])
def test_debtrank_equals_the_clis_csv(cli, tmp_path, linear):
    import io
    import pandas as pd
    from frame_compare import assert_frames_identical
    args = ["debtrank", BASELINE, "--at", AT, "--format", "csv"] + (["--linear"] if linear else [])
    want = pd.read_csv(io.StringIO(cli(*args).stdout), float_precision="round_trip")
    want["defaulted"] = want["defaulted"].astype(bool)
    for c in ("original", "linear", "equity", "exposure", "exposed_to"):
        want[c] = want[c].astype("float64")
    got = alchemy.debtrank(BASELINE, at=AT, linear=linear)
    # The CLI writes the shortest round-trip text of each double: read back, the same bits.
    assert_frames_identical(got, want, "debtrank")
    assert got.attrs["date"] == pd.Timestamp(AT) and got["firm"].iloc[0] == "openai"


@pytest.mark.parametrize("flags,defaults", [({}, 2), ({"alpha": 0.5, "beta": 0.7}, 3),
                                            ({"seniority": "senior"}, 3)])
def test_clear_equals_the_clis_csv(cli, flags, defaults):
    import io
    import os
    import pandas as pd
    from conftest import REPO
    from frame_compare import assert_frames_identical
    # Gandy & Veraart's three banks: two default at face, all three with costs of default or
    # with the outside creditors senior.
    network = os.path.join(REPO, "configs", "networks", "gandy_veraart_3bank.yaml")
    args = [x for k, v in flags.items() for x in (f"--{k}", str(v))]
    want = pd.read_csv(io.StringIO(cli("clear", network, "--format", "csv", *args).stdout),
                       float_precision="round_trip")
    want["defaulted"] = want["defaulted"].astype(bool)
    for c in want.columns:
        if c not in ("firm", "defaulted"):
            want[c] = want[c].astype("float64")
    got = alchemy.clear(network, **flags)
    assert_frames_identical(got.drop(columns=["network_share"]), want, "clear")
    assert got.attrs["defaults"] == int(want["defaulted"].sum())
    assert got.attrs["defaults"] == defaults


def test_clear_refuses_bad_shares():
    import os
    from conftest import REPO
    network = os.path.join(REPO, "configs", "networks", "rogers_veraart_6bank.yaml")
    with pytest.raises(ValueError, match="alpha: expected a share from 0 to 1"):
        alchemy.clear(network, alpha=1.5)
    with pytest.raises(alchemy.ScenarioError):
        alchemy.clear(os.path.join(REPO, "configs", "ai_compute_2025.yaml"))
