# docket - build, test, run.  See README.md.
#
#   make          build ./docket and the test programs (runs nothing)
#   make run      install missing dependencies, build, make the demo
#                 workspace if needed, open the TUI on it
#   make check    install missing dependencies, build, run every test
#                 (Check unit tests plain and under ASan+UBSan, CLI tests,
#                 tmux end-to-end tests plain and under ASan+UBSan)
#   make bench    benchmarks (slow; prints figures, asserts nothing)
#   make torture  random SIGKILLs and 32 agents at once (slow; figures)
#   make mutate   mutation score of the security-relevant code (slow)
#   make fuzz     libFuzzer runs of tests/fuzz/ (clang; FUZZ_SECONDS each)
#   make install PREFIX=/usr/local
#   make install-shared [DOCKET_GROUP=docket] [WORKSPACE=DIR ADMIN=LOGIN]
#                 (root) docket setgid to a group, a shared workspace

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
PKGS := ncursesw sqlite3 libgit2 jansson inih libcrypto
DEMO_DIR ?= $(CURDIR)/demo-workspace

# mail/ alone includes GMime (and libxml2's HTML parser): their flags go
# to mail's objects only; ./docket links them after the other layers.
MAIL_PKGS := gmime-3.0 libxml-2.0 libytnef

# Plain `make` needs the -dev packages; `make run` and `make check` install
# what is missing first (scripts/deps.sh). Without them, say so instead of
# letting the compiler stop at the first missing header.
GOALS := $(or $(MAKECMDGOALS),all)
ifneq ($(filter-out deps run check clean,$(GOALS)),)
NEEDED_PKGS := $(PKGS) $(MAIL_PKGS) $(if $(filter-out docket install cli-tests e2e fuzz fuzz-run fuzz-smoke,$(GOALS)),check)
ifneq ($(shell $(PKG_CONFIG) --exists $(NEEDED_PKGS) 2>/dev/null && echo ok),ok)
MISSING_PKGS := $(foreach p,$(NEEDED_PKGS),$(if $(shell $(PKG_CONFIG) --exists $(p) 2>/dev/null && echo ok),,$(p)))
$(error missing build dependencies (pkg-config modules not found: $(MISSING_PKGS)); run `make run` or `make check`, which install them first, or `sh scripts/deps.sh`)
endif
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
MAIL_CFLAGS := $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags $(MAIL_PKGS) 2>/dev/null))
MAIL_LIBS := $(shell $(PKG_CONFIG) --libs $(MAIL_PKGS) 2>/dev/null)
# ./docket links these libraries from their static archives when all of
# them are installed (Debian's -dev packages ship them): a command then
# maps 4 shared objects instead of 25 and starts in ~2 ms instead of ~9,
# which was most of what a `terms show` cost. STATIC=0 links them shared.
# Statically linked, libgit2's HTTP(S)/SSH transports and their start-up
# (CA bundle, entropy, libssh2, GSSAPI) are wrapped away: terms/tls.c says
# why. GSSAPI (not in Debian's libgit2.pc) is linked only if still needed.
STATIC ?= auto
SYSTEM_LIBS := -lm -ldl -lrt -pthread
STATIC_SET = $(filter-out $(SYSTEM_LIBS),$(shell $(PKG_CONFIG) --static --libs $(PKGS) 2>/dev/null))
STATIC_MISSING = $(strip $(foreach l,$(sort $(STATIC_SET:-l%=%)),$(if $(filter /%,$(shell $(CC) -print-file-name=lib$(l).a)),,$(l))))
GSSAPI_SO = $(filter /%,$(shell $(CC) -print-file-name=libgssapi_krb5.so.2))
GSSAPI_IF_NEEDED := -Wl,--as-needed -l:libgssapi_krb5.so.2 -Wl,--no-as-needed
NO_REMOTES := git_smart_subtransport_http git_smart_subtransport_ssh git_transport_ssh_global_init \
	git_mbedtls_stream_global_init git_mbedtls__set_cert_location
STATIC_LIBS = -Wl,--gc-sections $(NO_REMOTES:%=-Wl,--wrap=%) \
	-Wl,--defsym=git_http__expect_continue=docket_http_expect_continue \
	-Wl,-Bstatic $(STATIC_SET) -Wl,-Bdynamic \
	$(if $(GSSAPI_SO),$(GSSAPI_IF_NEEDED)) $(SYSTEM_LIBS)
