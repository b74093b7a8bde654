# Headroom: two commands on a fresh Debian machine.
#   make demo   installs the system libraries if missing, builds, runs the demo into reports/demo/
#   make test   installs the system libraries if missing, builds and runs every test

SWIFT       ?= swift
SYSTEM_DEPS := liblapack-dev libopenblas-dev liblapacke-dev libsqlite3-dev
# What the tests run besides Headroom: a real Prometheus (and its promtool) for `ingest --prometheus`;
# headless Chromium, a font and poppler's pdfinfo/pdftotext for `report.html` on screen and on paper.
TEST_DEPS   := prometheus chromium fonts-dejavu-core poppler-utils
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps test-deps install-missing build release demo demo-data test bench clean

all: build

## Install Debian's LAPACK, LAPACKE, OpenBLAS and SQLite development packages when any is missing.
deps:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(SYSTEM_DEPS)"

## The test suite's services, installed (not started: each test starts its own on 127.0.0.1).
test-deps:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(TEST_DEPS)"

install-missing:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product headroom

## Run the bundled job on the bundled history; writes reports/demo/.
demo: release
	.build/release/headroom demo

## Regenerate datasets/demo.sqlite from its seed (deterministic).
demo-data: release
	.build/release/headroom demo generate --database datasets/demo.sqlite

test: deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
