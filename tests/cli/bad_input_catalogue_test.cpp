// The catalogue of bad inputs (tests/data/bad/*.tsv): every case is a command a user could type,
// with the exit code and the words its message must hold. One test case per file, so each area
// (scenarios, sweeps, networks, checkpoints, options, output locations) is its own ctest entry.
//
// A line is `exit <TAB> message <TAB> command [<TAB> check]`; `#` starts a comment line.
//   exit     the exit code expected (2: bad input; see README "Exit codes")
//   message  a piece of stderr that must appear in it (the located message, the key, ...)
//   command  a bash script run from the repository root (so messages name files as a user there
//            sees them), whose last command is alchemy; $A is the binary and $T a fresh empty
//            folder for whatever the case writes, e.g. `$A run tests/data/config/x.yaml --out $T/o`
//   check    optional bash that must succeed afterwards, e.g. `test ! -e $T/o` (nothing written)
// Every case also asserts what no bad input may do: print "internal error", or die by a signal.

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Case {
  int line = 0;
  int exit = 0;
  std::string message;
  std::string command;
  std::string check;
};

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (true) {
    const std::size_t tab = s.find('\t', from);
    out.push_back(s.substr(from, tab - from));
    if (tab == std::string::npos) return out;
    from = tab + 1;
  }
}

std::vector<Case> read_catalogue(const fs::path& file) {
  std::ifstream in(file);
  REQUIRE_MESSAGE(in.good(), "cannot read ", file.string());
  std::vector<Case> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto cols = split_tabs(line);
    INFO(file.string(), ":", n, ": ", line);
    REQUIRE_MESSAGE((cols.size() == 3 || cols.size() == 4),
                    "expected 3 or 4 tab-separated columns");
    Case c;
    c.line = n;
    c.exit = std::stoi(cols[0]);
    c.message = cols[1];
    c.command = cols[2];
    if (cols.size() == 4) c.check = cols[3];
    out.push_back(c);
  }
  return out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `script` with bash from the repository root with $A and $T (= `dir`) set; returns the exit
// status as a shell would report it (128 + signal for a process killed by a signal).
int run_in(const fs::path& dir, const std::string& script, const fs::path& err) {
  const fs::path file = dir.parent_path() / (dir.filename().string() + ".sh");
  {
    std::ofstream sh(file);
    sh << "cd '" << ALCHEMY_SOURCE_DIR << "' || exit 99\n"
       << "A='" << ALCHEMY_BINARY << "'\nT='" << dir.string() << "'\n"
       << script << "\n";
  }
  const std::string cmd = "bash '" + file.string() + "' > /dev/null 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

void check_catalogue(const std::string& name) {
  const fs::path file = fs::path(ALCHEMY_SOURCE_DIR) / "tests/data/bad" / (name + ".tsv");
  const std::vector<Case> cases = read_catalogue(file);
  REQUIRE(!cases.empty());
  const fs::path root = fs::path(ALCHEMY_TEST_TMP) / "bad_inputs" / name;
  fs::remove_all(root);
  for (const Case& c : cases) {
    const fs::path dir = root / ("line" + std::to_string(c.line));
    fs::create_directories(dir);
    const fs::path err = root / ("line" + std::to_string(c.line) + ".err");
    const int code = run_in(dir, c.command, err);
    const std::string stderr_text = slurp(err);
    INFO(file.filename().string(), ":", c.line, ": ", c.command, "\nstderr: ", stderr_text);
    CHECK(code == c.exit);
    CHECK(stderr_text.find(c.message) != std::string::npos);
    CHECK(stderr_text.find("internal error") == std::string::npos);
    if (!c.check.empty()) CHECK(run_in(dir, c.check, root / "check.err") == 0);
  }
  MESSAGE(cases.size(), " bad inputs in ", file.filename().string());
}

}  // namespace

TEST_CASE("bad inputs: scenarios") {
  check_catalogue("scenarios");
}

TEST_CASE("bad inputs: output locations") {
  check_catalogue("output_locations");
}

TEST_CASE("bad inputs: networks") {
  check_catalogue("networks");
}

TEST_CASE("bad inputs: deals and balance sheets that cannot work") {
  check_catalogue("consistency");
}

TEST_CASE("bad inputs: sweeps") {
  check_catalogue("sweeps");
}

TEST_CASE("bad inputs: yaml") {
  check_catalogue("yaml");
}

TEST_CASE("bad inputs: values") {
  check_catalogue("values");
}

TEST_CASE("bad inputs: checkpoints") {
  check_catalogue("checkpoints");
}

TEST_CASE("bad inputs: reports") {
  check_catalogue("reports");
}

TEST_CASE("bad inputs: the README's table generator") {
  check_catalogue("tables");
}

TEST_CASE("bad inputs: the telecom backtest") {
  check_catalogue("telecom_backtest");
}

TEST_CASE("bad inputs: the sensitivity table's flags") {
  check_catalogue("sensitivity");
}
