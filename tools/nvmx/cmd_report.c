// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmx report [-o REPORT.md] [--html REPORT.html] [--kernels-lock FILE]
 *             DIR|FILE...
 *
 * The cross-kernel report of a set of snapshots, as Markdown (stdout
 * without -o) and optionally as an HTML page with the same content.
 * "make report" runs it on data/snapshots, with the emulator's
 * kernels.lock, which names the package of each series (and so tells
 * 7.3-rc7 from 7.3: both say "7.3" inside the snapshot).  Exit 2 on a snapshot that
 * does not load, or when there is none.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

/* Through a temporary file, so that a failed run leaves the old report. */
static int write_doc(const struct rep_set *set, const char *path, bool html)
{
	struct doc d = { .html = html, .real_html = html };
	char tmp[4096];
	bool out = !path || !strcmp(path, "-");

	if (out) {
		d.f = stdout;
		report_write(&d, set);
		return fflush(stdout) ? -1 : 0;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	d.f = fopen(tmp, "w");
	if (!d.f)
		return usage_error("report", "%s: cannot write: %s", tmp, strerror(errno));
	report_write(&d, set);
	if (fclose(d.f) || rename(tmp, path)) {
		unlink(tmp);
		return usage_error("report", "%s: cannot write: %s", path, strerror(errno));
	}
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "html", required_argument, NULL, 'H' },
		{ "kernels-lock", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *md = NULL, *html = NULL, *lock = NULL;
	struct rep_set set = { 0 };
	int o, r = EXIT_BAD_INPUT;

	optind = 1;
	while ((o = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (o) {
		case 'o':
			md = optarg;
			break;
		case 'H':
			html = optarg;
			break;
		case 'L':
			lock = optarg;
			break;
		case 'h':
			return print_help("report");
		default:
			return EXIT_BAD_INPUT;
		}
	}
	if (optind == argc)
		return usage_error("report", "needs a directory of snapshots or snapshot files");
	if (report_collect(&set, argv + optind, argc - optind, lock))
		goto out;
	if (!set.nr) {
		usage_error("report", "no snapshot (*.json) found");
		goto out;
	}
	if (write_doc(&set, md, false) || (html && write_doc(&set, html, true)))
		goto out;
	r = 0;
out:
	report_free(&set);
	return r;
}
