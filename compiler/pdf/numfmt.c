/*
 * Cairo's number printing. Cairo 1.16 prints every number of a PDF
 * page's content stream through snprintf, one conversion at a time:
 * glyph ids ("%0*x", "%04x"), integers ("%d", "%ld", "%010ld") and
 * coordinates ("%f", "%.*f", "%.18f" in its _cairo_dtostr). Built with
 * _FORTIFY_SOURCE, it calls glibc's __snprintf_chk, and glibc's printf
 * machinery (the format parser, the multi-precision float printer) was
 * a fifth of the drawing thread's time on a big book.
 *
 * This program's __snprintf_chk is the one the dynamic linker gives
 * Cairo (the executable comes first in the lookup order, as for
 * zlevel.c's deflateInit_). It prints those formats itself, byte for
 * byte as glibc does (tests/unit/numfmt_test.c compares them on
 * millions of values), and hands every other format to glibc's
 * __vsnprintf_chk. Floats are printed exactly: the double's binary
 * value times 10^precision is an integer plus a remainder in 128-bit
 * arithmetic, rounded half to even as glibc does in the default
 * rounding mode; values it cannot hold that way go to glibc too.
 *
 * Still worth it (measured 2026-12-05, callgrind, the 100-page benchmark
 * book's PDF): 3.00 G instructions with it, 3.17 G without (5.5% of the
 * whole run), and the same bytes. `make INTERPOSE=no` builds without
 * this file.
 */
#include <langinfo.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

/* The most digits printed: a 128-bit value has 39. */
#define NUM_MAX 40

struct spec {
	bool zero, left, star_width, star_prec, l;
	int width, prec;        /* prec: -1 if none */
	char conv;
};

/* A width or a precision at p: digits into *v (up to 1000, after which
 * the conversion is left to glibc), or a * to take from the arguments.
 * Returns what follows. */
static const char *
amount(const char *p, int *v, bool *star)
{
	if (*p == '*') {
		*star = true;
		return p + 1;
	}
	while (*p >= '0' && *p <= '9' && *v < 1000)
		*v = *v * 10 + (*p++ - '0');
	return p;
}

/* fmt as one conversion of those numfmt prints, or false. */
static bool
parse(const char *fmt, struct spec *sp)
{
	const char *p = fmt;

	memset(sp, 0, sizeof *sp);
	sp->prec = -1;
	if (*p++ != '%')
		return false;
	while (*p == '0' || *p == '-') {
		if (*p == '0')
			sp->zero = true;
		else
			sp->left = true;
		p++;
	}
	p = amount(p, &sp->width, &sp->star_width);
	if (*p == '.') {
		sp->prec = 0;
		p = amount(p + 1, &sp->prec, &sp->star_prec);
	}
	if (*p == 'l') {
		sp->l = true;
		p++;
	}
	sp->conv = *p++;
	if (*p != '\0')
		return false;
	switch (sp->conv) {
	case 'd':
	case 'u':
	case 'x':
	case 'X':
		/* a precision on an integer: glibc's own rules, not here */
		return sp->prec < 0 && !sp->star_prec;
	case 'f':
		return !sp->l && sp->prec <= 18;
	default:
		return false;
	}
}

/* Digits of v in base (10 or 16), backwards into end; returns the
 * start. */
static char *
digits(char *end, unsigned __int128 v, unsigned base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	if (v <= UINT64_MAX) {
		/* nearly always: 64-bit division is the cheap one */
		uint64_t w = (uint64_t)v;

		do {
			*--end = set[w % base];
			w /= base;
		} while (w);
		return end;
	}
	do {
		*--end = set[(unsigned)(v % base)];
		v /= base;
	} while (v);
	return end;
}

/*
 * |d| rounded to prec decimals, as digits backwards into end (at least
 * prec + 1 of them, the point not written); NULL for a value this does
 * not hold exactly (not finite, 1e15 or more, or below 1e-20 but not
 * zero).
 */
static char *
fixed(char *end, double d, int prec)
{
	unsigned __int128 n, q, r, half, one = 1;
	double a = fabs(d), f;
	uint64_t m;
	int e, shift;
	char *p;

	if (!isfinite(a) || a >= 1e15 || (a != 0 && a < 1e-20))
		return NULL;
	f = frexp(a, &e);               /* a = f 2^e, f in [0.5, 1) */
	m = (uint64_t)ldexp(f, 53);     /* exact: a = m 2^(e - 53) */
	e -= 53;
	n = m;
	for (int k = 0; k < prec; k++)
		n *= 5;                 /* a 10^prec = n 2^(e + prec) */
	shift = e + prec;
	if (shift >= 0) {
		q = n << shift;         /* a < 2^50: shift <= 15 */
	} else {
		shift = -shift;         /* at most 53 + 67 */
		q = n >> shift;
		r = n & ((one << shift) - 1);
		half = one << (shift - 1);
		if (r > half || (r == half && (q & 1)))
			q++;
	}
	p = digits(end, q, 10, false);
	while (end - p < prec + 1)
		*--p = '0';
	return p;
}

