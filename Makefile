# Nimbus — see README.md. The two commands a newcomer needs:
#   make demo   runs the S3 demo against a local versitygw it starts and stops
#   make test   runs every check and test CI runs
SHELL := /bin/bash
GO ?= go
export PATH := /usr/local/go/bin:$(PATH)

# Package patterns of every module go.work lists ("." → "./...").
PKGS := $(shell sed -n 's|^[[:space:]]*\(\./[^[:space:]]*\)$$|\1/...|p; s|^[[:space:]]*\.$$|./...|p' go.work | sed 's|^\./\.\.\.|./...|')

# Platforms `make cross` vets for; linux/amd64 is `make vet`.
CROSS_PLATFORMS := linux/arm64 linux/386 linux/arm darwin/arm64 windows/amd64
# The generated service modules hold no platform-specific code (cross-portable
# checks it), so only the size of int can change how they type-check: they are
# vetted on linux/386 (32-bit) here and on linux/amd64 by `make vet`; every
# other module on every platform. CROSS_ALL=1 vets every module everywhere.
CROSS_SERVICES := linux/386
HAND_PKGS := $(filter-out ./services/%,$(PKGS))

# GOOS and GOARCH words that make a file name platform-specific.
GO_PLATFORM_WORDS := aix|android|darwin|dragonfly|freebsd|hurd|illumos|ios|js|linux|nacl|netbsd|openbsd|plan9|solaris|wasip1|windows|zos|386|amd64|arm|arm64|loong64|mips|mips64|mips64le|mipsle|ppc64|ppc64le|riscv64|s390x|wasm

# Packages that use unsafe or do size, offset and part arithmetic: `make
# emulated` runs their tests on 32-bit linux/arm and on linux/arm64 under
# qemu-user (Debian's qemu-user; .ci/run installs it). Integration tests run
# natively only.
EMU_PKGS := ./internal/protocol/... ./internal/eventstream/... ./transport/eventstream/... \
	./internal/client/... ./signer/... ./middleware/checksum/... ./feature/s3/transfer/... \
	./feature/dynamodb/attributevalue/... ./feature/dynamodbstreams/attributevalue/...
EMU_ARCHS := arm:qemu-arm arm64:qemu-aarch64

.PHONY: all test generate check-generated fmt vet cross cross-portable emulated unit demo pkgs

all: test

## generate: regenerate every generated file from the models in internal/codegen/models
generate:
	$(GO) run ./internal/codegen/cmd/sdkgen
	$(GO) generate ./internal/protocol/...

## check-generated: fail if the committed generated code differs from a fresh generation
check-generated: generate
	@if [ -n "$$(git status --porcelain -- services internal)" ]; then \
		echo "generated code differs from the committed code; run 'make generate' and commit:"; \
		git status --porcelain -- services internal; git diff --stat -- services internal; exit 1; \
	fi

## fmt: fail on files gofmt would change
fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## vet: go vet on every module
vet:
	$(GO) vet $(PKGS)

## cross: go vet (which type-checks every package with its tests and compiles
## what they import) for each of CROSS_PLATFORMS: catches what breaks one
## platform only (an int constant over 2 GiB on 32-bit ones, a syscall missing
## on Windows) in seconds with a warm build cache
cross: cross-portable
	@set -e; for p in $(CROSS_PLATFORMS); do \
		pkgs="$(HAND_PKGS)"; \
		if [ -n "$(CROSS_ALL)" ] || [[ " $(CROSS_SERVICES) " == *" $$p "* ]]; then pkgs="$(PKGS)"; fi; \
		echo "go vet $$p"; GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) vet $$pkgs; \
	done

## cross-portable: fail if a service module gains platform-specific code (build
## constraints, GOOS/GOARCH file suffixes, syscall or unsafe), which would need
## it vetted on every platform
cross-portable:
	@bad=$$( { git ls-files -co --exclude-standard 'services/*.go' | grep -E '_($(GO_PLATFORM_WORDS))(_test)?\.go$$'; \
		git grep --untracked -l -E '^//go:build|"(syscall|unsafe|os/signal)"|golang\.org/x/sys' -- 'services/*.go'; } || true); \
	if [ -n "$$bad" ]; then echo "platform-specific code in service modules (see CROSS_SERVICES):"; echo "$$bad"; exit 1; fi

## emulated: the EMU_PKGS tests on each GOARCH of EMU_ARCHS under its qemu-user
## emulator (go test -exec), without -race, which neither supports
emulated:
	@set -e; for a in $(EMU_ARCHS); do \
		arch=$${a%%:*} emu=$${a#*:}; \
		command -v $$emu >/dev/null || { echo "$$emu not found: apt-get install qemu-user (.ci/run does)"; exit 1; }; \
		echo "go test GOARCH=$$arch under $$emu"; \
		GOARCH=$$arch $(GO) test -count=1 -exec $$emu -skip '^TestIntegration' $(EMU_PKGS); \
	done

## unit: tests that need no server (integration tests skip themselves outside CI)
unit:
	$(GO) test -race -count=1 $(PKGS)

## test: formatting, vet, generated-code check, and all tests with -race against real servers
test: fmt vet cross emulated check-generated
	./.ci/with-servers.sh $(GO) test -race -count=1 $(PKGS)

## demo: the S3 demo against a local versitygw started for it
demo:
	NIMBUS_SERVERS=versitygw ./.ci/with-servers.sh ./.ci/demo.sh

## pkgs: print the package patterns the targets above use
pkgs:
	@echo $(PKGS)
