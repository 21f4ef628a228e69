#!/usr/bin/env python3
"""tools/cascade-threshold's grid search on made-up P(≥ 2) curves, and its scaled values
(ctest: "tools: ..."). No run of alchemy. Run: python3 tests/tools/cascade_threshold_test.py"""
import importlib.machinery
import importlib.util
import os
import sys
import unittest
from fractions import Fraction as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
_loader = importlib.machinery.SourceFileLoader("cascade_threshold",
                                               os.path.join(ROOT, "tools", "cascade-threshold"))
_spec = importlib.util.spec_from_loader("cascade_threshold", _loader)
ct = importlib.util.module_from_spec(_spec)
_loader.exec_module(ct)


def records(k, n=10):
    """n runs of which k have a largest cascade of 2 by both definitions."""
    return [{"largest_links": 2 if i < k else 1, "largest_counterfactual": 2 if i < k else 1}
            for i in range(n)]


class Search(unittest.TestCase):
    def run_search(self, p_of):
        asked = []

        def evaluate(m):
            asked.append(m)
            return records(p_of(m))
        return ct.search(evaluate, "largest_links"), asked

    def test_finds_the_smallest_multiple_each_way(self):
        # Up: P ≥ 0.5 from ×3 on; down: at ×1/2 and ×1/3 only (not monotone: ×1/4 is below). Each
        # way outward from the smallest change, stopping at the first that reaches one half.
        def p_of(m):
            return 6 if m >= 3 or F(1, 3) <= m <= F(1, 2) else 2
        found, asked = self.run_search(p_of)
        self.assertEqual(found, {"down": F(1, 2), "up": F(3)})
        self.assertEqual(asked, [F(3, 4), F(1, 2), F(4, 3), F(2), F(3)])

    def test_none_when_no_multiple_reaches_half(self):
        found, asked = self.run_search(lambda m: 4)
        self.assertEqual(found, {"down": None, "up": None})
        self.assertEqual(asked, [F(3, 4), F(1, 2), F(1, 3), F(1, 4), F(4, 3), F(2), F(3), F(4)])

    def test_exactly_half_counts(self):
        found, asked = self.run_search(lambda m: 5)
        self.assertEqual(found, {"down": F(3, 4), "up": F(4, 3)})
        self.assertEqual(asked, [F(3, 4), F(4, 3)])


class Summary(unittest.TestCase):
    params = [("a.x", "10", "src"), ("b.y", "2B", "src")]

    def test_smallest_change_over_parameters(self):
        # a.x reaches one half at ×2 (size ln 2), b.y at ×3/4 (size ln 4/3): b.y's is smaller.
        results = {"a.x": {F(2): records(6)}, "b.y": {F(3, 4): records(5)}}
        found = {"a.x": {"largest_links": {"down": None, "up": F(2)}},
                 "b.y": {"largest_links": {"down": F(3, 4), "up": None}}}
        text = ct.summary(self.params, results, found, ct.DEFINITIONS[:1])
        self.assertEqual(text, "By cause links, the smallest change found is `b.y` ×3/4 "
                         f"(P = {ct.cell(records(5), 'largest_links')}).")

    def test_none_found_names_the_highest(self):
        results = {"a.x": {F(2): records(3), F(4): records(4)}, "b.y": {F(1, 4): records(1)}}
        found = {k: {"largest_links": {"down": None, "up": None}} for k in ("a.x", "b.y")}
        text = ct.summary(self.params, results, found, ct.DEFINITIONS[:1])
        self.assertEqual(text, "By cause links, no single parameter from ×1/4 to ×4 of its source "
                         "value makes P(largest cascade ≥ 2) reach 0.5; the highest is "
                         f"{ct.cell(records(4), 'largest_links')} at `a.x` ×4.")
        results = {"a.x": {F(2): records(0)}, "b.y": {F(1, 4): records(0)}}
        self.assertTrue(ct.summary(self.params, results, found, ct.DEFINITIONS[:1])
                        .endswith("; no run has a cascade of two or more."))


class Values(unittest.TestCase):
    def test_scaled_keeps_the_suffix(self):
        self.assertEqual(ct.scaled("300B", F(4, 3)), "400B")
        self.assertEqual(ct.scaled("35B", F(1, 4)), "8.75B")
        self.assertEqual(ct.scaled("20", F(3)), "60")

    def test_labels(self):
        self.assertEqual([ct.label(m) for m in (F(3), F(1, 4), F(4, 3))], ["×3", "×1/4", "×4/3"])

    def test_refuses_a_value_it_cannot_scale(self):
        with self.assertRaises(ct.BadInput):
            ct.parse_value("12%")


if __name__ == "__main__":
    unittest.main()
