# Make targets of the emulated runner; the top-level Makefile includes this file.
#   make run_tests_emulated [KERNELS=...|all] [KERNEL_PIN=latest] [CPUS=...] [TESTS=...] [PARAMS=...]
#                           [JOBS=n] [KERNEL_IMAGE=bzImage [MODULES_DIR=dir]] [CMDLINE="word ..."]
#                           [BOCHS=2.7|3.0|3.0:FLAVOUR|3.1]
#   make emulator-bench     wall time per configuration and for the matrix, as a Markdown table
#   make emulator-selftest  the runner's own tests (recorded serial logs, no Bochs)
#   make emulator-clean     drop the results (build/emulated); the download cache stays
# Make variables are passed to emulator/run through the environment (empty ones mean default).
# NVMX_CALLER_DIR: the directory make was started in ($(PWD), which make -C leaves alone), so that
# KERNEL_IMAGE=arch/x86/boot/bzImage means the file under the directory the user typed it in.
EMU := $(dir $(lastword $(MAKEFILE_LIST)))

.PHONY: run_tests_emulated emulator-bench emulator-selftest emulator-clean
run_tests_emulated:
	@KERNELS="$(KERNELS)" KERNEL_PIN="$(KERNEL_PIN)" CPUS="$(CPUS)" TESTS="$(TESTS)" PARAMS="$(PARAMS)" JOBS="$(JOBS)" \
		NVMX_CALLER_DIR="$(or $(PWD),$(CURDIR))" $(if $(ONCE_TESTS)$(filter command line,$(origin ONCE_TESTS)),ONCE_TESTS="$(ONCE_TESTS)") \
		KERNEL_IMAGE="$(KERNEL_IMAGE)" MODULES_DIR="$(MODULES_DIR)" CMDLINE="$(CMDLINE)" BOCHS="$(BOCHS)" $(EMU)run

emulator-bench:
	@KERNELS="$(KERNELS)" KERNEL_PIN="$(KERNEL_PIN)" CPUS="$(CPUS)" PARAMS="$(PARAMS)" JOBS="$(JOBS)" BOCHS="$(BOCHS)" \
		NVMX_CALLER_DIR="$(or $(PWD),$(CURDIR))" $(EMU)bench

emulator-selftest:
	@$(EMU)tests/run

emulator-clean:
	rm -rf build/emulated
