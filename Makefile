# deckgen — see README.md. `make` sets up, builds and renders the sample
# deck into out/; `make check` runs every test.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD := out/build
DECK := templates/genai-2024.xml
VERSION := 0.1.0

# Pango sets the text (pangoft2: its fontconfig font map), Cairo draws the
# PNGs and libpng writes them; minizip (zlib's) packs the PPTX; Nettle
# computes the cache's SHA-256 with the CPU's SHA extensions; librsvg and
# libjpeg read a deck's SVG and JPEG images; all linked plainly
PKGS := pango pangoft2 cairo cairo-ft libpng harfbuzz harfbuzz-subset \
  fontconfig libxml-2.0 zlib minizip libwoff2enc nettle librsvg-2.0 libjpeg
CC ?= cc
# libwoff2enc (WOFF2 web fonts) is C++: src/text/woff2.cc is its C face, and
# the C++ runtime is linked for it
CXX ?= c++
WARN := -Wall -Wextra -Wpedantic -Werror -Wno-overlength-strings
OPT ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BUILD := out/build-san
endif
ifeq ($(ASAN),1)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BUILD := out/build-san
endif
# the kill and concurrency test (tests/commit.sh): 200 kills and 50 rounds
# of 4 writers; a quarter of that under the sanitizers, whose runs are
# several times slower (what they look for shows in fewer runs as well)
COMMIT_SCALE := $(if $(filter 1,$(SANITIZE) $(ASAN)),KILLS=50 ROUNDS=12,)
SANENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -Isrc $(OPT) $(WARN) -DDG_VERSION='"$(VERSION)"' \
  -DDG_DATADIR='"$(PREFIX)/share/deckgen"' \
  $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CXXFLAGS_ALL = -std=c++17 -Isrc $(OPT) -Wall -Wextra -Wpedantic -Werror
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstdc++ -lm -lpthread

# one folder per stage under src/ (src/README.md); headers are included by
# their path below src/ ("data/csv.h")
SRC := $(sort $(shell find src -name '*.c'))
HDRS := $(sort $(shell find src -name '*.h'))
LIBSRC := $(filter-out src/cli/main.c,$(SRC))
LIBOBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIBSRC)) $(BUILD)/text/woff2.o
TESTS := $(patsubst tests/%.c,%,$(wildcard tests/check_*.c))

.PHONY: all deps build render check unit e2e clean install bench format fonts update-golden fuzz cairo-reasons

all: deps build fonts render

deps:
	@sh tests/deps.sh

fonts: fonts/BIZUDPGothic-Regular.ttf fonts/BIZUDPGothic-Bold.ttf

fonts/%.ttf:
	@test -f /usr/share/fonts/truetype/bizud-gothic/$*.ttf || { echo "missing fonts-morisawa-bizud-gothic: run sudo apt-get install fonts-morisawa-bizud-gothic"; exit 1; }
	cp /usr/share/fonts/truetype/bizud-gothic/$*.ttf $@

build: $(BUILD)/deckgen

$(BUILD)/%.o: src/%.c $(HDRS) | $(BUILD) deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/text/woff2.o: src/text/woff2.cc src/text/woff2.h | $(BUILD) deps
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) $(shell pkg-config --cflags libwoff2enc 2>/dev/null) -c $< -o $@

$(BUILD):
	mkdir -p $(BUILD)

$(BUILD)/libdeckgen.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/deckgen: $(BUILD)/cli/main.o $(BUILD)/libdeckgen.a
	$(CC) $(OPT) -o $@ $^ $(LIBS)

render: build fonts
	$(BUILD)/deckgen -o out --format pdf,html $(DECK)

$(BUILD)/check_%: tests/check_%.c $(BUILD)/libdeckgen.a $(HDRS)
	$(CC) $(CFLAGS_ALL) $(shell pkg-config --cflags check) -o $@ $< $(BUILD)/libdeckgen.a $(LIBS) $(shell pkg-config --libs check)

