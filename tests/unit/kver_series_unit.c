// SPDX-License-Identifier: GPL-2.0-only
/*
 * The series before and after a kernel series, which the report's
 * timeline walks to name the series no snapshot covers ("6.19 to 7.1 were
 * not captured") and the model's dating runs through.  7.0 once went on
 * to 8.0, because the end of the 7.x series is not known: the timeline
 * then skipped 7.1.
 */
#include <stdio.h>

#include "kver.h"
#include "tap.h"

static void after(unsigned int a, unsigned int b, unsigned int wa, unsigned int wb)
{
	struct kver k = kver_series_after(KVER(a, b, 0));
	char s[24];

	if (k.major == wa && k.minor == wb && !k.patch)
		tap_pass("after_%u.%u_is_%u.%u", a, b, wa, wb);
	else
		tap_fail("after_%u.%u_is_%u.%u (got %s)", a, b, wa, wb,
			 kver_str(k, s, sizeof(s)));
}

static void before(unsigned int a, unsigned int b, unsigned int wa, unsigned int wb)
{
	struct kver k = kver_series_before(KVER(a, b, 0));
	char s[24];

	if (k.major == wa && k.minor == wb && !k.patch)
		tap_pass("before_%u.%u_is_%u.%u", a, b, wa, wb);
	else
		tap_fail("before_%u.%u_is_%u.%u (got %s)", a, b, wa, wb,
			 kver_str(k, s, sizeof(s)));
}

int main(void)
{
	tap_init();
	after(5, 10, 5, 11);
	after(5, 19, 6, 0);
	after(6, 18, 6, 19);
	after(6, 19, 7, 0);
	after(7, 0, 7, 1);
	after(7, 1, 7, 2);
	after(7, 19, 7, 20);
	before(6, 0, 5, 19);
	before(7, 0, 6, 19);
	before(7, 2, 7, 1);
	before(4, 0, 3, 19);
	tap_finish();
}
