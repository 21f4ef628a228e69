#pragma once
// Option values for marking warrants. Warrant tranches that vest only when the issuer's share
// price reaches a level are up-and-in barrier calls (Merton 1973; Reiner & Rubinstein 1991),
// never plain calls: a plain call would credit the holder with value in paths where the tranche
// never vests.
//
// Notation (Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed., §4.17.1):
// S spot, X strike, H barrier, T years, r risk-free rate, b cost of carry (b = r − q for a
// dividend yield q), sigma volatility, rebate paid at expiry if the barrier was never hit.

namespace alchemy {

double normal_cdf(double x);

// Black–Scholes–Merton European call with cost of carry b.
double bsm_call(double S, double X, double T, double r, double b, double sigma);

// Up-and-in call (barrier H above spot S): worth a European call once S touches H before T.
// When S >= H the barrier has been hit and the value is the plain call.
double up_and_in_call(double S, double X, double H, double T, double r, double b, double sigma,
                      double rebate = 0.0);

// Up-and-out call: the call dies when S touches H. In–out parity: in + out = plain call (+
// rebates).
double up_and_out_call(double S, double X, double H, double T, double r, double b, double sigma);

// Value per share of one unvested warrant tranche on an issuer priced S, strike X, vesting when
// the price reaches H (H = 0: no price gate), T years to the warrant's end, risk-free rate r (no
// dividend: b = r), volatility sigma. A price-gated tranche is an up-and-in call; an ungated one
// (a date or deployment gate, which the model does not price) is marked at intrinsic value.
double warrant_tranche_value(double S, double X, double H, double T, double r, double sigma);

}  // namespace alchemy
