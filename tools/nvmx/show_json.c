// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx show --json: the table of nvmx show as JSON, with the snapshot
 * itself (in the snapshot schema) beside it, so that a reader needs
 * neither this tool nor the table to use it.
 */
#include <jansson.h>
#include <stdio.h>

#include "nvmx.h"

static json_t *row_json(const struct dec_row *r)
{
	json_t *o = json_object(), *cells = json_object();
	int v;

	json_object_set_new(o, "lo", json_integer(r->lo));
	json_object_set_new(o, "hi", json_integer(r->hi));
	json_object_set_new(o, "id", r->id ? json_string(r->id) : json_null());
	json_object_set_new(o, "desc", json_string(r->desc));
	for (v = 0; v < NR_SNAP_VIEWS; v++) {
		const struct dec_cell *c = &r->cell[v];

		if (c->cls == CELL_ABSENT) {
			json_object_set_new(cells, snap_view_names[v], json_null());
			continue;
		}
		json_object_set_new(cells, snap_view_names[v],
				    json_pack("{s:s,s:I}", "label", c->text,
					      "value", (json_int_t)c->val));
	}
	json_object_set_new(o, "views", cells);
	return o;
}

/* The raw value in each view, as the snapshot schema writes it. */
static json_t *values_json(const struct vmx_snapshot *s, enum vmx_msr_id id)
{
	json_t *o = json_object();
	char buf[24];
	int v;

	for (v = 0; v < NR_SNAP_VIEWS; v++) {
		if (!msrs_has(&s->msrs[v], id)) {
			json_object_set_new(o, snap_view_names[v], json_null());
			continue;
		}
		snprintf(buf, sizeof(buf), "0x%016llx",
			 (unsigned long long)s->msrs[v].val[id]);
		json_object_set_new(o, snap_view_names[v], json_string(buf));
	}
	return o;
}

int show_json(const struct vmx_snapshot *s)
{
	json_t *root = json_object(), *arr = json_array();
	struct dec_row rows[DEC_MAX_ROWS];
	int id, r;

	for (id = 0; id < NR_VMX_MSRS; id++) {
		unsigned int n = decode_msr(s, id, rows, DEC_MAX_ROWS), i;
		json_t *m = json_object(), *jr = json_array();
		char idx[16];

		snprintf(idx, sizeof(idx), "0x%x", vmx_msr(id)->index);
		json_object_set_new(m, "name", json_string(vmx_msr_name(id)));
		json_object_set_new(m, "index", json_string(idx));
		json_object_set_new(m, "controls", json_boolean(vmx_is_ctls(id)));
		json_object_set_new(m, "values", values_json(s, id));
		for (i = 0; i < n; i++)
			json_array_append_new(jr, row_json(&rows[i]));
		json_object_set_new(m, "rows", jr);
		json_array_append_new(arr, m);
	}
	json_object_set_new(root, "nvmx_show", json_integer(1));
	json_object_set_new(root, "msrs", arr);
	json_object_set_new(root, "snapshot", snapshot_to_json(s));
	r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return r ? EXIT_BAD_INPUT : 0;
}
