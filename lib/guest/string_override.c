// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest code runs from the test image with no libc mapped, yet
 * the compiler may emit calls to these for struct copies and
 * initialisers.  Defining them in the executable binds those calls here,
 * in host and guest alike.  Unit tests under AddressSanitizer do not link
 * this file: it would hide the sanitizer's own versions.
 */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/*
 * rep movsb and rep stosb: one instruction for any length, which CPUs and
 * Bochs alike move in bulk.  Each VM copies the image's writable data and
 * zeroes its page tables, so a byte loop here costs real time under
 * emulation.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	asm volatile("rep movsb"
		     : "+D"(d), "+S"(src), "+c"(n)
		     :
		     : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *s, int c, size_t n)
{
	void *p = s;

	asm volatile("rep stosb"
		     : "+D"(p), "+c"(n)
		     : "a"(c)
		     : "memory");
	return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n--; x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}
