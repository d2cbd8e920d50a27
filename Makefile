# bookc: an offline book compiler (DocBook 5 subset -> PDF and EPUB 3).
# `make` installs missing Debian packages (as root; otherwise names them),
# builds out/bookc and compiles book/ into out/. `make check` runs the tests.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR    = $(PREFIX)/bin
DATADIR   = $(PREFIX)/share/bookc
MANDIR    = $(PREFIX)/share/man

PKGS = pangocairo pango pangoft2 cairo cairo-pdf cairo-svg libzip libxml-2.0 \
       harfbuzz harfbuzz-subset fontconfig glib-2.0 \
       icu-uc icu-i18n freetype2 zlib libpng
# Compiled against, not linked: compiler/pdf/lazy.c loads them when a book
# needs them, by the sonames read here.
LAZY_PKGS = libqpdf librsvg-2.0
soname = $(shell readelf -d $$(pkg-config --variable=libdir $(1))/$(2) \
           2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
# Debian packages. What building bookc and compiling a book need (the
# libraries, tcmalloc, the CJK fonts, the DocBook DTDs and XML catalog that
# DocBook 4 books name, xmllint for `make release`, OpenCC's dictionaries
# and opencc_dict for the lint's tables); `make` installs these.
BUILD_DEBS = gcc make pkg-config libcairo2-dev libpango1.0-dev libzip-dev \
       libxml2-dev libharfbuzz-dev libglib2.0-dev librsvg2-dev libqpdf-dev \
       libicu-dev libfreetype-dev zlib1g-dev libpng-dev \
       libgoogle-perftools-dev fonts-noto-cjk fonts-symbola fonts-lmodern \
       docbook-xml xml-core \
       libxml2-utils opencc
# What only the tests need (PDF and EPUB checkers, a JRE for epubcheck,
# the sanitizers' compiler, valgrind, man); `make check` installs these too.
TEST_DEBS = python3 poppler-utils mupdf-tools qpdf epubcheck \
       default-jre-headless unzip clang libclang-rt-14-dev valgrind man-db
# The reading engines `make check-engines` draws the EPUB with; an engine
# that cannot be installed is skipped.
ENGINE_DEBS = calibre chromium gir1.2-webkit2-4.1 python3-gi \
       python3-gi-cairo xvfb xauth
# The browser `make check-a11y` has Ace drive (npm installs Ace; npm
# itself is not installed here: Node often comes from elsewhere than
# Debian, and without it the check is skipped).
A11Y_DEBS = chromium
# XeLaTeX, only for `make compare-xelatex` (never for building bookc):
# unicode-math and fontspec, amsmath and geometry, xeCJK.
XETEX_DEBS = texlive-xetex texlive-latex-recommended texlive-lang-cjk pandoc

CC      ?= cc
CSTD     = -std=c11 -D_GNU_SOURCE
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter
OPT     ?= -O2 -g
ifeq ($(CI),true)
WERROR   = -Werror
endif
# The allocator: tcmalloc (compiler/mem.c), or glibc's with MALLOC=libc
# (the sanitizer, fuzzing and valgrind builds).
MALLOC  ?= tcmalloc
ifeq ($(MALLOC),tcmalloc)
MALLOC_CFLAGS = -DBOOKC_TCMALLOC
MALLOC_LIBS   = -ltcmalloc_minimal
endif
CFLAGS  += $(CSTD) $(WARN) $(WERROR) $(OPT) $(MALLOC_CFLAGS) \
           -DBOOKC_VERSION='"$(VERSION)"' -DBOOKC_DATADIR='"$(DATADIR)"'
OUT     ?= out
SRC      = $(wildcard compiler/*.c compiler/pdf/*.c compiler/epub/*.c)
# compiler/pdf/numfmt.c and zlevel.c stand in for glibc's __snprintf_chk
# and zlib's deflateInit_ for every library in the process (Cairo is the
# one that gains; their comments give the figures). INTERPOSE=no builds
# without them: the same PDFs but for the compression of their streams.
INTERPOSE ?= yes
ifeq ($(INTERPOSE),no)
SRC     := $(filter-out compiler/pdf/numfmt.c compiler/pdf/zlevel.c,$(SRC))
endif
OBJ      = $(SRC:%.c=$(OUT)/obj/%.o)
HDR      = $(wildcard compiler/*.h compiler/pdf/*.h compiler/epub/*.h)
BOOK     = book/guide.xml
BOOK_SRC = $(BOOK) $(wildcard book/chapters/*.xml book/images/*)

.PHONY: all deps test-deps print-deps check check-engines check-a11y clean install uninstall compare-xelatex asan valgrind fuzz bench \
        corpus xsltng wpt-mathml release handout
FUZZ_SECONDS ?= 120

all: deps $(OUT)/bookc $(OUT)/guide.pdf $(OUT)/guide.epub

# Installs what is missing when run as root; otherwise names it and stops.
# (A fresh machine has no package lists: apt-get update comes first.)
install_debs = @missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	    grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:" $$missing; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
	      >/dev/null || exit 1; \
	  else \
	    echo "missing Debian packages; run as root:"; \
	    echo "  apt-get update && apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi
deps:
	$(call install_debs,$(BUILD_DEBS))
test-deps: deps
	$(call install_debs,$(TEST_DEBS))
# For packagers and tests: the two lists.
print-deps:
	@echo build: $(BUILD_DEBS)
	@echo test: $(TEST_DEBS)

# Order-only: with -j, nothing compiles before the packages are there.
$(OUT)/obj/%.o: %.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $$(pkg-config --cflags $(PKGS) $(LAZY_PKGS)) -Icompiler \
	  -I$(OUT)/gen -c $< -o $@

# The lint's tables of Simplified-only and Traditional-only characters,
# made from OpenCC's dictionaries (the opencc package and its data).
$(OUT)/gen/hanzi_forms.h: compiler/hanzi_gen.sh | deps
	@mkdir -p $(dir $@)
	sh compiler/hanzi_gen.sh > $@.tmp && mv $@.tmp $@
$(OUT)/obj/compiler/hanzi.o: $(OUT)/gen/hanzi_forms.h

RSVG_SONAME = $(call soname,librsvg-2.0,librsvg-2.so)
QPDF_SONAME = $(call soname,libqpdf,libqpdf.so)
$(OUT)/obj/compiler/pdf/lazy.o: CFLAGS += \
  $(if $(RSVG_SONAME),-DBOOKC_RSVG_SONAME='"$(RSVG_SONAME)"') \
  $(if $(QPDF_SONAME),-DBOOKC_QPDF_SONAME='"$(QPDF_SONAME)"')

$(OUT)/bookc: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $$(pkg-config --libs $(PKGS)) -lm \
	  $(MALLOC_LIBS)

$(OUT)/guide.pdf $(OUT)/guide.epub &: $(OUT)/bookc $(BOOK_SRC) $(wildcard styles/* fonts/*)
	$(OUT)/bookc -o $(OUT)/guide.pdf -o $(OUT)/guide.epub $(BOOK)

# The guide as a handout (styles/handout.ini): 8 A4 pages.
handout: $(OUT)/guide-handout.pdf
$(OUT)/guide-handout.pdf: $(OUT)/bookc $(BOOK_SRC) $(wildcard styles/* fonts/*)
	$(OUT)/bookc -s handout -o $@ $(BOOK)

# Unit tests: each tests/unit/NAME.c is linked with the compiler's objects
# (all but main.o) and prints "ok"/"not ok" lines that run.py counts.
UNIT_SRC = $(wildcard tests/unit/*.c)
ifeq ($(INTERPOSE),no)
UNIT_SRC := $(filter-out tests/unit/numfmt_test.c,$(UNIT_SRC))
endif
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(OUT)/unit/%)
LIB_OBJ  = $(filter-out $(OUT)/obj/compiler/main.o,$(OBJ))
$(OUT)/unit/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $$(pkg-config --cflags $(PKGS) $(LAZY_PKGS)) -Icompiler \
	  $< $(LIB_OBJ) -o $@ \
	  $$(pkg-config --libs $(PKGS) $(LAZY_PKGS)) -lm $(MALLOC_LIBS)

check: test-deps all $(UNIT_BIN)
	python3 tests/run.py --bookc $(OUT)/bookc --unit $(OUT)/unit

# The EPUB in Calibre, Chromium and WebKitGTK (tests/engines/run.py): a
# minute or two, so not part of check.
check-engines: test-deps $(OUT)/bookc
	-$(call install_debs,$(ENGINE_DEBS))
	python3 tests/engines/run.py --bookc $(OUT)/bookc

# Ace by DAISY on the guide, the test books and the Subversion book: no
# violation allowed (tests/a11y/run.py; installs Ace with npm, skips where
# npm cannot be reached; minutes), so not part of check.
check-a11y: test-deps $(OUT)/bookc
	-$(call install_debs,$(A11Y_DEBS))
	python3 tests/a11y/run.py --bookc $(OUT)/bookc

# The formulas of tests/math/chapter.tex set by bookc and by XeLaTeX,
# side by side in out/compare/ (tests/math/compare_xelatex.py): a tool
# for looking, not a test.
compare-xelatex: test-deps $(OUT)/bookc
	$(call install_debs,$(XETEX_DEBS))
	python3 tests/math/compare_xelatex.py --bookc $(OUT)/bookc --out $(OUT)/compare

# The whole suite with AddressSanitizer and UndefinedBehaviorSanitizer.
asan: test-deps
	$(MAKE) OUT=out/asan CC=clang MALLOC=libc \
	  OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
	  LDFLAGS='-fsanitize=address,undefined' out/asan/bookc \
	  $(UNIT_SRC:tests/unit/%.c=out/asan/unit/%)
	ASAN_OPTIONS=detect_leaks=0 python3 tests/run.py --bookc out/asan/bookc \
	  --unit out/asan/unit --quick

# libFuzzer on the reader, validation and every back end, seeded with the
# tests' books; crashes land in out/fuzz/ (make each one a test).
FUZZ_SRC = $(filter-out compiler/main.c,$(SRC)) tests/fuzz/fuzz_bookc.c
fuzz: test-deps $(OUT)/gen/hanzi_forms.h
	@mkdir -p out/fuzz/corpus
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	  $$(pkg-config --cflags $(PKGS) $(LAZY_PKGS)) -Icompiler -I$(OUT)/gen \
	  $(FUZZ_SRC) \
	  -o out/fuzz/fuzz-bookc $$(pkg-config --libs $(PKGS)) -lm
	cp tests/model/*.xml tests/diag/*.xml out/fuzz/corpus/ 2>/dev/null || true
	ASAN_OPTIONS=detect_leaks=0 out/fuzz/fuzz-bookc -max_total_time=$(FUZZ_SECONDS) \
	  -timeout=20 -rss_limit_mb=2048 -dict=tests/fuzz/docbook.dict \
	  -artifact_prefix=out/fuzz/ out/fuzz/corpus

corpus: test-deps $(OUT)/bookc
	BOOKC=$(OUT)/bookc python3 tests/corpus/corpus.py

# The DocBook xslTNG stylesheets' test documents, when given:
# make xsltng XSLTNG=.../xslTNG/src/test/resources/xml (never committed).
xsltng: test-deps $(OUT)/bookc
	BOOKC=$(OUT)/bookc XSLTNG=$(XSLTNG) python3 tests/corpus/xsltng.py

# The MathML tests of web-platform-tests as a corpus of formulas, when
# given: make wpt-mathml WPT=.../wpt/mathml (never committed).
wpt-mathml: test-deps $(OUT)/bookc
	BOOKC=$(OUT)/bookc WPT=$(WPT) python3 tests/corpus/wpt_mathml.py

bench: test-deps $(OUT)/bookc
	BOOKC=$(OUT)/bookc python3 tests/bench/bench.py

# valgrind watches glibc's malloc: a build of its own with it.
valgrind: test-deps
	$(MAKE) OUT=out/valgrind MALLOC=libc out/valgrind/bookc
	python3 tests/run.py --bookc out/valgrind/bookc --valgrind --quick

clean:
	rm -rf $(OUT)

install: $(OUT)/bookc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/styles \
	  $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(OUT)/bookc $(DESTDIR)$(BINDIR)/bookc
	install -m 644 styles/*.ini $(DESTDIR)$(DATADIR)/styles/
	install -m 644 fonts/fonts.conf $(DESTDIR)$(DATADIR)/fonts/
	[ ! -f man/bookc.1 ] || install -m 644 man/bookc.1 $(DESTDIR)$(MANDIR)/man1/

# The book's PDF and EPUB named with its version, and their checksums.
BOOK_VERSION = $(shell xmllint --xpath 'string(/*/*[local-name()="info"]/*[local-name()="releaseinfo"])' $(BOOK) 2>/dev/null | tr -cd '0-9A-Za-z.-' | sed 's/^$$/0/')
release: all
	cp $(OUT)/guide.pdf $(OUT)/guide-$(BOOK_VERSION).pdf
	cp $(OUT)/guide.epub $(OUT)/guide-$(BOOK_VERSION).epub
	cd $(OUT) && sha256sum guide-$(BOOK_VERSION).pdf guide-$(BOOK_VERSION).epub > SHA256SUMS
	@cat $(OUT)/SHA256SUMS

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/bookc $(DESTDIR)$(MANDIR)/man1/bookc.1
	rm -rf $(DESTDIR)$(DATADIR)
