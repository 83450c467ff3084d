#!/usr/bin/python3
"""Writes the QuantLib reference fixture for Vigil's Black-76 tests.

Run with the Debian python (quantlib-python 1.29): /usr/bin/python3 scripts/black76_quantlib.py
Output: tests/Vigil.Detection.Tests/Risk/Options/Fixtures/black76_quantlib.json

Two independent QuantLib paths, so the fixture checks Vigil against QuantLib and QuantLib against itself:
- ql.BlackCalculator(PlainVanillaPayoff(type, K), F, sigma*sqrt(T), exp(-rT)): price, deltaForward (dV/dF, discounted: e^{-rT}N(d1) for a
  call), gammaForward (d2V/dF2), vega(T) (dV/dsigma per 1.00 of volatility).
- ql.EuropeanOption under ql.AnalyticEuropeanEngine on a Black-Scholes-Merton process with spot F and dividend
  yield = risk-free rate = r (so the forward is F: Black-76): theta (dV/dt per year, calendar time passing, i.e.
  -dV/dT with F, r, sigma fixed) and rho + dividendRho (both rates move together, so F stays fixed and only the
  discount factor moves: Black-76's rho = -T V, per 1.00 of rate). The price of this path is written too.
- ql.blackFormulaImpliedStdDev on the BlackCalculator price, divided by sqrt(T): the implied volatility round trip.

T is a whole number of days over 365 (Actual/365 Fixed), so both paths see the same time to expiry.
"""
import json
import math
import os

import QuantLib as ql

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Vigil.Detection.Tests", "Risk", "Options",
                   "Fixtures", "black76_quantlib.json")

TODAY = ql.Date(15, ql.November, 2023)
DAY_COUNT = ql.Actual365Fixed()


def analytic(option_type, forward, strike, days, rate, vol):
    ql.Settings.instance().evaluationDate = TODAY
    spot = ql.QuoteHandle(ql.SimpleQuote(forward))
    curve = ql.YieldTermStructureHandle(ql.FlatForward(TODAY, rate, DAY_COUNT, ql.Continuous))
    vol_ts = ql.BlackVolTermStructureHandle(ql.BlackConstantVol(TODAY, ql.NullCalendar(), vol, DAY_COUNT))
    process = ql.BlackScholesMertonProcess(spot, curve, curve, vol_ts)
    option = ql.EuropeanOption(ql.PlainVanillaPayoff(option_type, strike), ql.EuropeanExercise(TODAY + days))
    option.setPricingEngine(ql.AnalyticEuropeanEngine(process))
    return option.NPV(), option.theta(), option.rho() + option.dividendRho()


def main():
    cases = []
    forwards_strikes = [(100.0, 100.0), (100.0, 80.0), (100.0, 120.0), (4500.0, 4000.0), (4500.0, 5000.0),
                        (78.0, 90.0), (1960.0, 1800.0), (110.0, 112.5), (100.0, 50.0), (100.0, 200.0)]
    days_list = [7, 30, 91, 182, 365, 730]
    rates = [0.0, 0.05, -0.005]
    vols = [0.05, 0.2, 0.6]
    for (forward, strike) in forwards_strikes:
        for days in days_list:
            for rate in rates:
                for vol in vols:
                    for name, option_type in (("call", ql.Option.Call), ("put", ql.Option.Put)):
                        t = days / 365.0
                        std_dev = vol * math.sqrt(t)
                        discount = math.exp(-rate * t)
                        calc = ql.BlackCalculator(ql.PlainVanillaPayoff(option_type, strike), forward, std_dev, discount)
                        price = calc.value()
                        npv, theta, rho = analytic(option_type, forward, strike, days, rate, vol)
                        implied = None
                        # Only where the price carries information about sigma (vega not lost in rounding).
                        if calc.vega(t) > 1e-6 * max(price, 1e-300) and price > 1e-12 * forward:
                            implied = ql.blackFormulaImpliedStdDev(option_type, strike, forward, price, discount,
                                                                  0.0, std_dev, 1e-14, 1000) / math.sqrt(t)
                        cases.append({
                            "type": name, "forward": forward, "strike": strike, "days": days,
                            "expiryYears": t, "rate": rate, "volatility": vol,
                            "price": price, "delta": calc.deltaForward(), "gamma": calc.gammaForward(),
                            "vega": calc.vega(t), "thetaPerYear": theta, "rho": rho,
                            "analyticPrice": npv, "impliedVolatility": implied,
                        })

    t = 0.5
    calc_call = ql.BlackCalculator(ql.PlainVanillaPayoff(ql.Option.Call, 100.0), 100.0, 0.2 * math.sqrt(t), math.exp(-0.05 * t))
    calc_put = ql.BlackCalculator(ql.PlainVanillaPayoff(ql.Option.Put, 100.0), 100.0, 0.2 * math.sqrt(t), math.exp(-0.05 * t))
    issue = {"forward": 100.0, "strike": 100.0, "expiryYears": t, "rate": 0.05, "volatility": 0.2,
             "call": calc_call.value(), "put": calc_put.value(), "callDelta": calc_call.deltaForward(),
             "putDelta": calc_put.deltaForward(), "gamma": calc_call.gammaForward(), "vega": calc_call.vega(t)}

    with open(OUT, "w", encoding="utf-8") as f:
        # One case per line: readable diffs without the bulk of one value per line.
        f.write('{"generator": "scripts/black76_quantlib.py", "quantlib": %s,\n' % json.dumps(ql.__version__))
        f.write(' "issueExample": %s,\n "cases": [\n' % json.dumps(issue))
        f.write(",\n".join("  " + json.dumps(case) for case in cases))
        f.write("\n ]\n}\n")
    print(f"{len(cases)} cases -> {os.path.normpath(OUT)}")
    print(issue)


if __name__ == "__main__":
    main()
