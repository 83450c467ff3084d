#!/usr/bin/python3
"""Reference values for the Merton / KMV tests in tests/Vigil.Detection.Tests/Risk/Credit/MertonModelTests.cs.

The equity of a firm is priced by QuantLib as a European Black-Scholes call on its assets V (volatility sigma_V,
strike the default point D, risk-free rate r, no dividends, expiry T), with QuantLib's analytic European engine;
its volatility is sigma_E = delta * sigma_V * V / E with QuantLib's delta. The C# solver must recover (V, sigma_V)
from (E, sigma_E).

The KMV case is a 251-day geometric Brownian path of V with known sigma_V (numpy, fixed seed), each day's equity
priced by QuantLib at the one-year horizon; the KMV iteration must recover the path's realised volatility.

Needs Debian's quantlib-python and python3-numpy; run with the system interpreter:
    /usr/bin/python3 scripts/merton_reference.py
It writes tests/Vigil.Detection.Tests/Risk/Credit/Fixtures/merton_quantlib.json.
"""

import json
import math
import os

import numpy as np
import QuantLib as ql

TODAY = ql.Date(2, 1, 2024)
ql.Settings.instance().evaluationDate = TODAY
DAY_COUNT = ql.Actual365Fixed()

# (V, sigma_V, D, r, T): from a thinly capitalised bank to an industrial firm, short and long horizons.
CASES = [
    (100.0, 0.05, 90.0, 0.03, 1.0),
    (1000.0, 0.04, 920.0, 0.02, 1.0),
    (150.0, 0.30, 100.0, 0.05, 1.0),
    (120.0, 0.20, 100.0, 0.00, 1.0),
    (2000.0, 0.08, 1500.0, 0.045, 1.0),
    (500.0, 0.15, 300.0, 0.01, 2.0),
    (80.0, 0.25, 70.0, 0.04, 0.5),
    (300.0, 0.10, 280.0, 0.06, 1.0),
]


def price(v, sigma_v, d, r, t):
    """Equity value and delta of a call on the assets, from QuantLib."""
    maturity = TODAY + int(round(t * 365))
    exercise = ql.EuropeanExercise(maturity)
    payoff = ql.PlainVanillaPayoff(ql.Option.Call, d)
    option = ql.VanillaOption(payoff, exercise)
    spot = ql.QuoteHandle(ql.SimpleQuote(v))
    rates = ql.YieldTermStructureHandle(ql.FlatForward(TODAY, r, DAY_COUNT))
    dividends = ql.YieldTermStructureHandle(ql.FlatForward(TODAY, 0.0, DAY_COUNT))
    vol = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), sigma_v, DAY_COUNT))
    process = ql.BlackScholesMertonProcess(spot, dividends, rates, vol)
    option.setPricingEngine(ql.AnalyticEuropeanEngine(process))
    # The expiry is a whole number of days; report the year fraction QuantLib used so the C# side uses the same T.
    return option.NPV(), option.delta(), DAY_COUNT.yearFraction(TODAY, maturity)


def main():
    cases = []
    for v, sigma_v, d, r, t in CASES:
        e, delta, t_used = price(v, sigma_v, d, r, t)
        sigma_e = delta * sigma_v * v / e
        cases.append({
            "asset_value": v, "asset_volatility": sigma_v, "default_point": d, "risk_free_rate": r,
            "horizon_years": t_used, "equity_value": e, "equity_volatility": sigma_e, "delta": delta,
        })

    rng = np.random.default_rng(20240102)
    sigma_v, r, d, days = 0.06, 0.03, 85.0, 251
    shocks = rng.standard_normal(days - 1)
    log_v = np.concatenate([[math.log(100.0)], math.log(100.0) + np.cumsum((0.05 - 0.5 * sigma_v ** 2) / 252 + sigma_v / math.sqrt(252) * shocks)])
    assets = np.exp(log_v)
    equity = [price(float(a), sigma_v, d, r, 1.0)[0] for a in assets]
    realised = float(np.std(np.diff(log_v), ddof=1) * math.sqrt(252))
    kmv = {
        "default_point": d, "risk_free_rate": r, "horizon_years": DAY_COUNT.yearFraction(TODAY, TODAY + 365),
        "true_asset_volatility": sigma_v, "realised_asset_volatility": realised,
        "asset_values": [float(a) for a in assets], "equity_values": equity,
    }

    out = os.path.join(os.path.dirname(__file__), "..", "tests", "Vigil.Detection.Tests", "Risk", "Credit", "Fixtures", "merton_quantlib.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"source": f"QuantLib {ql.__version__} AnalyticEuropeanEngine; scripts/merton_reference.py", "cases": cases, "kmv": kmv}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases and a {days}-day KMV path (realised sigma_V {realised:.5f}) to {out}")


if __name__ == "__main__":
    main()
