// The sweep report's cost against the sweep's: alternately, in one run, a sweep (the alchemy
// binary, as a user runs it) and the report of the folder it wrote (write_sweep_report in a
// forked child, which is all `alchemy report SWEEP_DIR` does after reading its flags), each
// measured as the CPU time (user + system, all threads) its process used (wait4). Prints every
// round, then best and median of each and the ratio report / sweep; the target is ≤ 0.2.
//
//   build/tools/bench/sweep_report_cpu [SWEEP_FILE [ROUNDS]]
//     SWEEP_FILE  default configs/sweeps/openai_growth_sentiment.yaml (200 runs), from the source
//     ROUNDS      default 5
// Not part of the test suite (tools/bench/run runs it).

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/report/sweep_report.hpp"

namespace fs = std::filesystem;

namespace {

double cpu_seconds(const rusage& u) {
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Waits for `pid`; its CPU seconds, or exits when it failed.
double wait_cpu(pid_t pid, const char* what) {
  int status = 0;
  rusage u{};
  if (::wait4(pid, &status, 0, &u) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "sweep_report_cpu: %s failed (status %d)\n", what, status);
    std::exit(1);
  }
  return cpu_seconds(u);
}

double sweep_cpu(const fs::path& alchemy, const std::string& sweep, const fs::path& out) {
  std::fflush(stdout);  // or the child would print our buffered lines again
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<std::string> args{alchemy.string(), "sweep",   sweep,    "--out",
                                  out.string(),     "--force", "--quiet"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    if (!std::freopen("/dev/null", "w", stdout)) ::_exit(126);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return wait_cpu(pid, "the sweep");
}

double report_cpu(const fs::path& folder) {
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      alchemy::write_sweep_report(folder, alchemy::SweepReportOptions{});
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ::_exit(1);
    }
    ::_exit(0);
  }
  return wait_cpu(pid, "the report");
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path source = ALCHEMY_SOURCE_DIR;
  const std::string sweep =
      argc > 1 ? argv[1] : (source / "configs/sweeps/openai_growth_sentiment.yaml").string();
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  // build/tools/bench/sweep_report_cpu → build/alchemy
  const fs::path alchemy = fs::read_symlink("/proc/self/exe").parent_path() / "../../alchemy";
  if (!fs::exists(alchemy) || rounds < 1) {
    std::fprintf(stderr, "usage: sweep_report_cpu [SWEEP_FILE [ROUNDS]] (needs %s)\n",
                 alchemy.c_str());
    return 2;
  }
  const fs::path tmp =
      fs::temp_directory_path() / ("sweep_report_cpu-" + std::to_string(::getpid()));
  fs::create_directories(tmp);
  const fs::path out = tmp / "sweep";
  std::vector<double> s, r;
  std::printf("%s, %d rounds: CPU seconds (user + system)\nround  sweep  report  ratio\n",
              sweep.c_str(), rounds);
  for (int i = 0; i < rounds; ++i) {
    s.push_back(sweep_cpu(alchemy, sweep, out));
    r.push_back(report_cpu(out));
    std::printf("%5d  %5.3f  %6.3f  %5.3f\n", i + 1, s.back(), r.back(), r.back() / s.back());
  }
  const auto page = fs::file_size(out / "report.html");
  std::printf("best    %5.3f  %6.3f  %5.3f\nmedian  %5.3f  %6.3f  %5.3f\nreport.html: %ju bytes\n",
              *std::min_element(s.begin(), s.end()), *std::min_element(r.begin(), r.end()),
              *std::min_element(r.begin(), r.end()) / *std::min_element(s.begin(), s.end()),
              median(s), median(r), median(r) / median(s), static_cast<std::uintmax_t>(page));
  fs::remove_all(tmp);
  return 0;
}
