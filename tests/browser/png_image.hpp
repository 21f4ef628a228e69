#pragma once
// A PNG reader for the browser test's screenshots, and the share of a rectangle's pixels that
// differ from the page's white background (tools/render-report fails a chart whose share is too
// low: a chart that drew nothing). Reads exactly what headless Chromium writes — 8-bit RGB or
// RGBA, not interlaced — with all five scanline filters and any number of IDAT chunks; anything
// else is refused with a message saying what it is, never guessed at.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace alchemy::browser {

struct PngError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Pixels as 8-bit RGB, row by row. An RGBA file is composited over white (the page's background),
// so a transparent pixel reads as background.
struct RgbImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3 bytes

  const std::uint8_t* pixel(std::uint32_t x, std::uint32_t y) const {
    return &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
  }
};

// The bytes of a PNG file → its pixels. Throws PngError naming what is wrong (signature, a chunk's
// CRC, bit depth, colour type, interlacing, the compressed data's size).
RgbImage decode_png(std::string_view bytes);

struct PixelRect {
  std::uint32_t x = 0, y = 0, width = 0, height = 0;
};

// A pixel is background when every channel is within this distance of 255 (white): anti-aliased
// edges of white-on-white stay background, any drawn line or text does not.
inline constexpr int kBackgroundTolerance = 8;

// The share (0..1) of the rectangle's pixels that are not background. Throws PngError when the
// rectangle is empty or does not lie within the image.
double non_background_share(const RgbImage& image, const PixelRect& rect);

}  // namespace alchemy::browser
