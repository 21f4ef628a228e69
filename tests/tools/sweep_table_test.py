#!/usr/bin/env python3
"""tools/sweep-table's reading of a sweep's summary.csv, its reversal test and its tables, on a
hand-made summary (ctest: "tools: ..."). No run of alchemy: the tables are `make tables`.
Run: python3 tests/tools/sweep_table_test.py"""
import importlib.machinery
import importlib.util
import math
import os
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
_loader = importlib.machinery.SourceFileLoader("sweep_table",
                                               os.path.join(ROOT, "tools", "sweep-table"))
_spec = importlib.util.spec_from_loader("sweep_table", _loader)
st = importlib.util.module_from_spec(_spec)
_loader.exec_module(st)

# Two rows (growth 0.5, 1) × three columns (supply 6e10, 9e10, 1.2e11), 40 runs a point, columns
# in summary.csv's order (pd.x, then creditor_loss.x.mean among the other statistics).
SUMMARY = """point,a.growth,b.supply,runs,pd.x,creditor_loss.x.mean,creditor_loss.x.se
0,0.5,6e10,40,0.9,5e10,1
1,0.5,9e10,40,0.95,4e10,1
2,0.5,1.2e11,40,0.6,3e10,1
3,1,6e10,40,0.5,1e10,1
4,1,9e10,40,0.25,2e9,1
5,1,1.2e11,40,0.25,0,1
"""


def summary_file(text=SUMMARY):
    d = tempfile.mkdtemp(prefix="sweep-table-test-")
    path = os.path.join(d, "summary.csv")
    with open(path, "w") as f:
        f.write(text)
    return path


class Reading(unittest.TestCase):
    def test_rows_and_columns_sorted_as_numbers(self):
        keys, rows, cols, cells = st.read_summary(summary_file(), "x")
        self.assertEqual(keys, ["a.growth", "b.supply"])
        self.assertEqual(rows, ["0.5", "1"])
        self.assertEqual(cols, ["6e10", "9e10", "1.2e11"])
        self.assertEqual(cells[("1", "9e10")], (0.25, 40, 2e9))

    def test_values_as_written_in_a_sweep_file(self):
        self.assertEqual(st.number_key("60B"), 6e10)
        self.assertEqual(st.number_key("12%"), 0.12)
        self.assertEqual(st.number_key("1.2e11"), 1.2e11)

    def test_a_firm_not_in_the_outcomes_is_bad_input(self):
        with self.assertRaises(st.BadInput):
            st.read_summary(summary_file(), "y")

    def test_one_parameter_is_bad_input(self):
        with self.assertRaises(st.BadInput):
            st.read_summary(summary_file("point,a,runs,pd.x\n0,1,4,0.5\n"), "x")


class Reversals(unittest.TestCase):
    def test_a_rise_beyond_two_standard_errors_is_reported_and_a_smaller_one_is_not(self):
        keys, rows, cols, cells = st.read_summary(summary_file(), "x")
        # Along the columns of row 0.5: 0.9 → 0.95 is +0.05 against two standard errors of
        # 2·sqrt(0.9·0.1/40 + 0.95·0.05/40) = 0.1173: not a reversal. Down the rows (growth rising):
        # 0.9 → 0.5, 0.95 → 0.25, 0.6 → 0.25 all fall. Make one rise: 0.6 → 0.9 at 1.2e11 is +0.3
        # against 2·sqrt(0.6·0.4/40 + 0.9·0.1/40) = 0.1817.
        self.assertEqual(st.reversals(rows, cols, cells, ["rows", "cols"]), [])
        cells[("1", "1.2e11")] = (0.9, 40, 0.0)
        self.assertAlmostEqual(2 * math.sqrt(0.6 * 0.4 / 40 + 0.9 * 0.1 / 40), 0.18166, places=4)
        rev = st.reversals(rows, cols, cells, ["rows"])
        self.assertEqual([(a, b) for a, b, _, _ in rev], [(("0.5", "1.2e11"), ("1", "1.2e11"))])
        # Along the columns of row 1 the same cell is a rise 0.25 → 0.9 too.
        rev = st.reversals(rows, cols, cells, ["cols"])
        self.assertEqual([(a, b) for a, b, _, _ in rev], [(("1", "9e10"), ("1", "1.2e11"))])

    def test_only_the_axes_asked_for_are_checked(self):
        keys, rows, cols, cells = st.read_summary(summary_file(), "x")
        cells[("1", "1.2e11")] = (0.9, 40, 0.0)
        self.assertEqual(len(st.reversals(rows, cols, cells, [])), 0)


class Table(unittest.TestCase):
    def test_markdown_with_labels_money_in_billions_and_the_verdict(self):
        keys, rows, cols, cells = st.read_summary(summary_file(), "x")
        text = st.render(keys, rows, cols, cells, "x", ["rows", "cols"], "growth", "supply",
                         {("b.supply", 9e10): "90 B (baseline)"})
        lines = text.splitlines()
        self.assertEqual(lines[0], "pd.x per point (40 runs each):")
        self.assertEqual(lines[2], "| growth ＼ supply | 60 B | 90 B (baseline) | 120 B |")
        self.assertEqual(lines[4], "| 0.5 | 0.9 | 0.95 | 0.6 |")
        self.assertEqual(lines[5], "| 1 | 0.5 | 0.25 | 0.25 |")
        self.assertIn("No reversal", text)
        self.assertIn("| 0.5 | 50.0 | 40.0 | 30.0 |", text)
        self.assertIn("| 1 | 10.0 | 2.0 | 0.0 |", text)


if __name__ == "__main__":
    unittest.main()
