#include "sim/output/run_outputs.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace alchemy {

namespace fs = std::filesystem;

std::string OutputFormats::str() const {
  std::string s;
  const std::pair<bool, const char*> all[] = {{jsonl, "jsonl"}, {csv, "csv"}, {sqlite, "sqlite"}};
  for (const auto& [on, name] : all) {
    if (!on) continue;
    if (!s.empty()) s += ',';
    s += name;
  }
  return s;
}

OutputFormats parse_output_formats(std::string_view list) {
  OutputFormats f{false, false, false};
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string_view item = list.substr(start, comma - start);
    bool* flag = item == "jsonl"    ? &f.jsonl
                 : item == "csv"    ? &f.csv
                 : item == "sqlite" ? &f.sqlite
                                    : nullptr;
    if (!flag) {
      throw std::invalid_argument("unknown format '" + std::string(item) + "' in '" +
                                  std::string(list) +
                                  "': expected a comma list of jsonl, csv and sqlite");
    }
    if (*flag) throw std::invalid_argument("format '" + std::string(item) + "' given twice");
    *flag = true;
    start = comma + 1;
  }
  return f;
}

RunOutputs::RunOutputs(const fs::path& dir, OutputFormats formats, SqliteRunInfo sqlite_info,
                       const OutputContinuation* cont, bool network)
    : dir_(dir), formats_(formats) {
  std::vector<std::string> names;
  if (formats.jsonl) names.emplace_back("events.jsonl");
  if (formats.csv) {
    names.emplace_back("series.csv");
    names.emplace_back("market.csv");
    names.emplace_back("loops.csv");
    if (network) names.emplace_back("network.csv");
  }
  for (const std::string& name : names) {
    TextFile f{name, dir / name, 0, Sha256(), 0, false};
    if (cont) {
      const OutputPrefix* p = nullptr;
      for (const auto& q : cont->prefixes) {
        if (q.name == name) p = &q;
      }
      if (!p) throw PrefixError("the checkpoint's run wrote no " + name);
      f.base = copy_prefix(cont->parent_dir / name, dir / name, *p);
      f.base_bytes = p->bytes;
      f.continued = true;
      f.written = dir / (".tail-" + name);
      if (name == "series.csv") f.skip = std::strlen(kSeriesCsvHeader);
      if (name == "market.csv") f.skip = std::strlen(kMarketCsvHeader);
      if (name == "loops.csv") f.skip = std::strlen(kLoopsCsvHeader);
      if (name == "network.csv") f.skip = std::strlen(kNetworkCsvHeader);
    }
    files_.push_back(std::move(f));
  }
  const auto written = [&](const char* name) {
    for (const auto& f : files_) {
      if (f.name == name) return f.written;
    }
    return dir / name;
  };
  if (formats.jsonl) jsonl_.emplace(written("events.jsonl"));
  if (formats.csv) {
    csv_.emplace(written("series.csv"), written("market.csv"));
    loops_.emplace(written("loops.csv"));
    if (network) network_.emplace(written("network.csv"));
  }
  if (formats.sqlite) {
    const fs::path db = dir / kSqliteFileName;
    std::optional<SqliteContinuation> sc;
    if (cont) {
      const fs::path from = cont->parent_dir / kSqliteFileName;
      std::error_code ec;
      if (!fs::is_regular_file(from, ec)) throw PrefixError(from.string() + ": not found");
      fs::copy_file(from, db, fs::copy_options::overwrite_existing);
      sc = cont->sqlite;
      const std::string problem = sqlite_continuation_problem(db, *sc);
      if (!problem.empty()) throw PrefixError(from.string() + ": " + problem);
    }
    sqlite_.emplace(db, std::move(sqlite_info), sc);
  }
}

void RunOutputs::add_to(FanoutSink& sink) {
  if (jsonl_) sink.add(&*jsonl_);
  if (csv_) sink.add(&*csv_);
  if (loops_) sink.add(&*loops_);
  if (sqlite_) sink.add(&*sqlite_);
}

void RunOutputs::flush() {
  if (jsonl_) jsonl_->finish(true);  // JsonlWriter::finish only flushes
  if (csv_) csv_->finish(true);      // likewise
  if (loops_) loops_->finish(true);  // likewise
  if (network_) network_->flush();
  if (sqlite_) sqlite_->flush();
}

void RunOutputs::close() {
  if (closed_) return;
  closed_ = true;
  if (jsonl_) jsonl_->close();
  if (csv_) csv_->close();
  if (loops_) loops_->close();
  if (network_) network_->close();
  if (sqlite_) sqlite_->close();
  for (const TextFile& f : files_) {
    if (f.continued) append_file(f.written, f.skip, dir_ / f.name);
  }
}

std::vector<FollowedFile> RunOutputs::followed_files() const {
  std::vector<FollowedFile> out;
  for (const TextFile& f : files_)
    out.emplace_back(f.name, f.written, f.skip, f.base, f.base_bytes);
  return out;
}

}  // namespace alchemy
