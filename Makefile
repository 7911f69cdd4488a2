# SPDX-License-Identifier: GPL-2.0-only
#
# nvmx-selftests.  Sources are found by directory, so a new test is a new
# file and nothing else:
#   tests/*.c        one kselftest binary each     -> $(OUTPUT)/tests/
#   tests/unit/*.c   host-only unit tests (ASan)   -> $(OUTPUT)/unit/
#                    (tests/unit/lib/: their shared helpers)
#   tools/nvmx/*.c   the nvmx command              -> $(OUTPUT)/tools/nvmx
#   lib/, x86_64/    the library, any depth        -> $(OUTPUT)/libnvmx.a
# Code in a folder named guest/ runs inside guests: it is built with
# $(GUEST_CFLAGS).  docs/DEVELOPING.md has the folder rules.
#
# make                 build everything (-Wall -Wextra -Werror)
# make STATIC=1        static binaries, in build/static (for the emulator)
# make run_tests       run the suite on this host
# make check           everything the project tests
# make install DESTDIR=dir   run_tests.sh, tests/, bin/nvmx under dir
#                            (STATIC=1: without debug info, for a small image)

CC	?= gcc
STATIC	?=
ifeq ($(STATIC),1)
OUTPUT	?= build/static
else
OUTPUT	?= build
endif

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

# make V=1 shows the commands.
ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

# The guest runs in a copy of the test image, without libc, TLS or a red
# zone the exception frames would clobber: hence no stack protector and
# -mno-red-zone everywhere.
# The one architecture; lib/ reaches it only through kvm_util_arch.h.
ARCH	:= x86_64
BASE_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Iinclude -Iinclude/$(ARCH) -fno-stack-protector -mno-red-zone -fno-strict-aliasing \
	-I$(OUTPUT)/gen -MMD -MP
CFLAGS	?=
override CFLAGS := $(BASE_CFLAGS) $(CFLAGS)
LDLIBS	:= -ljansson
# Code that runs in guests (every file under a guest/ folder: lib/guest/,
# x86_64/guest/, x86_64/l1/guest/) uses no SSE: PVM emulates instructions
# after an injected exception, and KVM's emulator has no SSE.
GUEST_CFLAGS := -mgeneral-regs-only
# An option the compiler takes, or nothing (gcc and clang differ).
cc-option = $(shell $(CC) -Werror $(1) -x c -c -o /dev/null /dev/null 2>/dev/null && echo $(1))
guest_flags = $(if $(findstring /guest/,$(1)),$(GUEST_CFLAGS))
ifeq ($(STATIC),1)
LDFLAGS	+= -static
endif

SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# Every .c and .S below lib/ and x86_64/, at any depth.
STRING_SRC := lib/guest/string_override.c
LIB_SRCS := $(sort $(filter-out $(STRING_SRC),$(shell find lib x86_64 \
	-name '*.c' -o -name '*.S')))