# first the quick checks of the source itself: the files' graph has no
# circle and no arrow up a stage (tests/layers.py), and no comment cites an
# issue number, and the template reference names every element, attribute
# and theme role of the schema (tests/doc_names.py)
check: deps fonts build $(addprefix $(BUILD)/,$(TESTS)) cairo-reasons
	@python3 tests/layers.py --self-test
	@python3 tests/layers.py $(BUILD)
	@sh tests/no-issue-numbers.sh
	@python3 tests/doc_names.py --self-test
	@python3 tests/doc_names.py
	@set -e; for t in $(TESTS); do echo "== $$t"; LC_ALL=C CK_FORK=yes $(SANENV) ./$(BUILD)/$$t; done
	@BUILD=$(BUILD) $(SANENV) sh tests/e2e.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/blocks.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/variants/run.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/scale.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/watch-rearm.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/browser.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/pptx.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/ooxml.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/trend.sh
	@BUILD=$(BUILD) $(SANENV) sh tests/cache-abuse.sh
	@BUILD=$(BUILD) $(SANENV) $(COMMIT_SCALE) sh tests/commit.sh

# Why the PDF writer is our own: Cairo 1.16's failures, re-checked (exit 1
# when one no longer reproduces, e.g. after Debian ships a newer Cairo).
# Built without sanitizers: one case crashes Cairo on purpose.
cairo-reasons: deps
	@mkdir -p out/cairo116
	@$(CC) -std=c11 -O1 -g $(WARN) -o out/cairo116/reasons tests/cairo116/reasons.c \
	  $(shell pkg-config --cflags --libs cairo 2>/dev/null)
	@echo "== cairo-reasons (tests/cairo116)"; ./out/cairo116/reasons out/cairo116

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/deckgen
	install -m 755 $(BUILD)/deckgen $(DESTDIR)$(PREFIX)/bin/deckgen
	install -m 644 templates/deck.rng $(DESTDIR)$(PREFIX)/share/deckgen/deck.rng

bench: all
	@sh tests/bench.sh

# Fuzz each target for FUZZ_SECONDS (libFuzzer, clang from Debian). New
# crashes land in out/fuzz/; turn each into a case in tests/bad/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := csv expr deck pdf
FUZZ_CFLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 -D_GNU_SOURCE -Isrc \
  $(shell pkg-config --cflags $(PKGS))
fuzz: deps
	mkdir -p out/fuzz
	clang++ -g -O1 -fsanitize=address,undefined -std=c++17 -Isrc -c src/text/woff2.cc -o out/fuzz/woff2.o
	for t in $(FUZZ_TARGETS); do \
	  clang $(FUZZ_CFLAGS) -o out/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c $(LIBSRC) out/fuzz/woff2.o $(LIBS) || exit 1; \
	done
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p out/fuzz/corpus-$$t; \
	  $(SANENV) ./out/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -artifact_prefix=out/fuzz/$$t- out/fuzz/corpus-$$t tests/fuzz/corpus/$$t > out/fuzz/$$t.log 2>&1; \
	  rc=$$?; grep -E "^Done|ERROR|SUMMARY" out/fuzz/$$t.log; [ $$rc = 0 ] || exit $$rc; \
	done

# Regenerate the reference PNGs after an intended change of the look.
update-golden: build fonts
	$(BUILD)/deckgen -o out/golden --format png --dpi 72 $(DECK)
	for n in 01 02 04 17; do cp out/golden/genai-2024/slide-$$n.png tests/golden/; done
	$(BUILD)/deckgen --dump-layout $(DECK) > tests/golden/genai-2024.layout

format:
	clang-format -i $(SRC) $(HDRS) tests/*.c

clean:
	rm -rf out/build out/build-san out/genai-2024.pdf out/genai-2024 out/.genai-2024.*
