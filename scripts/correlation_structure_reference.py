#!/usr/bin/python3
"""Writes the numpy/LAPACK reference fixture for Vigil's correlation-structure tests (turbulence, absorption ratio).

Run with the Debian python (numpy, scipy): /usr/bin/python3 scripts/correlation_structure_reference.py
Output: tests/Vigil.Detection.Tests/CrossAsset/Fixtures/correlation_structure_numpy.json

The fixture holds
- a fixed data set of correlated Gaussian returns for 6 series, with a far outlier and a step that breaks the
  correlations, so the tests feed exactly these values;
- the turbulence index of every step t >= W against the sample mean and covariance (ddof 1) of rows [t - W, t)
  (numpy.linalg.solve), its magnitude surprise (diagonal only) and correlation surprise;
- at a few checkpoints, the eigenvalues (numpy.linalg.eigvalsh, LAPACK syevd) of the exponentially weighted,
  weighted-mean-removed correlation matrix of all rows so far, and the absorption ratio of the top ceil(N/5);
- chi-square quantiles and CDF values from scipy for the fire threshold and the score.
"""

import json
import math
import os

import numpy as np
from scipy.stats import chi2

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "Vigil.Detection.Tests", "CrossAsset", "Fixtures", "correlation_structure_numpy.json")

SEED = 20100101
N = 6
STEPS = 300
WINDOW = 60
HALF_LIFE = 40.0
CHECKPOINTS = [99, 199, 299]


def main():
    rng = np.random.default_rng(SEED)
    mixing = np.tril(rng.normal(0.0, 0.6, (N, N)), -1) + np.eye(N)
    scales = 0.001 * np.arange(1, N + 1)
    rows = (rng.normal(size=(STEPS, N)) @ mixing.T) * scales
    rows[150] = 40 * scales * np.array([1, -1, 1, -1, 1, -1])   # a far outlier
    rows[151] = 2 * scales * np.array([1, -1, 1, -1, 1, -1])    # a modest move against the usual correlations

    turbulence = []
    for t in range(WINDOW, STEPS):
        window = rows[t - WINDOW:t]
        mean = window.mean(axis=0)
        cov = np.cov(window, rowvar=False, ddof=1)
        dev = rows[t] - mean
        d = float(dev @ np.linalg.solve(cov, dev))
        mag = float(np.sum(dev * dev / np.diag(cov)))
        turbulence.append({"step": t, "turbulence": d, "magnitude": mag, "correlation_surprise": d / mag})

    lam = 0.5 ** (1.0 / HALF_LIFE)
    k = max(1, math.ceil(N / 5))
    absorption = []
    for t in CHECKPOINTS:
        x = rows[: t + 1]
        w = lam ** np.arange(t, -1, -1)
        mean = (w[:, None] * x).sum(axis=0) / w.sum()
        c = x - mean
        cov = (w[:, None] * c).T @ c
        sd = np.sqrt(np.diag(cov))
        corr = cov / np.outer(sd, sd)
        eig = np.sort(np.linalg.eigvalsh(corr))[::-1]
        absorption.append({"step": t, "eigenvalues": [float(v) for v in eig], "ratio": float(eig[:k].sum() / eig.sum())})

    chi_square = [{"dof": dof, "p": p, "quantile": float(chi2.ppf(p, dof))} for dof in (2, 6, 18) for p in (0.99, 0.999)]
    chi_square_cdf = [{"dof": dof, "x": x, "cdf": float(chi2.cdf(x, dof))} for dof in (6, 18) for x in (1.0, 6.0, 20.0, 45.0)]

    fixture = {
        "source": "numpy %s, scipy chi2; scripts/correlation_structure_reference.py" % np.__version__,
        "dimension": N,
        "window_length": WINDOW,
        "half_life": HALF_LIFE,
        "eigenvector_count": k,
        "returns": [[float(v) for v in row] for row in rows],
        "turbulence": turbulence,
        "absorption": absorption,
        "chi_square_quantiles": chi_square,
        "chi_square_cdf": chi_square_cdf,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
