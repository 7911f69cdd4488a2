// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading a snapshot file of either format.  What no parser should have
 * to think about is settled here: size, emptiness, binary data and
 * encoding.  A file that fails any of it is refused whole, with one line
 * naming the file and the problem.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "x86_64/snapshot.h"

/* "null", "true" or "false", alone but for white space. */
static bool json_literal(const char *t)
{
	static const char *const words[] = { "null", "true", "false" };
	unsigned int i;
	size_t n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if (!strncmp(t, words[i], n) && !t[n + strspn(t + n, " \t\r\n")])
			return true;
	}
	return false;
}

int snapshot_parse_buffer(struct vmx_snapshot *s, const char *name,
			  const char *buf, size_t len, char *err, size_t errlen)
{
	size_t i, bad;
	char *text;
	int r;

	snapshot_init(s, name);
	/* a UTF-8 byte-order mark, as some editors write it, says nothing */
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3)) {
		buf += 3;
		len -= 3;
	}
	if (len == 0) {
		snprintf(err, errlen, "%s: empty file", name);
		return -1;
	}
	if (len > MAX_SNAPSHOT_BYTES) {
		snprintf(err, errlen, "%s: larger than %d bytes", name,
			 MAX_SNAPSHOT_BYTES);
		return -1;
	}
	if (snap_check_text(buf, len, &bad)) {
		unsigned char c = (unsigned char)buf[bad];

		if (c < 0x20 || c == 0x7f)
			snprintf(err, errlen,
				 "%s: binary data (byte 0x%02x at offset %zu), not a text snapshot",
				 name, c, bad);
		else
			snprintf(err, errlen,
				 "%s: not UTF-8 text (byte 0x%02x at offset %zu)",
				 name, c, bad);
		return -1;
	}
	for (i = 0; i < len && (buf[i] == ' ' || buf[i] == '\n' ||
				buf[i] == '\t' || buf[i] == '\r'); i++)
		;
	if (i == len) {
		snprintf(err, errlen, "%s: empty file (only white space)", name);
		return -1;
	}
	/* the plain parser works on a C string */
	text = malloc(len + 1);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	/*
	 * An array, a string or a bare literal is JSON too, if not a
	 * snapshot: say so in JSON's terms.
	 */
	if (text[i] == '{' || text[i] == '[' || text[i] == '"' ||
	    json_literal(text + i))
		r = snapshot_parse_json(s, name, text, len, err, errlen);
	else
		r = snapshot_parse_plain(s, name, text, err, errlen);
	free(text);
	if (r)
		snapshot_init(s, name);	/* nothing half-read escapes */
	return r;
}

/* Reads at most MAX_SNAPSHOT_BYTES + 1, so that "too big" is known. */
static ssize_t read_all(int fd, char *buf, size_t cap)
{
	size_t total = 0;

	while (total < cap) {
		ssize_t n = read(fd, buf + total, cap - total);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!n)
			break;
		total += n;
	}
	return total;
}

int snapshot_load(struct vmx_snapshot *s, const char *path, char *err,
		  size_t errlen)
{
	bool is_stdin = !strcmp(path, "-");
	const char *name = is_stdin ? "<stdin>" : path;
	struct stat st;
	ssize_t n;
	char *buf;
	int fd, r;

	snapshot_init(s, name);
	/*
	 * O_NONBLOCK: opening a FIFO without a writer would wait forever.
	 * Only regular files are read by name; a pipe is read as "-".
	 */
	fd = is_stdin ? STDIN_FILENO :
	     open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || S_ISDIR(st.st_mode) ||
	    (!is_stdin && !S_ISREG(st.st_mode))) {
		snprintf(err, errlen, "%s: %s", name,
			 S_ISDIR(st.st_mode) ? "a directory, not a file" :
			 S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file (pipe it in as '-')" :
			 S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ?
			 "a device, not a regular file" :
			 S_ISSOCK(st.st_mode) ? "a socket, not a regular file" :
			 "not a regular file");
		if (!is_stdin)
			close(fd);
		return -1;
	}
	if (!is_stdin)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	buf = malloc(MAX_SNAPSHOT_BYTES + 1);
	if (!buf) {
		if (!is_stdin)
			close(fd);
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	n = read_all(fd, buf, MAX_SNAPSHOT_BYTES + 1);
	if (n < 0)
		snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
	if (!is_stdin)
		close(fd);
	if (n < 0) {
		free(buf);
		return -1;
	}
	r = snapshot_parse_buffer(s, name, buf, n, err, errlen);
	free(buf);
	return r;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int snapshot_list_dir(const char *dir, const char *suffix, char ***paths)
{
	size_t slen = strlen(suffix);
	unsigned int n = 0, cap = 0;
	char **v = NULL, **nv;
	struct dirent *de;
	int r = 0;
	DIR *d;

	*paths = NULL;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len <= slen || strcmp(de->d_name + len - slen, suffix))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
		}
		if (asprintf(&v[n], "%s/%s", dir, de->d_name) < 0) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (r) {
		snapshot_list_free(v, n);
		return r;
	}
	/* readdir's order is the file system's: sort, so reports are stable */
	if (n)
		qsort(v, n, sizeof(*v), cmp_path);
	*paths = v;
	return n;
}

void snapshot_list_free(char **paths, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
