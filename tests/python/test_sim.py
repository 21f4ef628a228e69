"""alchemy.Sim: stepping in pieces and forking equal one straight run, bit for bit (issue 21's
acceptance, step 3)."""
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
    assert m["seed"] == 3 and m["scenario"] == BASELINE
    assert [x["shock"]["kind"] for x in m["shocks"]] == ["sentiment", "risk_free"]
    assert m["shocks"][0]["after"] == "2026-06-30"
    assert "kind: sentiment" in m["scenario_yaml"]


def test_a_shock_on_or_before_the_current_date_is_refused():
    s = alchemy.Sim(BASELINE, seed=3).step(until="2026-06-30")
    for day in ("2026-01-02", "2026-06-30"):
        with pytest.raises(ValueError, match="the next tick is 2026-07-01"):
            s.shock("sentiment", on=day, value=-0.5)
    with pytest.raises(alchemy.ScenarioError, match="did you mean"):
        s.shock("sentimnt", value=-0.5)


def test_an_exported_stepped_and_shocked_sim_replays_with_alchemy_run(cli, tmp_path):
    s = alchemy.Sim(BASELINE, seed=7, set={"market.gpu.depth": "40B"}, until="2029-12-31")
    s.step(until="2026-06-30").shock("sentiment", value=-0.5)
    s.step(30).fork()  # a fork taken on the way changes nothing of this run
    s.shock("risk_free", value=0.06).shock("sentiment", on="2028-01-03", value=0.3).run()
    exported = tmp_path / "exported.yaml"
    command = s.export_scenario(exported)
    assert command == f"alchemy run {exported} --until 2029-12-31"
    with pytest.raises(FileExistsError):
        s.export_scenario(exported)
    again = tmp_path / "again.yaml"
    s.export_scenario(again)
    assert exported.read_bytes() == again.read_bytes()
    out = tmp_path / "replay"
    cli(*command.split()[1:], "--out", str(out), "--quiet")
    assert_run_equals_files(s, str(out))
    # Not vacuous: the shocks changed the run.
    plain = alchemy.run(BASELINE, seed=7, set={"market.gpu.depth": "40B"}, until="2029-12-31")
    assert not s.market["sentiment"].equals(plain.market["sentiment"])
