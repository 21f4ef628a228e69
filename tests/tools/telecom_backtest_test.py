#!/usr/bin/env python3
"""tools/telecom-backtest's reductions of a run and its table on hand-made records, and its README
region (ctest: "tools: ..."). No run of alchemy: the full table is `make telecom-backtest`.
Run: python3 tests/tools/telecom_backtest_test.py"""
import importlib.machinery
import importlib.util
import os
import sys
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
_loader = importlib.machinery.SourceFileLoader("telecom_backtest",
                                               os.path.join(ROOT, "tools", "telecom-backtest"))
_spec = importlib.util.spec_from_loader("telecom_backtest", _loader)
bt = importlib.util.module_from_spec(_spec)
_loader.exec_module(bt)


def path(*prices):
    return [(f"2000-01-{d + 1:02d}", p) for d, p in enumerate(prices)]


class Drawdown(unittest.TestCase):
    def test_largest_fall_from_a_running_peak(self):
        # Peaks 10 then 20; the falls from 20 are to 5 (75 %) and to 2 (90 %): the largest is
        # 1 − 2/20 from the peak on day 2 to the trough on day 5.
        self.assertEqual(bt.drawdown(path(10, 20, 5, 15, 2)), (0.9, "2000-01-02", "2000-01-05"))

    def test_a_later_higher_peak_with_a_smaller_fall_does_not_replace_it(self):
        # 100 → 10 (90 %), then 200 → 100 (50 %).
        fall, peak, trough = bt.drawdown(path(100, 10, 200, 100))
        self.assertAlmostEqual(fall, 0.9)
        self.assertEqual((peak, trough), ("2000-01-01", "2000-01-02"))

    def test_a_path_that_never_falls(self):
        self.assertEqual(bt.drawdown(path(1, 2, 3)), (0.0, "2000-01-01", "2000-01-01"))


class Records(unittest.TestCase):
    def rows(self):
        out = []
        for d, (lu, no, ci) in enumerate([(10, 5, 8), (20, 5, 4), (1, 10, 8)]):
            for firm, p in (("lucent", lu), ("nortel", no), ("cisco", ci), ("winstar", 1)):
                out.append({"date": f"1999-01-{d + 4:02d}", "firm": firm, "price": str(p)})
        return out

    def test_record_of_a_run(self):
        events = [{"type": "default", "firm": "winstar", "date": "2001-04-18"},
                  {"type": "default", "firm": "winstar", "date": "2001-05-01"},
                  {"type": "default", "firm": "rest-carriers", "date": "2000-01-01"},
                  {"type": "default_settled", "firm": "winstar", "date": "2001-04-18",
                   "data": {"loss_network": 7e8, "loss_outside": 1e9}},
                  {"type": "default_settled", "firm": "rest-carriers", "date": "2000-01-01",
                   "data": {"loss_network": 5e9, "loss_outside": 1e9}},
                  {"type": "payment", "firm": "teligent", "date": "2000-01-01"}]
        rec = bt.record_of(1, "2002-12-31", events, self.rows())
        # Only the vendor-financed carriers, each at its first default.
        self.assertEqual(rec["defaults"], {"winstar": "2001-04-18"})
        self.assertEqual(rec["carriers"], {"winstar": "2001-04-18", "rest-carriers": "2000-01-01"})
        # Their network creditors' losses only: not the outside creditors', not the aggregate's.
        self.assertEqual(rec["network_loss"], 7e8)
        self.assertEqual(rec["vendors"]["lucent"],
                         {"fall": 0.95, "peak_date": "1999-01-05", "trough_date": "1999-01-06",
                          "peak_over_start": 2.0})
        self.assertEqual(rec["vendors"]["nortel"]["fall"], 0.0)
        self.assertEqual(rec["vendors"]["nortel"]["peak_over_start"], 2.0)
        self.assertEqual(rec["vendors"]["cisco"]["fall"], 0.5)

    def test_a_vendor_missing_from_the_series_is_an_error(self):
        with self.assertRaises(ValueError):
            bt.record_of(1, "2002-12-31", [], [r for r in self.rows() if r["firm"] != "cisco"])


