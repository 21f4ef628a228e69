#pragma once
// Random numbers implemented in the project, so that the same seed gives the same stream with any
// compiler and standard library (std::*_distribution does not), and so that the whole state is
// four plain integers a checkpoint can save.
//
// Generator: xoshiro256** (Blackman & Vigna 2018). Seeding and stream derivation: SplitMix64
// (Steele, Lea & Flood 2014), the seeding procedure the xoshiro authors recommend.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace alchemy {

// One step of SplitMix64: a bijective 64-bit mixer.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// FNV-1a of a name: turns a stream label ("firm:openai", "market") into a 64-bit key.
constexpr std::uint64_t stable_hash(std::string_view s) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

// Seed of a derived stream: a pure function of (parent seed, key), so streams never depend on the
// order in which they are created, or on how runs are split over threads and ranks.
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::uint64_t key) {
  std::uint64_t s = parent ^ (key * 0xD1B54A32D192ED03ULL);
  splitmix64(s);
  return splitmix64(s);
}

class Rng {
 public:
  using State = std::array<std::uint64_t, 4>;

  constexpr Rng() : Rng(0) {}
  constexpr explicit Rng(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& w : s_)
      w = splitmix64(sm);
  }
  static constexpr Rng from_state(const State& s) {
    Rng r;
    r.s_ = s;
    return r;
  }
  constexpr const State& state() const { return s_; }

  constexpr std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1) with 53 random bits.
  constexpr double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1): never 0, safe under log.
  constexpr double uniform_open() {
    return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53;
  }
  // Uniform integer in [0, n) by Lemire's multiply-and-reject (unbiased).
  std::uint64_t below(std::uint64_t n);
  // Standard normal by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method for
  // Generating Random Variables", J. Stat. Softw. 5(8)), 128 layers, one 64-bit draw in ~99 % of
  // calls; the layer, the sign and the 53-bit uniform come from disjoint bits of that draw (so they
  // are independent, the flaw Doornik 2005 found in the original). Keeps no cached value, so the
  // state is just the generator's. Inline: the engine draws ~20 normals per tick.
  double normal() {
    const Ziggurat& z = ziggurat();
    const Draw d = draw(z);
    if (d.x < z.x[d.layer + 1]) [[likely]]
      return d.negative ? -d.x : d.x;  // inside the layer's core
    return normal_slow(d);
  }
  // Exponential with rate 1.
  double exponential();
  // Poisson(mean) by inversion for small means, normal approximation above 500 (used only for
  // jump counts, whose means are far below that).
  std::uint64_t poisson(double mean);

  friend constexpr bool operator==(const Rng&, const Rng&) = default;

 private:
  // x[0] = v / f(r) (the base layer's width as if it were a rectangle), x[1] = r = 3.4426…, then
  // x[i + 1] = f⁻¹(f(x[i]) + v / x[i]) down to x[128] = 0, with f(x) = exp(−x²/2) and v the
  // common area of the layers; fx[i] = f(x[i]).
  struct Ziggurat {
    std::array<double, 129> x;
    std::array<double, 129> fx;
  };
  // Inline, so that a normal() costs a guard test here rather than a call; the table itself is
  // built once, out of line.
  static const Ziggurat& ziggurat() {
    static const Ziggurat table = make_ziggurat();
    return table;
  }
  static Ziggurat make_ziggurat();
  // One 64-bit draw: the layer (7 bits), the sign (1 bit) and x = u · x[layer] with u a 53-bit
  // uniform on [0, 1) from the top bits.
  struct Draw {
    std::size_t layer;
    bool negative;
    double x;
  };
  Draw draw(const Ziggurat& z) {
    const std::uint64_t bits = next_u64();
    const std::size_t layer = bits & 0x7F;
    return {layer, (bits & 0x80) != 0, static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[layer]};
  }
  // The rare path: the base layer's tail, or the wedge of a layer beyond its core.
  double normal_slow(Draw d);
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  State s_{};
};

}  // namespace alchemy
