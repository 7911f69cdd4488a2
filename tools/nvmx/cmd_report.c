// SPDX-License-Identifier: GPL-2.0-only
#include "nvmx.h"

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return usage_error("report", "not written yet");
}
