# loopscope — build, test, demo, install.
#
#   make            build ./loopscope (installs missing Debian packages first)
#   make check      build and run every test (unit, fixtures, sampler, sanitizers)
#   make demo       build and show `check` and `attach` on bundled examples
#   make bench      run the benchmarks in bench/
#   make install PREFIX=/usr/local DESTDIR=
#   make uninstall

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/loopscope
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC       ?= cc
LLVM_DIR ?= $(lastword $(sort $(wildcard /usr/lib/llvm-*)))
PKGS     := jansson yaml-0.1 libelf libdw libunwind-ptrace libunwind-generic

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

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

.PHONY: all deps check unit asan demo bench install uninstall clean man lint-man
.DELETE_ON_ERROR:

all: loopscope man

deps:
	@tools/install-deps.sh

loopscope: $(OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJ) $(LDLIBS)

# Objects depend on the flags they were built with (a changed CFLAGS rebuilds).
build/cflags: FORCE
	@mkdir -p build; echo '$(ALL_CFLAGS)' | cmp -s - $@ || echo '$(ALL_CFLAGS)' > $@
FORCE:

build/obj/%.o: %.c build/cflags | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build/asan/%.o: %.c build/cflags | deps
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
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags check) -o $@ $< build/libloopscope.a \
		$(LDLIBS) $(shell pkg-config --libs check)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "unit: $$t"; $$t; done

# Generated man page: the rule catalog, from rules/catalog.yml.
man: man/loopscope-rules.7
man/loopscope-rules.7: rules/catalog.yml loopscope
	./loopscope rules --format man > $@.tmp && mv $@.tmp $@

lint-man: man
	mandoc -T lint -W warning man/loopscope.1 man/loopscope-rules.7

check: all unit asan
	@sh tests/run.sh

demo: all
	@sh tools/demo.sh

bench: all
	@sh bench/check-vs-parse
	@sh bench/cache-warm
	@sh bench/sampler-overhead

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

-include $(OBJ:.o=.d) $(ASAN_OBJ:.o=.d)
