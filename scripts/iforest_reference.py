#!/usr/bin/python3
"""Writes the scikit-learn reference fixtures for Vigil's Isolation Forest tests.

Run with the Debian python (numpy, scikit-learn): /usr/bin/python3 scripts/iforest_reference.py
Output: tests/Vigil.Detection.Tests/CrossAsset/Fixtures/iforest_sklearn.json

The fixture holds
- c(n) from scikit-learn's own _average_path_length, for several n;
- a small fixed data set (a correlated Gaussian cloud plus far outliers and points that break the correlation)
  and scikit-learn's IsolationForest scores on it (the paper's s = 2^(-E[h]/c(psi)), i.e. -score_samples), so the
  tests can check that Vigil ranks points as scikit-learn does. Per-point equality is impossible: the random
  streams differ.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest
from sklearn.ensemble._iforest import _average_path_length

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "Vigil.Detection.Tests", "CrossAsset", "Fixtures", "iforest_sklearn.json")

SEED = 20080101
FEATURES = 6
INLIERS = 500
TREES = 200
SUBSAMPLE = 256


def main():
    ns = [0, 1, 2, 3, 4, 5, 7, 10, 16, 50, 100, 255, 256, 257, 384, 1000, 4096, 100000]
    c = _average_path_length(np.array(ns)).tolist()

    rng = np.random.default_rng(SEED)
    # Features 0-2 strongly correlated (rho = 0.9), features 3-5 independent, all unit variance.
    cov = np.eye(FEATURES)
    for i in range(3):
        for j in range(3):
            if i != j:
                cov[i, j] = 0.9
    inliers = rng.multivariate_normal(np.zeros(FEATURES), cov, size=INLIERS)
    # Far outliers: every coordinate several standard deviations out.
    far = rng.normal(0.0, 1.0, size=(6, FEATURES))
    far = 6.0 * far / np.linalg.norm(far, axis=1, keepdims=True) * np.sqrt(FEATURES) / 2.0
    # Correlation breakers: moderate marginals (|x| = 1.8) but features 0 and 1 of opposite signs.
    breakers = np.zeros((6, FEATURES))
    for k in range(6):
        s = 1.0 if k % 2 == 0 else -1.0
        breakers[k, 0] = 1.8 * s
        breakers[k, 1] = -1.8 * s
        breakers[k, 2] = 0.0
        breakers[k, 3:] = rng.normal(0.0, 0.3, size=FEATURES - 3)
    data = np.vstack([inliers, far, breakers])
    outlier_rows = list(range(INLIERS, INLIERS + 12))

    forest = IsolationForest(n_estimators=TREES, max_samples=SUBSAMPLE, random_state=0)
    forest.fit(data)
    scores = (-forest.score_samples(data)).tolist()

    fixture = {
        "generator": "scripts/iforest_reference.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "average_path_length": {"n": ns, "c": c},
        "dataset": {
            "seed": SEED,
            "trees": TREES,
            "subsample": SUBSAMPLE,
            "features": FEATURES,
            "rows": data.tolist(),
            "outlier_rows": outlier_rows,
            "sklearn_scores": scores,
        },
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
