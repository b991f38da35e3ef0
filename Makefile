# ocirt: build, test, install. `make` leaves the NativeAOT binary at out/bin/ocirt.
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= Release
RID ?= linux-$(shell uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')
OUT := out/bin
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

NATIVE := out/native
NATIVE_SOURCE := src/Oci.Runtime.Linux/Native
CC ?= gcc
NATIVE_CFLAGS := -O2 -g -Wall -Wextra -Werror -fPIC -fno-strict-aliasing

.PHONY: all build native test install docs clean demo bench

all: build

# The C interpreter: a static archive linked into the NativeAOT binary, and a shared
# library the JIT-run tests load. The Linux project's build runs this target too.
native: $(NATIVE)/libocirt_spawn.a $(NATIVE)/libocirt_spawn.so

$(NATIVE)/ocirt_spawn.o: $(NATIVE_SOURCE)/ocirt_spawn.c $(NATIVE_SOURCE)/ocirt_spawn.h
	@mkdir -p $(NATIVE)
	$(CC) $(NATIVE_CFLAGS) -c $< -o $@

$(NATIVE)/libocirt_spawn.a: $(NATIVE)/ocirt_spawn.o
	ar rcs $@ $<

$(NATIVE)/libocirt_spawn.so: $(NATIVE)/ocirt_spawn.o
	$(CC) -shared -o $@ $<

build: native
	$(DOTNET) publish src/Oci.Runtime.Cli/Oci.Runtime.Cli.csproj -c $(CONFIGURATION) -r $(RID) \
		-o $(OUT) -p:OcirtCommit=$(COMMIT) --nologo -v quiet
	@rm -f $(OUT)/*.pdb
	@echo "built $(OUT)/ocirt"

# Every test project; the integration tests drive the built binary (OCIRT_BINARY), so build first.
test: build
	OCIRT_BINARY=$(abspath $(OUT)/ocirt) scripts/run-tests.sh

# Man pages and bash completion, generated from the help text the binary prints.
docs: build
	rm -rf out/share
	scripts/gen-docs.sh $(OUT)/ocirt out/share

install: build docs
	install -D -m 0755 $(OUT)/ocirt $(DESTDIR)$(PREFIX)/bin/ocirt
	install -d $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0644 out/share/man8/*.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -D -m 0644 out/share/bash-completion/ocirt $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ocirt

demo: build
	scripts/demo.sh $(OUT)/ocirt

# ocirt against runc and crun on this machine (needs hyperfine, runc, crun, GNU time).
bench: build
	bench/run.sh $(OUT)/ocirt

clean:
	$(DOTNET) clean Oci.Runtime.sln --nologo -v quiet
	rm -rf out TestResults
	find src tests -type d \( -name bin -o -name obj -o -name TestResults \) -prune -exec rm -rf {} +
