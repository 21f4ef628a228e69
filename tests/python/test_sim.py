"""alchemy.Sim: stepping in pieces and forking equal one straight run, bit for bit (issue 21's
acceptance, step 3)."""
import os
import shlex

import pandas as pd
import pytest

import alchemy
from conftest import BASELINE
from frame_compare import assert_frames_identical, assert_run_equals_files

NAMES = ("events", "series", "market", "loops")


@pytest.fixture(scope="module")
def straight():
    return alchemy.run(BASELINE, seed=3)


def assert_same_run(got, want):
    for name in NAMES:
        assert_frames_identical(getattr(got, name), getattr(want, name), name)


def test_step_to_a_date_then_to_the_end_equals_one_straight_run(straight):
    s = alchemy.Sim(BASELINE, seed=3)
    assert s.date is None and s.ticks_done == 0
    s.step(until="2027-06-30")
    # 2027-06-30 is a Wednesday and a trading day: the last tick is on it.
    assert s.date == pd.Timestamp("2027-06-30")
    assert s.market["date"].max() == pd.Timestamp("2027-06-30")
    assert not s.done
    s.run()
    assert s.done and s.ticks_done == s.ticks_total == len(straight.market)
    assert_same_run(s, straight)


def test_steps_of_any_size_equal_the_straight_run(straight):
    s = alchemy.Sim(BASELINE, seed=3)
    for n in (1, 0, 2, 250, 17):
        s.step(n)
    assert s.ticks_done == 270
    s.step(10**9)  # past the end: stops there
    assert s.done
    assert_same_run(s, straight)


def test_records_so_far_are_the_straight_runs_prefix(straight):
    s = alchemy.Sim(BASELINE, seed=3).step(300)
    until = s.date
    for name in ("events", "market"):
        got, full = getattr(s, name), getattr(straight, name)
        want = full[full["date"] <= until].reset_index(drop=True)
        assert_part_identical(got, want, name)
    state = s.state()
    assert state["date"] == until and state["market"]["date"] == until
    assert len(state["firms"]) == straight.series["firm"].nunique()
    assert (state["firms"]["date"] == until).all()


def test_fork_is_independent_and_both_branches_equal_the_straight_run(straight):
    s = alchemy.Sim(BASELINE, seed=3).step(until="2026-01-15")
    f = s.fork()
    assert f.date == s.date
    f.run()
    assert s.ticks_done < s.ticks_total  # the parent did not move
    s.run()
    assert_same_run(f, straight)
    assert_same_run(s, straight)


def test_until_equals_the_cli_run_with_until(cli, tmp_path):
    out = tmp_path / "until"
    cli("run", BASELINE, "--seed", "4", "--until", "2025-09-30", "--out", str(out), "--quiet")
    s = alchemy.Sim(BASELINE, seed=4, until="2025-09-30")
    s.step(until="2025-03-31").run()
    assert_run_equals_files(s, str(out))


def test_bad_arguments():
    with pytest.raises(alchemy.ScenarioError, match="did you mean 'volatility'"):
        alchemy.Sim(BASELINE, set={"market.sentiment.volatilty": 0.1})
    s = alchemy.Sim(BASELINE)
    with pytest.raises(ValueError, match="expected a number of ticks"):
        s.step(-1)
    with pytest.raises(ValueError, match="expected a date"):
        s.step(until="soon")


def after(frame, date):
    return frame[frame["date"] > date].reset_index(drop=True)


def assert_part_identical(got, want, what):
    """A part of a run (before or after a date) against a run of that part alone: the same rows;
    the payload columns that part has (a data.* column is made by the first event that has the
    field, so the whole run has more of them, all NaN in this part), in the part's own order."""
    def present(frame):
        return [c for c in frame.columns
                if not (c.startswith("data.") and frame[c].isna().all())]
    assert sorted(present(got)) == sorted(present(want)), f"{what}: payload fields differ"
    cols = present(want)
    assert_frames_identical(got[cols], want[cols], what)


def world_line(checkpoint):
    """A checkpoint's {"run": ..., "world": ...} line (world_io.hpp), parsed: its world."""
    import json
    with open(checkpoint, encoding="utf-8") as f:
        lines = f.read().split("\n")
    return json.loads(lines[-3])["world"]


def test_checkpoint_holds_the_clis_world_and_resumes_like_it(cli, tmp_path):
    # The CLI's yearly checkpoint of the same run is on the first tick on or after 2026-01-01.
    run_dir = tmp_path / "run"
    cli("run", BASELINE, "--seed", "3", "--checkpoint-every", "1y", "--out", str(run_dir),
        "--quiet")
    cli_ckpt = run_dir / "checkpoints" / "2026-01-02.ckpt"
    s = alchemy.Sim(BASELINE, seed=3).step(until="2026-01-02")
    ours = tmp_path / "sim.ckpt"
    s.checkpoint(ours)
    assert world_line(ours) == world_line(cli_ckpt)
    with pytest.raises(FileExistsError):
        s.checkpoint(ours)
    out = tmp_path / "resumed"
    cli("resume", str(ours), "--no-prefix", "--out", str(out), "--quiet")
    s.run()
    resumed = alchemy.load(str(out))
    for name in NAMES:
        assert_part_identical(getattr(resumed, name),
                              after(getattr(s, name), pd.Timestamp("2026-01-02")), name)