/* One byte of the output: as many as fit are written. */
static void
out(char *s, size_t size, size_t *at, char c)
{
	if (*at + 1 < size)
		s[*at] = c;
	(*at)++;
}

/* The sign and body (len bytes), padded to the width. */
static int
put(char *s, size_t size, const struct spec *sp, bool neg,
    const char *body, int len)
{
	int total = len + (neg ? 1 : 0);
	int pad = sp->width > total ? sp->width - total : 0;
	size_t at = 0;

	if (!sp->left && !sp->zero)
		for (; pad > 0; pad--)
			out(s, size, &at, ' ');
	if (neg)
		out(s, size, &at, '-');
	if (!sp->left)
		for (; pad > 0; pad--)
			out(s, size, &at, '0');
	for (int i = 0; i < len; i++)
		out(s, size, &at, body[i]);
	for (; pad > 0; pad--)
		out(s, size, &at, ' ');
	if (size > 0)
		s[at < size ? at : size - 1] = '\0';
	return at > INT_MAX ? -1 : (int)at;
}

int
numfmt(char *s, size_t size, const char *fmt, va_list ap)
{
	char buf[NUM_MAX], *end = buf + sizeof buf, *p;
	char body[NUM_MAX + 1];
	struct spec sp;
	bool neg = false;
	int len;

	if (!parse(fmt, &sp))
		return -1;
	/* glibc prints the locale's decimal point */
	if (sp.conv == 'f' && strcmp(nl_langinfo(RADIXCHAR), ".") != 0)
		return -1;
	if (sp.star_width) {
		sp.width = va_arg(ap, int);
		if (sp.width < 0) {
			/* a negative width is the - flag */
			if (sp.width == INT_MIN)
				sp.width = INT_MAX;
			else
				sp.width = -sp.width;
			sp.left = true;
		}
	}
	if (sp.star_prec)
		sp.prec = va_arg(ap, int);
	if (sp.left)
		sp.zero = false;
	switch (sp.conv) {
	case 'd': {
		long v = sp.l ? va_arg(ap, long) : va_arg(ap, int);
		unsigned long u = v < 0 ? 0UL - (unsigned long)v :
		    (unsigned long)v;

		neg = v < 0;
		p = digits(end, u, 10, false);
		len = (int)(end - p);
		memcpy(body, p, (size_t)len);
		break;
	}
	case 'u':
	case 'x':
	case 'X': {
		unsigned long u = sp.l ? va_arg(ap, unsigned long) :
		    va_arg(ap, unsigned);

		p = digits(end, u, sp.conv == 'u' ? 10 : 16, sp.conv == 'X');
		len = (int)(end - p);
		memcpy(body, p, (size_t)len);
		break;
	}
	default: {
		double d = va_arg(ap, double);
		int prec = sp.prec < 0 ? 6 : sp.prec;
		int whole;

		p = prec <= 18 ? fixed(end, d, prec) : NULL;
		if (p == NULL) {
			/* the arguments are taken: glibc's snprintf */
			char f[8] = "%";
			int k = 1;

			if (sp.zero)
				f[k++] = '0';
			if (sp.left)
				f[k++] = '-';
			memcpy(f + k, "*.*f", 5);
			return snprintf(s, size, f, sp.width, prec, d);
		}
		neg = signbit(d);
		whole = (int)(end - p) - prec;
		memcpy(body, p, (size_t)whole);
		len = whole;
		if (prec > 0) {
			body[len++] = '.';
			memcpy(body + len, p + whole, (size_t)prec);
			len += prec;
		}
		break;
	}
	}
	return put(s, size, &sp, neg, body, len);
}

/* glibc's, for the formats numfmt leaves. */
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
    const char *fmt, va_list ap);
void __chk_fail(void) __attribute__((noreturn));
int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
    const char *fmt, ...);

int
__snprintf_chk(char *s, size_t maxlen, int flag, size_t slen,
    const char *fmt, ...)
{
	va_list ap;
	int n;

	if (slen < maxlen)
		__chk_fail();
	va_start(ap, fmt);
	n = numfmt(s, maxlen, fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_start(ap, fmt);
		n = __vsnprintf_chk(s, maxlen, flag, slen, fmt, ap);
		va_end(ap);
	}
	return n;
}
