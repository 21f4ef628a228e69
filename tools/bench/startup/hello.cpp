// The reference for alchemy's start-up (tools/bench/process-cost): a C++ hello-world built by the
// same compiler with the same flags, linking only the C++ standard library.
#include <iostream>

int main() {
  std::cout << "hello\n";
  return 0;
}
