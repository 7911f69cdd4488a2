# SPDX-License-Identifier: GPL-2.0-only
#
# libFuzzer targets for everything that parses input (included by the top
# Makefile).  One target per tests/fuzz/fuzz_*.c:
#   fuzz_plain   the plain dump parser, and its round trip
#   fuzz_json    the JSON snapshot parser, and its round trip
#   fuzz_load    a file's whole way through nvmx: format detection, the
#                text gate, then the invariants, the model, decode, diff
#   fuzz_args    --param, --kernel, view and MSR names
#
# make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="fuzz_json ..."]
#     build with clang (-fsanitize=fuzzer,address,undefined) and run each
#     target for FUZZ_SECONDS, from the seed corpus tests/fuzz/corpus/<t>/;
#     new inputs go to build/fuzz/corpus/<t>/, crashes to
#     build/fuzz/artifacts/.  Fails on the first crash, leak or timeout.
# make fuzz_ci       installs clang's runtime if missing, then make fuzz
#                    for FUZZ_CI_SECONDS (default 60) per target
# make fuzz_build    only build
#
# The library is compiled again with clang and the fuzzer's coverage
# instrumentation; without -Werror for files that are not the parsers',
# since the normal build already holds them to it with gcc.

FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_CI_SECONDS	?= 60
FUZZ_DIR	:= $(OUTPUT)/fuzz
FUZZ_TARGETS	?= $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_BASE	:= -std=gnu11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE \
	-Iinclude -Iinclude/$(ARCH) -Itools/nvmx -I$(OUTPUT)/gen -fno-strict-aliasing \
	-mno-red-zone -Wall -Wextra -MMD -MP
FUZZ_STRICT	:= x86_64/snapshot/% tools/nvmx/% tests/fuzz/%

FUZZ_LIB_SRCS	:= $(LIB_SRCS) \
	$(filter-out tools/nvmx/main.c tools/nvmx/cmd_%.c,$(wildcard tools/nvmx/*.c))
FUZZ_LIB_OBJS	:= $(patsubst %,$(FUZZ_DIR)/obj/%.o,$(basename $(FUZZ_LIB_SRCS)))
FUZZ_BINS	:= $(patsubst %,$(FUZZ_DIR)/%,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz_build fuzz_ci
fuzz_build: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: %.c tests/fuzz/fuzz.mk $(OUTPUT)/gen/nvmx_version.h
	@mkdir -p $(dir $@)
	$(call msg,FUZZCC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_BASE) $(if $(filter $(FUZZ_STRICT),$<),-Werror,-w) \
		-fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_DIR)/obj/%.o: %.S tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CC) $(FUZZ_BASE) -c -o $@ $<

$(FUZZ_DIR)/libnvmx-fuzz.a: $(FUZZ_LIB_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_DIR)/libnvmx-fuzz.a
	$(call msg,LD,$@)
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
		$(FUZZ_DIR)/libnvmx-fuzz.a -ljansson

# Each target: its seeds read-only, new inputs in the build tree; a crash
# stops make with the reproducer's path on the last lines.
fuzz: $(FUZZ_BINS)
	@mkdir -p $(FUZZ_DIR)/artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus/$$t; \
		dict=; [ -f tests/fuzz/$$t.dict ] && dict=-dict=tests/fuzz/$$t.dict; \
		echo "  FUZZ   $$t for $(FUZZ_SECONDS) s (log: $(FUZZ_DIR)/$$t.log)"; \
		if ! $(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- $$dict \
			$(FUZZ_DIR)/corpus/$$t tests/fuzz/corpus/$$t \
			>$(FUZZ_DIR)/$$t.log 2>&1; then \
			tail -n 40 $(FUZZ_DIR)/$$t.log; \
			echo "fuzz: $$t FAILED: see $(FUZZ_DIR)/$$t.log"; exit 1; \
		fi; \
		grep -E '^stat::number_of_executed_units|^#[0-9]+[[:space:]]+DONE' \
			$(FUZZ_DIR)/$$t.log | sed "s/^/  $$t: /"; \
	done

fuzz_ci:
	./tools/install-deps fuzz
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_CI_SECONDS)


