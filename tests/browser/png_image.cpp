#include "png_image.hpp"

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <cstring>

namespace alchemy::browser {

namespace {

constexpr std::array<std::uint8_t, 8> kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

// Chromium's full-page screenshots are at most a few thousand pixels square; the cap only keeps a
// corrupt header from asking for gigabytes.
constexpr std::uint64_t kMaxPixels = std::uint64_t{1} << 28;

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

// A chunk's type for a message: its four letters, or \xNN for any byte that is not a letter (a
// corrupt file's bytes are not text).
std::string chunk_name(const std::string& type) {
  std::string name;
  for (unsigned char c : type) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      name += static_cast<char>(c);
    } else {
      constexpr char kHex[] = "0123456789abcdef";
      name += "\\x";
      name += kHex[c >> 4];
      name += kHex[c & 15];
    }
  }
  return name;
}

// The whole zlib stream must inflate to exactly `expected` bytes: shorter or longer means the
// header and the data disagree.
std::vector<std::uint8_t> inflate_exact(const std::vector<std::uint8_t>& compressed,
                                        std::size_t expected) {
  std::vector<std::uint8_t> out(expected + 1);  // one spare byte detects excess data
  z_stream z{};
  if (inflateInit(&z) != Z_OK) throw PngError("zlib: inflateInit failed");
  z.next_in = const_cast<Bytef*>(compressed.data());
  z.avail_in = static_cast<uInt>(compressed.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const std::size_t produced = out.size() - z.avail_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced == out.size()))
    throw PngError(std::string("the image data does not inflate: ") +
                   (z.msg ? z.msg : "truncated or corrupt zlib stream"));
  if (produced != expected)
    throw PngError(
        "the image data holds " +
        (produced > expected ? "more than " + std::to_string(expected) : std::to_string(produced)) +
        " bytes, the header says " + std::to_string(expected));
  out.resize(expected);
  return out;
}

int paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  if (pb <= pc) return b;
  return c;
}

// Reverses the per-scanline filters in place (PNG spec §9.2); `bpp` bytes per pixel.
void unfilter(std::vector<std::uint8_t>& data, std::uint32_t width, std::uint32_t height,
              std::size_t bpp, std::vector<std::uint8_t>& pixels) {
  const std::size_t stride = static_cast<std::size_t>(width) * bpp;
  pixels.assign(stride * height, 0);
  for (std::uint32_t y = 0; y < height; ++y) {
    const std::uint8_t filter = data[y * (stride + 1)];
    const std::uint8_t* in = &data[y * (stride + 1) + 1];
    std::uint8_t* row = &pixels[y * stride];
    const std::uint8_t* up = y > 0 ? &pixels[(y - 1) * stride] : nullptr;
    if (filter > 4)
      throw PngError("scanline " + std::to_string(y) + " has filter type " +
                     std::to_string(filter) + " (0-4 exist)");
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= bpp ? row[i - bpp] : 0;
      const int b = up ? up[i] : 0;
      const int c = (up && i >= bpp) ? up[i - bpp] : 0;
      int predictor = 0;
      switch (filter) {
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4:
          predictor = paeth(a, b, c);
          break;
        default:
          break;
      }
      row[i] = static_cast<std::uint8_t>(in[i] + predictor);
    }
  }
}

}  // namespace