ifeq ($(STATIC),0)
LINK_MODE = shared libraries
DOCKET_LIBS = $(PKG_LIBS)
else
LINK_MODE = $(if $(STATIC_MISSING),shared libraries: no static $(STATIC_MISSING),static libraries)
DOCKET_LIBS = $(if $(STATIC_MISSING),$(PKG_LIBS),$(STATIC_LIBS))
endif
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wformat=2 -Wno-format-nonliteral \
	-Wmissing-prototypes -Wstrict-prototypes -Wwrite-strings -Wcast-qual -Wundef
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -D_XOPEN_SOURCE_EXTENDED -I. $(WARN) $(PKG_CFLAGS)
OPT ?= -O2 -g
CFLAGS_ALL := $(BASE_CFLAGS) $(OPT) $(CFLAGS)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS_SAN := $(BASE_CFLAGS) -O1 -g $(SAN) $(CFLAGS)

# Layers, lowest first. Each folder is one layer and one archive; a layer
# may include and call only the layers before it in this list, and the
# link puts the archives in the opposite order, so a call upwards is a link
# error (docs/architecture.md). main.c sits on top and picks the CLI or the
# TUI; tests link only the layers they need (TEST_LAYERS below).
LAYERS := lib model data terms core cli tui mail
lib_SRCS := $(wildcard lib/*.c)
model_SRCS := $(wildcard model/*.c)
data_SRCS := $(wildcard data/*.c data/sqlite/*.c)
terms_SRCS := $(filter-out terms/tls.c,$(wildcard terms/*.c))
core_SRCS := $(wildcard core/*.c)
cli_SRCS := $(wildcard cli/*.c)
tui_SRCS := $(wildcard tui/*.c tui/views/*.c)
# mail/bin.c is the main() of docket-mail (the mail front end's program)
mail_SRCS := $(filter-out mail/bin.c,$(wildcard mail/*.c))
LIB_SRCS := $(foreach l,$(LAYERS),$($(l)_SRCS)) terms/tls.c
TEST_SRCS := $(wildcard tests/check_*.c)
BENCH_SRCS := $(wildcard bench/*.c)

STARTER_FILES := $(shell find legal-starter -type f | LC_ALL=C sort)
OBJS := $(LIB_SRCS:%.c=build/obj/%.o) build/obj/gen/starter.o
SAN_OBJS := $(LIB_SRCS:%.c=build/san/%.o) build/san/gen/starter.o
# One archive per layer (the generated starter files belong to lib/, whose
# embed.c reads them). terms/tls.c replaces symbols of libgit2's static
# archive, which comes after ours: it is linked as an object.
layer_objs = $(if $(filter lib,$(2)),build/$(1)/gen/starter.o) $($(2)_SRCS:%.c=build/$(1)/%.o)
# $(call archives,obj|san,layers...) -> archives, highest layer first
archives = $(foreach l,$(call reverse,$(2)),build/$(1)/lib$(l).a)
reverse = $(if $(1),$(call reverse,$(wordlist 2,$(words $(1)),$(1))) $(firstword $(1)))
# ./docket links every layer but mail/, which is docket-mail's (GMime and
# libxml2 would double the start-up time of every command)
DOCKET_LAYERS := $(filter-out mail,$(LAYERS))
ALL_LAYERS_LINK = $(call archives,obj,$(DOCKET_LAYERS)) build/obj/terms/tls.o
ALL_LAYERS_LINK_SAN = $(call archives,san,$(DOCKET_LAYERS)) build/san/terms/tls.o
MAIL_LINK = $(call archives,obj,$(LAYERS)) build/obj/terms/tls.o
# What each test program links (default: every layer below the front ends).
BELOW_FRONTS := lib model data terms core
TEST_LAYERS = $(or $(TEST_LAYERS_$(1)),$(BELOW_FRONTS))
TEST_LAYERS_check_util := lib
TEST_LAYERS_check_terms := lib terms
TEST_LAYERS_check_which := lib model core
TEST_LAYERS_check_deadline := lib model core
TEST_LAYERS_check_rules := lib model core
TEST_LAYERS_check_store := lib model data
TEST_LAYERS_check_classify := lib model core
TEST_LAYERS_check_keys := lib tui
TESTS := $(TEST_SRCS:tests/%.c=build/tests/%)
SAN_TESTS := $(TEST_SRCS:tests/%.c=build/san-tests/%)
BENCHES := $(BENCH_SRCS:bench/%.c=build/bench/%)
# Fuzz targets: tests/fuzz/fuzz_NAME.c -> build/fuzz/NAME (replay driver,
# ASan+UBSan) and build/libfuzzer/NAME (clang libFuzzer, make fuzz).
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/fuzz_%.c=%)
FUZZERS := $(FUZZ_NAMES:%=build/fuzz/%)
LIBFUZZERS := $(FUZZ_NAMES:%=build/libfuzzer/%)
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 2000
CFLAGS_FUZZ := $(BASE_CFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
FUZZ_CLANG_OBJS := $(LIB_SRCS:%.c=build/fuzz-clang/%.o) build/fuzz-clang/gen/starter.o

Q := @
ifeq ($(V),1)
Q :=
endif

.PHONY: all deps run FORCE check unit unit-san fuzz-smoke fuzz fuzz-run cli-tests e2e e2e-san bench torture mutate install install-shared clean demo
.DEFAULT_GOAL := all
.SECONDARY:

all: docket docket-mail $(TESTS) $(BENCHES)

deps:
	$(Q)sh scripts/deps.sh

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	$(Q)$(CC) $(CFLAGS_SAN) -MMD -MP -c -o $@ $<

build/obj/mail/%.o: CFLAGS_ALL += $(MAIL_CFLAGS)
build/san/mail/%.o: CFLAGS_SAN += $(MAIL_CFLAGS)
build/fuzz-clang/mail/%.o: CFLAGS_FUZZ += $(MAIL_CFLAGS)

# The starter legal content is compiled into the binary.
build/embed: scripts/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O1 -o $@ $<

gen/starter.c: build/embed $(STARTER_FILES)
	@mkdir -p gen
	@echo "  EMBED   legal-starter"
	$(Q)build/embed $@ legal-starter $(STARTER_FILES)

define layer_archive
build/obj/lib$(1).a: $$(call layer_objs,obj,$(1))
	$$(Q)rm -f $$@ && ar rcs $$@ $$^
build/san/lib$(1).a: $$(call layer_objs,san,$(1))
	$$(Q)rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_archive,$(l))))

# relink when STATIC changes (the file changes only then)
build/link-mode: FORCE
	@mkdir -p build
	@echo '$(STATIC)' | cmp -s - $@ || echo '$(STATIC)' >$@

docket: build/obj/main.o $(ALL_LAYERS_LINK) build/link-mode
	@echo "  LINK    $@ ($(LINK_MODE))"
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $(filter %.o %.a,$^) $(DOCKET_LIBS) $(LDFLAGS)

docket-mail: build/obj/mail/bin.o $(MAIL_LINK) build/link-mode
	@echo "  LINK    $@ ($(LINK_MODE), GMime and libxml2 shared)"
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $(filter %.o %.a,$^) $(DOCKET_LIBS) $(MAIL_LIBS) $(LDFLAGS)

# beside build/docket-san, which runs it (main.c looks next to itself)
build/docket-mail: build/san/mail/bin.o $(call archives,san,$(LAYERS)) build/san/terms/tls.o
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS_SAN) -o $@ $^ $(PKG_LIBS) $(MAIL_LIBS) $(LDFLAGS)

build/docket-san: build/san/main.o $(ALL_LAYERS_LINK_SAN)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS_SAN) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

build/obj/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

build/obj/bench/%.o: bench/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

build/san/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	$(Q)$(CC) $(CFLAGS_SAN) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

.SECONDEXPANSION:
build/tests/%: build/obj/tests/%.o $$(call archives,obj,$$(call TEST_LAYERS,%)) build/obj/terms/tls.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(CHECK_LIBS) $(PKG_LIBS) $(LDFLAGS)

build/san-tests/%: build/san/tests/%.o $$(call archives,san,$$(call TEST_LAYERS,%)) build/san/terms/tls.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS_SAN) -o $@ $^ $(CHECK_LIBS) $(PKG_LIBS) $(LDFLAGS)

build/bench/%: build/obj/bench/%.o $(call archives,obj,$(BELOW_FRONTS)) build/obj/terms/tls.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

# Unit tests run with CK_FORK=no under the sanitizers so that ASan sees
# the whole process; plain runs keep Check's forking for isolation.
unit: $(TESTS)
	$(Q)sh tests/run-unit.sh build/tests $(TESTS)

unit-san: $(SAN_TESTS)
	$(Q)ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  CK_FORK=no sh tests/run-unit.sh build/san-tests $(SAN_TESTS)

# the mail target (tests/fuzz/fuzz_mail.c) fuzzes mail/'s parser glue
FUZZ_LAYERS = $(if $(filter mail,$(1)),$(BELOW_FRONTS) mail,$(BELOW_FRONTS))
build/fuzz/%: build/san/tests/fuzz/fuzz_%.o build/san/tests/fuzz/replay.o $$(call archives,san,$$(call FUZZ_LAYERS,%)) build/san/terms/tls.o
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS_SAN) -o $@ $^ $(PKG_LIBS) $(MAIL_LIBS) $(LDFLAGS)

# Every fuzz target over its corpus and FUZZ_RUNS mutations of it.
fuzz-smoke: $(FUZZERS)
	$(Q)FUZZ_RUNS=$(FUZZ_RUNS) sh tests/fuzz/smoke.sh $(FUZZERS)

build/fuzz-clang/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	$(Q)$(FUZZ_CC) $(CFLAGS_FUZZ) -MMD -MP -c -o $@ $<

build/libfuzzer/%: build/fuzz-clang/tests/fuzz/fuzz_%.o $(FUZZ_CLANG_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	$(Q)$(FUZZ_CC) $(CFLAGS_FUZZ) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) $(MAIL_LIBS) $(LDFLAGS)

# Real libFuzzer runs (not part of check): needs clang with its fuzzer
# runtime (Debian: clang, libclang-rt-14-dev).
fuzz:
	$(Q)mkdir -p build && printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' \
	  > build/fuzz-probe.c && \
	  if $(FUZZ_CC) -fsanitize=fuzzer -o build/fuzz-probe build/fuzz-probe.c >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory fuzz-run; \
	  else echo "fuzz: $(FUZZ_CC) -fsanitize=fuzzer does not work (install clang and libclang-rt-14-dev); skipped"; fi

fuzz-run: $(LIBFUZZERS)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/libfuzzer.sh $(LIBFUZZERS)

cli-tests: docket docket-mail
	$(Q)sh tests/cli/run.sh

e2e: docket docket-mail
	$(Q)sh tests/e2e/run.sh

# The whole e2e suite again against the ASan+UBSan build (about 35 s): the
# TUI's memory errors show only when the screen is driven (publish, erase,
# compose, the terms browser); a sanitizer report fails the test.
e2e-san: build/docket-san build/docket-mail
	$(Q)E2E_DOCKET=build/docket-san sh tests/e2e/run.sh

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh scripts/layers.sh
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory unit-san
	$(Q)$(MAKE) --no-print-directory fuzz-smoke
	$(Q)$(MAKE) --no-print-directory cli-tests
	$(Q)$(MAKE) --no-print-directory e2e
	$(Q)$(MAKE) --no-print-directory e2e-san

run: deps
	$(Q)$(MAKE) --no-print-directory docket
	$(Q)if [ ! -e "$(DEMO_DIR)/docket.db" ]; then \
	  echo "  DEMO    $(DEMO_DIR)"; ./docket demo "$(DEMO_DIR)" || exit 1; fi
	$(Q)./docket --workspace "$(DEMO_DIR)"

bench: all
	$(Q)sh bench/run.sh

# Crash and load torture (minutes; not part of check): TORTURE_KILLS,
# TORTURE_AGENTS, TORTURE_SECS; and the mutation score (bench/mutate.sh).
torture: docket
	$(Q)sh bench/torture.sh

mutate: all
	$(Q)sh bench/mutate.sh

# The shell completions are generated from the command table (cli/commands.c).
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
install: docket docket-mail
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -d $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR)
	install -m 0755 docket $(DESTDIR)$(PREFIX)/bin/docket
	install -m 0755 docket-mail $(DESTDIR)$(PREFIX)/bin/docket-mail
	install -m 0644 docs/docket.1 $(DESTDIR)$(PREFIX)/share/man/man1/docket.1
	./docket completion bash >$(DESTDIR)$(BASH_COMPLETION_DIR)/docket
	./docket completion zsh >$(DESTDIR)$(ZSH_COMPLETION_DIR)/_docket
	chmod 0644 $(DESTDIR)$(BASH_COMPLETION_DIR)/docket $(DESTDIR)$(ZSH_COMPLETION_DIR)/_docket

# A shared workspace (docs/security.md; run as root): the group
# DOCKET_GROUP (agents are not members), docket installed setgid to it,
# and with WORKSPACE=DIR a workspace owned by the group (2770/0660), with
# ADMIN=LOGIN as an admin.
DOCKET_GROUP ?= docket
WORKSPACE ?=
ADMIN ?=
install-shared: docket docket-mail
	$(Q)DOCKET_BIN=./docket DOCKET_MAIL_BIN=./docket-mail sh scripts/install-shared.sh "$(DESTDIR)$(PREFIX)" "$(DOCKET_GROUP)" "$(WORKSPACE)" "$(ADMIN)"

clean:
	rm -rf build docket docket-mail gen

-include build/obj/main.d build/san/main.d build/obj/mail/bin.d build/san/mail/bin.d $(OBJS:.o=.d) $(SAN_OBJS:.o=.d) $(TEST_SRCS:tests/%.c=build/obj/tests/%.d)
-include $(TEST_SRCS:tests/%.c=build/san/tests/%.d) $(BENCH_SRCS:bench/%.c=build/obj/bench/%.d)
-include $(FUZZ_SRCS:tests/%.c=build/san/tests/%.d) build/san/tests/fuzz/replay.d
-include $(FUZZ_CLANG_OBJS:.o=.d) $(FUZZ_SRCS:tests/%.c=build/fuzz-clang/tests/%.d)
