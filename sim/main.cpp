#include <cstdio>
int main() { std::puts("alchemy " ALCHEMY_VERSION); return 0; }
