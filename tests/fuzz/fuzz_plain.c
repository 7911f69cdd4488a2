// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the plain dump parser, straight (no text gate in
 * front), and the round trip through snapshot_write_plain().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static struct vmx_snapshot a, b;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *text, *out = NULL;
	size_t outlen = 0;
	FILE *f;
	int view;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (snapshot_parse_plain(&a, "fuzz", text, err, sizeof(err))) {
		/* an error is one line */
		if (strchr(err, '\n'))
			fuzz_fail("error message has a newline", err);
		free(text);
		return 0;
	}
	free(text);

	for (view = 0; view < NR_SNAP_VIEWS; view++)
		if (!msrs_empty(&a.msrs[view]))
			break;
	if (view == NR_SNAP_VIEWS)
		fuzz_fail("accepted a dump without MSRs", NULL);
	f = open_memstream(&out, &outlen);
	if (!f)
		return 0;
	snapshot_write_plain(f, &a, view, "round trip");
	fclose(f);
	if (snapshot_parse_plain(&b, "fuzz-rt", out, err, sizeof(err)))
		fuzz_fail("the written dump does not read back", err);
	fuzz_same_msrs(&a.msrs[view], &b.msrs[view]);
	fuzz_same_params(&a, &b);
	fuzz_same_meta(&a, &b);
	free(out);
	return 0;
}
