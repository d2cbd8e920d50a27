/*
 * Unit tests of the paragraph typesetter (compiler/pdf/typo.c): break
 * opportunities, inserted spacing, widths and justification, measured on
 * the glyph lines it returns, with Noto Serif CJK SC 10 pt at 72 dpi.
 * Prints "ok NAME" or "not ok NAME: why" per test; exits 1 on a failure.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "pdf/typo.h"

#define EM (10.0 * PANGO_SCALE)
#define NEAR(a, b, tol) (fabs((double)(a) - (double)(b)) <= (tol))

static int failures;

static void
result(const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok %s\n", name);
		return;
	}
	failures++;
	printf("not ok %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static PangoContext *
context(void)
{
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(fm);
	PangoFontDescription *fd;
	cairo_font_options_t *fo = cairo_font_options_create();

	pango_cairo_context_set_resolution(ctx, 72);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	fd = pango_font_description_from_string("Noto Serif CJK SC 10");
	pango_context_set_font_description(ctx, fd);
	pango_font_description_free(fd);
	g_object_unref(fm);
	return ctx;
}

static struct typo_para *
set(PangoContext *ctx, const char *text, double width_em, double indent_em,
    enum typo_align align, const struct typo_span *sp, int nsp)
{
	struct typo_opts o = { .em = 10, .width = (int)(width_em * EM),
	    .indent = (int)(indent_em * EM), .align = align, .lang = "zh-CN" };

	return typo_para_new(ctx, text, strlen(text), NULL, sp, nsp, NULL, 0,
	    &o);
}

static int
pen(const struct typo_line *l, const struct typo_run *r, int g)
{
	return g < r->glyph0 + r->nglyphs ? l->pens[g] : r->width;
}

/*
 * Where layout byte index i is drawn, as pango_layout_index_to_pos says
 * for these left-to-right lines: x from the layout's left and the width
 * of its cluster, Pango units.
 */
static void
pos(const struct typo_para *p, int i, int *x, int *w)
{
	const struct typo_line *l = p->lines[p->nlines - 1];

	for (int k = 0; k < p->nlines; k++)
		if (i < p->lines[k]->start + p->lines[k]->length) {
			l = p->lines[k];
			break;
		}
	*x = l->x + l->width;
	*w = 0;
	for (int k = 0; k < l->nruns; k++) {
		const struct typo_run *r = &l->runs[k];
		int at = r->offset, g = r->glyph0;

		for (int c = 0; c < r->nclusters; c++) {
			int n, bytes = typo_cluster(l, r, c, at, &n);

			if (i >= at && i < at + bytes) {
				*x = l->x + r->x + pen(l, r, g);
				*w = pen(l, r, g + n) - pen(l, r, g);
				return;
			}
			at += bytes;
			g += n;
		}
	}
}

/* x of the original byte index, in em. */
static double
xpos(struct typo_para *p, int orig)
{
	int x, w;

	pos(p, typo_para_index(p, orig), &x, &w);
	return x / EM;
}

/* Width of the character at the original byte index, in em. */
static double
xwidth(struct typo_para *p, int orig)
{
	int x, w;

	pos(p, typo_para_index(p, orig), &x, &w);
	return w / EM;
}

/* The first character (visible, not a separator) of line i. */
static gunichar
line_first(struct typo_para *p, int i)
{
	return g_utf8_get_char(p->lines[i]->text);
}

/* The last visible character of line i (our U+2028 and spaces skipped). */
static gunichar
line_last(struct typo_para *p, int i)
{
	const struct typo_line *l = p->lines[i];
	const char *e = l->text + l->length;

	while (e > l->text) {
		gunichar c;

		e = g_utf8_prev_char(e);
		c = g_utf8_get_char(e);
		if (c != 0x2028 && c != ' ' && c != 0x2005)
			return c;
	}
	return 0;
}

/* Line i's width in em, as the caller measures it. */
static double
line_width(struct typo_para *p, int i)
{
	return p->lines[i]->width / EM;
}

static int
nlines(struct typo_para *p)
{
	return p->nlines;
}

static void
test_kinsoku(PangoContext *ctx)
{
	static const char *texts[] = { "一二三四五，六七八九十",
	    "一二三四（五六七）", "比尔·盖茨和比尔·盖茨和比尔·盖茨",
	    "一二三四五六～七八九十一二三／四五六七八九", "一二三四——五六七",
	    "一二三四五……六七", "一二三四五六七八九。”十一二三四五六七" };
	bool ok = true;
	char why[256] = "";

	for (size_t t = 0; t < G_N_ELEMENTS(texts); t++) {
		for (double w = 3; w <= 8; w += 1) {
			struct typo_para *p = set(ctx, texts[t], w, 0,
			    TYPO_JUSTIFY, NULL, 0);

			for (int i = 0; i < nlines(p); i++) {
				gunichar f = line_first(p, i), l = line_last(p, i);

				if ((i > 0 && g_utf8_strchr("，。、：；！？）》”’·～／",
				    -1, f)) || (i + 1 < nlines(p) &&
				    g_utf8_strchr("（《“‘", -1, l)) ||
				    (i > 0 && (f == 0x2014 || f == 0x2026) &&
				    line_last(p, i - 1) == f)) {
					ok = false;
					snprintf(why, sizeof why,
					    "%s at %g em, line %d", texts[t], w, i);
				}
			}
			typo_para_free(p);
		}
	}
	result("kinsoku_basic", ok, "%s", why);
}