RgbImage decode_png(std::string_view bytes) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t n = bytes.size();
  if (n < kSignature.size() || std::memcmp(p, kSignature.data(), kSignature.size()) != 0)
    throw PngError("not a PNG file (no PNG signature)");

  RgbImage image;
  std::size_t bpp = 0;
  bool seen_header = false, seen_end = false;
  std::vector<std::uint8_t> compressed;
  std::size_t at = kSignature.size();
  while (at < n && !seen_end) {
    if (n - at < 12) throw PngError("truncated chunk at byte " + std::to_string(at));
    const std::uint32_t length = be32(p + at);
    if (length > n - at - 12)
      throw PngError("chunk at byte " + std::to_string(at) + " runs past the end of the file");
    const std::string type(reinterpret_cast<const char*>(p + at + 4), 4);
    const std::string name = chunk_name(type);
    const std::uint8_t* body = p + at + 8;
    const std::uint32_t crc = be32(body + length);
    if (crc32(crc32(0, p + at + 4, 4), body, length) != crc)
      throw PngError("chunk " + name + " at byte " + std::to_string(at) + " fails its CRC");
    if (!seen_header && type != "IHDR") throw PngError("the first chunk is " + name + ", not IHDR");
    if (type == "IHDR") {
      if (seen_header) throw PngError("a second IHDR chunk");
      if (length != 13) throw PngError("IHDR is " + std::to_string(length) + " bytes, not 13");
      seen_header = true;
      image.width = be32(body);
      image.height = be32(body + 4);
      const int depth = body[8], colour = body[9];
      if (image.width == 0 || image.height == 0)
        throw PngError("the image is " + std::to_string(image.width) + "x" +
                       std::to_string(image.height));
      if (std::uint64_t{image.width} * image.height > kMaxPixels)
        throw PngError("the image is too large: " + std::to_string(image.width) + "x" +
                       std::to_string(image.height));
      if (depth != 8)
        throw PngError("bit depth " + std::to_string(depth) + " is not supported (only 8)");
      if (colour == 2) {
        bpp = 3;
      } else if (colour == 6) {
        bpp = 4;
      } else {
        throw PngError("colour type " + std::to_string(colour) +
                       " is not supported (only 2, RGB, and 6, RGBA)");
      }
      if (body[10] != 0 || body[11] != 0)
        throw PngError("unknown compression or filter method in IHDR");
      if (body[12] != 0) throw PngError("interlaced (Adam7) PNG is not supported");
    } else if (type == "IDAT") {
      compressed.insert(compressed.end(), body, body + length);
    } else if (type == "IEND") {
      seen_end = true;
    } else if (type == "PLTE") {
      // In an RGB or RGBA image a palette is only a suggestion for displays with few colours.
    } else if ((type[0] & 0x20) == 0) {
      // Upper-case first letter: a critical chunk, which a reader must understand; ancillary
      // chunks (text, gamma, physical size) do not change the pixels' values and are skipped.
      throw PngError("critical chunk " + name + " is not supported");
    }
    at += std::size_t{length} + 12;
  }
  if (!seen_end) throw PngError("no IEND chunk: the file is truncated");
  if (compressed.empty()) throw PngError("no IDAT chunk");

  const std::size_t stride = static_cast<std::size_t>(image.width) * bpp;
  std::vector<std::uint8_t> data = inflate_exact(compressed, (stride + 1) * image.height);
  std::vector<std::uint8_t> pixels;
  unfilter(data, image.width, image.height, bpp, pixels);

  if (bpp == 3) {
    image.rgb = std::move(pixels);
  } else {
    image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    for (std::size_t i = 0, o = 0; i < pixels.size(); i += 4, o += 3) {
      const int alpha = pixels[i + 3];
      for (int ch = 0; ch < 3; ++ch)  // over white, rounded to nearest
        image.rgb[o + ch] =
            static_cast<std::uint8_t>((pixels[i + ch] * alpha + 255 * (255 - alpha) + 127) / 255);
    }
  }
  return image;
}

double non_background_share(const RgbImage& image, const PixelRect& r) {
  if (r.width == 0 || r.height == 0) throw PngError("the rectangle is empty");
  if (std::uint64_t{r.x} + r.width > image.width || std::uint64_t{r.y} + r.height > image.height)
    throw PngError("the rectangle " + std::to_string(r.x) + "," + std::to_string(r.y) + "," +
                   std::to_string(r.width) + "," + std::to_string(r.height) +
                   " does not lie within the " + std::to_string(image.width) + "x" +
                   std::to_string(image.height) + " image");
  std::uint64_t drawn = 0;
  for (std::uint32_t y = r.y; y < r.y + r.height; ++y) {
    for (std::uint32_t x = r.x; x < r.x + r.width; ++x) {
      const std::uint8_t* px = image.pixel(x, y);
      if (255 - px[0] > kBackgroundTolerance || 255 - px[1] > kBackgroundTolerance ||
          255 - px[2] > kBackgroundTolerance)
        ++drawn;
    }
  }
  return static_cast<double>(drawn) / (static_cast<double>(r.width) * r.height);
}

}  // namespace alchemy::browser
