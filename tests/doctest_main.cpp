// The main of every test executable: doctest's, plus one check. ctest runs each test case in
// its own process, selected by name (doctest_discover_tests, tests/CMakeLists.txt). A name that
// selects nothing would run no assertion and pass; it happens when a test case's name holds a
// ';', which CMake splits into two names. So a --test-case filter that matches no test case is
// a failure here.

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>

namespace {

unsigned matched_test_cases = 0;

// Only listens for the count of test cases that passed the filters.
struct MatchCounter final : doctest::IReporter {
  explicit MatchCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& s) override {
    matched_test_cases = s.numTestCasesPassingFilters;
  }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("match_counter", 1, MatchCounter);

bool selects_test_cases(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    for (std::string_view flag : {"--test-case=", "-tc=", "--dt-test-case=", "--dt-tc="}) {
      if (a.substr(0, flag.size()) == flag) return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit()) return result;  // --list-test-cases, --help, ...
  if (result == 0 && selects_test_cases(argc, argv) && matched_test_cases == 0) {
    std::fprintf(stderr,
                 "error: no test case matches the --test-case filter (a ';' in a test case's "
                 "name splits it into two ctest entries: use ',' instead)\n");
    return 1;
  }
  return result;
}
