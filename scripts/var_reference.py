#!/usr/bin/python3
"""Reference values for the VaR, ES, portfolio VaR and backtest tests (tests/Vigil.Detection.Tests/Risk).

Independent of the C# code: quantiles by numpy (linear, type 7), moments by numpy, the normal by the stdlib's
statistics.NormalDist, the Cornish-Fisher ES by numerical integration of the Cornish-Fisher quantile function over the
tail (not the closed form the C# uses), chi-square p-values by math.erfc / math.exp, Christoffersen's counts by
a plain loop. Run with the Debian python (numpy): /usr/bin/python3 scripts/var_reference.py (writes tests/Vigil.Detection.Tests/Risk/Fixtures/var_reference.json).
"""

import json
import math
import os
from statistics import NormalDist

import numpy as np

N = NormalDist()
rng = np.random.RandomState(20261122)

# A fat-tailed, skewed sample: Student t(4) scaled to 1% plus a few crash days.
returns = 0.01 * rng.standard_t(4, size=500) / math.sqrt(2.0)
returns[rng.choice(500, 8, replace=False)] -= 0.04
returns = [float(x) for x in returns]
r = np.array(returns)
losses = -r


def cf_quantile(z, s, k):
    return z + (z * z - 1) * s / 6 + (z ** 3 - 3 * z) * k / 24 - (2 * z ** 3 - 5 * z) * s * s / 36


def cf_es(mu, sd, s, k, alpha, h=1):
    # Midpoint rule on u in (0, 1 - alpha) of the CF quantile of Phi^-1(u), with the grid refined near 0.
    p = 1 - alpha
    m = 200000
    total = 0.0
    for i in range(m):
        u = p * (i + 0.5) / m
        total += cf_quantile(N.inv_cdf(u), s, k)
    return -(mu * h + sd * math.sqrt(h) * total / m)


mean = float(r.mean())
sd = float(r.std())
m2 = float(((r - mean) ** 2).mean())
skew = float(((r - mean) ** 3).mean() / m2 ** 1.5)
kurt = float(((r - mean) ** 4).mean() / m2 ** 2 - 3)

single = {"returns": returns, "mean": mean, "std": sd, "skewness": skew, "excessKurtosis": kurt, "cases": []}
for alpha in (0.95, 0.975, 0.99):
    for h in (1, 10):
        var_h = float(np.quantile(losses, alpha))
        es_h = float(losses[losses >= var_h].mean())
        z = N.inv_cdf(alpha)
        single["cases"].append({
            "alpha": alpha, "h": h,
            "historicalVaR": var_h * math.sqrt(h),
            "historicalES": es_h * math.sqrt(h),
            "gaussianVaR": z * sd * math.sqrt(h) - mean * h,
            "gaussianES": sd * math.sqrt(h) * N.pdf(z) / (1 - alpha) - mean * h,
            "cornishFisherVaR": -(mean * h + cf_quantile(N.inv_cdf(1 - alpha), skew, kurt) * sd * math.sqrt(h)),
            "cornishFisherES": cf_es(mean, sd, skew, kurt, alpha, h),
        })

# Portfolio: three correlated instruments.
cov = np.array([[4.0e-4, 1.2e-4, -0.5e-4], [1.2e-4, 2.25e-4, 0.3e-4], [-0.5e-4, 0.3e-4, 1.0e-4]])
w = np.array([0.5, 0.3, 0.2])
sigma_p = math.sqrt(float(w @ cov @ w))
z99 = N.inv_cdf(0.99)
components = (z99 * w * (cov @ w) / sigma_p).tolist()
joint = rng.multivariate_normal(np.zeros(3), cov, size=400)
port = joint @ w
portfolio = {
    "covariance": cov.flatten().tolist(), "weights": w.tolist(), "sigma": sigma_p,
    "var99": z99 * sigma_p, "components99": components,
    "joint": joint.flatten().tolist(), "historicalVaR99": float(np.quantile(-port, 0.99)),
    "historicalVaR95h5": float(np.quantile(-port, 0.95)) * math.sqrt(5),
}


def lr_pof(t, x, p):
    def xlogy(a, b):
        return 0.0 if a == 0 else a * math.log(b)
    pi = x / t
    return -2 * (xlogy(t - x, 1 - p) + xlogy(x, p) - xlogy(t - x, 1 - pi) - xlogy(x, pi))


def chi2_1(x):
    return math.erfc(math.sqrt(x / 2)) if x > 0 else 1.0


kupiec = []
for t, x, alpha in [(250, 0, 0.99), (250, 1, 0.99), (250, 2, 0.99), (250, 5, 0.99), (250, 10, 0.99), (250, 250, 0.99),
                    (500, 40, 0.95), (1000, 12, 0.99)]:
    lr = lr_pof(t, x, 1 - alpha)
    kupiec.append({"t": t, "x": x, "alpha": alpha, "lr": lr, "p": chi2_1(lr)})

# Christoffersen on a clustered exception series.
seq = [False] * 250
for i in (20, 21, 22, 100, 101, 180, 181, 240):
    seq[i] = True
n = {"00": 0, "01": 0, "10": 0, "11": 0}
for a, b in zip(seq[:-1], seq[1:]):
    n[f"{int(a)}{int(b)}"] += 1
n00, n01, n10, n11 = n["00"], n["01"], n["10"], n["11"]
pi01 = n01 / (n00 + n01)
pi11 = n11 / (n10 + n11)
pi = (n01 + n11) / (n00 + n01 + n10 + n11)
l_r = (n00 + n10) * math.log(1 - pi) + (n01 + n11) * math.log(pi)
l_u = n00 * math.log(1 - pi01) + n01 * math.log(pi01) + n10 * math.log(1 - pi11) + n11 * math.log(pi11)
lr_ind = -2 * (l_r - l_u)
lr_cc = lr_pof(250, sum(seq), 0.01) + lr_ind
christoffersen = {
    "exceptions": seq, "n00": n00, "n01": n01, "n10": n10, "n11": n11,
    "lrInd": lr_ind, "pInd": chi2_1(lr_ind), "lrCc": lr_cc, "pCc": math.exp(-lr_cc / 2),
}

out = {"single": single, "portfolio": portfolio, "kupiec": kupiec, "christoffersen": christoffersen}
path = os.path.join(os.path.dirname(__file__), "..", "tests", "Vigil.Detection.Tests", "Risk", "Fixtures", "var_reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
for c in single["cases"]:
    print(c)
print(kupiec)
print({k: v for k, v in christoffersen.items() if k != "exceptions"})
