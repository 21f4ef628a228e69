#!/usr/bin/env python3
"""tools/pd-calibration's bins, observations and table on hand-made runs (ctest: "tools: ...").
No run of alchemy. Run: python3 tests/tools/pd_calibration_test.py"""
import importlib.machinery
import importlib.util
import os
import sys
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
_loader = importlib.machinery.SourceFileLoader("pd_calibration",
                                               os.path.join(ROOT, "tools", "pd-calibration"))
_spec = importlib.util.spec_from_loader("pd_calibration", _loader)
pc = importlib.util.module_from_spec(_spec)
_loader.exec_module(pc)


class Bins(unittest.TestCase):
    def test_edges_belong_to_the_bin_above_and_one_to_the_last(self):
        self.assertEqual(pc.bin_of(0.0), 0)
        self.assertEqual(pc.bin_of(0.001), 1)
        self.assertEqual(pc.bin_of(0.5), 6)
        self.assertEqual(pc.bin_of(0.9995), 10)
        self.assertEqual(pc.bin_of(1.0), 10)


class Observations(unittest.TestCase):
    def test_every_fifth_row_while_live_and_a_year_is_left(self):
        # Firm a: 12 rows from 2030-01-01, defaults 2030-06-01. Firm b: never defaults. The run
        # ends 2031-01-05, so rows after 2030-01-05 have no full year left.
        days = [f"2030-01-{d:02d}" for d in range(1, 13)]
        rows = [(d, "a", 0.9) for d in days] + [(d, "b", 0.1) for d in days]
        obs = pc.observations(rows, {"a": "2030-06-01"}, "2031-01-05")
        # Rows 0, 5, 10 of each firm: 01-01 and 01-06 have a year left (to 2031-01-01 and
        # 2031-01-06: the latter is past the end), so only 01-01 counts per firm.
        self.assertEqual(sorted(obs), [(0.1, False), (0.9, True)])

    def test_a_row_on_or_after_the_default_stops_the_firm(self):
        rows = [("2030-01-01", "a", 1.0), ("2030-01-02", "a", 1.0)]
        pc.STEP, step = 1, pc.STEP
        try:
            self.assertEqual(pc.observations(rows, {"a": "2030-01-01"}, "2040-01-01"), [])
            self.assertEqual(pc.observations(rows, {"a": "2030-01-02"}, "2040-01-01"),
                             [(1.0, True)])
        finally:
            pc.STEP = step


class Table(unittest.TestCase):
    def test_counts_means_rates_and_wilson(self):
        obs = [(0.5, True), (0.5, False), (0.45, False), (0.45, False), (0.0, False)]
        t = pc.table(obs)
        self.assertEqual([r[:3] for r in t], [(0.0, 0.001, 1), (0.4, 0.6, 4)])
        self.assertAlmostEqual(t[1][3], 0.475)
        self.assertEqual(t[1][4], 0.25)
        lo, hi = t[1][5]
        # Wilson's interval for 1 of 4 (z = 1.959964): 0.0456 to 0.6994.
        self.assertAlmostEqual(lo, 0.04558726, places=6)
        self.assertAlmostEqual(hi, 0.69935816, places=6)


if __name__ == "__main__":
    unittest.main()
