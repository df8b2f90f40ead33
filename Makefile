# pepkit build. `make` builds; `make check` and `make demo` first install what is missing
# (scripts/install-deps.sh), then rebuild in a sub-make so pkg-config sees the new packages.
# SAN=1 builds into build-san/ with AddressSanitizer + UndefinedBehaviorSanitizer.

PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

# Linked as shared libraries (what every command needs, or what cannot be had otherwise).
PKGS    := libxml-2.0 libxslt libexslt libzip icu-uc zlib libcrypto
PKGS    += harfbuzz harfbuzz-subset fribidi libdeflate
# What a command starts with is what a single `pepkit render` pays for (issue 15: at most 10 ms
# CPU with process start), and the dynamic loader's work grows with every library and symbol:
# libcurl (used by `send` and `archive --to` only) is loaded with dlopen when first needed
# (src/core/curlso.c; only its headers here); SQLite (the archive and the send log) and libcsv
# (merge) are linked in from their Debian static archives, so they add no library to load.
CURLCF  := $(shell pkg-config --cflags libcurl 2>/dev/null)
STATIC  := -Wl,-Bstatic -lsqlite3 -lcsv -Wl,-Bdynamic
# The loader looks every symbol up along the executable's libraries in NEEDED order, and a
# library's references to its own exported symbols (libstdc++ ~1,700, the C library ~900:
# most of all lookups at start) walk every library listed before it. Listing those first makes
# each such lookup a near hit: pepkit --version 10.2 M -> 7.8 M instructions. (libstdc++ comes
# with ICU anyway; pepkit itself calls nothing in it.) libcrypto, once first here, is no longer
# linked (LAZY below): 7.8 M -> 4.9 M. Then the libraries most symbols bind to, counted with
# LD_DEBUG=bindings (libxml2 ~430, libhpdf ~320, libxslt ~220, HarfBuzz ~200, libpng ~150,
# FreeType ~120), all loaded anyway: 4.9 M -> 4.6 M.
FIRST   := -Wl,--no-as-needed -lstdc++ -lc -lxml2 -lhpdf -lxslt -lharfbuzz -lpng16 -lfreetype \
           -Wl,--as-needed
SAN     ?=
FUZZ    ?=
BUILD   ?= build$(if $(FUZZ),-fuzz,$(if $(SAN),-san))
# Issue 14 (qa speed): mimalloc (Debian's libmimalloc-dev) replaces the C library's malloc for
# the whole process. Building and freeing a libxml2 tree per record is ~5,000 small allocations
# (a fifth of a `pepkit qa` first run's CPU went to glibc's malloc and free); with mimalloc
# 17% fewer instructions per record. Listed before the C library so its malloc is the one
# every library binds to. Not with SAN/FUZZ (the sanitizers bring their own allocator), nor
# when the package is missing (then glibc's malloc, same results, slower).
MIMALLOC := $(if $(SAN)$(FUZZ),,$(filter /%,$(shell $(CC) -print-file-name=libmimalloc.so 2>/dev/null)))
FIRST   := $(if $(MIMALLOC),$(subst -lstdc++ -lc ,-lstdc++ -lmimalloc -lc ,$(FIRST)),$(FIRST))
# PEPKIT_MIMALLOC: src/core/heap.c may call mimalloc's own API (its options) when it is the malloc.
CFLAGS_MI := $(if $(MIMALLOC),-DPEPKIT_MIMALLOC)

CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -MMD -MP -pthread -Isrc \
           -DPEPKIT_VERSION='"$(VERSION)"' $(CFLAGS_MI) \
           $(shell pkg-config --cflags $(PKGS) sqlite3 2>/dev/null) $(CURLCF)
# -O1: optimised hash tables for the loader; --as-needed: no NEEDED entry for a library pepkit
# does not call (pkg-config lists some, e.g. libicudata).
LDFLAGS += -Wl,-O1 -Wl,--as-needed
# libzip and libcrypto are loaded with dlopen when first needed (src/core/dynlib.c: zipso.c for
# DOCX, cryptoso.c for fingerprints and S/MIME): only their headers here, and the unit tests
# that call them directly link them (TESTLIBS).
LAZY    := libzip libcrypto
# libexslt (and the libgcrypt and libgpg-error it brings) is loaded with dlopen only when a
# stylesheet declares an EXSLT namespace (src/core/exsltso.c; pepkit's own use none).
LAZY    += libexslt
LDLIBS  += $(STATIC) $(FIRST) $(shell pkg-config --libs $(filter-out $(LAZY),$(PKGS)) 2>/dev/null) -lhpdf -lpthread -lm
TESTLIBS := $(shell pkg-config --libs $(LAZY) 2>/dev/null)
ifneq ($(SAN),)
CFLAGS  += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
# FUZZ=1 (used by `make fuzz`): clang with libFuzzer's coverage, ASan and UBSan, into build-fuzz/.
ifneq ($(FUZZ),)
CC      := clang
CFLAGS  += -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=fuzzer,address,undefined
FUZZMAIN :=
else
FUZZMAIN := tests/fuzz/driver.c
endif

