# OpenNRM: the two commands are `make run` and `make test`; the rest are steps.
BUILD_DIR ?= build/release
BUILD_TYPE ?= RelWithDebInfo
DATA_DIR ?= nrm-data
PORT ?= 8080
JOBS ?= $(shell nproc)

.PHONY: all run test build web deps clean sanitize bench demo-data format format-check tidy

all: build

deps:
	@scripts/deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)
	npm run --silent build:web

web: deps
	npm run --silent build:web

# Creates the embedded store with reference data and demo users on first run,
# then serves the UI and API on http://127.0.0.1:$(PORT).
run: build
	@scripts/run-demo.sh $(BUILD_DIR)/nrm $(DATA_DIR) $(PORT)

# The whole suite: unit, store (SQLite and a throwaway PostgreSQL), API, browser.
test: build
	@scripts/test.sh $(BUILD_DIR)

sanitize: deps
	cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE=Sanitize
	cmake --build build/sanitize -j $(JOBS)
	npm run --silent build:web
	@scripts/test.sh build/sanitize

bench: build
	@bench/run.sh $(BUILD_DIR)/nrm

clean:
	rm -rf build web/dist

# Formatting is a build target, not a matter of taste (.clang-format).
CXX_SOURCES = $(shell git ls-files 'src/*.cc' 'src/*.h' 'test/*.cc' 'test/*.h' 'bench/*.cc' 'bench/*.h')
format:
	clang-format -i $(CXX_SOURCES)

format-check:
	@scripts/check-format.sh

# clang-tidy (.clang-tidy) on the C++ files changed since the branch left
# origin/main (or since the last commit); needs a configured $(BUILD_DIR).
tidy: $(BUILD_DIR)/build.ninja
	@scripts/check-tidy.sh $(BUILD_DIR)
