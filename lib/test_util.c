// SPDX-License-Identifier: GPL-2.0-only
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "test_util.h"

void test_assert_fail(const char *file, unsigned int line, const char *expr,
		      int err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tap_diag("%s:%u: assertion failed: %s", file, line, expr);
	tap_diag("errno %d (%s)", err, strerror(err));
	tap_bail("%s", msg);
}

int kver_from_uname(struct kver *kv, char *release, size_t len)
{
	struct utsname u;
	const char *deb;
	struct kver dv;

	if (uname(&u))
		return -errno;
	if (release)
		snprintf(release, len, "%s", u.release);
	if (kver_parse(u.release, kv))
		return -EINVAL;
	deb = strstr(u.version, "Debian ");
	if (deb && !kver_parse(deb + 7, &dv) && dv.major == kv->major &&
	    dv.minor == kv->minor)
		*kv = dv;
	return 0;
}

int read_text_file(const char *path, char *buf, size_t len)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - total);
		if (n < 0) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (!n)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	while (total && buf[total - 1] == '\n')
		buf[--total] = '\0';
	return 0;
}
