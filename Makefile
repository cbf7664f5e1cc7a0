# Shenguan — the two commands: `make run` and `make test`. Both install what is missing.
JOBS ?= 2
DB ?= shenguan.db
LISTEN ?= 127.0.0.1:8080
DEMO_CASES ?= 3000
DEMO_SEED ?= 1
BIN := build/release/shenguan

.PHONY: run test test-suites deps build build-debug test-unit test-release bench format format-check lint clean

deps:
	@scripts/deps.sh build

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@scripts/web.sh build

build-debug: deps
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

# Serves the Jinzhong demo on a new ./shenguan.db (made once; delete it to start over).
run: build
	@if [ ! -f "$(DB)" ]; then \
	  $(BIN) migrate --db sqlite:$(DB) && \
	  $(BIN) demo --db sqlite:$(DB) --cases $(DEMO_CASES) --seed $(DEMO_SEED) || { rm -f "$(DB)"; exit 1; }; \
	fi
	@exec $(BIN) serve --db sqlite:$(DB) --listen $(LISTEN)

# Every test: unit and API tests under AddressSanitizer+UBSan, then the API tests and the web
# tests (Vitest, and the browser tests in Debian's Chromium) on the Release build that `make run`
# serves. Storage and API tests run on SQLite and again (the `pg`
# label) on a private PostgreSQL 15 that scripts/with-postgres.sh starts and always stops.
test: build-debug build
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory format-check
	@scripts/with-postgres.sh $(MAKE) --no-print-directory test-suites

test-suites:
	@echo "== tests (Debug, ASan+UBSan; SQLite and PostgreSQL) =="
	@ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build/debug -LE web --output-on-failure -j $(JOBS)
	@echo "== API and web tests (Release; SQLite and PostgreSQL; Chromium) =="
	@ctest --test-dir build/release -L 'api|web' --output-on-failure -j $(JOBS)

bench: deps
	@scripts/deps.sh bench
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@cmake -S . -B build/bench-noauthz -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHENGUAN_TESTS=OFF \
	  -DSHENGUAN_BENCH=OFF -DSHENGUAN_BENCH_NO_AUTHZ=ON >/dev/null
	@cmake --build build/bench-noauthz --target shenguan -j $(JOBS)
	@bench/run.sh

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

# Fails on any C++ file that `make format` would change (.clang-format).
format-check:
	@echo "== clang-format: every C++ file as .clang-format lays it out =="
	@git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

# clang-tidy (.clang-tidy; warnings are errors) over our sources, with the Release build's
# compile commands. The GCC-only -Wno-restrict is unknown to clang: not a finding.
lint: build
	@scripts/deps.sh lint
	@git ls-files 'src/*.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p build/release --quiet \
	  --extra-arg=-Wno-unknown-warning-option

clean:
	rm -rf build
