# prudent: one non-recursive Makefile.
#   make            build bin/prudent
#   make test       install what is missing, build, run every test suite
#   make check      the same suites under AddressSanitizer and UndefinedBehaviorSanitizer
#   make fuzz       every libFuzzer target in tests/fuzz for FUZZ_SECONDS each (default 60)
#   make fuzz-smoke every fuzz target briefly (FUZZ_SMOKE_SECONDS, default 10), for CI
#   make run        install, build, start the embedded database, load the demo book, run
#   make stop       stop the embedded database that make run started
#   make bench      benchmarks (QUICK=1 for a short run); figures, never pass/fail
#   make install    PREFIX=/usr/local
#   make format     clang-format every C file

PREFIX  ?= /usr/local
BUILD   ?= build
BIN     ?= bin
CC      ?= cc
PKGS    := libpq libcjson libcurl libmicrohttpd libsodium xlsxwriter libxml-2.0

# Opened on first use rather than linked (src/util/lazylib.h): their headers only.
LAZY_PKGS := libxml-2.0 libcurl

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(filter-out $(LAZY_PKGS),$(PKGS)) 2>/dev/null)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla -Wimplicit-fallthrough
ifneq ($(CI),)
WARN    += -Werror
endif
OPT     ?= -O2 -g
ifeq ($(SAN),1)
OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
endif

CPPFLAGS += -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) -D_GNU_SOURCE
CFLAGS   += -std=c11 $(OPT) $(WARN) -MMD -MP
LDLIBS   += $(PKG_LIBS) -lcsv -lpthread -lm
LDFLAGS  += $(LDSAN)

# Every .c under src/ is part of the program; src/cli/main.c alone holds main().
SRC      := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
GEN_SRC  := $(BUILD)/gen/migrations.c $(BUILD)/gen/web_assets.c
OBJ      := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/migrations.o \
            $(BUILD)/obj/gen/web_assets.o
LIB      := $(BUILD)/libprudent.a
PROG     := $(BIN)/prudent
MIGRATIONS := $(sort $(wildcard sql/[0-9][0-9][0-9]_*.sql))
WEB_FILES  := $(sort $(wildcard web/*.html web/*.css web/*.js))

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))

.PHONY: all test check run stop bench ha-drill bootstrap-ha install format clean bootstrap bootstrap-run bootstrap-fuzz \
        bootstrap-bench print-libs test-browser fuzz fuzz-smoke fuzz-build
all: $(PROG) $(UNIT_BIN)

$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed-sql
	@mkdir -p $(dir $@)
	$(Q)scripts/embed-sql $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# The web pages (web/), embedded the same way: the installed program serves them itself.
$(BUILD)/gen/web_assets.c: $(WEB_FILES) scripts/embed-web
	@mkdir -p $(dir $@)
	$(Q)scripts/embed-web $(WEB_FILES) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/gen/migrations.o: $(BUILD)/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# V=1 shows the full commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(PROG): $(BUILD)/obj/src/cli/main.o $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(LIB) $(LDLIBS) -lcmocka -o $@

# Each target installs what it needs, no more (scripts/bootstrap names the groups).
bootstrap:
	@scripts/bootstrap test
bootstrap-run:
	@scripts/bootstrap run
bootstrap-fuzz:
	@scripts/bootstrap fuzz
bootstrap-bench:
	@scripts/bootstrap bench
bootstrap-ha:
	@scripts/bootstrap ha

# The libraries the link line names (tests/e2e/test_bootstrap.sh checks that bootstrap installs
# the package of each).
print-libs:
	@echo $(LDLIBS) -lcmocka

# make test: install what is missing, build, then every suite; the last line is the total.
test: bootstrap
	@$(MAKE) --no-print-directory all
	@PRUDENT_BIN=$(abspath $(PROG)) UNIT_DIR=$(abspath $(BUILD)/tests/unit) scripts/run-tests

check: bootstrap
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/bin SAN=1 all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  PRUDENT_BIN=$(abspath build/asan/bin/prudent) UNIT_DIR=$(abspath build/asan/tests/unit) scripts/run-tests

# Fuzzing (clang + libFuzzer): the library is rebuilt with clang into build/fuzz with
# -fsanitize=fuzzer-no-link,address,undefined; each tests/fuzz/fuzz_NAME.c links against it.
# Runs start from tests/fuzz/corpus/NAME (the seeds, kept in git) and write new inputs to
# build/fuzz/corpus/NAME; crashes land in build/fuzz/crash-NAME-*.
FUZZ_CC            ?= clang-14
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,build/fuzz/bin/%,$(FUZZ_SRC))
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined

fuzz-build: bootstrap-fuzz
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=$(FUZZ_CC) \
	  OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" build/fuzz/libprudent.a
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

build/fuzz/bin/%: tests/fuzz/%.c tests/fuzz/*.h build/fuzz/libprudent.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=c11 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer $(FUZZ_SAN) \
	  $< build/fuzz/libprudent.a $(LDLIBS) -o $@

fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/run-fuzz $(FUZZ_BIN)

fuzz-smoke: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) scripts/run-fuzz $(FUZZ_BIN)

test-browser: bootstrap
	@$(MAKE) --no-print-directory all
	@PRUDENT_BIN=$(abspath $(PROG)) SUITES=browser scripts/run-tests

run: bootstrap-run
	@$(MAKE) --no-print-directory $(PROG)
	@PRUDENT_BIN=$(abspath $(PROG)) scripts/run-demo

# The embedded database outlives the service that `make run` started (Ctrl-C stops only the
# service): this stops it.
stop:
	@if [ -x $(PROG) ]; then $(PROG) db stop; else echo "nothing built, nothing to stop"; fi

bench: bootstrap-bench
	@$(MAKE) --no-print-directory $(PROG)
	@PRUDENT_BIN=$(abspath $(PROG)) scripts/bench

# The failover drill (docs/scaling.md): a primary, a synchronous standby and pg_auto_failover on
# loopback, two services, the primary killed mid-way; not part of make test.
ha-drill: bootstrap-ha
	@$(MAKE) --no-print-directory $(PROG)
	@PRUDENT_BIN=$(abspath $(PROG)) scripts/ha-drill

install: $(PROG)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/prudent/feeds
	install -m 755 $(PROG) $(DESTDIR)$(PREFIX)/bin/prudent
	install -m 644 feeds/*.json $(DESTDIR)$(PREFIX)/share/prudent/feeds/ 2>/dev/null || true

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h) $(UNIT_SRC)

clean:
	rm -rf build bin

-include $(OBJ:.o=.d) $(BUILD)/obj/src/cli/main.d
