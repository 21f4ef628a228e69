#pragma once
// exp(x) in plain IEEE arithmetic, for the feedback kernel's hot loop (market/feedback.cpp).
//
// Why not std::exp: (1) libm's exp is a call GCC cannot vectorise without -ffast-math, and it is
// half the cost of a feedback sweep on cache-resident networks; this inline version vectorises
// (SSE2 and up) because it is only multiplies, adds and integer adds on the bit pattern;
// (2) libm implementations differ between versions (glibc replaced its exp in 2.28), while this
// one gives the same bits on every platform with IEEE doubles and no FMA contraction (the build
// sets -ffp-contract=off), which the byte-identical-results rule of DESIGN.md wants.
//
// Method (Tang 1989; Muller, "Elementary Functions", ch. 11): x = k ln2 + r with k = round(x /
// ln2), found by the 1.5·2^52 shifter trick, and r by Cody–Waite's two-constant reduction (ln2_hi
// has 32 trailing zero bits, so k·ln2_hi is exact for |k| < 2^21); exp(r), |r| ≤ ln2/2, by its
// Taylor polynomial of degree 13 in Horner form (truncation < 4e-18); then 2^k by adding k to the
// exponent field. Accuracy: within 2 ulp of the true value (checked against std::exp in
// tests/market/feedback_test.cpp).
//
// Precondition: |x| ≤ 700, which keeps every result a normal number; outside it the result is
// garbage, not inf or 0. The caller clamps (market/feedback.cpp clamps the log-price moves before
// the loop): a clamp inside would be a compare-and-select, which GCC does not if-convert under
// the default -ftrapping-math, and the loop would not vectorise.

#include <bit>
#include <cstdint>

namespace alchemy {

inline double exp_kernel(double x) {
  constexpr double shifter = 0x1.8p52;
  constexpr double inv_ln2 = 0x1.71547652b82fep0;
  constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  double kd = x * inv_ln2 + shifter;
  const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
  kd -= shifter;
  const double r = (x - kd * ln2_hi) - kd * ln2_lo;
  double p = 1.0 / 6227020800.0;  // 1/13!
  p = p * r + 1.0 / 479001600.0;  // 1/12!
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(p) + (ki << 52));
}

}  // namespace alchemy
