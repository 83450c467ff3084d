#!/usr/bin/env python3
"""Reference values of the standard normal CDF and quantile, for tests/Vigil.Core.Tests/Numerics/SpecialFunctionsTests.cs.

Phi(x) is mpmath.ncdf at 50 significant digits, rounded to double: exact for the double x, tails included (the
stdlib's erfc(-x/sqrt(2))/2 is printed beside it for comparison: rounding x/sqrt(2) costs it about x^2 * 1e-16).
The quantile is statistics.NormalDist().inv_cdf (Wichura's AS241); the script checks it against a 50-digit root
of Phi(x) = p and prints the largest relative disagreement.
Needs mpmath (Debian: python3-mpmath). Run: python3 scripts/normal_reference.py
"""

import math
from statistics import NormalDist

import mpmath

mpmath.mp.dps = 50

CDF_POINTS = [
    -37.5, -37.0, -30.0, -20.0, -12.0, -10.0, -8.5, -7.5, -7.0, -6.0, -5.66, -5.65, -5.0, -4.0, -3.5, -3.0, -2.5,
    -2.0, -1.959963984540054, -1.5, -1.0, -0.75, -0.67, -0.66, -0.5, -0.25, -0.1, 0.0, 0.1, 0.25, 0.5, 0.66, 0.67,
    0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0,
]

# Probabilities as the tests write them; upper tails are written 1 - t so C# and Python round them alike.
QUANTILE_POINTS = [
    ("1e-300", 1e-300), ("1e-100", 1e-100), ("1e-20", 1e-20), ("1e-15", 1e-15), ("1e-10", 1e-10),
    ("1e-8", 1e-8), ("1e-5", 1e-5), ("0.001", 0.001), ("0.01", 0.01), ("0.02", 0.02), ("0.02425", 0.02425),
    ("0.025", 0.025), ("0.05", 0.05), ("0.1", 0.1), ("0.2", 0.2), ("0.3", 0.3), ("0.4", 0.4), ("0.5", 0.5),
    ("0.6", 0.6), ("0.7", 0.7), ("0.8", 0.8), ("0.9", 0.9), ("0.95", 0.95), ("0.975", 0.975),
    ("0.97575", 0.97575), ("0.98", 0.98), ("0.99", 0.99), ("0.999", 0.999), ("1 - 1e-5", 1 - 1e-5),
    ("1 - 1e-8", 1 - 1e-8), ("1 - 1e-10", 1 - 1e-10), ("1 - 1e-15", 1 - 1e-15),
]


def exact_quantile(p):
    """The 50-digit root of Phi(x) = p, solved in the lower tail so 1 - p keeps its digits."""
    if p == 0.5:
        return 0.0
    tail = mpmath.mpf(p) if p < 0.5 else 1 - mpmath.mpf(p)
    root = mpmath.findroot(lambda x: mpmath.ncdf(x) - tail, -abs(NormalDist().inv_cdf(p)))
    return float(root if p < 0.5 else -root)


def main():
    print("CDF (x, Phi(x)) -- stdlib erfc for comparison:")
    for x in CDF_POINTS:
        exact = float(mpmath.ncdf(x))
        print(f"    {{ {x!r}, {exact!r} }},  # erfc: {0.5 * math.erfc(-x / math.sqrt(2.0))!r}")

    normal = NormalDist()
    print("Quantile (p, Phi^-1(p)):")
    worst = 0.0
    for text, p in QUANTILE_POINTS:
        value = normal.inv_cdf(p)
        exact = exact_quantile(p)
        if exact != 0:
            worst = max(worst, abs(value - exact) / abs(exact))
        print(f"    {{ {text}, {value!r} }},")
    print(f"inv_cdf against 50-digit roots: worst relative error {worst:.3g}")

    print("Smallest probabilities (p, Phi^-1(p)):")
    for p in (5e-324, 1e-310):
        value = normal.inv_cdf(p)
        print(f"    {{ {p!r}, {value!r} }},  # 50-digit root: {exact_quantile(p)!r}")


if __name__ == "__main__":
    main()
