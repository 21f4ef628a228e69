#pragma once
// exp(x) and log(x) in plain IEEE arithmetic, for the feedback kernel's hot loops
// (market/feedback.cpp).
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
// Taylor polynomial of degree 13 by Estrin's scheme (truncation < 4e-18); then 2^k by adding k to
// the exponent field. Accuracy: within 2 ulp of the true value (checked against std::exp in
// tests/market/feedback_test.cpp).
//
// Precondition: |x| ≤ 700, which keeps every result a normal number; outside it the result is
// garbage, not inf or 0. The caller clamps (market/feedback.cpp clamps the log-price moves before
// the loop): a clamp inside would be a compare-and-select, which GCC does not if-convert under
// the default -ftrapping-math, and the loop would not vectorise.

#include <bit>
#include <cmath>
#include <cstdint>

namespace alchemy {

// The largest |x| exp_kernel takes (see the precondition above).
inline constexpr double exp_kernel_limit = 700.0;

inline double exp_kernel(double x) {
  constexpr double shifter = 0x1.8p52;
  constexpr double inv_ln2 = 0x1.71547652b82fep0;
  constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  double kd = x * inv_ln2 + shifter;
  const std::uint64_t ki = std::bit_cast<std::uint64_t>(kd);
  kd -= shifter;
  const double r = (x - kd * ln2_hi) - kd * ln2_lo;
  // Estrin's scheme (Knuth, TAOCP vol. 2, 4.6.4): the pairs, then the pairs of pairs, so the
  // dependency chain is 4 multiply-adds deep instead of Horner's 13 (the loop is latency-bound).
  const double r2 = r * r;
  const double r4 = r2 * r2;
  const double r8 = r4 * r4;
  const double q0 = 1.0 + r;                                       // 1/0! + r/1!
  const double q1 = 0.5 + r * (1.0 / 6.0);                         // 1/2!, 1/3!
  const double q2 = 1.0 / 24.0 + r * (1.0 / 120.0);                // 1/4!, 1/5!
  const double q3 = 1.0 / 720.0 + r * (1.0 / 5040.0);              // 1/6!, 1/7!
  const double q4 = 1.0 / 40320.0 + r * (1.0 / 362880.0);          // 1/8!, 1/9!
  const double q5 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0);      // 1/10!, 1/11!
  const double q6 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);  // 1/12!, 1/13!
  const double s0 = q0 + r2 * q1;
  const double s1 = q2 + r2 * q3;
  const double s2 = q4 + r2 * q5;
  const double t0 = s0 + r4 * s1;
  const double t1 = s2 + r4 * q6;
  const double p = t0 + r8 * t1;
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(p) + (ki << 52));
}

// exp(x) for any x: the kernel inside its domain, std::exp outside it (overflow, underflow, NaN).
// For hot paths outside the feedback kernel (a firm's demand step every tick).
inline double exp_any(double x) {
  return (x >= -exp_kernel_limit && x <= exp_kernel_limit) ? exp_kernel(x) : std::exp(x);
}

// log(x) in the same spirit (used once per firm per sweep). Precondition: x positive, finite and
// normal (the kernel floors values at a positive fraction of market value).
//
// Method (as in fdlibm / musl log): x = 2^k z with z in [√2/2, √2), split on the bit pattern
// with integer operations only (k + 1024 by a logical shift, so no 64-bit arithmetic shift or
// int-to-double conversion is needed, neither of which SSE2 has for packed 64-bit lanes); then
// log z = 2 atanh(s) with s = (z − 1)/(z + 1), |s| ≤ 0.1716, by its series to s^19 (truncation
// < 1e-17 relative), and log x = k ln2_hi + (k ln2_lo + log z). Within 2 ulp of std::log (tested).
inline double log_kernel(double x) {
  constexpr std::uint64_t sqrt_half_bits = 0x3fe6a09e667f3bcdULL;  // √2/2
  constexpr std::uint64_t bias = 1024ULL << 52;
  constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  const std::uint64_t ix = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t kb = (ix - sqrt_half_bits + bias) >> 52;  // k + 1024
  const double z = std::bit_cast<double>(ix - (kb << 52) + bias);
  const double kd = std::bit_cast<double>(0x4330000000000000ULL | kb) - (0x1p52 + 1024.0);
  const double f = z - 1.0;
  const double s = f / (2.0 + f);
  const double s2 = s * s;
  // p(u) = Σ_k u^k / (2k + 3), u = s², by Estrin's scheme as in exp_kernel.
  const double u2 = s2 * s2;
  const double u4 = u2 * u2;
  const double u8 = u4 * u4;
  const double q0 = 1.0 / 3.0 + s2 * (1.0 / 5.0);
  const double q1 = 1.0 / 7.0 + s2 * (1.0 / 9.0);
  const double q2 = 1.0 / 11.0 + s2 * (1.0 / 13.0);
  const double q3 = 1.0 / 15.0 + s2 * (1.0 / 17.0);
  const double t0 = q0 + u2 * q1;
  const double t1 = q2 + u2 * q3;
  const double p = (t0 + u4 * t1) + u8 * (1.0 / 19.0);
  const double log_z = 2.0 * s + 2.0 * s * (s2 * p);
  return kd * ln2_hi + (kd * ln2_lo + log_z);
}

}  // namespace alchemy