static void
test_quote_breaks(PangoContext *ctx)
{
	/* Pango 1.50 would leave line 1 three characters long. */
	struct typo_para *p = set(ctx, "一二三四“五六七”八九十", 5, 0, TYPO_LEFT,
	    NULL, 0);

	result("break_before_opening_quote", line_first(p, 1) == 0x201C,
	    "line 2 starts with U+%04X", line_first(p, 1));
	typo_para_free(p);
}

static void
test_han_latin(PangoContext *ctx)
{
	const char *t = "装OpenStack的2024版";
	struct typo_para *p = set(ctx, t, 30, 0, TYPO_LEFT, NULL, 0);
	double o = xpos(p, 3);  /* O */
	double de = xpos(p, strstr(t, "的") - t);
	double k = xpos(p, strstr(t, "k") - t);
	double kw = xwidth(p, strstr(t, "k") - t);
	int at = typo_para_index(p, strstr(t, "2024") - t);

	result("han_latin_gap_inserted", NEAR(o, 1.25, 0.002),
	    "O at %.3f em", o);
	result("latin_han_gap_inserted", NEAR(de - (k + kw), 0.25,
	    0.002), "gap %.3f em", de - (k + kw));
	result("map_keeps_characters", nlines(p) == 1 && g_str_has_prefix(
	    p->lines[0]->text + at - p->lines[0]->start, "2024"),
	    "map points elsewhere");
	typo_para_free(p);

	t = "使用 Python 客户端";
	p = set(ctx, t, 30, 0, TYPO_LEFT, NULL, 0);
	result("author_space_is_the_gap", NEAR(xpos(p, strlen("使用 ")), 2.25,
	    0.002), "P at %.3f em", xpos(p, strlen("使用 ")));
	typo_para_free(p);

	t = "在OpenStack中，运行nova list。";
	p = set(ctx, t, 30, 0, TYPO_LEFT, NULL, 0);
	{
		int c = strstr(t, "，") - t;
		double g = xpos(p, c + 3) - xpos(p, c);
		result("no_gap_next_to_punctuation", NEAR(g, 1.0, 0.002),
		    "，运 %.3f em", g);
	}
	typo_para_free(p);
}

static void
test_widths(PangoContext *ctx)
{
	const char *t = "他说：“好。”然后（见《指南》）。";
	struct typo_para *p = set(ctx, t, 40, 0, TYPO_LEFT, NULL, 0);
	double pair = xpos(p, strstr(t, "好") - t) - xpos(p, strstr(t, "：") - t);
	double end = xpos(p, strstr(t, "然") - t) - xpos(p, strstr(t, "。") - t);

	result("compress_colon_quote", NEAR(pair, 1.5, 0.002), "：“ %.3f em",
	    pair);
	result("compress_stop_quote", NEAR(end, 1.5, 0.002), "。” %.3f em", end);
	typo_para_free(p);

	t = "一——二";
	p = set(ctx, t, 40, 0, TYPO_LEFT, NULL, 0);
	result("dash_two_em", NEAR(xpos(p, strlen(t) - 3) - xpos(p, 3), 2, 0.002),
	    "—— %.3f em", xpos(p, strlen(t) - 3) - xpos(p, 3));
	typo_para_free(p);

	t = "比尔·盖茨";
	p = set(ctx, t, 40, 0, TYPO_LEFT, NULL, 0);
	result("interpunct_half_em", NEAR(xpos(p, strstr(t, "盖") - t) -
	    xpos(p, 3), 1.5, 0.002), "尔·盖 %.3f em",
	    xpos(p, strstr(t, "盖") - t) - xpos(p, 3));
	typo_para_free(p);
}

