#!/usr/bin/env python3
"""tools/scenario-table's tables on hand-made run records, its README region, and the region the
README holds now (ctest: "tools: ..."). No run of alchemy: the full table is `make tables`.
Run: python3 tests/tools/scenario_table_test.py"""
import importlib.machinery
import importlib.util
import os
import re
import sys
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
_loader = importlib.machinery.SourceFileLoader("scenario_table",
                                               os.path.join(ROOT, "tools", "scenario-table"))
_spec = importlib.util.spec_from_loader("scenario_table", _loader)
tbl = importlib.util.module_from_spec(_spec)
_loader.exec_module(tbl)


def rec(seed, defaults, links=0, cf=0, end="2034-12-31"):
    return {"seed": seed, "end": end, "defaults": defaults, "largest_links": links,
            "largest_counterfactual": cf}


class Records(unittest.TestCase):
    def test_record_of_events_and_cascades(self):
        events = [{"type": "payment", "firm": "a", "date": "2026-01-01"},
                  {"type": "default", "firm": "a", "date": "2026-03-01"},
                  {"type": "default", "firm": "b", "date": "2026-09-01"},
                  {"type": "default", "firm": "c", "date": "2027-01-01"}]
        # b joined a by both definitions; c is a root by the drawn edges, but rescuing b removes
        # it (counterfactual size of b's tree 2, of a's tree 3 — the largest).
        cascades = {"cascades": [
            {"size_links": 2, "size_counterfactual": 3,
             "defaults": [{"firm": "a", "date": "2026-03-01"},
                          {"firm": "b", "date": "2026-09-01"}]},
            {"size_links": 1, "size_counterfactual": 1,
             "defaults": [{"firm": "c", "date": "2027-01-01"}]}]}
        r = tbl.runs.record_of(7, "2034-12-31", events, cascades, True)
        self.assertEqual(r, rec(7, {"a": "2026-03-01", "b": "2026-09-01", "c": "2027-01-01"},
                                links=2, cf=3))
        self.assertIsNone(tbl.runs.record_of(7, "2034-12-31", events, cascades, False)
                          ["largest_counterfactual"])
        # No default: largest cascade 0 by both.
        none = tbl.runs.record_of(1, "2034-12-31", [], {"cascades": []}, True)
        self.assertEqual((none["largest_links"], none["largest_counterfactual"]), (0, 0))
        # A default the cascades do not hold is an inconsistency, not a table.
        with self.assertRaises(ValueError):
            tbl.runs.record_of(7, "2034-12-31", events, {"cascades": cascades["cascades"][:1]},
                               True)


