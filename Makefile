# Nimbus — see README.md. The two commands a newcomer needs:
#   make demo   runs the S3 demo against a local versitygw it starts and stops
#   make test   runs every check and test CI runs
SHELL := /bin/bash
GO ?= go
export PATH := /usr/local/go/bin:$(PATH)

# Package patterns of every module go.work lists ("." → "./...").
PKGS := $(shell sed -n 's|^[[:space:]]*\(\./[^[:space:]]*\)$$|\1/...|p; s|^[[:space:]]*\.$$|./...|p' go.work | sed 's|^\./\.\.\.|./...|')

# Platforms `make cross` vets every package for; linux/amd64 is `make vet`.
CROSS_PLATFORMS := linux/arm64 linux/386 linux/arm darwin/arm64 windows/amd64

.PHONY: all test generate check-generated fmt vet cross unit demo pkgs

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

## cross: go vet every module, tests included, for each of CROSS_PLATFORMS:
## vet type-checks every package and compiles what they import, which
## catches what breaks one platform only (an int constant over 2 GiB on
## 32-bit ones, a file missing for a GOOS) in seconds with a warm cache
cross:
	@set -e; for p in $(CROSS_PLATFORMS); do \
		echo "go vet $$p"; GOOS=$${p%/*} GOARCH=$${p#*/} $(GO) vet $(PKGS); \
	done

## unit: tests that need no server (integration tests skip themselves outside CI)
unit:
	$(GO) test -race -count=1 $(PKGS)

## test: formatting, vet, generated-code check, and all tests with -race against real servers
test: fmt vet cross check-generated
	./.ci/with-servers.sh $(GO) test -race -count=1 $(PKGS)

## demo: the S3 demo against a local versitygw started for it
demo:
	NIMBUS_SERVERS=versitygw ./.ci/with-servers.sh ./.ci/demo.sh

## pkgs: print the package patterns the targets above use
pkgs:
	@echo $(PKGS)