static void
test_justify(PangoContext *ctx)
{
	const char *t = "在OpenStack中可以使用Python客户端管理云主机和网络等资源，"
	    "也可以通过Horizon界面或者REST API完成同样的工作。";
	bool flush = true, spaced = false, pitch = true;
	char why[200] = "";

	for (double w = 11; w <= 19; w += 2) {
		struct typo_para *p = set(ctx, t, w, 0, TYPO_JUSTIFY, NULL, 0);
		double os = xpos(p, strstr(t, "Stack") - t) -
		    xpos(p, strstr(t, "Open") - t);

		for (int i = 0; i + 1 < nlines(p); i++) {
			double lw = line_width(p, i);

			if (!NEAR(lw, w, 0.01)) {
				flush = false;
				snprintf(why, sizeof why, "line %d %.3f em at %g",
				    i, lw, w);
			}
		}
		/* "Open" keeps its natural width whatever the line. */
		{
			struct typo_para *q = set(ctx, "Open", 40, 0, TYPO_LEFT,
			    NULL, 0);

			if (!NEAR(os, line_width(q, 0), 0.001))
				spaced = true;
			typo_para_free(q);
		}
		/* Han pitch: one value per line. */
		for (int i = 0; i < nlines(p); i++) {
			const struct typo_line *l = p->lines[i];
			const char *lt = l->text;
			double mn = 99, mx = 0;

			for (const char *c = lt; c < lt + l->length;
			    c = g_utf8_next_char(c)) {
				const char *n = g_utf8_next_char(c);
				int a, b, cw;

				if (g_unichar_get_script(g_utf8_get_char(c)) !=
				    G_UNICODE_SCRIPT_HAN || n >= lt + l->length ||
				    g_unichar_get_script(g_utf8_get_char(n)) !=
				    G_UNICODE_SCRIPT_HAN)
					continue;
				pos(p, l->start + (int)(c - lt), &a, &cw);
				pos(p, l->start + (int)(n - lt), &b, &cw);
				mn = MIN(mn, (b - a) / EM);
				mx = MAX(mx, (b - a) / EM);
			}
			if (mx > 0 && mx - mn > 0.002)
				pitch = false;
		}
		typo_para_free(p);
	}
	result("justify_flush_both_sides", flush, "%s", why);
	result("justify_no_letter_spacing", !spaced, "Open stretched");
	result("justify_uniform_han_pitch", pitch, "pitch varies in a line");
}

static void
test_line_end_trim(PangoContext *ctx)
{
	const char *t = "一二三四五六七八九十一二三四五六七，八九十一二三四五六七八九十。";
	bool seen = false, ok = true;

	for (double w = 17; w <= 20; w += 1) {
		struct typo_para *p = set(ctx, t, w, 0, TYPO_JUSTIFY, NULL, 0);

		if (line_last(p, 0) == 0xFF0C) {
			seen = true;
			ok = ok && NEAR(xwidth(p, strstr(t, "，") - t), 0.5,
			    0.002) &&
			    NEAR(line_width(p, 0), w, 0.01);
		}
		typo_para_free(p);
	}
	result("line_end_comma_half_em", seen && ok, seen ?
	    "comma not trimmed to ½ em or line not flush" :
	    "no line ended with the comma");
}

static void
test_code_breaks(PangoContext *ctx)
{
	const char *t = "访问https://docs.openstack.org/install-guide/"
	    "openstack-services.html查看";
	struct typo_span sp = { .start = strlen("访问"),
	                        .end = strstr(t, "查看") - t,
	                        .flags = TYPO_URL };
	bool ok = true;
	char why[120] = "";

	for (double w = 9; w <= 16; w += 1) {
		struct typo_para *p = set(ctx, t, w, 0, TYPO_JUSTIFY, &sp, 1);

		for (int i = 0; i + 1 < nlines(p); i++) {
			gunichar l = line_last(p, i);
			int s = p->lines[i + 1]->start;

			/* Inside the URL only after / . - _ = */
			if (s > typo_para_index(p, sp.start) &&
			    s < typo_para_index(p, sp.end) &&
			    !strchr("/.-_=", (int)l)) {
				ok = false;
				snprintf(why, sizeof why, "break after '%c' at %g em",
				    (int)l, w);
			}
		}
		typo_para_free(p);
	}
	result("url_breaks_after_separators", ok, "%s", why);
}

static void
test_orphan(PangoContext *ctx)
{
	/* Greedy: 10 + 10 + "一。" on a 10-em measure. */
	const char *t = "一二三四五六七八九十一二三四五六七八九十一。";
	struct typo_para *p = set(ctx, t, 10, 0, TYPO_JUSTIFY, NULL, 0);
	const struct typo_line *l = p->lines[nlines(p) - 1];

	result("no_single_character_last_line", g_utf8_strlen(l->text,
	    l->length) >= 3, "last line has %ld characters",
	    g_utf8_strlen(l->text, l->length));
	typo_para_free(p);
}

static void
test_indent(PangoContext *ctx)
{
	const char *t = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";
	struct typo_para *p = set(ctx, t, 10, 2, TYPO_JUSTIFY, NULL, 0);

	result("indent_two_em", NEAR(xpos(p, 0), 2, 0.001) && nlines(p) == 4 &&
	    NEAR(line_width(p, 0), 8, 0.001), "first at %.3f em, %d lines",
	    xpos(p, 0), nlines(p));
	typo_para_free(p);
}

int
main(void)
{
	PangoContext *ctx = context();

	test_kinsoku(ctx);
	test_quote_breaks(ctx);
	test_han_latin(ctx);
	test_widths(ctx);
	test_justify(ctx);
	test_line_end_trim(ctx);
	test_code_breaks(ctx);
	test_orphan(ctx);
	test_indent(ctx);
	g_object_unref(ctx);
	return failures ? 1 : 0;
}
