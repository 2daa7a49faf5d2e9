# The two commands of the README: `make demo` and `make test`. Each installs
# what is missing (Debian packages, as root), configures, builds and runs.
BUILD ?= build
JOBS ?= $(shell nproc)
DEBS = cmake gcc make pkg-config libgsl-dev libcriterion-dev librandom123-dev \
       libjansson-dev libyaml-dev python3-numpy python3-matplotlib \
       libopenmpi-dev openmpi-bin chromium

.PHONY: all deps build demo test test-sanitize fuzz paper bench clean

all: build

deps:
	@bash tools/install-deps.sh $(DEBS)

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash tools/quickstart.sh $(BUILD)/tailtilt

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The CPU suites and the CLI tests again, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (no CUDA: the sanitizers do not mix with it).
test-sanitize: deps
	@cmake -S . -B $(BUILD)-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTT_SANITIZE=ON -DTT_CUDA=OFF >/dev/null
	@cmake --build $(BUILD)-sanitize -j $(JOBS)
	@cd $(BUILD)-sanitize && TT_TEST_SCALE=0.1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -LE gpu

# libFuzzer on every parser and reader of outside input, each for
# FUZZ_SECONDS on its corpus (tests/fuzz/corpus/<name>); new inputs go to a
# scratch corpus, a crash to $(BUILD)-fuzz/crash-* and a non-zero exit.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS = spec grid config npy text
fuzz: deps
	@bash tools/install-deps.sh clang libclang-rt-dev libomp-dev
	@CC=clang cmake -S . -B $(BUILD)-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTT_FUZZ=ON -DTT_CUDA=OFF >/dev/null
	@cmake --build $(BUILD)-fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  rm -rf $(BUILD)-fuzz/corpus-$$t && mkdir -p $(BUILD)-fuzz/corpus-$$t && \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s" && \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(BUILD)-fuzz/tests/fuzz/fuzz_$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)-fuzz/ $(BUILD)-fuzz/corpus-$$t tests/fuzz/corpus/$$t 2>$(BUILD)-fuzz/fuzz_$$t.log || \
	    { tail -n 40 $(BUILD)-fuzz/fuzz_$$t.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units' $(BUILD)-fuzz/fuzz_$$t.log; \
	done

# The paper reproduced (tools/paper.sh): out/paper/index.html, numbers.csv and
# the records behind every figure; SCALE multiplies every sample and trial
# count (SCALE=100 for a GPU or a cluster); a rerun resumes.
SCALE ?= 1
paper: build
	@SCALE=$(SCALE) OUT=out/paper BIN=$(BUILD)/tailtilt bash tools/paper.sh

bench: build
	@bash bench/run.sh $(BUILD)/tailtilt

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize $(BUILD)-fuzz
