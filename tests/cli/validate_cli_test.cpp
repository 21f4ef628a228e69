// `alchemy validate` end to end with the built binary: exit codes, messages with
// file:line:column, and that it writes nothing (its working directory stays empty).

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string kData = std::string(ALCHEMY_SOURCE_DIR) + "/tests/data/config/";

struct Result {
  int code = -1;
  std::string out;
  std::string err;
  bool wrote_nothing = false;  // the working directory was empty afterwards
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `alchemy validate args...` in a fresh empty directory; output goes to files outside it.
Result validate(const std::vector<std::string>& args) {
  static int serial = 0;
  const fs::path root = fs::path(ALCHEMY_TEST_TMP) / "validate_cli";
  // Named by process too: ctest runs test cases in parallel processes that share `root`.
  const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(++serial);
  const fs::path cwd = root / ("cwd-" + tag);
  fs::remove_all(cwd);
  fs::create_directories(cwd);
  const fs::path out = root / ("out-" + tag + ".txt");
  const fs::path err = root / ("err-" + tag + ".txt");
  std::string cmd = "cd " + quoted(cwd.string()) + " && " + quoted(ALCHEMY_BINARY) + " validate";
  for (const auto& a : args)
    cmd += " " + quoted(a);
  cmd += " >" + quoted(out.string()) + " 2>" + quoted(err.string());
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  r.wrote_nothing = fs::is_empty(cwd);
  return r;
}

}  // namespace

TEST_CASE("validate: a bad file exits 2 with file:line:column and writes nothing") {
  const Result r = validate({kData + "err_unknown_key.yaml"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK(r.err.find("err_unknown_key.yaml:5:7: key 'firms.openai.revenue.growht': unknown key "
                   "'growht' in 'firms[].revenue'; did you mean 'growth'?") != std::string::npos);
  CHECK(r.wrote_nothing);

  const Result syntax = validate({kData + "err_yaml_syntax.yaml"});
  CHECK(syntax.code == 2);
  CHECK(syntax.err.find("err_yaml_syntax.yaml:5:1: YAML syntax error") != std::string::npos);
  CHECK(syntax.wrote_nothing);

  const Result missing = validate({kData + "no_such_scenario.yaml"});
  CHECK(missing.code == 2);
  CHECK(missing.err.find("no_such_scenario.yaml: cannot read the file") != std::string::npos);
}

TEST_CASE("validate: a good file explains what it contains and exits 0") {
  const Result r = validate({kData + "valid.yaml"});
  CHECK(r.code == 0);
  // The fixture's prices are placeholders (NVIDIA at 1 USD): validate warns, line by line, about
  // starting prices far from the firms' model values, and nothing else.
  CHECK(r.err.find("warning: firms.nvidia.price: the starting price 1 USD") == 0);
  std::size_t line = 0;
  while (line < r.err.size()) {
    CHECK(r.err.compare(line, 15, "warning: firms.") == 0);
    line = r.err.find('\n', line) + 1;
  }
  CHECK(r.out.find("scenario   valid") != std::string::npos);
  CHECK(r.out.find("period     2025-01-01 to 2029-12-31, step 1w: 261 ticks") != std::string::npos);
  CHECK(r.out.find("firms      3: 1 chipmaker, 1 cloud, 1 lab") != std::string::npos);
  CHECK(r.out.find("contracts  2: 1 equity_investment (100.00 B), 1 lease (300.00 B)") !=
        std::string::npos);
  CHECK(r.out.find("2026-06-30 revenue_growth openai 0.2 (annual rate)") != std::string::npos);
  CHECK(r.out.find("ok: the scenario is valid") != std::string::npos);
  CHECK(r.wrote_nothing);
}

TEST_CASE("validate: --set overrides, before or after the scenario, and their errors") {
  const Result r = validate({"--set", "step=1m", kData + "valid.yaml", "--set", "seed=3"});
  CHECK(r.code == 0);
  CHECK(r.out.find("step 1m: 60 ticks") != std::string::npos);

  const Result bad = validate({kData + "valid.yaml", "--set", "market.sentiment.volatilty=0.3"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("error: <command line>: key 'market.sentiment.volatilty': unknown key "
                     "'volatilty' in 'market.sentiment'; did you mean 'volatility'?") !=
        std::string::npos);
  CHECK(bad.wrote_nothing);
}

TEST_CASE("validate: --print-reference needs no scenario, neither is an error") {
  const Result r = validate({"--print-reference"});
  CHECK(r.code == 0);
  CHECK(r.out.find("### `firms[].revenue`") != std::string::npos);
  CHECK(r.wrote_nothing);

  const Result none = validate({});
  CHECK(none.code == 2);
  CHECK(none.err.find("needs a SCENARIO") != std::string::npos);
}
