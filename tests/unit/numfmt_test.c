/*
 * Unit test of compiler/pdf/numfmt.c, the number printing Cairo's PDF
 * output goes through: for the formats Cairo prints, numfmt must take
 * them (not hand them to glibc) and print exactly what glibc's snprintf
 * prints, on crafted values (ties, signs, zero, limits, widths,
 * truncation) and on a million random ones; other formats go to glibc.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pdf/numfmt.h"

/* Truncation is what the test is about. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

static int failed;

static void
check(bool ok, const char *name, const char *why)
{
	printf(ok ? "ok numfmt/%s\n" : "not ok numfmt/%s: %s\n", name, why);
	failed += !ok;
}

static int
ours(char *s, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = numfmt(s, size, fmt, ap);
	va_end(ap);
	return n;
}

/* The first difference of a run, for the report. */
static char first[256];
static long differ, taken;

static void
note(const char *fmt, const char *a, int na, const char *b, int nb)
{
	if (differ++ == 0)
		snprintf(first, sizeof first, "%.20s: ours \"%.40s\" (%d), "
		    "glibc \"%.40s\" (%d)", fmt, a, na, b, nb);
}

#define SAME(size, fmt, ...) do { \
	char a_[128], b_[128]; \
	int na_, nb_; \
	memset(a_, 'X', sizeof a_); \
	memset(b_, 'X', sizeof b_); \
	na_ = ours(a_, size, fmt, __VA_ARGS__); \
	nb_ = snprintf(b_, size, fmt, __VA_ARGS__); \
	if (na_ >= 0) \
		taken++; \
	if (na_ != nb_ || memcmp(a_, b_, sizeof a_) != 0) \
		note(fmt, a_, na_, b_, nb_); \
} while (0)

/* xorshift64*: the same values on every run */
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static void
run(const char *name, long want_taken)
{
	check(differ == 0, name, first);
	if (want_taken >= 0) {
		char why[64], what[64];

		snprintf(why, sizeof why, "%ld of %ld taken", taken,
		    want_taken);
		snprintf(what, sizeof what, "%s, taken by numfmt", name);
		check(taken == want_taken, what, why);
	}
	differ = taken = 0;
	first[0] = '\0';
}

int
main(void)
{
	static const double crafted[] = {
		0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, -2.5, 0.0078125,
		1.0 / 1024, 3.0 / 2048, 0.0000005, 0.0000015, 0.9999995,
		9.9999995, 123456.7890125, 595.2756, 841.8898, 0.333333333,
		1e-7, -1e-9, 1e-20, 1.5e-20, 9e-21, 999999999999999.0, 1e15,
		-1e15, 1e300, -1e300, DBL_MIN, DBL_MAX, DBL_EPSILON,
		4503599627370496.5, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
	};
	static const char *const cairo_fmts[] = {
		"%d", "%ld", "%u", "%x", "%04x", "%04X", "%010ld",
	};
	char a[64], b[64];
	int n = (int)(sizeof crafted / sizeof crafted[0]);

	/* crafted values, every precision Cairo asks for */
	for (int i = 0; i < n; i++) {
		SAME(sizeof a, "%f", crafted[i]);
		SAME(sizeof a, "%.18f", crafted[i]);
		for (int p = -1; p <= 18; p++)
			SAME(sizeof a, "%.*f", p, crafted[i]);
	}
	run("crafted floats", -1);
	SAME(sizeof a, "%f", INFINITY);
	SAME(sizeof a, "%f", -INFINITY);
	SAME(sizeof a, "%f", NAN);
	SAME(sizeof a, "%.*f", 30, 1.0 / 3);
	run("glibc's own floats", -1);

	/* random doubles: bit patterns in Cairo's range, and page
	 * coordinates with few decimals */
	for (long i = 0; i < 500000; i++) {
		uint64_t r = rnd();
		double d;
		int e = (int)(r % 100) - 70;    /* 2^-70 .. 2^29 */

		d = ldexp((double)(rnd() >> 11) / 9007199254740992.0, e);
		if (r & (1ull << 40))
			d = -d;
		SAME(sizeof a, "%f", d);
		d = (double)(long)(rnd() % 20000000) / 1000.0 - 10000;
		SAME(sizeof a, "%f", d);
		SAME(sizeof a, "%.*f", (int)(r % 19), d);
	}
	run("random floats", 1500000);
	for (long i = 0; i < 200000; i++) {
		double d = ldexp((double)(rnd() >> 11) / 9007199254740992.0,
		    -(int)(rnd() % 60));

		SAME(sizeof a, "%.18f", d);
	}
	run("random %.18f", 200000);

	/* integers */
	for (size_t f = 0; f < sizeof cairo_fmts / sizeof cairo_fmts[0];
	    f++) {
		const char *fmt = cairo_fmts[f];
		bool l = fmt[strlen(fmt) - 2] == 'l';
		static const long lim[] = { 0, 1, -1, 9, 10, 255, 65535, 65536,
		    INT_MAX, INT_MIN, LONG_MAX, LONG_MIN };

		for (size_t i = 0; i < sizeof lim / sizeof lim[0]; i++) {
			if (l)
				SAME(sizeof a, fmt, lim[i]);
			else
				SAME(sizeof a, fmt, (int)lim[i]);
		}
		for (int i = 0; i < 20000; i++) {
			uint64_t r = rnd() >> (rnd() % 64);

			if (l)
				SAME(sizeof a, fmt, (long)r);
			else
				SAME(sizeof a, fmt, (int)r);
		}
	}
	run("integers", 7 * 20012);
	for (int w = -12; w <= 12; w++) {
		SAME(sizeof a, "%0*x", w, 0x1234u);
		SAME(sizeof a, "%*d", w, -42);
		SAME(sizeof a, "%-6d", 42);
		SAME(sizeof a, "%0*x", w, 0u);
	}
	run("widths", 4 * 25);

	/* truncated, as snprintf truncates, and the length it wanted */
	for (size_t size = 0; size < 12; size++) {
		SAME(size, "%f", -123.456);
		SAME(size, "%010ld", -42L);
		SAME(size, "%0*x", 8, 0xbeefu);
	}
	run("truncation", 3 * 12);

	/* the rest is glibc's */
	check(ours(a, sizeof a, "%s", "x") < 0 && ours(a, sizeof a, "x%d", 1)
	    < 0 && ours(a, sizeof a, "%g", 1.0) < 0 && ours(a, sizeof a,
	    "%5.2d", 1) < 0 && ours(a, sizeof a, "%lf", 1.0) < 0 &&
	    ours(a, sizeof a, "%.19f", 1.0) < 0 && ours(a, sizeof a, "%+d",
	    1) < 0, "other formats", "numfmt took a format it leaves");
	/* and through __snprintf_chk, as Cairo calls it */
	{
		int __snprintf_chk(char *, size_t, int, size_t, const char *,
		    ...);
		int na = __snprintf_chk(a, sizeof a, 1, sizeof a, "%f", 0.5);
		int nb = __snprintf_chk(b, sizeof b, 1, sizeof b, "%s|%d",
		    "cairo", 7);

		check(na == 8 && strcmp(a, "0.500000") == 0 && nb == 7 &&
		    strcmp(b, "cairo|7") == 0, "__snprintf_chk", a);
	}
	return failed != 0;
}
