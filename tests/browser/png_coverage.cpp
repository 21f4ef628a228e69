// png_coverage FILE.png X,Y,W,H [X,Y,W,H ...]
// For each rectangle (pixels of the screenshot), prints "X,Y,W,H SHARE": the share of its pixels
// that differ from the white page background (png_image.hpp). tools/render-report calls it on each
// chart's rectangle of a report's screenshot. Exit 2, with the file and the reason, when the file
// is not a PNG it can read or a rectangle is malformed or outside the image.

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "png_image.hpp"

namespace {

bool parse_rect(const std::string& text, alchemy::browser::PixelRect& r) {
  unsigned long v[4];
  std::size_t at = 0;
  for (int i = 0; i < 4; ++i) {
    if (at >= text.size() || text[at] < '0' || text[at] > '9') return false;
    std::size_t used = 0;
    try {
      v[i] = std::stoul(text.substr(at), &used);
    } catch (const std::exception&) {
      return false;
    }
    if (v[i] > 1'000'000) return false;
    at += used;
    if (i < 3) {
      if (at >= text.size() || text[at] != ',') return false;
      ++at;
    }
  }
  if (at != text.size()) return false;
  r = {static_cast<std::uint32_t>(v[0]), static_cast<std::uint32_t>(v[1]),
       static_cast<std::uint32_t>(v[2]), static_cast<std::uint32_t>(v[3])};
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: png_coverage FILE.png X,Y,W,H [X,Y,W,H ...]\n");
    return 2;
  }
  const std::string path = argv[1];
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "png_coverage: %s: cannot open\n", path.c_str());
    return 2;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const alchemy::browser::RgbImage image = alchemy::browser::decode_png(bytes);
    for (int i = 2; i < argc; ++i) {
      alchemy::browser::PixelRect r;
      if (!parse_rect(argv[i], r)) {
        std::fprintf(stderr, "png_coverage: rectangle '%s' is not X,Y,W,H (whole pixels)\n",
                     argv[i]);
        return 2;
      }
      std::printf("%s %.4f\n", argv[i], alchemy::browser::non_background_share(image, r));
    }
  } catch (const alchemy::browser::PngError& e) {
    std::fprintf(stderr, "png_coverage: %s: %s\n", path.c_str(), e.what());
    return 2;
  }
  return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : 3;
}
