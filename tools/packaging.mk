# SPDX-License-Identifier: GPL-2.0-only
#
# Packaging, CI and reports (included by the top Makefile):
#
# make tap2junit     $(OUTPUT)/tools/tap2junit: kselftest TAP to JUnit XML
#                    (docs/junit.md); built by "make" unless STATIC=1
# make install INSTALL_PATH=dir
#                    kselftest's install layout: the binaries, settings,
#                    kselftest-list.txt and run_kselftest.sh (see below);
#                    "make install DESTDIR=dir" keeps its own layout
# make gen_tar       $(OUTPUT)/kselftest_install/ as kselftest-nvmx.tar.gz
# make lint-ci       lint .github/workflows/*.yml and .gitlab-ci.yml with
#                    pinned linters from npm (tools/ci-lint), and show that
#                    the linters fail on broken files
# make deb           the Debian package, in $(OUTPUT)/deb/
# make deb-check     build it, lintian, install it into a scratch root and
#                    run nvmx --version and the installed runner there
# make check-packaging   lint-ci and deb-check: what "make check" adds

XML2_CFLAGS	?= $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML2_LIBS	?= $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
TAP2JUNIT	:= $(OUTPUT)/tools/tap2junit

.PHONY: tap2junit
tap2junit: $(TAP2JUNIT)
# Static libxml2 would drag in ICU: the emulated image does not need it.
ifneq ($(STATIC),1)
all: tap2junit
endif

# Its own rule: it links libxml2 and none of libnvmx.
$(TAP2JUNIT): tools/tap2junit/tap2junit.c Makefile tools/packaging.mk | deps
	@mkdir -p $(dir $@)
	$(call msg,CC,$@)
	$(Q)$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE \
		$(XML2_CFLAGS) $(LDFLAGS) -o $@ $< $(XML2_LIBS)

# The unit tests that run it need it built (a static build has neither:
# its unit test then skips, saying why).
ifneq ($(STATIC),1)
$(OUTPUT)/unit/tap2junit_selftest: $(TAP2JUNIT)
endif

# A fresh machine gets libxml2-dev with the build group.
deps: deps-xml2
.PHONY: deps-xml2
deps-xml2:
	@test -f /usr/include/libxml2/libxml/xmlwriter.h || ./tools/install-deps build

# ---- npm tools (linters, the JUnit schema), pinned, in build/npm ----
NPM_DIR		:= build/npm
NPM_STAMP	:= $(NPM_DIR)/.installed

.PHONY: npm-tools lint-ci
npm-tools: $(NPM_STAMP)
$(NPM_STAMP): tools/npm/package.json tools/npm/package-lock.json
	@./tools/install-deps lint
	@rm -rf $(NPM_DIR) && mkdir -p $(NPM_DIR)
	@cp tools/npm/package.json tools/npm/package-lock.json $(NPM_DIR)/
	$(call msg,NPM,$(NPM_DIR))
	$(Q)cd $(NPM_DIR) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1 || \
		{ cat npm.log >&2; echo "npm-tools: npm ci failed in $(NPM_DIR) (log above)" >&2; exit 1; }
	@touch $@

# The CI definitions, and proof that the linters catch a broken one.
lint-ci: $(NPM_STAMP)
	./tools/ci-lint/lint $(NPM_DIR)/node_modules .github/workflows/*.yml .gitlab-ci.yml
	./tools/ci-lint/selftest $(NPM_DIR)/node_modules

# The unit tests validate tap2junit's XML against the JUnit schema from
# npm: install it first, but a machine without npm still runs the rest
# (that check then skips, saying why).
unit_tests: unit-npm-tools
.PHONY: unit-npm-tools
unit-npm-tools:
	-@$(MAKE) -s npm-tools

# ---- kselftest's install layout and tarball ----
# INSTALL_PATH/
#   run_kselftest.sh     the kernel runner's options (tools/kselftest/)
#   run_tests.sh         this project's runner, which it calls
#   kselftest-list.txt   "nvmx:TEST", one a line, as the kernel's Makefile writes it
#   nvmx/                the test binaries and their "settings" (a collection
#                        the kernel's own run_kselftest.sh runs as it is)
#   bin/                 nvmx, and tap2junit (for --junit) unless STATIC=1
KSFT_COLLECTION	:= nvmx
KSFT_TAR_PATH	?= $(OUTPUT)/kselftest_install

.PHONY: install-kselftest gen_tar
install-kselftest: tests $(NVMX) $(if $(filter 1,$(STATIC)),,$(TAP2JUNIT))
	@test -n "$(INSTALL_PATH)" || { echo "install-kselftest: needs INSTALL_PATH=dir" >&2; exit 2; }
	mkdir -p $(INSTALL_PATH)/$(KSFT_COLLECTION) $(INSTALL_PATH)/bin
	cp $(TEST_BINS) $(OUTPUT)/tests/settings $(INSTALL_PATH)/$(KSFT_COLLECTION)/
	install -m 0755 run_tests.sh tools/kselftest/run_kselftest.sh $(INSTALL_PATH)/
	$(if $(NVMX),cp $(NVMX) $(INSTALL_PATH)/bin/)
	$(if $(filter 1,$(STATIC)),,cp $(TAP2JUNIT) $(INSTALL_PATH)/bin/)
	$(if $(filter 1,$(STATIC)),strip --strip-debug $(INSTALL_PATH)/$(KSFT_COLLECTION)/*_test $(INSTALL_PATH)/bin/*)
	@for t in $(sort $(notdir $(TEST_BINS))); do echo "$(KSFT_COLLECTION):$$t"; done \
		>$(INSTALL_PATH)/kselftest-list.txt

# As the kernel's "make -C tools/testing/selftests gen_tar": the install
# tree, packed.  Static binaries, so that it runs on any x86-64 root file
# system (a kernel CI's), without libjansson.
gen_tar:
	rm -rf $(KSFT_TAR_PATH)
	$(MAKE) STATIC=1 install INSTALL_PATH=$(abspath $(KSFT_TAR_PATH))
	mkdir -p $(KSFT_TAR_PATH)/kselftest-packages
	tar -C $(KSFT_TAR_PATH) --exclude=./kselftest-packages --owner=0 --group=0 \
		-czf $(KSFT_TAR_PATH)/kselftest-packages/kselftest.tar.gz .
	@echo "gen_tar: $(KSFT_TAR_PATH)/kselftest-packages/kselftest.tar.gz"

# ---- the Debian package ----
# Built from a copy of the tree (dpkg-buildpackage cleans its source, and
# this checkout's build/ is not its to remove), with the checkout's
# version in nvmx --version.
DEB_DIR		:= build/deb
DEB_ROOT	:= $(DEB_DIR)/root

.PHONY: deb deb-check check-packaging
deb:
	@./tools/install-deps deb
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	tar -c --exclude=./build --exclude=./.git --exclude=./tests/unit/fuzz-corpus-run . | \
		tar -x -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && NVMX_VERSION=$(VERSION) dpkg-buildpackage -us -uc -b \
		>../build.log 2>&1 || { tail -n 40 ../build.log >&2; \
		echo "deb: dpkg-buildpackage failed (log: $(DEB_DIR)/build.log)" >&2; exit 1; }
	@ls $(DEB_DIR)/*.deb

# The package as a user gets it: lintian finds no error; unpacked into a
# scratch root, nvmx --version, the runners and the emulated runner's
# wrapper work from there, and write nothing under it.
deb-check: deb
	./tools/deb-check $(DEB_DIR)

check-packaging: lint-ci deb-check
check: check-packaging
