// SPDX-License-Identifier: GPL-2.0-only
/*
 * Colour and locale.  Colour only on a terminal unless asked, so that a
 * pipe or a CI log gets plain text; the arrow of the diff only where the
 * locale can show it.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvmx.h"

static int color_on = -1;	/* -1: not decided yet (auto) */

static const char *const sgr[] = {
	[COL_RESET] = "\033[0m",
	[COL_NO] = "\033[2m",		/* dim: nothing to see */
	[COL_FORCED] = "\033[33m",	/* yellow: no choice */
	[COL_YES] = "\033[32m",		/* green */
	[COL_DEFAULT] = "\033[36m",	/* cyan */
	[COL_HEAD] = "\033[1m",
	[COL_DIM] = "\033[2m",
	[COL_BAD] = "\033[1;31m",
	[COL_GOOD] = "\033[32m",
	[COL_SKIP] = "\033[33m",
};

int out_set_color(const char *when)
{
	if (!strcmp(when, "always")) {
		color_on = 1;
	} else if (!strcmp(when, "never")) {
		color_on = 0;
	} else if (!strcmp(when, "auto")) {
		color_on = -1;
	} else {
		return -1;
	}
	return 0;
}

const char *col(enum nvmx_color c)
{
	if (color_on < 0) {
		const char *nc = getenv("NO_COLOR");

		/* https://no-color.org: set and non-empty means no colour */
		color_on = isatty(STDOUT_FILENO) && !(nc && *nc);
	}
	return color_on ? sgr[c] : "";
}

const char *out_arrow(void)
{
	static const char *arrow;

	if (!arrow) {
		bool utf8;

		if (setlocale(LC_CTYPE, "")) {
			utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
		} else {
			/* no locale data (a static binary, a minimal system):
			 * go by what the user asked for */
			const char *l = getenv("LC_ALL");

			if (!l || !*l)
				l = getenv("LC_CTYPE");
			if (!l || !*l)
				l = getenv("LANG");
			utf8 = l && (strcasestr(l, "UTF-8") || strcasestr(l, "utf8"));
		}
		arrow = utf8 ? "\u2192" : "->";
	}
	return arrow;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nvmx %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_BAD_INPUT;
}