# Sources live in one folder per pipeline stage (src/README.md; the allowed includes between
# folders are src/layers.txt, checked by scripts/check-layers.sh, run by tests/t0005-layers.sh).
# Everything but src/cli/ is the library (libpepkit.a); src/cli/ is the command-line tool.
SRC     := $(wildcard src/*/*.c)
CMDSRC  := $(wildcard src/cli/*.c)
LIBSRC  := $(filter-out $(CMDSRC),$(SRC))
LIBOBJ  := $(LIBSRC:src/%.c=$(BUILD)/obj/%.o)
CMDOBJ  := $(CMDSRC:src/%.c=$(BUILD)/obj/%.o)
UNITSRC := $(wildcard tests/unit/test_*.c)
UNITBIN := $(UNITSRC:tests/unit/%.c=$(BUILD)/unit/%)
# Fuzz targets (tests/fuzz/fuzz_*.c): with libFuzzer under `make fuzz`; otherwise linked with
# tests/fuzz/driver.c as regression runners over tests/fuzz/corpus/ (tests/t0902).
FUZZSRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZBIN := $(FUZZSRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all deps check check-build demo bench install uninstall clean man fuzz fuzz-build fuzz-run

all: $(BUILD)/pepkit $(if $(SAN),,pepkit)

# The in-tree binary: a link to the build, so `./pepkit` works from the source tree.
pepkit: $(BUILD)/pepkit
	ln -sf $(BUILD)/pepkit pepkit

$(BUILD)/pepkit: $(CMDOBJ) $(BUILD)/libpepkit.a
	$(CC) $(LDFLAGS) -o $@ $(CMDOBJ) $(BUILD)/libpepkit.a $(LDLIBS)

$(BUILD)/libpepkit.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/%.o: src/%.c | $(BUILD)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libpepkit.a | $(BUILD)
	@mkdir -p $(BUILD)/unit
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/unit -o $@ $< $(BUILD)/libpepkit.a $(LDLIBS) $(TESTLIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/common.c $(FUZZMAIN) tests/fuzz/fuzz.h $(BUILD)/libpepkit.a | $(BUILD)
	@mkdir -p $(BUILD)/fuzz
	$(CC) $(CFLAGS) $(LDFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/common.c $(FUZZMAIN) $(BUILD)/libpepkit.a $(LDLIBS)

# Allocation-failure injection (tests/unit/test_allocfail.c): pepkit's own allocations go
# through the test's counter.
$(BUILD)/unit/test_allocfail: LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup

$(BUILD):
	mkdir -p $(BUILD)

deps:
	@scripts/install-deps.sh

check-build: all $(UNITBIN) $(FUZZBIN) $(BUILD)/failio.so

# `make fuzz`: the libFuzzer builds of every target in build-fuzz/fuzz/ (clang, ASan+UBSan);
# `make fuzz-run SECONDS=N`: fuzz each target for N seconds (default 60), corpus copies and
# crashes under build-fuzz/, a line of figures per target.
fuzz: deps
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build

fuzz-build: $(FUZZBIN)

fuzz-run: fuzz
	@scripts/fuzz-run.sh $(or $(SECONDS),60)

# LD_PRELOAD shim for fault-injection tests (never sanitized: it is preloaded).
$(BUILD)/failio.so: tests/shim/failio.c | $(BUILD)
	$(CC) -O2 -Wall -Wextra -fPIC -shared -o $@ $< -ldl

# Runs every test: unit tests and end-to-end cases; the last line is "N passed, N failed".
check: deps
	@$(MAKE) --no-print-directory check-build
	@PEPKIT_BUILD=$(BUILD) tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/bench.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/pepkit/schemas \
	  $(DESTDIR)$(PREFIX)/share/pepkit/stylesheets $(DESTDIR)$(PREFIX)/share/pepkit/templates \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/pepkit $(DESTDIR)$(PREFIX)/bin/pepkit
	install -m 644 schemas/*.xsd $(DESTDIR)$(PREFIX)/share/pepkit/schemas/
	install -m 644 stylesheets/*.xsl $(DESTDIR)$(PREFIX)/share/pepkit/stylesheets/
	cd templates && find . -type f | while read -r f; do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(PREFIX)/share/pepkit/templates/$$f" || exit 1; done
	install -m 644 doc/pepkit.1 $(DESTDIR)$(PREFIX)/share/man/man1/pepkit.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/pepkit $(DESTDIR)$(PREFIX)/share/man/man1/pepkit.1
	rm -rf $(DESTDIR)$(PREFIX)/share/pepkit

clean:
	rm -rf build build-san build-fuzz pepkit

-include $(LIBOBJ:.o=.d) $(CMDOBJ:.o=.d)

# The man page is generated from doc/pepkit.1.in and the commands' option tables.
man: all
	scripts/gen-man.sh ./pepkit > doc/pepkit.1.tmp && mv doc/pepkit.1.tmp doc/pepkit.1