class Table(unittest.TestCase):
    def recs(self, n, defaults):
        v = {"fall": 0.5, "peak_date": "2000-03-01", "trough_date": "2002-10-01",
             "peak_over_start": 1.5}
        return [{"seed": s, "end": "2002-12-31", "defaults": defaults(s),
                 "carriers": dict(defaults(s)), "network_loss": 1e9 * s,
                 "vendors": {k: dict(v) for k in bt.VENDORS}} for s in range(1, n + 1)]

    def test_majority_and_first_default(self):
        # Seeds 1..10: two of three carriers default in seeds 1-3 (majority), one in 4-6, none
        # in 7-10. First defaults: 2001-01-01 in seeds 1-6, censored at the end in 7-10; the
        # Kaplan–Meier survival falls to 4/10 at 2001-01-01, so that is the median.
        def d(s):
            if s <= 3:
                return {"winstar": "2001-01-01", "teligent": "2001-06-01"}
            return {"art": "2001-01-01"} if s <= 6 else {}
        recs = self.recs(10, d)
        self.assertTrue(bt.majority(recs).startswith("3/10 = 0.30 ("))
        # Ranks 1 and 10 at n = 10 (⌊5 − 3.1⌋ = 1, ⌈1 + 5 + 3.1⌉ = 10): the first is a default on
        # 2001-01-01, the tenth a censored run.
        self.assertEqual(bt.first_default(recs), "2001-01-01 (2001-01-01 to not reached)")
        self.assertEqual(bt.first_default(self.recs(10, lambda s: {})), "not reached")
        # Winstar defaults in seeds 1-3 of 10: 0.30, its survival never falls to one half.
        self.assertTrue(bt.carrier_default(recs, "winstar").startswith("0.30 ("))
        self.assertTrue(bt.carrier_default(recs, "winstar").endswith(", not reached"))
        # PaeTec never defaults: 0 of 10, Wilson's upper bound z²/(10 + z²) = 0.28.
        self.assertEqual(bt.carrier_default(recs, "paetec"), "0.00 (0.00–0.28), not reached")

    def test_first_default_interval_from_the_order_statistics(self):
        # 100 runs whose first default is day k of 2001 in run k: ranks 40 and 61 bound the
        # median, the Kaplan–Meier median is the 50th day (survival 50/100 after it).
        recs = self.recs(100, lambda s: {"winstar": bt.iso(bt.ordinal("2000-12-31") + s)})
        self.assertEqual(bt.first_default(recs), "2001-02-19 (2001-02-09 to 2001-03-02)")

    def test_render_has_a_row_per_measure(self):
        recs = self.recs(10, lambda s: {})
        text = bt.render({"model": recs, "counterfactual": recs}, 10)
        rows = [l for l in text.splitlines() if l.startswith("| ") and "---" not in l]
        self.assertEqual(len(rows), 1 + 3 + len(bt.CARRIERS) + 3 * len(bt.VENDORS))
        # Losses 1..10 B: median 5.5 B, ranks 1 and 10 at n = 10.
        self.assertIn("| 5.50 B (1.00 B to 10.00 B) | 5.50 B (1.00 B to 10.00 B) |", text)
        self.assertIn("| lucent: peak-to-trough fall of the share price | ~99 % (~84 → ~1) | "
                      "50 % (50 % to 50 %) | 50 % (50 % to 50 %) |", text)
        self.assertIn("| cisco: date of that peak | 2000-03 | 2000-03-01 (2000-03-01 to "
                      "2000-03-01) |", text)


class Region(unittest.TestCase):
    def test_only_the_marked_lines_are_replaced(self):
        text = f"a\n{bt.BEGIN} x -->\nold\n{bt.END}\nb\n"
        self.assertEqual(bt.replace_region(text, "new\n"), f"a\n{bt.BEGIN} x -->\nnew\n{bt.END}\nb\n")

    def test_the_readme_holds_the_region_once(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        self.assertEqual(readme.count(bt.BEGIN), 1)
        self.assertEqual(readme.count(bt.END), 1)


if __name__ == "__main__":
    unittest.main()
