"""Global sensitivity statistics for tools/sensitivity, with numpy only.

Partial rank correlation coefficients (PRCC; Marino, Hogue, Ray & Kirschner 2008, J. Theor. Biol.
254:178, §2.4): every input and the output are replaced by their ranks; the PRCC of input i is the
correlation between the residuals of rank(x_i) and of rank(y), each regressed linearly (with an
intercept) on the ranks of all the other inputs. It measures a monotone effect of x_i on y with the
others' effects removed, in [-1, 1]. Its 95 % interval is Fisher's: z = atanh(r) has standard error
1/sqrt(n - 3 - p) with p = k - 1 inputs held fixed (a partial correlation of order p on n points).
Tested on synthetic cases with known answers by tests/tools/sensitivity_stats_test.py.
"""
import math

import numpy as np


def ranks(v):
    """Ranks 1..n of the values of `v`, ties sharing the mean of their ranks (as a
    rank correlation must, for an output that is 0 at many points)."""
    v = np.asarray(v, dtype=float)
    order = np.argsort(v, kind="mergesort")
    sorted_v = v[order]
    r = np.empty(len(v))
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        r[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return r


def _residual(target, others):
    """`target` less its least-squares fit on `others` (columns) and an intercept."""
    design = np.column_stack([np.ones(len(target)), others])
    coef, *_ = np.linalg.lstsq(design, target, rcond=None)
    return target - design @ coef


def prcc(x, y):
    """PRCC of each column of `x` (n points × k inputs) with `y` (n outputs). NaN for a constant
    input, and for every input when the output is constant."""
    x = np.asarray(x, dtype=float)
    n, k = x.shape
    rx = np.column_stack([ranks(x[:, i]) for i in range(k)])
    ry = ranks(y)
    out = np.full(k, np.nan)
    if np.ptp(ry) == 0:
        return out
    for i in range(k):
        if np.ptp(rx[:, i]) == 0:
            continue
        others = np.delete(rx, i, axis=1)
        ex = _residual(rx[:, i], others)
        ey = _residual(ry, others)
        den = math.sqrt(float(ex @ ex) * float(ey @ ey))
        if den > 0:
            out[i] = float(ex @ ey) / den
    return out


def fisher_interval(r, n, p, z=1.959963984540054):
    """Fisher's 95 % interval of a partial correlation `r` of order `p` over `n` points."""
    if not np.isfinite(r) or n - 3 - p <= 0:
        return (math.nan, math.nan)
    r = min(max(r, -0.9999999), 0.9999999)
    centre = math.atanh(r)
    half = z / math.sqrt(n - 3 - p)
    return (math.tanh(centre - half), math.tanh(centre + half))
