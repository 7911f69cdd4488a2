// SPDX-License-Identifier: GPL-2.0-only
/*
 * A stand-in for Debian's Bochs in the emulator's self-test: like its term
 * display (built with the debugger), it opens a pseudo-terminal of its own
 * for the screen, says which on stderr, and writes screen updates to it;
 * then it writes the end marker to COM2, as guest/init does.  If nothing
 * reads that pseudo-terminal, the writes block once its buffers are full
 * and the end marker never comes.
 * With FAKE_BOCHS_COM2 set it is a restored machine instead: it writes
 * that text (the guest's lines, e.g. "@@NVMX-RESTORED checkpoint=ID") to
 * COM2 and waits, so that boot's check of the guest that woke up can be
 * tried without a real checkpoint; FAKE_BOCHS_SPLIT: its first half, then
 * the rest 0.7 s later.  FAKE_BOCHS_COM1: text for the console first.
 *   fake-bochs -q -f BOCHSRC [-rc RCFILE] [-r RESTORE_DIR]
 */
#define _XOPEN_SOURCE 600
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void append(const char *path, const char *line)
{
	FILE *f = fopen(path, "a");

	if (f) {
		fputs(line, f);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	char line[4096], com1[2048] = "", com2[2048] = "", *p;
	const char *rc = NULL;
	static char screen[1024];
	FILE *f;
	int i, fd;

	for (i = 1; i < argc - 1; i++)
		if (!strcmp(argv[i], "-f"))
			rc = argv[i + 1];
	f = rc ? fopen(rc, "r") : NULL;
	if (!f)
		return 2;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		p = strstr(line, "dev=");
		if (p && !strncmp(line, "com1:", 5))
			snprintf(com1, sizeof(com1), "%s", p + 4);
		if (p && !strncmp(line, "com2:", 5))
			snprintf(com2, sizeof(com2), "%s", p + 4);
	}
	fclose(f);

	if (getenv("FAKE_BOCHS_COM1"))
		append(com1, getenv("FAKE_BOCHS_COM1"));
	if (getenv("FAKE_BOCHS_COM2")) {
		const char *text = getenv("FAKE_BOCHS_COM2");
		size_t half = getenv("FAKE_BOCHS_SPLIT") ? strlen(text) / 2 : strlen(text);
		char first[2048];

		/* Split: half a line, then the rest a while later, as a slow serial line writes. */
		snprintf(first, sizeof(first), "%.*s", (int)half, text);
		append(com2, first);
		if (text[half]) {
			usleep(700000);
			append(com2, text + half);
		}
		append(com2, "\n");
		pause();
		return 0;
	}
	fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd < 0 || grantpt(fd) || unlockpt(fd))
		return 3;
	fprintf(stderr, "\nBochs connected to screen \"%s\"\n", ptsname(fd));
	append(com2, "@@NVMX-BOOT release=fake uptime=0.00 kvm=module\n");
	/* 256 KB of screen updates: hours of a blinking cursor. */
	memset(screen, 'x', sizeof(screen));
	for (i = 0; i < 256; i++) {
		if (write(fd, screen, sizeof(screen)) != (ssize_t)sizeof(screen))
			return 4;
		if (i % 16 == 0)
			append(com1, "fake-bochs: screen updates\n");
	}
	append(com2, "@@NVMX-END uptime=1.00\n");
	pause();
	return 0;
}
