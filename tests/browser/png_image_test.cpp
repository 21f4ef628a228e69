// The screenshot reader against PNGs built here with zlib, whose pixels are known: scanlines
// written already filtered, with the expected pixels worked out by hand from the PNG
// specification's filter definitions; random images through every filter and split over several
// IDAT chunks; every refused kind of file; and the background share of drawn and blank rectangles.

#include <doctest/doctest.h>
#include <zlib.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "browser/png_image.hpp"

using alchemy::browser::decode_png;
using alchemy::browser::non_background_share;
using alchemy::browser::PixelRect;
using alchemy::browser::PngError;
using alchemy::browser::RgbImage;

namespace {

void put32(std::string& s, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    s += static_cast<char>((v >> shift) & 0xff);
}

void chunk(std::string& png, const std::string& type, const std::string& body) {
  put32(png, static_cast<std::uint32_t>(body.size()));
  std::string typed = type + body;
  png += typed;
  put32(png, static_cast<std::uint32_t>(
                 crc32(0, reinterpret_cast<const Bytef*>(typed.data()), typed.size())));
}

struct Header {
  std::uint32_t width = 1, height = 1;
  int depth = 8, colour = 2, interlace = 0;
};

// A PNG file around `scanlines` (each row: its filter byte, then the filtered bytes), deflated and
// cut into `idat_chunks` IDAT chunks of about equal size; `extra_type` names a chunk (with an
// empty body) put between IHDR and the first IDAT.
std::string make_png(const Header& h, const std::vector<std::uint8_t>& scanlines,
                     int idat_chunks = 1, const std::string& extra_type = "") {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  put32(ihdr, h.width);
  put32(ihdr, h.height);
  ihdr += static_cast<char>(h.depth);
  ihdr += static_cast<char>(h.colour);
  ihdr += std::string(2, '\0');  // compression, filter method
  ihdr += static_cast<char>(h.interlace);
  chunk(png, "IHDR", ihdr);
  if (!extra_type.empty()) chunk(png, extra_type, "");
  uLongf size = compressBound(scanlines.size());
  std::string z(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(z.data()), &size, scanlines.data(), scanlines.size(),
                    9) == Z_OK);
  z.resize(size);
  const std::size_t piece = (z.size() + idat_chunks - 1) / idat_chunks;
  for (std::size_t at = 0; at < z.size(); at += piece)
    chunk(png, "IDAT", z.substr(at, piece));
  chunk(png, "IEND", "");
  return png;
}

std::vector<int> pixel(const RgbImage& im, std::uint32_t x, std::uint32_t y) {
  const std::uint8_t* p = im.pixel(x, y);
  return {p[0], p[1], p[2]};
}