def test_shock_equals_the_clis_fork_with_the_same_shocks(cli, tmp_path):
    s = alchemy.Sim(BASELINE, seed=3).step(until="2026-06-30")
    ckpt = tmp_path / "here.ckpt"
    s.checkpoint(ckpt)
    s.shock("sentiment", value=-0.5).shock("risk_free", on="2026-09-01", value=0.06)
    s.run()
    shocks = tmp_path / "shocks.yaml"
    # Sim.shock dates a shock on the next tick (2026-07-01), the first it can apply on.
    shocks.write_text("shocks:\n  - {on: 2026-07-01, kind: sentiment, value: -0.5}\n"
                      "  - {on: 2026-09-01, kind: risk_free, value: 0.06}\n")
    out = tmp_path / "forked"
    cli("fork", str(ckpt), "--with", str(shocks), "--no-prefix", "--out", str(out), "--quiet")
    forked = alchemy.load(str(out))
    for name in NAMES:
        assert_part_identical(getattr(forked, name),
                              after(getattr(s, name), pd.Timestamp("2026-06-30")), name)
    # The shock changed the run (not vacuous), and the manifest says what was done.
    straight = alchemy.run(BASELINE, seed=3)
    assert not s.market["sentiment"].equals(straight.market["sentiment"])
    m = s.manifest()
    assert m["seed"] == 3 and m["scenario_file"] == BASELINE
    assert m["shocks"] == [
        {"after": "2026-06-30", "shock": {"on": "2026-07-01", "kind": "sentiment", "value": -0.5}},
        {"after": "2026-06-30", "shock": {"on": "2026-09-01", "kind": "risk_free", "value": 0.06}}]
    # The fork's manifest hashes the scenario with the shocks added, as the Sim's does.
    assert m["scenario_sha256"] == read_manifest(out)["scenario_sha256"]


def test_a_shock_on_or_before_the_current_date_is_refused():
    s = alchemy.Sim(BASELINE, seed=3).step(until="2026-06-30")
    for day in ("2026-01-02", "2026-06-30"):
        with pytest.raises(ValueError, match="the next tick is 2026-07-01"):
            s.shock("sentiment", on=day, value=-0.5)
    with pytest.raises(alchemy.ScenarioError, match="did you mean"):
        s.shock("sentimnt", value=-0.5)


def read_manifest(run_dir):
    import json
    with open(os.path.join(run_dir, "manifest.json"), encoding="utf-8") as f:
        return json.load(f)


# The fields of manifest.json a Sim cannot share with a CLI run of the same scenario and seed:
# the wall clock (started_at, finished_at, duration_seconds), the process's argv (command_line)
# and the files written (the Sim writes none).
UNSHARED = {"started_at", "finished_at", "duration_seconds", "command_line", "files"}


def assert_manifest_equals_clis(sim_manifest, cli_manifest, also_differ=()):
    skip = UNSHARED | set(also_differ)
    sim_keys = set(sim_manifest) - skip - {"set", "shocks"}
    cli_keys = set(cli_manifest) - skip
    assert sim_keys == cli_keys
    for k in sorted(cli_keys):
        assert sim_manifest[k] == cli_manifest[k], f"manifest {k}"
    assert sim_manifest["files"] == {}


def test_the_manifest_is_the_clis_for_the_same_run(cli, tmp_path):
    sets = {"market.gpu.depth": "40B", "firms.openai.revenue.growth_scale": 0.8}
    s = alchemy.Sim(BASELINE, seed=7, set=sets, until="2027-12-31")
    s.step(until="2026-03-31")
    m = s.manifest()
    # Stepped part of the way: what it has done, as a CLI run to that date counts it.
    assert m["status"] == "incomplete" and m["reason"] == f"stepped {s.ticks_done} of " \
        f"{s.ticks_total} ticks"
    assert (m["ticks"], m["planned_ticks"]) == (s.ticks_done, s.ticks_total)
    assert m["events"] == len(s.events) and m["last_date"] == "2026-03-31"
    assert m["set"] == sets and m["shocks"] == []
    partial = tmp_path / "partial"
    cli("run", BASELINE, "--seed", "7", "--set", "market.gpu.depth=40B", "--set",
        "firms.openai.revenue.growth_scale=0.8", "--until", "2026-03-31", "--out", str(partial),
        "--quiet")
    # The CLI's run ends at its --until: a complete run of fewer planned ticks.
    assert_manifest_equals_clis(m, read_manifest(partial),
                                also_differ={"until", "status", "reason", "planned_ticks"})
    s.run()
    out = tmp_path / "full"
    cli("run", BASELINE, "--seed", "7", "--set", "market.gpu.depth=40B", "--set",
        "firms.openai.revenue.growth_scale=0.8", "--until", "2027-12-31", "--out", str(out),
        "--quiet")
    want = read_manifest(out)
    assert_manifest_equals_clis(s.manifest(), want)
    assert want["status"] == "complete" and want["events"] == len(s.events)
    # Not vacuous: the overrides are in the hashed scenario.
    assert alchemy.Sim(BASELINE, seed=7).manifest()["scenario_sha256"] != want["scenario_sha256"]


