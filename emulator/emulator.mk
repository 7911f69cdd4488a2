# Make targets of the emulated runner; the top-level Makefile includes this file.
#   make run_tests_emulated [KERNELS=...|all] [KERNEL_PIN=latest] [CPUS=...] [TESTS=...] [PARAMS=...]
#                           [JOBS=n] [PARTS=n|auto] [SHARD=i/n] [KERNEL_IMAGE=bzImage [MODULES_DIR=dir]] [CMDLINE="word ..."]
#                           [BOCHS=2.7|3.0|3.0:FLAVOUR|3.1]
#   make merge RESULTS='dir...' [MERGED=dir]
#                           join results directories (shards, CI jobs) into one: the TAP, table,
#                           summary, summary.md, junit.xml and report.md of one run of them all
#   make emulator-bench [CHECK=1]  wall time per configuration and for the matrix, as a Markdown
#                           table; CHECK=1: exit 1 when a configuration takes more than 20% more
#                           Bochs CPU time than in emulator/bench-baseline.tsv
#   make emulator-selftest  the runner's own tests (recorded serial logs, no Bochs)
#   make emulator-merge-test  two shards and one run of a small matrix in Bochs, merged and
#                           compared (about 3 configurations' boots)
#   make emulator-clean     drop the results (build/emulated); the download cache stays
# Make variables are passed to emulator/run through the environment (empty ones mean default).
# NVMX_CALLER_DIR: the directory make was started in ($(PWD), which make -C leaves alone), so that
# KERNEL_IMAGE=arch/x86/boot/bzImage means the file under the directory the user typed it in.
EMU := $(dir $(lastword $(MAKEFILE_LIST)))
# What merge and the self-tests run on the host: nvmx (the report) and tap2junit (the JUnit
# file). TAP2JUNIT is defined after this file is read: its path is spelled out.
EMU_TOOLS := $(if $(NVMX),$(NVMX) $(OUTPUT)/tools/tap2junit)

.PHONY: run_tests_emulated merge emulator-bench emulator-selftest emulator-merge-test emulator-clean
run_tests_emulated:
	@KERNELS="$(KERNELS)" KERNEL_PIN="$(KERNEL_PIN)" CPUS="$(CPUS)" TESTS="$(TESTS)" PARAMS="$(PARAMS)" JOBS="$(JOBS)" PARTS="$(PARTS)" \
		SHARD="$(SHARD)" NVMX_CALLER_DIR="$(or $(PWD),$(CURDIR))" $(if $(ONCE_TESTS)$(filter command line,$(origin ONCE_TESTS)),ONCE_TESTS="$(ONCE_TESTS)") \
		KERNEL_IMAGE="$(KERNEL_IMAGE)" MODULES_DIR="$(MODULES_DIR)" CMDLINE="$(CMDLINE)" BOCHS="$(BOCHS)" $(EMU)run

merge: $(EMU_TOOLS)
	@NVMX_CALLER_DIR="$(or $(PWD),$(CURDIR))" $(EMU)merge $(if $(MERGED),-o "$(MERGED)") $(RESULTS)

emulator-bench:
	@KERNELS="$(KERNELS)" KERNEL_PIN="$(KERNEL_PIN)" CPUS="$(CPUS)" PARAMS="$(PARAMS)" JOBS="$(JOBS)" PARTS="$(PARTS)" BOCHS="$(BOCHS)" \
		CHECK="$(CHECK)" NVMX_CALLER_DIR="$(or $(PWD),$(CURDIR))" $(EMU)bench

# The self-tests need no Bochs, but they pack payloads (cpio) as the runner does: the host tools
# come first, as for a run (on a fresh machine "make check" gets here before any run).
emulator-selftest: $(EMU_TOOLS)
	@$(EMU)setup
	@$(EMU)tests/run

emulator-merge-test: $(EMU_TOOLS)
	@$(EMU)tests/shards-real

emulator-clean:
	rm -rf build/emulated

# The suite version a payload built here has (what nvmx --version says): a run that builds none
# (a shard with nothing to run) records it in its meta.
.PHONY: emulator-version
emulator-version:
	@echo "$(VERSION)"
