#!/usr/bin/python3
"""tools/sensitivity_stats.py on synthetic cases with known answers (ctest: "tools: ..."). Debian's
interpreter, whose python3-numpy tools/install-deps installs (a pyenv python3 on PATH may lack it).
Run: tests/tools/sensitivity_stats_test.py"""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import sensitivity_stats as ss  # noqa: E402


def latin_hypercube(n, k, rng):
    """n points in [0, 1)^k, each column using each of its n strata once."""
    u = np.empty((n, k))
    for j in range(k):
        u[:, j] = (rng.permutation(n) + rng.random(n)) / n
    return u


class Ranks(unittest.TestCase):
    def test_ties_share_the_mean_rank(self):
        # By hand: 10 is first, the two 20s share ranks 2 and 3, 30 is fourth.
        self.assertEqual(list(ss.ranks([20, 10, 30, 20])), [2.5, 1.0, 4.0, 2.5])
        self.assertEqual(list(ss.ranks([0, 0, 0])), [2.0, 2.0, 2.0])


class Prcc(unittest.TestCase):
    def test_linear_model_signs_order_and_the_irrelevant_input(self):
        # y = 3 x1 - x2 + noise, x3 irrelevant: x1 strongly positive, x2 negative and weaker,
        # x3's interval contains 0.
        rng = np.random.default_rng(20080901)
        n = 200
        x = latin_hypercube(n, 3, rng)
        y = 3 * x[:, 0] - x[:, 1] + rng.normal(0, 0.3, n)
        r = ss.prcc(x, y)
        self.assertGreater(r[0], 0.9)
        self.assertLess(r[1], -0.5)
        self.assertGreater(abs(r[0]), abs(r[1]))
        lo, hi = ss.fisher_interval(r[2], n, 2)
        self.assertLess(lo, 0)
        self.assertGreater(hi, 0)
        for i in (0, 1):
            lo, hi = ss.fisher_interval(r[i], n, 2)
            self.assertTrue(lo > 0 or hi < 0, f"x{i + 1}'s interval excludes 0")

    def test_monotone_but_nonlinear_effect_is_found_whole(self):
        # y = exp(10 x1) is monotone in x1 alone: on ranks the relation is exact, so the PRCC is 1
        # whatever the curvature (a linear partial correlation would be well below 1).
        rng = np.random.default_rng(7)
        x = latin_hypercube(100, 2, rng)
        r = ss.prcc(x, np.exp(10 * x[:, 0]) + 0.001 * x[:, 1])
        self.assertAlmostEqual(r[0], 1.0, places=6)

    def test_two_inputs_match_the_first_order_partial_correlation_formula(self):
        # With k = 2 the PRCC is the first-order partial correlation of the ranks:
        # r_y1.2 = (r_y1 - r_y2 r_12) / sqrt((1 - r_y2^2)(1 - r_12^2)), from the three
        # pairwise rank correlations (computed here with numpy's corrcoef, not the residuals).
        rng = np.random.default_rng(3)
        n = 60
        x = rng.random((n, 2))
        x[:, 1] = 0.6 * x[:, 0] + 0.4 * x[:, 1]  # correlated inputs
        y = x[:, 0] + 2 * x[:, 1] + rng.normal(0, 0.2, n)
        a, b, c = ss.ranks(x[:, 0]), ss.ranks(x[:, 1]), ss.ranks(y)
        m = np.corrcoef([a, b, c])
        ry1, ry2, r12 = m[2, 0], m[2, 1], m[0, 1]
        expected = (ry1 - ry2 * r12) / math.sqrt((1 - ry2 ** 2) * (1 - r12 ** 2))
        self.assertAlmostEqual(ss.prcc(x, y)[0], expected, places=10)

    def test_constant_output_has_no_coefficient(self):
        r = ss.prcc(np.random.default_rng(1).random((20, 2)), np.zeros(20))
        self.assertTrue(np.isnan(r).all())


class FisherInterval(unittest.TestCase):
    def test_by_hand(self):
        # r = 0.5 over n = 50 with p = 2 held fixed: atanh(0.5) = 0.549306, standard error
        # 1/sqrt(45) = 0.149071, so tanh(0.549306 ± 0.292174): tanh(0.257132) = 0.2516 (its
        # series x - x^3/3 + 2x^5/15) and tanh(0.841480) = (e^1.68296 - 1)/(e^1.68296 + 1) = 0.6866.
        lo, hi = ss.fisher_interval(0.5, 50, 2)
        self.assertAlmostEqual(lo, 0.2516, places=4)
        self.assertAlmostEqual(hi, 0.6866, places=4)

    def test_coverage_of_a_correlation_is_95_percent(self):
        # Bivariate normal with correlation 0.3, n = 40, 4000 samples: the intervals of the
        # sample correlation (p = 0) cover 0.3 in 95 % ± 1 % of them (3 binomial standard errors
        # of 4000 draws are 1.0 %).
        rng = np.random.default_rng(1921)
        rho, n, reps = 0.3, 40, 4000
        cov = [[1, rho], [rho, 1]]
        hits = 0
        for _ in range(reps):
            s = rng.multivariate_normal([0, 0], cov, n)
            lo, hi = ss.fisher_interval(np.corrcoef(s.T)[0, 1], n, 0)
            hits += lo <= rho <= hi
        self.assertAlmostEqual(hits / reps, 0.95, delta=0.01)


if __name__ == "__main__":
    unittest.main()
