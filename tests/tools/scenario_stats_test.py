#!/usr/bin/env python3
"""tools/scenario_stats.py against published values and hand computations (ctest: "tools: ...").
Run: python3 tests/tools/scenario_stats_test.py"""
import math
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import scenario_stats as st  # noqa: E402


def r4(x):
    return round(x, 4)


class Wilson(unittest.TestCase):
    def test_newcombe_1998_single_proportion_examples(self):
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison
        # of seven methods", Stat. Med. 17:857, Table II, method 3 (score, no continuity
        # correction), to the four decimals printed there.
        for (x, n), (lo, hi) in [((81, 263), (0.2553, 0.3662)), ((15, 148), (0.0624, 0.1605)),
                                 ((0, 20), (0.0, 0.1611)), ((1, 29), (0.0061, 0.1718))]:
            with self.subTest(x=x, n=n):
                self.assertEqual(tuple(map(r4, st.wilson(x, n))), (lo, hi))

    def test_fagerland_lydersen_laake_example(self):
        # Fagerland, Lydersen & Laake (2017), Statistical Analysis of Contingency Tables, ch. 2:
        # 13 of 16 (Ligarden et al. 2010), Wilson score 0.5699 to 0.9341.
        self.assertEqual(tuple(map(r4, st.wilson(13, 16))), (0.5699, 0.9341))

    def test_zero_and_all_by_hand(self):
        # 0 of n: (0, z²/(n + z²)); n of n mirrors it.
        z2 = st.Z95 ** 2
        self.assertEqual(st.wilson(0, 100), (0.0, 100 * 0 + z2 / (100 + z2)))
        lo, hi = st.wilson(100, 100)
        self.assertAlmostEqual(lo, 1 - z2 / (100 + z2), places=14)
        self.assertEqual(hi, 1.0)

    def test_refuses_impossible_counts(self):
        for x, n in [(1, 0), (-1, 5), (6, 5)]:
            with self.subTest(x=x, n=n), self.assertRaises(ValueError):
                st.wilson(x, n)


class PairedDifference(unittest.TestCase):
    def test_published_example(self):
        # Fagerland, Lydersen & Laake (2017), ch. 8, complete response before and after
        # consolidation therapy (Cavo et al. 2012): pairs 59 both, 6 first only, 16 second only,
        # 80 neither; Newcombe's square-and-add (method 10): −0.0621 (−0.1186 to −0.0046).
        d, lo, hi = st.newcombe_paired(59, 6, 16, 80)
        self.assertEqual((r4(d), r4(lo), r4(hi)), (-0.0621, -0.1186, -0.0046))

    def test_phi_by_hand(self):
        # 10 pairs: 4 both, 1 first only, 2 second only, 3 neither. ad − bc = 10 > n/2 = 5, so
        # φ = (10 − 5)/sqrt(5·5·6·4) = 5/sqrt(600); limits from the marginals' Wilson intervals.
        import math
        l1, u1 = st.wilson(5, 10)
        l2, u2 = st.wilson(6, 10)
        phi = 5 / math.sqrt(600)
        lo = -0.1 - math.sqrt((0.5 - l1) ** 2 - 2 * phi * (0.5 - l1) * (u2 - 0.6) + (u2 - 0.6) ** 2)
        hi = -0.1 + math.sqrt((0.6 - l2) ** 2 - 2 * phi * (0.6 - l2) * (u1 - 0.5) + (u1 - 0.5) ** 2)
        d, got_lo, got_hi = st.newcombe_paired(4, 1, 2, 3)
        self.assertAlmostEqual(d, -0.1, places=15)
        self.assertAlmostEqual(got_lo, lo, places=15)
        self.assertAlmostEqual(got_hi, hi, places=15)

    def test_no_discordant_pair_still_has_width(self):
        # Every seed the same in both: the difference is 0 but not known exactly (Wald would give
        # a zero-width interval); the interval holds 0, within [−1, 1].
        d, lo, hi = st.newcombe_paired(30, 0, 0, 70)
        self.assertEqual(d, 0)
        self.assertLess(lo, -0.01)
        self.assertGreater(hi, 0.01)
        # Every run defaults in both: φ = 0 (degenerate margins), so each limit is the Wilson
        # half-width at 100 of 100, 0.0370 either side.
        d, lo, hi = st.newcombe_paired(100, 0, 0, 0)
        w = 1 - st.wilson(100, 100)[0]
        self.assertEqual((d, r4(lo), r4(hi)), (0, -0.0370, 0.0370))
        self.assertAlmostEqual(hi, w, places=15)

    def test_every_seed_turned(self):
        # All 100 scenario runs default, no baseline run does: +1, the lower limit is 1 minus the
        # two Wilson half-widths at 100 of 100 combined with φ = 0 (the margins are degenerate).
        d, lo, hi = st.newcombe_paired(0, 100, 0, 0)
        w = 1 - st.wilson(100, 100)[0]
        self.assertEqual(d, 1)
        self.assertAlmostEqual(lo, 1 - (2 * w * w) ** 0.5, places=14)
        self.assertAlmostEqual(hi, 1, places=14)


