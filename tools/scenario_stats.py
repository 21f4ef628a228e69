"""Statistics of the README's generated tables (tools/scenario-table, tools/cascade-threshold):
proportions over seeds with their 95 % intervals, paired differences against the baseline on the
same seeds, and Kaplan–Meier medians of default dates with runs that end without a default
censored. Standard library only; tested against published values in
tests/tools/scenario_stats_test.py.
"""
import math

# The two-sided 95 % normal quantile, Φ⁻¹(0.975), to double precision.
Z95 = 1.959963984540054


def wilson(successes, n, z=Z95):
    """Wilson's (1927) score interval for a binomial proportion: (lower, upper).

    Chosen over the Wald interval because it stays inside [0, 1] and keeps its width at 0 of n
    and n of n — a scenario where no seed defaults still gets an upper bound (3.7 % at n = 100),
    where Wald would claim certainty."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"wilson: need 0 <= successes <= n and n > 0, got {successes}/{n}")
    p = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # At 0 or n of n the closed form's rounding can leave the bound a few ulps off 0 or 1.
    lower = 0.0 if successes == 0 else centre - half
    upper = 1.0 if successes == n else centre + half
    return lower, upper


def newcombe_paired(both, first_only, second_only, neither, z=Z95):
    """Newcombe's (1998, Stat. Med. 17:2635, method 10) interval for p1 − p2 on paired binary
    outcomes: each pair is one seed, `first` the scenario and `second` the baseline run with the
    same seed. Returns (difference, lower, upper).

    Method 10 combines the Wilson intervals of the two marginal proportions ("square and add")
    and corrects for the pairs' correlation φ. It is a closed form, keeps within [−1, 1], has
    close to nominal coverage in Newcombe's evaluation, and unlike the Wald interval it does not
    collapse to zero width when no pair is discordant — common here, where a shock that changes
    nothing leaves every seed's outcome as it was."""
    n = both + first_only + second_only + neither
    if n <= 0 or min(both, first_only, second_only, neither) < 0:
        raise ValueError("newcombe_paired: counts must be non-negative with a positive total")
    x1, x2 = both + first_only, both + second_only
    p1, p2 = x1 / n, x2 / n
    l1, u1 = wilson(x1, n, z)
    l2, u2 = wilson(x2, n, z)
    # φ: the correlation of the pairs, with Newcombe's continuity correction of ad − bc toward
    # zero by n/2 for positive values (negative values are kept as they are).
    margins = x1 * (n - x1) * x2 * (n - x2)
    phi = 0.0
    if margins > 0:
        ad_bc = both * neither - first_only * second_only
        if ad_bc > n / 2:
            phi = (ad_bc - n / 2) / math.sqrt(margins)
        elif ad_bc < 0:
            phi = ad_bc / math.sqrt(margins)
    d = p1 - p2
    # max(0, …): the radicand is a sum of squares minus a product that |φ| ≤ 1 keeps smaller, but
    # rounding can leave it a few ulps below zero when both distances vanish.
    down, up = p1 - l1, u2 - p2
    lower = d - math.sqrt(max(0.0, down * down - 2 * phi * down * up + up * up))
    down, up = p2 - l2, u1 - p1
    upper = d + math.sqrt(max(0.0, down * down - 2 * phi * down * up + up * up))
    return d, lower, upper


def kaplan_meier(observations):
    """The Kaplan–Meier survival curve of (time, event) pairs (event False: censored at time).

    Returns [(time, survival after time)] at each time with at least one event. At a tie, events
    come before censorings (a run censored on a day was still at risk on it)."""
    obs = sorted(observations, key=lambda o: (o[0], not o[1]))
    at_risk = len(obs)
    survival = 1.0
    curve = []
    i = 0
    while i < len(obs):
        t = obs[i][0]
        events = censored = 0
        while i < len(obs) and obs[i][0] == t:
            if obs[i][1]:
                events += 1
            else:
                censored += 1
            i += 1
        if events:
            survival *= 1 - events / at_risk
            curve.append((t, survival))
        at_risk -= events + censored
    return curve


def km_median(observations):
    """The median time of the Kaplan–Meier curve: the first event time at which survival falls
    to 0.5 or below (Klein & Moeschberger's definition); None when it never does ("not reached"
    — fewer than half the runs default before they are censored)."""
    for t, s in kaplan_meier(observations):
        # A tolerance, so that a curve that is exactly 1/2 in exact arithmetic counts.
        if s <= 0.5 + 1e-12:
            return t
    return None


def median_ranks(n, z=Z95):
    """The 1-based ranks (r, s) of the order statistics that bound the median of n values with
    about 95 % confidence, whatever the distribution (Conover, Practical Nonparametric
    Statistics, 3rd ed., §3.2): r = ⌊n/2 − z√n/2⌋, s = ⌈1 + n/2 + z√n/2⌉ (at n = 100: 40 and 61)."""
    if n < 6:
        raise ValueError(f"median_ranks: need at least 6 values for a 95 % interval, got {n}")
    half = z * math.sqrt(n) / 2
    return max(1, math.floor(n / 2 - half)), min(n, math.ceil(1 + n / 2 + half))


def median_interval(values, z=Z95):
    """The sample median of `values` and its distribution-free 95 % interval, the order statistics
    of median_ranks. Returns (median, lower, upper); the median of an even count is the mean of
    the middle two."""
    xs = sorted(values)
    n = len(xs)
    r, s = median_ranks(n, z)
    median = xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2
    return median, xs[r - 1], xs[s - 1]