class Tables(unittest.TestCase):
    # Four seeds. Baseline: x defaults in seed 2. Scenario: x in seeds 1, 2, 3 (two turned, one
    # kept), y in seed 4, censored at the end.
    base = [rec(1, {}), rec(2, {"x": "2027-05-01"}, 1, 1), rec(3, {}), rec(4, {})]
    shocked = [rec(1, {"x": "2026-02-01"}, 1, 2), rec(2, {"x": "2026-01-15"}, 1, 1),
               rec(3, {"x": "2028-01-01"}, 1, 3), rec(4, {"y": "2030-01-01"}, 1, 1)]

    def test_firm_table_by_hand(self):
        rows = {line.split(" | ")[0][2:]: line.split(" | ")
                for line in tbl.firm_table(self.shocked, self.base)[2:]}
        self.assertEqual(list(rows), ["any firm", "x", "y"])  # x defaults most often
        lo, hi = tbl.st.wilson(3, 4)
        self.assertEqual(rows["x"][1], "3/4")
        self.assertEqual(rows["x"][2], f"0.75 ({lo:.2f}–{hi:.2f})")
        # Paired: 1 both (seed 2), 2 scenario only (1, 3), 0 baseline only, 1 neither.
        d, dlo, dhi = tbl.st.newcombe_paired(1, 2, 0, 1)
        self.assertAlmostEqual(d, 0.5)
        self.assertEqual(rows["x"][4], f"+0.50 ({tbl.signed(dlo)} to {tbl.signed(dhi)})")
        # KM median of x: events 2026-01-15, 2026-02-01, 2028-01-01 and one censored run: S
        # falls to 2/4 at the second event.
        self.assertEqual(rows["x"][5], "2026-02-01")
        self.assertEqual(rows["x"][6].rstrip(" |"), "not reached")  # baseline: 1 of 4
        # Any firm: every seed; median the second-earliest first default.
        self.assertEqual(rows["any firm"][1], "4/4")
        self.assertEqual(rows["any firm"][5], "2026-02-01")
        # y: never in the baseline, difference +0.25.
        self.assertTrue(rows["y"][4].startswith("+0.25 ("))

    def test_cascade_cells_by_hand(self):
        cells = tbl.cascade_cells(self.shocked, "largest_counterfactual")
        # Largest cascades 2, 1, 3, 1: none 0/4, size 1 2/4, size 2 1/4, 3+ 1/4.
        self.assertEqual(cells, [tbl.proportion(k, 4) for k in (0, 2, 1, 1)])
        cells = tbl.cascade_cells(self.base, "largest_links")
        self.assertEqual(cells, [tbl.proportion(k, 4) for k in (3, 1, 0, 0)])

    def test_cascade_summary(self):
        # By cause links the shocked runs' largest cascades are 1, 1, 1, 1 and the baseline's at
        # most 1: never two. By the counterfactual the shocked scenario has 2 of 4 runs at 2 or
        # more (exactly half: the rule), the baseline none.
        text = tbl.cascade_summary([("baseline", self.base), ("shocked", self.shocked)], True)
        self.assertEqual(text, "By cause links, no run of the baseline or of any scenario has a "
                         "cascade of two or more defaults. By the counterfactual, P(largest "
                         f"cascade ≥ 2) ≥ 0.5 in `shocked` ({tbl.proportion(2, 4)}); no run of "
                         "`baseline` has one.")
        self.assertNotIn("counterfactual", tbl.cascade_summary([("baseline", self.base)], False))

    def test_signs(self):
        self.assertEqual(tbl.signed(-0.004), "0.00")
        self.assertEqual(tbl.signed(0.004), "0.00")
        self.assertEqual(tbl.signed(-0.25), "−0.25")


class Region(unittest.TestCase):
    text = "a\n" + tbl.BEGIN + " (x) -->\nold\nlines\n" + tbl.END + "\nb\n"

    def test_replaces_only_between_the_markers(self):
        out = tbl.replace_region(self.text, "new\n")
        self.assertEqual(out, "a\n" + tbl.BEGIN + " (x) -->\nnew\n" + tbl.END + "\nb\n")

    def test_refuses_missing_or_repeated_markers(self):
        for bad in ["a\nb\n", self.text + self.text, tbl.END + "\n" + tbl.BEGIN + "\n"]:
            with self.subTest(bad=bad), self.assertRaises(tbl.BadInput):
                tbl.replace_region(bad, "x\n")

    def test_readme_region_covers_every_scenario(self):
        # The README's generated region parses: a table for the baseline and for each file of
        # configs/scenarios/, and a cascade row for each of them by each definition it names.
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        start = readme.index(tbl.BEGIN)
        region = readme[start:readme.index(tbl.END, start)]
        names = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "configs", "scenarios"))
                       if f.endswith(".yaml"))
        self.assertIn("**Baseline**", region)
        seeds = int(re.search(r"--seeds (\d+)", region).group(1))
        for name in names:
            with self.subTest(scenario=name):
                self.assertIn(f"**`{name}`**", region)
                self.assertRegex(region, rf"\| `{name}` \| cause links \|")
        # Each firm row's count is k/seeds, and its P(default) is k/seeds.
        for k, n, p in re.findall(r"\| (\d+)/(\d+) \| (\d\.\d\d) \(", region):
            self.assertEqual(int(n), seeds)
            self.assertEqual(p, f"{int(k) / seeds:.2f}")


if __name__ == "__main__":
    unittest.main()
