# The two commands of the README, plus helpers. Every target installs what is missing first.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
SCENARIO   ?= configs/ai_compute_2025.yaml
OUT        ?= out/baseline

.PHONY: all deps build build-alchemy run test test-sanitize bench format tidy clean

all: build

deps:
	@tools/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

## the executable alone (and the libraries it links), not the tests and benchmarks
build-alchemy: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target alchemy

## make run: build only what it runs, then run the default scenario into $(OUT) (replaced if it
## exists)
run: build-alchemy
	$(BUILD)/alchemy run $(SCENARIO) --out $(OUT) --force

## make test: build, then run every test
test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

## make test-sanitize: the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer
# -g1: line tables and function names, all a sanitizer report needs (file:line in every frame);
# full -g made this build ~20 % slower for variable descriptions nobody reads here.
test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
	  -DALCHEMY_SANITIZE=ON -DALCHEMY_BENCHMARKS=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

## make bench: the benchmarks (slow; not part of the suite)
bench: build
	tools/bench/run $(BUILD)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	git ls-files 'market/*.cpp' 'agents/*.cpp' 'sim/*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
