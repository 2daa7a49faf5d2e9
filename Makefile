# The two commands of the README: `make demo` and `make test`. Each installs
# what is missing (Debian packages, as root), configures, builds and runs.
BUILD ?= build
JOBS ?= $(shell nproc)
DEBS = cmake gcc make pkg-config libgsl-dev libcriterion-dev librandom123-dev \
       libjansson-dev libyaml-dev python3-numpy python3-matplotlib \
       libopenmpi-dev openmpi-bin

.PHONY: all deps build demo test bench clean

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

bench: build
	@bash bench/run.sh $(BUILD)/tailtilt

clean:
	rm -rf $(BUILD)
