#include "sim/output/summary_file.hpp"

#include <cerrno>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

#include "sim/folder/manifest.hpp"
#include "sim/folder/output_dir.hpp"
#include "sim/folder/sha256.hpp"

namespace alchemy {

namespace fs = std::filesystem;

void write_summary_file(const fs::path& dir, const std::string& text) {
  const fs::path file = dir / kSummaryFileName;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out)
    throw std::system_error(errno ? errno : EIO, std::generic_category(),
                            "cannot write " + file.string());
}

namespace {

[[noreturn]] void refuse(const fs::path& dir, const std::string& why) {
  throw OutputDirError(dir.string() + ": " + why);
}

nlohmann::json read_manifest(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) refuse(dir, "not a folder");
  const fs::path file = dir / kManifestFileName;
  std::ifstream in(file, std::ios::binary);
  if (!in) refuse(dir, "not a run folder (no manifest.json; `alchemy run … --out DIR` writes one)");
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    refuse(dir, "not a run folder (manifest.json is not a JSON object)");
  if (j.contains("sweep_file"))
    refuse(dir,
           "a sweep's folder, not a run's: a sweep has no run summary (its results are runs.csv "
           "and summary.csv)");
  if (!j.contains("scenario_sha256") || !j.contains("event_schema_version") ||
      !j.contains("files") || !j["files"].is_object())
    refuse(dir, "not a run folder (manifest.json is not an alchemy run's manifest)");
  return j;
}

}  // namespace

std::string read_summary_file(const fs::path& dir) {
  const nlohmann::json m = read_manifest(dir);
  const auto& files = m["files"];
  if (!files.contains(kSummaryFileName)) {
    const std::string status = m.value("status", std::string());
    if (status == "failed")
      refuse(dir, "the run failed (" + m.value("reason", std::string("no reason recorded")) +
                      "), so it has no summary");
    refuse(dir, "this run was written by alchemy " + m.value("alchemy_version", std::string("?")) +
                    ", before runs kept their summary (summary.txt); run it again to get one");
  }
  const fs::path file = dir / kSummaryFileName;
  std::ifstream in(file, std::ios::binary);
  if (!in) refuse(dir, "summary.txt is listed in manifest.json but missing");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto& listed = files[kSummaryFileName];
  if (listed.value("bytes", std::uint64_t{0}) != text.size() ||
      listed.value("sha256", std::string()) != sha256_hex(text))
    refuse(dir,
           "summary.txt differs from what the run wrote (its size or SHA-256 is not the "
           "manifest's)");
  return text;
}

}  // namespace alchemy