def test_an_exported_stepped_and_shocked_sim_replays_with_alchemy_run_and_fork(cli, tmp_path):
    s = alchemy.Sim(BASELINE, seed=7, set={"market.gpu.depth": "40B"}, until="2029-12-31")
    s.step(until="2026-06-30").shock("sentiment", value=-0.5)
    s.step(30).fork()  # a fork taken on the way changes nothing of this run
    s.shock("risk_free", value=0.06).shock("sentiment", on="2028-01-03", value=0.3).run()
    exported = tmp_path / "exported.yaml"
    shocks = tmp_path / "exported.shocks.yaml"
    command = s.export_scenario(exported)
    assert command == (f"alchemy run {exported} --seed 7 --with {shocks} --until 2029-12-31")
    # The shocks file lists the Sim's shocks in the order given, dated when they applied; the
    # scenario has none of them.
    text = shocks.read_text()
    assert text.startswith("shocks:\n")
    on = [x["shock"]["on"] for x in s.manifest()["shocks"]]
    assert on[0] == "2026-07-01" and on[2] == "2028-01-03"
    assert [line.strip() for line in text.splitlines() if "on:" in line] == [
        f"- on: {d}" for d in on]
    unshocked = tmp_path / "unshocked.yaml"
    alchemy.Sim(BASELINE, seed=7, set={"market.gpu.depth": "40B"}).export_scenario(unshocked)
    assert exported.read_bytes() == unshocked.read_bytes()
    with pytest.raises(FileExistsError):
        s.export_scenario(exported)
    again = tmp_path / "again.yaml"
    s.export_scenario(again, shocks_path=tmp_path / "again-shocks.yaml")
    assert exported.read_bytes() == again.read_bytes()
    assert shocks.read_bytes() == (tmp_path / "again-shocks.yaml").read_bytes()
    out = tmp_path / "replay"
    cli(*shlex.split(command)[1:], "--out", str(out), "--quiet")
    assert_run_equals_files(s, str(out))
    # The replay's manifest is the Sim's, and names the shocks file.
    replayed = read_manifest(out)
    assert_manifest_equals_clis(s.manifest(), replayed,
                                also_differ={"scenario_file", "shocks_file", "shocks_sha256"})
    assert replayed["shocks_file"] == str(shocks)
    assert replayed["scenario_file"] == str(exported)
    # With alchemy fork: the exported scenario run with a yearly checkpoint (2026-01-02, before
    # the first shock), forked with the shocks file; the fork's folder (the parent's records up
    # to the checkpoint, then its own) equals the Sim's records too.
    parent = tmp_path / "parent"
    cli("run", str(exported), "--seed", "7", "--until", "2029-12-31", "--checkpoint-every", "1y",
        "--out", str(parent), "--quiet")
    forked = tmp_path / "forked"
    cli("fork", str(parent / "checkpoints" / "2026-01-02.ckpt"), "--with", str(shocks),
        "--out", str(forked), "--quiet")
    assert_run_equals_files(s, str(forked))
    # Not vacuous: the shocks changed the run.
    plain = alchemy.run(BASELINE, seed=7, set={"market.gpu.depth": "40B"}, until="2029-12-31")
    assert not s.market["sentiment"].equals(plain.market["sentiment"])


def test_an_exported_sim_without_shocks_is_one_scenario_file(cli, tmp_path):
    s = alchemy.Sim(BASELINE, seed=5, set={"market.gpu.depth": "40B"}, until="2026-12-31")
    s.run()
    exported = tmp_path / "plain.yaml"
    command = s.export_scenario(exported)
    assert command == f"alchemy run {exported} --seed 5 --until 2026-12-31"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.yaml"]
    out = tmp_path / "replay"
    cli(*shlex.split(command)[1:], "--out", str(out), "--quiet")
    assert_run_equals_files(s, str(out))
    assert_manifest_equals_clis(s.manifest(), read_manifest(out), also_differ={"scenario_file"})