TEST_SRCS := $(wildcard tests/*.c)
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_LIB_SRCS := $(wildcard tests/unit/lib/*.c)
NVMX_SRCS := $(wildcard tools/nvmx/*.c)

obj = $(patsubst %,$(OUTPUT)/obj/%.o,$(basename $(1)))
sanobj = $(patsubst %,$(OUTPUT)/san/%.o,$(basename $(1)))

LIB_OBJS := $(call obj,$(LIB_SRCS))
SAN_LIB_OBJS := $(call sanobj,$(LIB_SRCS))
STRING_OBJ := $(OUTPUT)/obj/lib/guest/string_override.o
UNIT_LIB_OBJS := $(call sanobj,$(UNIT_LIB_SRCS))
TEST_BINS := $(patsubst tests/%.c,$(OUTPUT)/tests/%,$(TEST_SRCS))
UNIT_SCRIPTS := $(wildcard tests/unit/*.sh)
UNITS := $(patsubst tests/unit/%.c,$(OUTPUT)/unit/%,$(UNIT_SRCS)) \
	$(patsubst tests/unit/%.sh,$(OUTPUT)/unit/%,$(UNIT_SCRIPTS))
NVMX := $(if $(NVMX_SRCS),$(OUTPUT)/tools/nvmx)

.PHONY: clang_build all tests unit nvmx run_tests check unit_tests install install-destdir clean deps
all: tests unit nvmx $(OUTPUT)/tests/settings

# A fresh machine: install the build dependencies first (as root; else
# it names the apt-get command).  Skipped once jansson.h is there.
deps:
	@test -f /usr/include/jansson.h || ./tools/install-deps build
tests: $(TEST_BINS) $(OUTPUT)/tests/settings
unit: $(UNITS) $(OUTPUT)/unit/settings
nvmx: $(NVMX)

$(OUTPUT)/obj/%.o: %.c Makefile | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(call guest_flags,$<) -c -o $@ $<

$(OUTPUT)/obj/%.o: %.S Makefile
	@mkdir -p $(dir $@)
	$(call msg,AS,$@)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

# Calls to these come from the compiler itself; keep it from turning the
# loops back into calls to the very functions they define (gcc's loop
# distribution; clang's loop-idiom pass already obeys -fno-builtin).
$(STRING_OBJ): $(STRING_SRC)
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(GUEST_CFLAGS) -ffreestanding -fno-builtin \
		$(call cc-option,-fno-tree-loop-distribute-patterns) -c -o $@ $<

$(OUTPUT)/san/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(call guest_flags,$<) $(SAN_FLAGS) -c -o $@ $<

$(OUTPUT)/san/%.o: %.S Makefile
	@mkdir -p $(dir $@)
	$(call msg,AS,$@)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(OUTPUT)/libnvmx.a: $(LIB_OBJS)
	@rm -f $@
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(OUTPUT)/libnvmx-san.a: $(SAN_LIB_OBJS)
	@rm -f $@
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(OUTPUT)/tests/%: $(OUTPUT)/obj/tests/%.o $(OUTPUT)/libnvmx.a $(STRING_OBJ)
	@mkdir -p $(dir $@)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(STRING_OBJ) $(OUTPUT)/libnvmx.a $(LDLIBS)

$(OUTPUT)/tests/settings: tests/settings
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# The unit tests' timeouts: nvmx_cli_unit runs nvmx check (an ASan build)
# once per committed snapshot, 386 of them: 30 to 50 s on the 2-core
# machine, more as data/snapshots grows.
$(OUTPUT)/unit/settings: tests/unit/settings
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

# The version snapshots record; rewritten only when it changes, so that a
# commit does not rebuild everything.
$(OUTPUT)/gen/nvmx_version.h: FORCE
	@mkdir -p $(dir $@)
	@echo '#define NVMX_VERSION "$(VERSION)"' >$@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(OUTPUT)/obj/x86_64/snapshot/snapshot.o \
$(OUTPUT)/san/x86_64/snapshot/snapshot.o: \
	$(OUTPUT)/gen/nvmx_version.h
.PHONY: FORCE
FORCE:

# Unit tests never run guests: they get the sanitizers and no string
# overrides, and are always dynamically linked (ASan needs that).
$(OUTPUT)/unit/%: $(OUTPUT)/san/tests/unit/%.o $(UNIT_LIB_OBJS) \
		$(OUTPUT)/libnvmx-san.a
	@mkdir -p $(dir $@)
	$(call msg,LD,$@)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $< $(UNIT_LIB_OBJS) $(OUTPUT)/libnvmx-san.a \
		-ljansson

# Script unit tests run from the build directory like the others.
$(OUTPUT)/unit/%: tests/unit/%.sh
	@mkdir -p $(dir $@)
	$(Q)sed 's|^top=.*|top=$(CURDIR)|' $< >$@ && chmod +x $@

$(OUTPUT)/tools/nvmx: $(call obj,$(NVMX_SRCS)) $(OUTPUT)/libnvmx.a $(STRING_OBJ)
	@mkdir -p $(dir $@)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(call obj,$(NVMX_SRCS)) $(STRING_OBJ) \
		$(OUTPUT)/libnvmx.a $(LDLIBS)

# TESTS= selects tests by name, as run_tests.sh's FILTER arguments do;
# J= runs that many at once.
run_tests: tests
	TESTS="$(TESTS)" ./run_tests.sh -d $(OUTPUT)/tests $(if $(J),-j $(J))

unit_tests: unit
	NVMX_NO_VMX_HINT=1 TESTS="$(UNIT_TESTS)" ./run_tests.sh -d $(OUTPUT)/unit $(if $(J),-j $(J))

# Everything the project tests: the unit tests (ASan, UBSan), the suite
# on this host, the default emulated matrix, and a bounded fuzzing run.
check: deps
	./tools/install-deps unit
	$(MAKE) all
	$(MAKE) unit_tests
	$(MAKE) emulator-selftest
	$(MAKE) run_tests
	$(MAKE) run_tests_emulated
	$(MAKE) fuzz_ci
	$(MAKE) clang_build

# The same sources under clang, -Werror too: kernel selftests are built
# with either compiler, and each catches what the other lets pass.
clang_build:
	./tools/install-deps fuzz
	$(MAKE) CC=clang OUTPUT=$(OUTPUT)/clang all

# install: DESTDIR= is this project's layout (the emulated image's),
# INSTALL_PATH= kselftest's (tools/packaging.mk).
install: all $(if $(DESTDIR),install-destdir) $(if $(INSTALL_PATH),install-kselftest)
	@test -n "$(DESTDIR)$(INSTALL_PATH)" || { echo "make install: needs DESTDIR=dir (this layout) or INSTALL_PATH=dir (kselftest's)" >&2; exit 2; }

install-destdir: tests $(NVMX)
	mkdir -p $(DESTDIR)/tests $(DESTDIR)/bin
	cp run_tests.sh $(DESTDIR)/
	cp $(TEST_BINS) $(OUTPUT)/tests/settings $(DESTDIR)/tests/
	$(if $(NVMX),cp $(NVMX) $(DESTDIR)/bin/)
	$(if $(filter 1,$(STATIC)),strip --strip-debug $(DESTDIR)/tests/*_test $(DESTDIR)/bin/*)

clean:
	rm -rf build

-include emulator/emulator.mk
-include tools/nvmx/nvmx.mk
-include tests/fuzz/fuzz.mk
-include tools/packaging.mk
-include $(shell find $(OUTPUT) -name '*.d' 2>/dev/null)
.SECONDARY:
