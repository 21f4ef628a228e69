"""alchemy.run and alchemy.load against `alchemy run`'s files, and ScenarioError against the
CLI's messages (issue 21's acceptance, step 2)."""
import os

import numpy as np
import pandas as pd
import pytest

import alchemy
from conftest import BASELINE, REPO
from frame_compare import assert_frames_identical, assert_run_equals_files

SETS = {"market.sentiment.volatility": 0.15, "market.funding.freeze_below": 0.6}
SET_ARGS = ["--set", "market.sentiment.volatility=0.15", "--set", "market.funding.freeze_below=0.6"]


@pytest.fixture(scope="module")
def cli_seed3(tmp_path_factory, binary):
    import subprocess
    out = tmp_path_factory.mktemp("cli") / "seed3"
    subprocess.run([binary, "run", BASELINE, "--seed", "3", *SET_ARGS, "--out", str(out),
                    "--quiet"], cwd=REPO, check=True, capture_output=True)
    return str(out)


def test_run_equals_cli_files_bit_for_bit(cli_seed3):
    r = alchemy.run(BASELINE, seed=3, set=SETS)
    assert r.seed == 3
    # Not vacuous: the run has events of many kinds, a payload, series of every firm, loops.
    assert len(r.events) > 1000 and r.events["type"].nunique() > 10
    assert len(r.series) > 30000 and len(r.market) > 2000 and len(r.loops) > 100
    assert_run_equals_files(r, cli_seed3)


def test_types(cli_seed3):
    r = alchemy.run(BASELINE, seed=3, set=SETS)
    for frame in (r.events, r.series, r.market, r.loops):
        assert str(frame["date"].dtype) == "datetime64[ns]"
    assert str(r.events["cause"].dtype) == "Int64"
    assert r.events["cause"].isna().any() and r.events["cause"].notna().any()
    # A cause is the seq of an earlier event.
    caused = r.events[r.events["cause"].notna()]
    assert (caused["cause"].astype("int64") < caused["seq"]).all()
    assert "data.return" in r.events.columns and r.events["data.return"].dtype == np.float64
    assert r.series["listed"].dtype == bool and r.series["defaulted"].dtype == bool
    assert r.loops["length"].dtype == np.int64
    # money is the file's two decimals: each amount is the double nearest a whole number of cents
    # over 100.
    amount = r.events["amount"].to_numpy()
    assert np.array_equal(np.round(amount * 100) / 100, amount)


def test_load_reads_the_same_types(cli_seed3):
    loaded = alchemy.load(cli_seed3)
    r = alchemy.run(BASELINE, seed=3, set=SETS)
    for name in ("events", "series", "market", "loops"):
        assert_frames_identical(getattr(loaded, name), getattr(r, name), name)
    assert loaded.seed == 3


def test_until_stops_after_the_date(cli, tmp_path):
    out = tmp_path / "until"
    cli("run", BASELINE, "--seed", "2", "--until", "2026-03-31", "--out", str(out), "--quiet")
    r = alchemy.run(BASELINE, seed=2, until="2026-03-31")
    assert r.market["date"].max() <= pd.Timestamp("2026-03-31")
    assert_run_equals_files(r, str(out))


def test_dict_scenario_equals_its_file(cli, tmp_path):
    # A dict with `base:` is the file it derives from plus its keys, as a YAML file would be.
    scenario = {"base": BASELINE, "seed": 5, "market": {"gpu": {"depth": "40B"}}}
    yaml_file = tmp_path / "derived.yaml"
    yaml_file.write_text(f"base: {BASELINE}\nseed: 5\nmarket:\n  gpu:\n    depth: 40B\n")
    out = tmp_path / "derived"
    cli("run", str(yaml_file), "--out", str(out), "--quiet")
    r = alchemy.run(scenario)
    assert r.seed == 5
    assert_run_equals_files(r, str(out))


def cli_error(cli, *args):
    p = cli(*args, check=False)
    assert p.returncode == 2, p.stderr
    assert p.stderr.startswith("error: ")
    return p.stderr[len("error: "):].strip()


def test_bad_set_key_raises_with_key_and_suggestion(cli, tmp_path):
    with pytest.raises(alchemy.ScenarioError) as e:
        alchemy.run(BASELINE, set={"market.sentiment.volatilty": 0.1})
    assert e.value.key == "market.sentiment.volatilty"
    assert "did you mean 'volatility'?" in e.value.problem
    assert (e.value.file, e.value.line, e.value.column) == ("<set>", 0, 0)
    # The same problem as the CLI's, which names the command line instead of "<set>".
    want = cli_error(cli, "run", BASELINE, "--set", "market.sentiment.volatilty=0.1",
                     "--out", str(tmp_path / "x"))
    assert want == str(e.value).replace("<set>", "<command line>")
    assert isinstance(e.value, ValueError)


def test_bad_key_in_a_file_has_its_line_and_column(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"base: {BASELINE}\nseed: 4\nmarket:\n  sentimnt: 1\n")
    with pytest.raises(alchemy.ScenarioError) as e:
        alchemy.run(str(bad))
    assert (e.value.file, e.value.line, e.value.column) == (str(bad), 4, 3)
    assert e.value.key == "market.sentimnt"
    assert "did you mean 'sentiment'?" in e.value.problem
    assert str(e.value) == cli_error(cli, "run", str(bad), "--out", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_bad_key_in_a_dict_has_its_path_and_suggestion():
    with pytest.raises(alchemy.ScenarioError) as e:
        alchemy.run({"base": BASELINE, "market": {"gpu": {"dept": "40B"}}})
    assert e.value.key == "market.gpu.dept"
    assert e.value.file == "<dict>"
    assert "did you mean 'depth'?" in e.value.problem
    assert str(e.value).startswith("<dict>: key 'market.gpu.dept': ")


def test_bad_value_in_a_dict_and_bad_arguments():
    with pytest.raises(alchemy.ScenarioError) as e:
        alchemy.run({"base": BASELINE, "market": {"gpu": {"depth": "lots"}}})
    assert e.value.key == "market.gpu.depth" and "lots" in e.value.problem
    with pytest.raises(ValueError, match="seed: expected a whole number"):
        alchemy.run(BASELINE, seed=-1)
    with pytest.raises(ValueError, match="outside the scenario's period"):
        alchemy.run(BASELINE, until="2040-01-01")
    with pytest.raises(TypeError, match="expected a path"):
        alchemy.run(42)
    with pytest.raises(alchemy.ScenarioError, match="expected a single value"):
        alchemy.run(BASELINE, set={"seed": [1, 2]})


def test_load_refuses_a_folder_without_records(tmp_path):
    with pytest.raises(FileNotFoundError, match="no record files"):
        alchemy.load(str(tmp_path))
    with pytest.raises(FileNotFoundError, match="no such folder"):
        alchemy.load(str(tmp_path / "missing"))
