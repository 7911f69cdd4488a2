# SPDX-License-Identifier: GPL-2.0-only
#
# nvmx's extra rules (included by the top Makefile):
#
# make report     data/report.md and data/report.html from the snapshots
#                 the emulated matrix stored in data/snapshots/, with the
#                 packages of emulator/kernels.lock (which names 7.3-rc7)
# $(OUTPUT)/tools/nvmx-san   nvmx with ASan and UBSan, which the unit
#                 tests tests/unit/nvmx_*.c run as a program

NVMX_SAN := $(OUTPUT)/tools/nvmx-san
SNAPSHOT_DIR ?= data/snapshots
KERNELS_LOCK ?= emulator/kernels.lock

.PHONY: report
report: $(NVMX)
	$(NVMX) report -o data/report.md --html data/report.html \
		--kernels-lock $(KERNELS_LOCK) $(SNAPSHOT_DIR)

$(NVMX_SAN): $(call sanobj,$(NVMX_SRCS)) $(OUTPUT)/libnvmx-san.a
	@mkdir -p $(dir $@)
	$(call msg,LD,$@)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $(call sanobj,$(NVMX_SRCS)) \
		$(OUTPUT)/libnvmx-san.a -ljansson

# The unit tests that run nvmx need it built first.
$(patsubst tests/unit/%.c,$(OUTPUT)/unit/%,$(wildcard tests/unit/nvmx_*.c)): $(NVMX_SAN)