int paeth_predictor(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

// The encoder side of the filters (PNG spec §9.2), to round-trip random images.
std::vector<std::uint8_t> filter_rows(const std::vector<std::uint8_t>& raw, std::size_t stride,
                                      std::size_t bpp, const std::vector<int>& filters) {
  std::vector<std::uint8_t> out;
  const std::size_t rows = raw.size() / stride;
  for (std::size_t y = 0; y < rows; ++y) {
    const int f = filters[y % filters.size()];
    out.push_back(static_cast<std::uint8_t>(f));
    for (std::size_t i = 0; i < stride; ++i) {
      const int x = raw[y * stride + i];
      const int a = i >= bpp ? raw[y * stride + i - bpp] : 0;
      const int b = y > 0 ? raw[(y - 1) * stride + i] : 0;
      const int c = (y > 0 && i >= bpp) ? raw[(y - 1) * stride + i - bpp] : 0;
      const int pred = f == 0   ? 0
                       : f == 1 ? a
                       : f == 2 ? b
                       : f == 3 ? (a + b) / 2
                                : paeth_predictor(a, b, c);
      out.push_back(static_cast<std::uint8_t>(x - pred));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("filters None, Sub, Up and Average decode to the hand-computed pixels") {
  // 2 pixels wide, RGB, one filter per row; the sums wrap modulo 256 where marked.
  const std::vector<std::uint8_t> rows = {
      0, 60,  100, 10, 20,  60, 200,  // None: (60,100,10) (20,60,200)
      1, 200, 0,   5,  100, 1,  2,    // Sub: (200,0,5) (200+100=300→44, 1, 7)
      2, 1,   1,   1,  250, 0,  0,    // Up: (201,1,6) (44+250=294→38, 1, 7)
      3, 5,   5,   5,  1,   2,  3,  // Average: (⌊201/2⌋+5, ⌊1/2⌋+5, ⌊6/2⌋+5) = (105,5,8);
                                    // (⌊(105+38)/2⌋+1, ⌊(5+1)/2⌋+2, ⌊(8+7)/2⌋+3) = (72,5,10)
  };
  const RgbImage im = decode_png(make_png({2, 4, 8, 2, 0}, rows));
  CHECK(im.width == 2);
  CHECK(im.height == 4);
  CHECK(pixel(im, 0, 0) == std::vector<int>{60, 100, 10});
  CHECK(pixel(im, 1, 0) == std::vector<int>{20, 60, 200});
  CHECK(pixel(im, 0, 1) == std::vector<int>{200, 0, 5});
  CHECK(pixel(im, 1, 1) == std::vector<int>{44, 1, 7});
  CHECK(pixel(im, 0, 2) == std::vector<int>{201, 1, 6});
  CHECK(pixel(im, 1, 2) == std::vector<int>{38, 1, 7});
  CHECK(pixel(im, 0, 3) == std::vector<int>{105, 5, 8});
  CHECK(pixel(im, 1, 3) == std::vector<int>{72, 5, 10});
}

TEST_CASE("the Paeth filter picks left, up and up-left as the specification says") {
  // Row 1, pixel 1: red has left 100, up 20, up-left 60 → p = 60, nearest is up-left (60);
  // green has left 50, up 60, up-left 100 → p = 10, nearest is left (50); blue has left 10,
  // up 200, up-left 10 → p = 200, nearest is up (200). Row 1, pixel 0 has no left: up is taken,
  // and green wraps (206 + 100 = 306 → 50).
  const std::vector<std::uint8_t> rows = {
      0, 60, 100, 10, 20, 60, 200,  // (60,100,10) (20,60,200)
      4, 40, 206, 0,  7,  7,  7,    // (100,50,10) (60+7, 50+7, 200+7)
  };
  const RgbImage im = decode_png(make_png({2, 2, 8, 2, 0}, rows));
  CHECK(pixel(im, 0, 1) == std::vector<int>{100, 50, 10});
  CHECK(pixel(im, 1, 1) == std::vector<int>{67, 57, 207});
}

TEST_CASE("random RGB and RGBA images round-trip through every filter and split IDATs") {
  std::mt19937 rng(20251205);
  for (int colour : {2, 6}) {
    const std::size_t bpp = colour == 2 ? 3 : 4;
    const std::uint32_t w = 37, h = 23;
    std::vector<std::uint8_t> raw(w * h * bpp);
    for (auto& b : raw)
      b = static_cast<std::uint8_t>(rng());
    if (colour == 6)
      for (std::size_t i = 3; i < raw.size(); i += 4)
        raw[i] = 255;  // opaque: RGB unchanged
    const auto rows = filter_rows(raw, w * bpp, bpp, {0, 1, 2, 3, 4});
    for (int pieces : {1, 3, 7}) {
      const RgbImage im = decode_png(make_png({w, h, 8, colour, 0}, rows, pieces));
      REQUIRE(im.rgb.size() == w * h * 3);
      bool same = true;
      for (std::size_t p = 0; p < w * h; ++p)
        for (std::size_t ch = 0; ch < 3; ++ch)
          same = same && im.rgb[p * 3 + ch] == raw[p * bpp + ch];
      CHECK_MESSAGE(same, "colour type ", colour, ", ", pieces, " IDAT chunks");
    }
  }
}

TEST_CASE("ancillary chunks and an RGB image's suggested palette are skipped") {
  const std::vector<std::uint8_t> one_pixel = {0, 1, 2, 3};
  const std::vector<int> expected = {1, 2, 3};
  for (const char* type : {"tEXt", "gAMA", "PLTE"}) {
    const RgbImage im = decode_png(make_png({1, 1, 8, 2, 0}, one_pixel, 1, type));
    CHECK_MESSAGE(pixel(im, 0, 0) == expected, type);
  }
}

TEST_CASE("RGBA is composited over white") {
  // (0,0,0) at alpha 0 is background; at alpha 255 black; (100,200,50) at alpha 128:
  // round((c·128 + 255·127)/255) = round(177.2, 227.4, 152.1) = (177, 227, 152).
  const std::vector<std::uint8_t> rows = {0, 0, 0, 0, 0, 0, 0, 0, 255, 100, 200, 50, 128};
  const RgbImage im = decode_png(make_png({3, 1, 8, 6, 0}, rows));
  CHECK(pixel(im, 0, 0) == std::vector<int>{255, 255, 255});
  CHECK(pixel(im, 1, 0) == std::vector<int>{0, 0, 0});
  CHECK(pixel(im, 2, 0) == std::vector<int>{177, 227, 152});
}

TEST_CASE("files it cannot read are refused, saying why") {
  const std::vector<std::uint8_t> one_pixel = {0, 1, 2, 3};
  const std::string good = make_png({1, 1, 8, 2, 0}, one_pixel);
  CHECK_THROWS_WITH_AS(decode_png("GIF89a"), "not a PNG file (no PNG signature)", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 8, 2, 1}, one_pixel)),
                       "interlaced (Adam7) PNG is not supported", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 16, 2, 0}, one_pixel)),
                       "bit depth 16 is not supported (only 8)", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 8, 3, 0}, one_pixel)),
                       "colour type 3 is not supported (only 2, RGB, and 6, RGBA)", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 8, 0, 0}, one_pixel)),
                       "colour type 0 is not supported (only 2, RGB, and 6, RGBA)", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 2, 8, 2, 0}, one_pixel)),
                       "the image data holds 4 bytes, the header says 8", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 8, 2, 0}, {0, 1, 2, 3, 4})),
                       "the image data holds more than 4 bytes, the header says 4", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 8, 2, 0}, {5, 1, 2, 3})),
                       "scanline 0 has filter type 5 (0-4 exist)", PngError);
  CHECK_THROWS_WITH_AS(decode_png(make_png({1, 1, 8, 2, 0}, one_pixel, 1, "ZZZZ")),
                       "critical chunk ZZZZ is not supported", PngError);
  std::string foreign_first("\x89PNG\r\n\x1a\n", 8);
  chunk(foreign_first, std::string("\x01\xff", 2) + "AB", "");
  CHECK_THROWS_WITH_AS(decode_png(foreign_first), "the first chunk is \\x01\\xffAB, not IHDR",
                       PngError);
  std::string bad_crc = good;
  bad_crc[8 + 8 + 3] ^= 1;  // a byte of IHDR's width
  CHECK_THROWS_WITH_AS(decode_png(bad_crc), "chunk IHDR at byte 8 fails its CRC", PngError);
  CHECK_THROWS_WITH_AS(decode_png(good.substr(0, good.size() - 12)),
                       "no IEND chunk: the file is truncated", PngError);
  const std::string truncated = "truncated chunk at byte " + std::to_string(good.size() - 12);
  CHECK_THROWS_WITH_AS(decode_png(good.substr(0, good.size() - 5)), truncated.c_str(), PngError);
}

