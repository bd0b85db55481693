# Sightline. Newcomers need two targets:
#   make run    install what is missing, build, start the desktop app
#   make test   install what is missing (and the test tools), then every test
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := bin/sightline
TEST_TIMEOUT ?= 25m

.PHONY: run build test test-unit test-smoke vet bench stress fuzz package deps-run deps-test clean

run: build
	./$(BIN)

build: deps-run
	$(GO) build -o $(BIN) ./cmd/sightline

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test
	@scripts/install-tools.sh

# Every test: vet, the unit and integration tests (real Chromium, real SQLite,
# real keyring under a private D-Bus session, Fyne's software driver, and the
# independent WARC readers warcio.js and gowarc in .tools/), then the real
# window under Xvfb.
test: deps-test vet test-unit test-smoke

vet:
	$(GO) vet ./...
	$(GO) vet -tags ci ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi

test-unit:
	$(GO) test -tags ci -count=1 -timeout $(TEST_TIMEOUT) ./...

test-smoke:
	xvfb-run -a -s "-screen 0 1400x900x24" $(GO) test -tags smoke -count=1 -timeout 10m -run TestSmokeRealWindow -v ./cmd/sightline/

# The long versions of the tests that have one (testenv.Scale): more kills,
# larger hostile pages, more load.
stress: deps-test
	SIGHTLINE_STRESS=1 $(GO) test -tags ci -count=1 -timeout 180m ./...

# Every fuzz target for FUZZTIME each (scripts/fuzz.sh lists them); make
# test runs only their seed corpora under testdata/fuzz.
FUZZTIME ?= 10m
fuzz: deps-test
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

# Benchmarks report ratios against a baseline measured in the same run.
bench: deps-test
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 20x ./capture/ ./audit/... ./app/
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 1x ./training/
	$(GO) test -tags ci -run '^$$' -bench . -benchtime 1x -timeout 60m ./evidence/... ./workspace/...

# A Linux tarball made by Fyne's packager: the binary, the .desktop entry
# and the icon under usr/local, with a Makefile that installs them.
FYNE_TOOLS_VERSION := v1.7.4
package: build
	@test -x .tools/bin/fyne || GOBIN=$(CURDIR)/.tools/bin $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)
	mkdir -p dist
	.tools/bin/fyne package --os linux --exe $(BIN) --name Sightline --icon assets/icon.png --release
	mv Sightline.tar.xz dist/sightline-linux-$$(go env GOARCH).tar.xz
	@echo "wrote dist/sightline-linux-$$(go env GOARCH).tar.xz"

clean:
	rm -rf bin dist
