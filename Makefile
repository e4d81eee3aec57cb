# loopscope — build, test, demo, install.
#
#   make            build ./loopscope (installs missing Debian packages first)
#   make check      build and run every test (unit, fixtures, sampler, sanitizers)
#   make demo       build and show `check` and `attach` on bundled examples
#   make bench      run the benchmarks in bench/ (REAL_TREES=1: also bench/real-trees,
#                   which fetches and builds real servers: network, and minutes)
#   make install PREFIX=/usr/local DESTDIR=
#   make uninstall

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/loopscope
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC       ?= cc
PKGS     := jansson yaml-0.1 libelf libdw libunwind-ptrace libunwind-generic

INSTALL_DEPS ?= tools/install-deps.sh

# build/config.mk's rule comes first in this file; `make` alone still means all.
.DEFAULT_GOAL := all

# Flags from pkg-config are known only once the packages are installed, so
# they live in build/config.mk, which the install step writes and make then
# re-reads (GNU make restarts after remaking an included makefile). The first
# `make` on a fresh machine therefore installs, configures and builds in one go.
NO_CONFIG_GOALS := clean uninstall
ifneq ($(filter-out $(NO_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include build/config.mk
endif

build/config.mk: Makefile tools/install-deps.sh
	@$(INSTALL_DEPS)
	@mkdir -p build
	@set -e; cf=$$(pkg-config --cflags $(PKGS)) && lf=$$(pkg-config --libs $(PKGS)) \
		&& ck=$$(pkg-config --cflags --libs check) \
		|| { echo "loopscope: pkg-config cannot find: $(PKGS) check" >&2; exit 1; }; \
	llvm=$$(ls -d /usr/lib/llvm-* 2>/dev/null | sort -V | tail -n 1); \
	[ -e "$$llvm/include/clang-c/Index.h" ] || { echo "loopscope: libclang headers not found under /usr/lib/llvm-*" >&2; exit 1; }; \
	{ echo "LLVM_DIR ?= $$llvm"; echo "PKG_CFLAGS := $$cf"; echo "PKG_LIBS := $$lf"; echo "CHECK_FLAGS := $$ck"; } > $@.tmp
	@mv $@.tmp $@

WARN     := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS   ?= -O2 -g -gdwarf-4
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I. \
	-I$(LLVM_DIR)/include $(PKG_CFLAGS) -DLS_DATADIR='"$(DATADIR)"'
LDLIBS   := -L$(LLVM_DIR)/lib -Wl,-rpath,$(LLVM_DIR)/lib -lclang $(PKG_LIBS) -lpthread -lm

SRC      := $(sort $(wildcard common/*.c analyzer/*.c analyzer/rules/*.c sampler/*.c cmd/*.c))
LIB_SRC  := $(filter-out cmd/main.c,$(SRC))
OBJ      := $(SRC:%.c=build/obj/%.o)
LIB_OBJ  := $(LIB_SRC:%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:%.c=build/asan/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)

.PHONY: all deps check unit asan fuzz fuzz-build demo bench install uninstall clean man lint-man
.DELETE_ON_ERROR:

all: loopscope man

deps:
	@$(INSTALL_DEPS)

loopscope: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

# Objects depend on the flags they were built with (a changed CFLAGS rebuilds).
build/cflags: FORCE
	@mkdir -p build; echo '$(ALL_CFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS)' > $@
FORCE:

build/obj/%.o: %.c build/cflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c build/cflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
		-fno-sanitize-recover=all -MMD -MP -c -o $@ $<

build/libloopscope.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

# AddressSanitizer + UBSan build of the same sources, used by the test suite.
asan: build/asan/loopscope
build/asan/loopscope: $(ASAN_OBJ)
	$(CC) $(ALL_CFLAGS) -fsanitize=address,undefined -o $@ $(ASAN_OBJ) $(LDLIBS)

build/tests/%: tests/unit/%.c build/libloopscope.a build/cflags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< build/libloopscope.a $(LDLIBS) $(CHECK_FLAGS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "unit: $$t"; $$t; done

# Generated man page: the rule catalog, from rules/catalog.yml.
man: man/loopscope-rules.7
man/loopscope-rules.7: rules/catalog.yml loopscope
	./loopscope rules --format man > $@.tmp && mv $@.tmp $@

lint-man: man
	mandoc -T lint -W warning man/loopscope.1 man/loopscope-rules.7

# The sampler tests run twice: on the default path (perf where the kernel
# allows it) and forced onto the ptrace fallback.
check: all unit asan fuzz-build
	@sh tests/run.sh
	@echo "sampler tests again on the ptrace path:"
	@LOOPSCOPE_METHOD=ptrace sh tests/run.sh 'sampler-*'

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c) over the same sources,
# built with clang and ASan/UBSan. `make fuzz` runs each for FUZZ_TIME
# seconds on its seed corpus (tests/fuzz/corpus/NAME, read only) plus what
# it found before (build/fuzz/corpus/NAME); a crash is kept in
# build/fuzz/crash-NAME-* and fails the target. `make check` smoke-runs
# each (tests/t-fuzz.sh).
FUZZ_CC   ?= clang
FUZZ_TIME ?= 600
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ  := $(LIB_SRC:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c build/cflags
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(ALL_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
		-MMD -MP -c -o $@ $<

build/fuzz/libloopscope.a: $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libloopscope.a
	$(FUZZ_CC) $(ALL_CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=fuzzer $(FUZZ_SAN) \
		-DLS_FUZZ_DATA='"$(CURDIR)/rules"' -o $@ $< build/fuzz/libloopscope.a $(LDLIBS)

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	@set -e; for b in $(FUZZ_BIN); do sh tests/fuzz/run.sh $$b $(FUZZ_TIME); done

demo: all
	@sh tools/demo.sh

bench: all
	@sh bench/check-vs-parse
	@sh bench/cache-warm
	@sh bench/sampler-overhead
	@if [ -n "$(REAL_TREES)" ]; then sh bench/real-trees; fi

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/models \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 loopscope $(DESTDIR)$(BINDIR)/loopscope
	install -m 644 rules/catalog.yml $(DESTDIR)$(DATADIR)/catalog.yml
	install -m 644 rules/models/*.yml $(DESTDIR)$(DATADIR)/models/
	install -m 644 man/loopscope.1 $(DESTDIR)$(MANDIR)/man1/loopscope.1
	install -m 644 man/loopscope-rules.7 $(DESTDIR)$(MANDIR)/man7/loopscope-rules.7
	install -m 644 tools/loopscope.bash-completion $(DESTDIR)$(BASHCOMPDIR)/loopscope

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/loopscope $(DESTDIR)$(MANDIR)/man1/loopscope.1 \
		$(DESTDIR)$(MANDIR)/man7/loopscope-rules.7 $(DESTDIR)$(BASHCOMPDIR)/loopscope
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build loopscope

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(FUZZ_OBJ:.o=.d)