TEST_CASE("the non-background share of drawn, faint and blank rectangles") {
  // 4x2 RGB: row 0 white, near-white (247 = 255 − 8, within the tolerance), black, red;
  // row 1 all white.
  std::vector<std::uint8_t> rows = {0, 255, 255, 255, 247, 247, 247, 0,   0,   0,   255, 0,   0,
                                    0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
  const RgbImage im = decode_png(make_png({4, 2, 8, 2, 0}, rows));
  CHECK(non_background_share(im, {0, 0, 4, 2}) == doctest::Approx(2.0 / 8));
  CHECK(non_background_share(im, {2, 0, 2, 1}) == doctest::Approx(1.0));
  CHECK(non_background_share(im, {0, 0, 2, 2}) == 0.0);  // white and near-white only: blank
  CHECK(non_background_share(im, {0, 1, 4, 1}) == 0.0);  // the blank row
  rows[4] = 246;                                         // one step past the tolerance
  CHECK(non_background_share(decode_png(make_png({4, 2, 8, 2, 0}, rows)), {1, 0, 1, 1}) == 1.0);
  CHECK_THROWS_WITH_AS(non_background_share(im, {3, 0, 2, 1}),
                       "the rectangle 3,0,2,1 does not lie within the 4x2 image", PngError);
  CHECK_THROWS_WITH_AS(non_background_share(im, {0, 0, 0, 1}), "the rectangle is empty", PngError);
}
