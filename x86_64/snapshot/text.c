// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text hygiene for the snapshot readers: what counts as a text file, how
 * a piece of hostile input is quoted in a one-line error message, and the
 * strict parse of kernel versions.
 *
 * Both parsers quote the input they reject.  Input can hold anything: a
 * newline would split the one-line message, an escape sequence would
 * repaint the user's terminal.  So every quote goes through
 * snap_quote(), and files that are not UTF-8 text are refused before
 * either parser sees them.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "x86_64/snapshot.h"

const char *snap_quote(char *dst, size_t len, const char *src, size_t n)
{
	size_t o = 0, i;

	if (!len)
		return dst;
	for (i = 0; i < n && src[i] && o + 1 < len; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			dst[o++] = (char)c;
		} else {
			/* \xNN for anything unprintable, and for high bytes */
			if (o + 5 > len)
				break;
			snprintf(dst + o, len - o, "\\x%02x", c);
			o += 4;
		}
	}
	dst[o] = '\0';
	/* say that the quote was cut, so that it is not taken as the whole */
	if (i < n && src[i] && len > 4) {
		if (o + 3 >= len)
			o = len - 4;
		memcpy(dst + o, "...", 4);
	}
	return dst;
}

/* Length of the UTF-8 sequence at p (at most n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int snap_check_text(const char *buf, size_t len, size_t *bad_off)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') {
			*bad_off = i;
			return -1;
		}
		if (p[i] == 0x7f) {
			*bad_off = i;
			return -1;
		}
		n = utf8_seq(p + i, len - i);
		if (!n) {
			*bad_off = i;
			return -1;
		}
		i += n;
	}
	return 0;
}

bool snap_printable_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

int snap_parse_kver(const char *s, bool allow_suffix, struct kver *kv)
{
	struct kver v;
	int r;

	/* a version ("kernel_version") has no suffix and no "v" */
	if (!allow_suffix && (strpbrk(s, "-+") || *s == 'v'))
		return -EINVAL;
	r = kver_parse_release(s, &v, NULL);
	if (!r)
		*kv = v;
	return r;
}