class KaplanMeier(unittest.TestCase):
    def test_hand_example_with_censoring(self):
        # 3, 5+, 6, 6, 8+, 10, 12: S(3) = 6/7, S(6) = 6/7·3/5 = 18/35 > 1/2, S(10) = 18/35·1/2 =
        # 9/35, so the median is 10. Dropping the censored runs, or counting them as events,
        # would give 6.
        obs = [(3, True), (5, False), (6, True), (6, True), (8, False), (10, True), (12, True)]
        curve = st.kaplan_meier(obs)
        self.assertEqual([t for t, _ in curve], [3, 6, 10, 12])
        for (_, s), want in zip(curve, [6 / 7, 18 / 35, 9 / 35, 0]):
            self.assertAlmostEqual(s, want, places=15)
        self.assertEqual(st.km_median(obs), 10)

    def test_gehan_6mp_group(self):
        # Freireich et al. (1963) / Gehan (1965) leukaemia remission times, 6-MP group (21
        # patients, + censored); published KM: S(22) = 0.538, S(23) = 0.448, median 23 weeks.
        times = "6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+".split()
        obs = [(int(t.rstrip("+")), not t.endswith("+")) for t in times]
        curve = dict(st.kaplan_meier(obs))
        self.assertEqual(round(curve[6], 3), 0.857)
        self.assertEqual(round(curve[22], 3), 0.538)
        self.assertEqual(round(curve[23], 3), 0.448)
        self.assertEqual(st.km_median(obs), 23)

    def test_tie_of_event_and_censoring(self):
        # At t = 2 the censored run is still at risk: S(2) = 3/4 · (1 − 1/3) = 1/2 exactly, so the
        # median is 2 (had the censoring come first, S(2) = 3/4 · 1/2 = 3/8, also ≤ 1/2 — so check
        # the curve itself).
        obs = [(1, True), (2, True), (2, False), (4, True)]
        self.assertAlmostEqual(dict(st.kaplan_meier(obs))[2], 0.5, places=15)
        self.assertEqual(st.km_median(obs), 2)

    def test_not_reached(self):
        # One default in four runs, the rest censored at the end: survival 3/4, no median.
        obs = [(3, True), (9, False), (9, False), (9, False)]
        self.assertIsNone(st.km_median(obs))

    def test_dates_as_strings(self):
        # ISO dates order as strings: the tool passes them as they are.
        obs = [("2026-06-11", True), ("2027-01-02", True), ("2034-12-31", False)]
        self.assertEqual(st.km_median(obs), "2027-01-02")


class MedianInterval(unittest.TestCase):
    def test_campbell_gardner_ranks_at_100(self):
        # Campbell & Gardner (1988, BMJ 296:1454), the median's 95 % interval for n = 100: the
        # 40th and 61st smallest observations. On 1..100 those are the values 40 and 61.
        self.assertEqual(st.median_interval(range(1, 101)), (50.5, 40, 61))

    def test_coverage_at_100_by_the_binomial(self):
        # X(40) <= median <= X(61) fails only when fewer than 40 or more than 60 of 100 draws lie
        # below the median: P(40 <= B <= 60) for B ~ Bin(100, 1/2), summed exactly, is >= 0.95.
        cover = sum(math.comb(100, k) for k in range(40, 61)) / 2 ** 100
        self.assertGreaterEqual(cover, 0.95)
        self.assertAlmostEqual(cover, 0.9648, places=4)

    def test_small_odd_sample_by_hand(self):
        # n = 9: r = floor(4.5 - 2.94) = 1, s = ceil(1 + 4.5 + 2.94) = 9; median the 5th.
        self.assertEqual(st.median_interval([9, 1, 8, 2, 7, 3, 6, 4, 5]), (5, 1, 9))

    def test_refuses_too_few(self):
        with self.assertRaises(ValueError):
            st.median_interval([1, 2, 3])


if __name__ == "__main__":
    unittest.main()
