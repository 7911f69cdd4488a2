// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the whole path of a file through nvmx check, diff and
 * show: format detection and the text gate (snapshot_parse_buffer()),
 * then whatever a parser lets through goes on to the SDM invariants, the
 * model and the KVM-nested invariants, the decoder and the diff, which
 * must all cope with any value a file can hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "nvmx.h"
#include "x86_64/sdm_invariants.h"

static struct vmx_snapshot s, ref;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dec_row rows[DEC_MAX_ROWS];
	struct check_list l = { 0 };
	struct diff_list d = { 0 };
	char err[512];
	int v, id;

	if (snapshot_parse_buffer(&s, "fuzz", (const char *)data, size, err,
				  sizeof(err))) {
		if (strchr(err, '\n'))
			fuzz_fail("error message has a newline", err);
		/* nothing half-read escapes */
		for (v = 0; v < NR_SNAP_VIEWS; v++)
			if (!msrs_empty(&s.msrs[v]))
				fuzz_fail("values left after an error", err);
		return 0;
	}
	for (v = 0; v < NR_SNAP_VIEWS; v++)
		if (!msrs_empty(&s.msrs[v]))
			sdm_check_invariants(&s.msrs[v], &l);
	model_checks(&s, &l);
	check_list_free(&l);

	for (id = 0; id < NR_VMX_MSRS; id++)
		if (decode_msr(&s, id, rows, DEC_MAX_ROWS) > DEC_MAX_ROWS)
			fuzz_fail("decoder overran its rows", NULL);

	for (v = 0; v < NR_SNAP_VIEWS; v++)
		diff_views(&s, v, &s, v, &d);
	if (d.nr_msr)
		fuzz_fail("a snapshot differs from itself", NULL);
	snapshot_init(&ref, "ref");
	msrs_set(&ref.msrs[VIEW_SYS], VMX_BASIC, 0x00da040000000004ULL);
	diff_views(&s, VIEW_SYS, &ref, VIEW_SYS, &d);
	diff_views(&s, VIEW_HW, &s, VIEW_VCPU, &d);
	diff_context(&s, &ref, &d);
	diff_list_free(&d);
	return 0;
}
