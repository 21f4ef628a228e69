# The two commands of the README, plus helpers. Every target installs what is missing first.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
SCENARIO   ?= configs/ai_compute_2025.yaml
OUT        ?= out/baseline

FUZZ_BUILD   ?= build-fuzz
FUZZ_RUNS    ?= 1000000
FUZZ_TIMEOUT ?= 10
FUZZ_MAX_TIME ?= 0
FUZZ_TARGETS ?= scenario sweep network_yaml network_csv checkpoint

PYTHON ?= /usr/bin/python3

.PHONY: all deps build build-alchemy python python-uninstall run test test-sanitize bench tables cascade-threshold telecom-backtest sensitivity fuzz format tidy clean

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

## make python: build the Python module `alchemy` (for $(PYTHON), in $(BUILD), which is then
## configured with ALCHEMY_PYTHON=ON so that `make test` runs its tests too) and install it into
## that interpreter's site folder for local packages (/usr/local/lib/python3.11/dist-packages on
## Debian 12); as root, or with write access there. Then `python3 -c 'import alchemy'` works.
python: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DALCHEMY_PYTHON=ON -DPython_EXECUTABLE=$(PYTHON)
	cmake --build $(BUILD) -j $(JOBS) --target alchemy_python
	cmake --install $(BUILD) --component python
	cd / && $(PYTHON) -c 'import alchemy; print("installed", alchemy.__path__[0])'

## make python-uninstall: remove what `make python` installed: the folder alchemy/ in the
## interpreter's site folder for local packages (never a module found elsewhere, e.g. by PYTHONPATH)
python-uninstall:
	@dir=$$($(PYTHON) -c 'import sysconfig; print(sysconfig.get_path("platlib"))')/alchemy; \
	  if ls "$$dir"/_native*.so >/dev/null 2>&1; then rm -r "$$dir" && echo "removed $$dir"; \
	  else echo "python-uninstall: no alchemy module installed in $$dir"; fi

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

## make tables: regenerate README.md's Scenarios tables (tools/scenario-table: the baseline and
## every scenario over seeds 1..SEEDS with the counterfactual's rescue forks; see README)
SEEDS ?= 100
tables: build-alchemy
	tools/scenario-table --binary $(BUILD)/alchemy --seeds $(SEEDS) --jobs $(JOBS) --update-readme
	tools/sweep-table --binary $(BUILD)/alchemy --threads $(JOBS) --update-readme \
	  --sweep configs/sweeps/tipping_point.yaml --firm openai --region tipping-point \
	  --row-label growth_scale --col-label "supply per quarter"
	tools/sweep-table --binary $(BUILD)/alchemy --threads $(JOBS) --update-readme \
	  --sweep configs/sweeps/revenue_per_gw.yaml --firm openai --region revenue-per-gw \
	  --row-label "revenue per GW-year" --col-label growth_scale --falling-along cols \
	  --label "firms.openai.compute.revenue_per_gw_year=10B=10 B (OpenAI's reports)" \
	  --label "firms.openai.compute.revenue_per_gw_year=14B=14 B (baseline)"

## make cascade-threshold: regenerate README.md's paragraph on the smallest change to one sourced
## parameter that makes cascades of two or more defaults the rule (tools/cascade-threshold)
THRESHOLD_SEEDS ?= 50
cascade-threshold: build-alchemy
	tools/cascade-threshold --binary $(BUILD)/alchemy --seeds $(THRESHOLD_SEEDS) --jobs $(JOBS) \
	  --update-readme

## make telecom-backtest: regenerate README.md's table of the telecom web of 1999 against history
## (tools/telecom-backtest: the web and its counterfactual without vendor financing over
## BACKTEST_SEEDS seeds; see README, *Scenarios*)
BACKTEST_SEEDS ?= 100
telecom-backtest: build-alchemy
	tools/telecom-backtest --binary $(BUILD)/alchemy --seeds $(BACKTEST_SEEDS) --jobs $(JOBS) \
	  --update-readme

## make sensitivity: regenerate README.md's global sensitivity table (tools/sensitivity: a Latin
## hypercube over every ranged assumption of the baseline, 10 points per assumption × 4 seeds,
## ranked by partial rank correlation; see README, *Which assumptions matter*)
sensitivity: build-alchemy
	tools/sensitivity --binary $(BUILD)/alchemy --threads $(JOBS) --update-readme

## make fuzz: each fuzz target (tools/fuzz) for FUZZ_RUNS executions, one after the other
# libFuzzer with clang-14 under ASan + UBSan, in its own build folder. Each target starts from
# its seed corpus tests/data/fuzz/<target>/ (read only: what libFuzzer adds goes to
# $(FUZZ_BUILD)/corpus/<target>) and stops at the first finding, saved as
# $(FUZZ_BUILD)/findings/<target>/crash-* (or timeout-*, oom-*): fix it, and copy the input into
# tests/data/fuzz/<target>/ so that the suite replays it. FUZZ_RUNS=100000 for a quick pass;
# FUZZ_MAX_TIME=600 stops each target after 600 s even if it has not done FUZZ_RUNS; FUZZ_TIMEOUT
# is the seconds one input may take (a slower one is a finding).
fuzz: deps
	tools/install-deps --fuzz
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DALCHEMY_FUZZ=ON -DALCHEMY_WITH_MPI=OFF -DALCHEMY_BENCHMARKS=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/findings/$$t; \
	  echo "fuzz: $$t ($(FUZZ_RUNS) runs)"; \
	  start=$$(date +%s); \
	  $(FUZZ_BUILD)/tools/fuzz/fuzz_$$t -runs=$(FUZZ_RUNS) -rss_limit_mb=2048 \
	    -timeout=$(FUZZ_TIMEOUT) -max_total_time=$(FUZZ_MAX_TIME) -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/findings/$$t/ \
	    $(FUZZ_BUILD)/corpus/$$t tests/data/fuzz/$$t 2> $(FUZZ_BUILD)/fuzz-$$t.log \
	    || { tail -n 40 $(FUZZ_BUILD)/fuzz-$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_BUILD)/fuzz-$$t.log; \
	  echo "fuzz: $$t done in $$(( $$(date +%s) - start )) s"; \
	done

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	git ls-files 'market/*.cpp' 'agents/*.cpp' 'sim/*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
