// SPDX-License-Identifier: GPL-2.0-only
/*
 * A vsnprintf for guest code, which runs without libc.  It knows what the
 * tests print: %c %s %d %i %u %x %X %p %%, the l, ll, z and h length
 * modifiers, and the 0 and - flags with a width.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "ucall.h"

struct out {
	char *buf;
	int n, pos;
};

static void put(struct out *o, char c)
{
	if (o->pos < o->n - 1)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_num(struct out *o, uint64_t v, unsigned int base, bool neg,
		    bool upper, int width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int len = 0, pad;

	do {
		tmp[len++] = digits[v % base];
		v /= base;
	} while (v);
	pad = width - len - neg;
	if (neg && zero)
		put(o, '-');
	while (!left && pad-- > 0)
		put(o, zero ? '0' : ' ');
	if (neg && !zero)
		put(o, '-');
	while (len)
		put(o, tmp[--len]);
	while (left && pad-- > 0)
		put(o, ' ');
}

int guest_vsnprintf(char *buf, int n, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .n = n };

	for (; *fmt; fmt++) {
		bool zero = false, left = false;
		int width = 0, lng = 0;
		const char *s;
		int64_t sv;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
			if (*fmt != 'h')
				lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's':
			s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(&o, *s);
			break;
		case 'd':
		case 'i':
			sv = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			put_num(&o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv, 10,
				sv < 0, false, width, zero, left);
			break;
		case 'u':
		case 'x':
		case 'X':
			put_num(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int),
				*fmt == 'u' ? 10 : 16, false, *fmt == 'X',
				width, zero, left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uint64_t)va_arg(ap, void *), 16, false,
				false, width, zero, left);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
		}
	}
	if (n > 0)
		buf[o.pos < n ? o.pos : n - 1] = '\0';
	return o.pos < n ? o.pos : n - 1;
}

int guest_snprintf(char *buf, int n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = guest_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}
