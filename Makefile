# Headroom: two commands on a fresh Debian machine.
#   make demo   installs the system libraries if missing, builds, runs the demo into reports/demo/
#   make test   installs the system libraries if missing, builds and runs every test

SWIFT       ?= swift
SYSTEM_DEPS := liblapack-dev libopenblas-dev liblapacke-dev libsqlite3-dev
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release demo demo-data test bench clean

all: build

## Install Debian's LAPACK, LAPACKE, OpenBLAS and SQLite development packages when any is missing.
deps:
	@missing=""; for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
