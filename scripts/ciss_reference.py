#!/usr/bin/python3
"""Writes the reference fixture for Vigil's CISS streaming tests: a second, plain implementation of the index.

Run with any python 3 (standard library only): python3 scripts/ciss_reference.py
Output: tests/Vigil.Detection.Tests/Systemic/Fixtures/ciss_reference.json

Four instruments (SPX an equity index price, UST10Y a yield level, VIX a volatility index, EURUSD an FX price)
give five raw indicators in three CISS segments: equity (SPX realised volatility, SPX CMAX, VIX level), bonds
(UST10Y volatility of changes) and FX (EURUSD realised volatility). Inputs are a random walk with a stress spell and
instruments missing on some steps. The computation follows Hollo, Kremer and Lo Duca (2012) as documented in
CissStressIndex, written from the formulas, not from the C#:
- realised volatility: sqrt of v_t = lam v_{t-1} + (1 - lam) r_t^2, v seeded by the first r^2, lam = 0.5^(1/half-life),
  updated only on steps the instrument ticks;
- CMAX: 1 - P_t / max(P over its last W observations);
- level indicators: the level;
- empirical CDF: the indicator's last N values including the new one, F = (#below + (#equal + 1) / 2) / n; an
  indicator counts once it holds at least M values;
- sub-index: mean of the segment's counting indicators' latest F; the index exists once every segment has one;
- correlations: EWMA (lam 0.93) of (z_i - 0.5)(z_j - 0.5), starting from 1/12 on the diagonal and 0 off it;
- index: s' C s with s = w * z and equal weights over the three segments.
"""

import json
import math
import os
import random

OPTIONS = {
    "EcdfWindowLength": 60,
    "CmaxWindowLength": 20,
    "VolatilityHalfLife": 5.0,
    "CorrelationLambda": 0.93,
    "MinObservations": 10,
    "EcdfSampleInterval": 1,
}
STEPS = 300
SYMBOLS = ["SPX", "UST10Y", "VIX", "EURUSD"]
# (symbol, segment, kind)
INDICATORS = [
    ("SPX", "Equity", "vol"),
    ("SPX", "Equity", "cmax"),
    ("UST10Y", "Bonds", "vol"),
    ("VIX", "Equity", "level"),
    ("EURUSD", "Fx", "vol"),
]
SEGMENTS = ["Bonds", "Equity", "Fx"]  # CISS order, left-out segments skipped


def inputs():
    rng = random.Random(20121)
    levels = {"SPX": 1000.0, "UST10Y": 4.0, "VIX": 15.0, "EURUSD": 1.2}
    rows = []
    for t in range(STEPS):
        stressed = 180 <= t < 220
        scale = 4.0 if stressed else 1.0
        ret, lev = [], []
        for s in SYMBOLS:
            if t > 0 and rng.random() < 0.1:
                ret.append(None)  # did not tick
                lev.append(levels[s])
                continue
            if t == 0:
                ret.append(None)  # the first tick has no return
                lev.append(levels[s])
                continue
            if s == "SPX":
                r = (-0.01 if stressed else 0.0003) + scale * 0.01 * rng.gauss(0, 1)
                levels[s] *= math.exp(r)
            elif s == "UST10Y":
                r = scale * 0.05 * rng.gauss(0, 1)
                levels[s] += r
            elif s == "VIX":
                new = (40.0 if stressed else 15.0) * math.exp(0.1 * rng.gauss(0, 1))
                r = math.log(new / levels[s])
                levels[s] = new
            else:
                r = scale * 0.005 * rng.gauss(0, 1)
                levels[s] *= math.exp(r)
            ret.append(r)
            lev.append(levels[s])
        rows.append((ret, lev))
    return rows


def run(rows):
    lam_v = 0.5 ** (1.0 / OPTIONS["VolatilityHalfLife"])
    lam_c = OPTIONS["CorrelationLambda"]
    var = {}
    cmax_window = {s: [] for s in SYMBOLS}
    level_seen = set()
    windows = [[] for _ in INDICATORS]
    latest_f = [None for _ in INDICATORS]
    n = len(SEGMENTS)
    cov = [[(1.0 / 12.0 if i == j else 0.0) for j in range(n)] for i in range(n)]
    out = []
    last = None
    for ret, lev in rows:
        raw = [None for _ in INDICATORS]
        for k, sym in enumerate(SYMBOLS):
            r, level = ret[k], lev[k]
            new_level = level is not None and (r is not None or sym not in level_seen)
            if level is not None:
                level_seen.add(sym)
            for i, (isym, _, kind) in enumerate(INDICATORS):
                if isym != sym:
                    continue
                if kind == "vol" and r is not None:
                    var[sym] = r * r if sym not in var else lam_v * var[sym] + (1 - lam_v) * r * r
                    raw[i] = math.sqrt(var[sym])
                elif kind == "cmax" and new_level:
                    w = cmax_window[sym]
                    w.append(level)
                    del w[:-OPTIONS["CmaxWindowLength"]]
                    raw[i] = 1 - level / max(w)
                elif kind == "level" and new_level:
                    raw[i] = level
        for i, x in enumerate(raw):
            if x is None:
                continue
            w = windows[i]
            w.append(x)
            del w[:-OPTIONS["EcdfWindowLength"]]
            below = sum(1 for v in w if v < x)
            equal = sum(1 for v in w if v == x)
            f = (below + (equal + 1) / 2.0) / len(w)
            latest_f[i] = f if len(w) >= OPTIONS["MinObservations"] else None
        z = []
        for seg in SEGMENTS:
            fs = [latest_f[i] for i, (_, s, _) in enumerate(INDICATORS) if s == seg and latest_f[i] is not None]
            z.append(sum(fs) / len(fs) if fs else None)
        if any(v is None for v in z):
            out.append(None)
            continue
        for i in range(n):
            for j in range(n):
                cov[i][j] = lam_c * cov[i][j] + (1 - lam_c) * (z[i] - 0.5) * (z[j] - 0.5)
        corr = [[cov[i][j] / math.sqrt(cov[i][i] * cov[j][j]) for j in range(n)] for i in range(n)]
        s = [z[i] / n for i in range(n)]
        index = sum(s[i] * corr[i][j] * s[j] for i in range(n) for j in range(n))
        out.append(min(1.0, max(0.0, index)))
        last = {"sub_indices": z, "correlations": corr, "index": index}
    return out, last


def main():
    rows = inputs()
    index, last = run(rows)
    fixture = {
        "description": "CISS reference from scripts/ciss_reference.py (plain Python, standard library)",
        "options": OPTIONS,
        "symbols": SYMBOLS,
        "segments": SEGMENTS,
        "returns": [ret for ret, _ in rows],
        "levels": [lev for _, lev in rows],
        "index": index,
        "last": last,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "tests", "Vigil.Detection.Tests", "Systemic", "Fixtures", "ciss_reference.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        # A step an instrument does not tick has a null return (NaN on the C# side); a step before the index is
        # ready has a null index.
        json.dump(fixture, f, indent=None, separators=(",", ":"))
        f.write("\n")
    ready = sum(1 for v in index if v is not None)
    print(f"wrote {path}: {STEPS} steps, ready on {ready}, last index {index[-1]:.6f}, peak {max(v for v in index if v is not None):.6f}")


if __name__ == "__main__":
    main()
