// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report's lines of a test's output, picked out by the test as it
 * exits (include/report_lines.h).  It must pick exactly what run_tests.sh's
 * fallback, "$(grep -a -F -e "$NVMX_REPORT_MATCH" OUT)", would: the
 * runner's self-test compares the two on the same outputs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_lines.h"

/* A test's output beyond this is not read back: the runner greps it. */
#define MAX_OUTPUT	(64u << 20)

struct buf {
	char *p;
	size_t len, cap;
};

static int buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* grep -F: does the line contain one of the '\n'-separated strings? */
static int line_matches(const char *line, size_t len, const char *match)
{
	const char *m = match, *end;

	for (;;) {
		end = strchrnul(m, '\n');
		if (end == m || memmem(line, len, m, end - m))
			return 1;
		if (!*end)
			return 0;
		m = end + 1;
	}
}

int report_lines_select(const char *buf, size_t len, const char *match,
			char **out)
{
	struct buf b = { 0 };
	const char *line = buf, *nl, *end = buf + len;

	if (buf_put(&b, "", 0))
		return -1;
	while (line < end) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		if (line_matches(line, nl - line, match)) {
			const char *s = line, *z;

			/* the shell drops NUL bytes from $(...) */
			while ((z = memchr(s, '\0', nl - s))) {
				if (buf_put(&b, s, z - s))
					goto nomem;
				s = z + 1;
			}
			if (buf_put(&b, s, nl - s) || buf_put(&b, "\n", 1))
				goto nomem;
		}
		line = nl + 1;
	}
	/* $(...) removes every trailing newline */
	while (b.len && b.p[b.len - 1] == '\n')
		b.p[--b.len] = '\0';
	*out = b.p;
	return 0;
nomem:
	free(b.p);
	errno = ENOMEM;
	return -1;
}

/* Read back the file open as @fd (it may be write-only: reopened). */
static char *read_back(int fd, size_t *len)
{
	char proc[64];
	struct stat st, st2;
	char *p = NULL;
	ssize_t n = 0;
	int rfd;

	if (fstat(fd, &st))
		return NULL;
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_OUTPUT) {
		errno = EINVAL;
		return NULL;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	rfd = open(proc, O_RDONLY | O_CLOEXEC);
	if (rfd < 0)
		return NULL;
	/* the very file the test wrote, and nothing it could block on */
	if (fstat(rfd, &st2) || st2.st_dev != st.st_dev ||
	    st2.st_ino != st.st_ino) {
		errno = EINVAL;
		goto out;
	}
	p = malloc(st2.st_size + 1);
	if (!p)
		goto out;
	*len = 0;
	while (*len < (size_t)st2.st_size) {
		n = read(rfd, p + *len, st2.st_size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += n;
	}
	if (n < 0) {
		free(p);
		p = NULL;
	}
out:
	close(rfd);
	return p;
}

static int write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= w;
	}
	return 0;
}

/* "_meta='...'\n", each ' as '\'' (the only character '...' cannot hold) */
static int write_assignment(int fd, const char *lines)
{
	const char *q;

	if (write_all(fd, "_meta='", 7))
		return -1;
	while ((q = strchr(lines, '\''))) {
		if (write_all(fd, lines, q - lines) || write_all(fd, "'\\''", 4))
			return -1;
		lines = q + 1;
	}
	return write_all(fd, lines, strlen(lines)) || write_all(fd, "'\n", 2) ?
	       -1 : 0;
}

int report_lines_write(int out_fd, const char *match, const char *path)
{
	char *out = NULL, *lines = NULL, *tmp = NULL;
	size_t len = 0;
	int fd = -1, ret = -1, err;

	out = read_back(out_fd, &len);
	if (!out || report_lines_select(out, len, match, &lines))
		goto done;
	if (asprintf(&tmp, "%s.%d.tmp", path, (int)getpid()) < 0) {
		tmp = NULL;
		goto done;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto done;
	if (write_assignment(fd, lines))
		goto unlink;
	if (close(fd)) {
		fd = -1;
		goto unlink;
	}
	fd = -1;
	if (!rename(tmp, path)) {
		ret = 0;
		goto done;
	}
unlink:
	err = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	errno = err;
done:
	err = errno;
	free(tmp);
	free(lines);
	free(out);
	errno = err;
	return ret;
}
