/*
 * The paragraph typesetter (see typo.h): owns everything between a
 * flattened paragraph and the glyph lines the PDF device draws.
 * Pango 1.50 only itemises and shapes here; bookc makes every typographic
 * decision itself, following TYPOGRAPHY.md:
 *
 *  1. the working text: U+2005 between Han and Western letters or digits
 *     (or in place of an author-typed space there), R11;
 *  2. attributes: zh-cn / en language tags (R1), fwid on dashes and
 *     fwid,halt on the interpunct (R3), halt on adjacent punctuation by
 *     Chromium's han_kerning rule (R8), no inserted hyphens (R7);
 *  3. a shaping pass over the whole paragraph on one line, for widths and
 *     Pango's UAX #14 break opportunities, which we then correct: kinsoku
 *     (R4 to R6), the breaks around “ ” that Pango 1.50 forbids, breaks in
 *     code and URLs only after / . - _ =, footnote markers kept on;
 *  4. total-fit breaking (typo_break.c), with the line-end trim (R9) and
 *     the 孤字 rule (R17) in its costs;
 *  5. the lines: step 3's glyph items cut at the chosen breaks, each
 *     line-final closing mark losing its half em (cut_lines); where that
 *     cannot be done (right-to-left text, tabs, centred lines), a final
 *     layout with a U+2028 at each chosen break, so Pango can make no
 *     decision of its own, and halt on each line-final closing mark;
 *  6. justification (R13, R14) by editing glyph widths: word spaces and
 *     Han-Latin gaps first, then evenly between Han characters, never
 *     inside a Latin word; shrinking takes spaces, then punctuation;
 *  7. the lines kept as glyph lines (struct typo_line), with where the
 *     caller's link spans fall on them, and the layout freed.
 *
 * No global mutable state: paragraphs may be set on several threads, each
 * with its own PangoContext.
 */
#include <math.h>
#include <string.h>

#include <hb-ot.h>
#include <pango/pangocairo.h>

#include "fontfile.h"
#include "typo.h"
#include "typo_break.h"
#include "typo_class.h"

#define FEAT_FWID 0x1
#define FEAT_HALT 0x2

/* One character of the working text. */
struct ch {
	gunichar c;
	int off;             /* byte offset in the working text */
	int fin;             /* byte offset in the final (drawn) text */
	unsigned flags;      /* TYPO_* of the spans over it */
	enum typo_cls cls;
	unsigned feat;       /* FEAT_* */
	bool cjk;            /* Chinese punctuation rules apply here */
	bool trimmed;        /* halt added because it ends a line */
	int adv;             /* shaped advance, Pango units */
	int em;              /* its font size, Pango units */
};

/* Everything one paragraph needs while it is being set. */
struct para {
	const struct typo_opts *o;
	int em;              /* body em, Pango units */
	GString *text;       /* working text */
	GArray *chs;         /* struct ch */
	int *o2w;            /* original byte -> working byte */
	int olen;
	/* breaker input, per character */
	int *w, *y, *z, *gy, *trim;
	unsigned char *glue, *brk, *solid;
};

#define CH(p, k) (&g_array_index((p)->chs, struct ch, (k)))

/*
 * A line of the final setting, before it is kept as a glyph line: a line
 * of the final PangoLayout (pl), or one cut from the measuring layout's
 * glyph items at a break of ours (see cut_lines).
 */
struct tline {
	PangoLayoutLine *pl;    /* or NULL: a cut line */
	GSList *runs;           /* PangoGlyphItem *, left to right; a cut
	                           line's are its own */
	int start, length;      /* its bytes of the final text */
	bool para_start;        /* is_paragraph_start */
	bool ours;              /* a break of ours ends it: justified */
	int x, width;           /* logical extents (see line_extents) */
};

static unsigned
flags_at(const struct typo_span *spans, int nspans, int off)
{
	unsigned f = 0;

	for (int i = 0; i < nspans; i++)
		if (off >= spans[i].start && off < spans[i].end)
			f |= spans[i].flags;
	return f;
}

static bool
is_code(unsigned f)
{
	return (f & (TYPO_CODE | TYPO_URL)) != 0;
}

/*
 * Whether a Han-Latin gap belongs between a and b (R11): one Han, one
 * Western letter or digit; not inside code, not at a footnote marker.
 */
static bool
wants_gap(gunichar a, unsigned fa, gunichar b, unsigned fb)
{
	enum typo_cls ca = typo_class(a), cb = typo_class(b);

	if (!((ca == TC_HAN && cb == TC_LATIN) ||
	    (ca == TC_LATIN && cb == TC_HAN)))
		return false;
	if (is_code(fa) && is_code(fb))
		return false;
	if ((fa | fb) & TYPO_NOBREAK)
		return false;
	/* Full-width letters are Han boxes but never take the gap. */
	if ((a >= 0xFF10 && a <= 0xFF5A) || (b >= 0xFF10 && b <= 0xFF5A))
		return false;
	return true;
}

static void
push_ch(struct para *p, gunichar c, unsigned flags)
{
	struct ch x = { 0 };

	x.c = c;
	x.off = p->text->len;
	x.flags = flags;
	x.cls = typo_class(c);
	x.cjk = !(flags & (TYPO_LATIN | TYPO_CODE | TYPO_URL));
	g_string_append_unichar(p->text, c);
	g_array_append_val(p->chs, x);
}

/* Step 1: the working text, with U+2005 between Han and Latin. */
static void
build_text(struct para *p, const char *text, int len,
    const struct typo_span *spans, int nspans)
{
	const char *s = text, *end = text + len;

	p->olen = len;
	p->o2w = g_new(int, len + 1);
	while (s < end) {
		const char *nx = g_utf8_find_next_char(s, end);
		gunichar c = g_utf8_get_char_validated(s, end - s);
		int o = s - text, blen;
		unsigned f = flags_at(spans, nspans, o);

		if (!nx)
			nx = end;
		blen = nx - s;
		if (c == (gunichar)-1 || c == (gunichar)-2)
			c = 0xFFFD;
		/* An author-typed single space between Han and Latin is the
		 * gap itself, not something on top of it. */
		if (c == ' ' && p->chs->len > 0 && nx < end) {
			struct ch *pr = CH(p, p->chs->len - 1);
			gunichar nc = g_utf8_get_char_validated(nx, end - nx);
			unsigned nf = flags_at(spans, nspans, nx - text);

			if (pr->cls != TC_HLSPACE &&
			    wants_gap(pr->c, pr->flags, nc, nf)) {
				p->o2w[o] = p->text->len;
				push_ch(p, 0x2005, f & ~TYPO_NOBREAK);
				s = nx;
				continue;
			}
		}
		for (int i = 0; i < blen; i++)
			p->o2w[o + i] = p->text->len + i;
		push_ch(p, c, f);
		if (nx < end) {
			gunichar nc = g_utf8_get_char_validated(nx, end - nx);
			unsigned nf = flags_at(spans, nspans, nx - text);

			if (wants_gap(c, f, nc, nf))
				push_ch(p, 0x2005, f & ~(TYPO_NOBREAK |
				    TYPO_CODE | TYPO_URL));
		}
		s = nx;
	}
	p->o2w[len] = p->text->len;
}

/* Step 2: fwid on dashes, fwid,halt on ·, halt on adjacent marks. */
static void
mark_features(struct para *p)
{
	int prev = -1;

	for (guint k = 0; k < p->chs->len; k++) {
		struct ch *c = CH(p, k);

		if (!c->cjk)
			continue;
		if (c->cls == TC_DASH)
			c->feat |= FEAT_FWID;
		if (c->c == 0xB7)
			c->feat |= FEAT_FWID | FEAT_HALT;
	}
	/*
	 * Chromium's han_kerning rule (R8): an opening mark after any mark
	 * takes halt; a closing mark before a closing or middle mark takes
	 * halt. In SC fonts ，。、：；！？ are closing marks.
	 */
	for (guint k = 0; k < p->chs->len; k++) {
		struct ch *c = CH(p, k);

		if (c->cls == TC_IGNORE || (c->flags & TYPO_MARKER))
			continue;
		if (prev >= 0 && c->cjk && CH(p, prev)->cjk) {
			struct ch *a = CH(p, prev);
			bool aclose = a->cls == TC_CLOSE || a->cls == TC_PAUSE;

			if (c->cls == TC_OPEN && (aclose || a->cls == TC_OPEN ||
			    a->cls == TC_DOT))
				c->feat |= FEAT_HALT;
			if (aclose && (c->cls == TC_CLOSE ||
			    c->cls == TC_PAUSE || c->cls == TC_DOT))
				a->feat |= FEAT_HALT;
		}
		prev = k;
	}
}

static guint
remap(const int *m, int mlen, guint idx)
{
	if (idx == PANGO_ATTR_INDEX_TO_TEXT_END)
		return idx;
	if ((int)idx > mlen)
		idx = mlen;
	return m[idx];
}

/* Whether an attribute only colours or decorates, so widths and breaks
 * never depend on it. */
static bool
ink_only(const PangoAttribute *a)
{
	switch (a->klass->type) {
	case PANGO_ATTR_FOREGROUND:
	case PANGO_ATTR_BACKGROUND:
	case PANGO_ATTR_UNDERLINE:
	case PANGO_ATTR_UNDERLINE_COLOR:
	case PANGO_ATTR_STRIKETHROUGH:
	case PANGO_ATTR_STRIKETHROUGH_COLOR:
	case PANGO_ATTR_FOREGROUND_ALPHA:
	case PANGO_ATTR_BACKGROUND_ALPHA:
	case PANGO_ATTR_OVERLINE:
	case PANGO_ATTR_OVERLINE_COLOR:
		return true;
	default:
		return false;
	}
}

/* pango_attr_list_filter's callback: counts ink-only attributes. */
static gboolean
count_ink(PangoAttribute *a, gpointer n)
{
	*(int *)n += ink_only(a);
	return FALSE;
}

/*
 * The attribute list of a layout: our defaults, the caller's attributes
 * (o2x maps their indices), then our per-character features (w2x maps
 * working indices). Font features accumulate in Pango 1.50, so ours do
 * not replace the caller's. For measuring (ink false) colours and
 * decorations are left out: Pango splits every run at each of them
 * after shaping, copying the run's attributes each time, which is
 * quadratic in a paragraph of many links.
 */
static PangoAttrList *
build_attrs(struct para *p, PangoAttrList *caller, const int *o2x,
    const int *w2x, bool ink)
{
	PangoAttrList *al = pango_attr_list_new();
	const char *lang = p->o->lang;
	PangoAttribute *a;

	if (!lang || g_ascii_strncasecmp(lang, "zh", 2) == 0) {
		/* Only zh-cn matches Debian's fontconfig rules (R1). */
		bool trad = lang && (strstr(lang, "TW") || strstr(lang, "tw") ||
		    strstr(lang, "HK") || strstr(lang, "hk") ||
		    strstr(lang, "Hant") || strstr(lang, "hant"));
		lang = trad ? lang : "zh-cn";
	}
	pango_attr_list_insert(al, pango_attr_language_new(
	    pango_language_from_string(lang)));
	pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
	for (guint k = 0; k < p->chs->len; ) {
		guint e = k;

		if (!(CH(p, k)->flags & TYPO_LATIN)) {
			k++;
			continue;
		}
		while (e < p->chs->len && (CH(p, e)->flags & TYPO_LATIN))
			e++;
		a = pango_attr_language_new(pango_language_from_string("en"));
		a->start_index = w2x[CH(p, k)->off];
		a->end_index = e < p->chs->len ? w2x[CH(p, e)->off] :
		    w2x[p->text->len];
		pango_attr_list_insert(al, a);
		k = e;
	}
	if (caller) {
		GSList *l = pango_attr_list_get_attributes(caller);

		for (GSList *i = l; i; i = i->next) {
			a = i->data;
			if (!ink && ink_only(a)) {
				pango_attribute_destroy(a);
				continue;
			}
			a->start_index = remap(o2x, p->olen, a->start_index);
			a->end_index = remap(o2x, p->olen, a->end_index);
			pango_attr_list_insert(al, a);
		}
		g_slist_free(l);
	}
	for (guint k = 0; k < p->chs->len; k++) {
		struct ch *c = CH(p, k);
		unsigned f = c->feat;

		if (!f)
			continue;
		a = pango_attr_font_features_new(
		    f == (FEAT_FWID | FEAT_HALT) ? "fwid=1,halt=1" :
		    f == FEAT_FWID ? "fwid=1" : "halt=1");
		a->start_index = w2x[c->off];
		a->end_index = w2x[c->off + g_unichar_to_utf8(c->c, NULL)];
		pango_attr_list_insert(al, a);
	}
	return al;
}

/* Step 3: advances and font sizes of every character, from one line. */
static void
measure(struct para *p, PangoLayout *l)
{
	int *b2k = g_new(int, p->text->len + 1);

	for (guint i = 0; i <= p->text->len; i++)
		b2k[i] = -1;
	for (guint k = 0; k < p->chs->len; k++) {
		CH(p, k)->adv = 0;
		CH(p, k)->em = p->em;
		b2k[CH(p, k)->off] = k;
	}
	/* Runs straight from the lines: an iterator would first compute
	 * every glyph's extents, which nothing here needs. */
	for (GSList *li = pango_layout_get_lines_readonly(l); li;
	    li = li->next) {
		PangoLayoutLine *line = li->data;

		for (GSList *ri = line->runs; ri; ri = ri->next) {
			PangoLayoutRun *run = ri->data;
			PangoGlyphItemIter gi;
			PangoFontDescription *d;
			int em;

			d = pango_font_describe_with_absolute_size(
			    run->item->analysis.font);
			em = pango_font_description_get_size(d);
			pango_font_description_free(d);
			if (em <= 0)
				em = p->em;
			for (bool ok = pango_glyph_item_iter_init_start(&gi,
			    run, p->text->str); ok;
			    ok = pango_glyph_item_iter_next_cluster(&gi)) {
				int w = 0, lo, hi;

				lo = MIN(gi.start_glyph, gi.end_glyph);
				hi = MAX(gi.start_glyph, gi.end_glyph);
				if (gi.start_glyph > gi.end_glyph) {
					lo = gi.end_glyph + 1;
					hi = gi.start_glyph + 1;
				}
				for (int g = lo; g < hi; g++)
					w += run->glyphs->glyphs[g].
					    geometry.width;
				for (int b = gi.start_index; b < gi.end_index;
				    b++) {
					struct ch *c;

					if (b2k[b] < 0)
						continue;
					c = CH(p, b2k[b]);
					c->em = em;
					if (b == gi.start_index)
						c->adv = w;
				}
			}
		}
	}
	g_free(b2k);
}

static bool
in_set(gunichar c, const char *set)
{
	return c < 0x80 && c && strchr(set, (int)c) != NULL;
}

/* The break opportunity before character k (k > 0), R4 to R7, R24. */
static unsigned char
break_before(struct para *p, const PangoLogAttr *la, int k)
{
	struct ch *b = CH(p, k), *a, *aa = NULL, *bb = NULL;
	int ai = k - 1;
	unsigned char r;

	if (la[k].is_mandatory_break) {
		gunichar pc = CH(p, k - 1)->c;

		return pc == 0x2028 ? TB_FORCE : TB_FORCE_PARA;
	}
	while (ai > 0 && (CH(p, ai)->cls == TC_IGNORE ||
	    (CH(p, ai)->flags & TYPO_MARKER)))
		ai--;
	a = CH(p, ai);
	if (ai > 0)
		aa = CH(p, ai - 1);
	if (k + 1 < (int)p->chs->len)
		bb = CH(p, k + 1);
	r = la[k].is_line_break ? TB_ALLOW : la[k].is_char_break ? TB_EMERG :
	    TB_NONE;

	/* Pango 1.50 follows the old LB19: no break before “ or after ”.
	 * clreq allows both between Chinese characters. */
	if ((b->c == 0x201C || b->c == 0x2018) && b->cjk && (a->cls == TC_HAN ||
	    a->cls == TC_CLOSE || a->cls == TC_PAUSE))
		r = TB_ALLOW;
	if ((a->c == 0x201D || a->c == 0x2019) && a->cjk &&
	    (b->cls == TC_HAN || b->cls == TC_OPEN || b->cls == TC_LATIN) &&
	    !(aa && aa->cls == TC_LATIN))
		r = TB_ALLOW;
	/* Code and URLs break only after / . - _ = or a space, R7. */
	if (is_code(a->flags) && is_code(b->flags)) {
		if (a->cls == TC_SPACE || (in_set(a->c, "/.-_=") &&
		    !in_set(b->c, "/.-_=")))
			r = TB_ALLOW;
		else if (r != TB_NONE)
			r = TB_EMERG_CODE;
	}
	/* Footnote markers stay with what they mark. */
	if (b->flags & TYPO_NOBREAK)
		r = TB_NONE;
	/* Kinsoku, basic level (clreq §3.1.4): these override all above. */
	if (typo_cls_nostart(b->cls) || b->c == 0x2013 || a->cls == TC_OPEN)
		r = TB_NONE;
	if ((a->cls == TC_DASH && b->cls == TC_DASH) ||
	    (a->cls == TC_ELLIPSIS && b->cls == TC_ELLIPSIS))
		r = TB_NONE;
	/* A single — is a connector mark: never at a line start. */
	if (b->c == 0x2014 && !(bb && bb->c == 0x2014))
		r = TB_NONE;
	/* Breaks come after spaces, never before them. */
	if (b->cls == TC_SPACE || b->cls == TC_HLSPACE || b->cls == TC_IGNORE)
		r = TB_NONE;
	if (p->o->strict) {
		/* Strict level: —— and …… off line starts; GB: no solidus
		 * at a line end. */
		if (b->cls == TC_DASH || b->cls == TC_ELLIPSIS)
			r = TB_NONE;
		if ((a->c == '/' || a->c == 0xFF0F) && !is_code(a->flags))
			r = TB_NONE;
	}
	return r;
}

/* Whether the gap after k takes inter-character stretch (R14). */
static bool
gap_stretches(struct para *p, int k)
{
	struct ch *a = CH(p, k), *b = CH(p, k + 1);

	switch (a->cls) {
	case TC_SPACE: case TC_HLSPACE: case TC_IGNORE: case TC_NEWLINE:
	case TC_DASH: case TC_DOT:
		return false;
	default:
		break;
	}
	switch (b->cls) {
	case TC_SPACE: case TC_HLSPACE: case TC_IGNORE: case TC_NEWLINE:
	case TC_DASH: case TC_DOT:
		return false;
	default:
		break;
	}
	if (a->cls == TC_ELLIPSIS && b->cls == TC_ELLIPSIS)
		return false;
	/* Stretch between two marks would undo their compression (R8). */
	if (typo_cls_punct(a->cls) && typo_cls_punct(b->cls))
		return false;
	if ((is_code(a->flags) && is_code(b->flags)) ||
	    ((a->flags | b->flags) & TYPO_NOBREAK))
		return false;
	return typo_cls_cjk(a->cls) || typo_cls_cjk(b->cls);
}

/* Whether k is a full-width mark that may lose half its width. */
static bool
compressible(struct para *p, int k)
{
	struct ch *c = CH(p, k);

	return c->cjk && typo_cls_punct(c->cls) && !(c->feat & FEAT_HALT) &&
	    c->adv >= c->em * 9 / 10;
}

/* Step 4 input: the numbers the breaker and the justifier share. */
static void
breaker_input(struct para *p, const PangoLogAttr *la)
{
	int n = p->chs->len;

	p->w = g_new0(int, n);
	p->y = g_new0(int, n);
	p->z = g_new0(int, n);
	p->gy = g_new0(int, n);
	p->trim = g_new0(int, n);
	p->glue = g_new0(unsigned char, n);
	p->brk = g_new0(unsigned char, n + 1);
	p->solid = g_new0(unsigned char, n);
	for (int k = 0; k < n; k++) {
		struct ch *c = CH(p, k);
		int e = c->em;

		p->w[k] = c->adv;
		switch (c->cls) {
		case TC_HLSPACE:
			/* ¼ em, stretching to ½, shrinking to ⅛ (R11); a
			 * hair under the limits, for rounding. */
			p->y[k] = MAX(0, e / 2 - c->adv - 16);
			p->z[k] = MAX(0, c->adv - e / 8 - 16);
			p->glue[k] = 1;
			break;
		case TC_SPACE:
			/* Word spaces: up to ½ em before Han gaps open. */
			p->y[k] = MAX(0, e / 2 - c->adv);
			p->z[k] = MAX(0, c->adv - e / 5);
			p->glue[k] = 1;
			break;
		case TC_IGNORE: case TC_NEWLINE:
			p->glue[k] = 1;
			break;
		case TC_HAN: case TC_LATIN:
			p->solid[k] = 1;
			break;
		default:
			break;
		}
		if (compressible(p, k)) {
			p->z[k] = c->adv - c->em / 2;
			if (c->cls != TC_OPEN)
				p->trim[k] = c->adv - c->em / 2;
		}
		if (k + 1 < n && gap_stretches(p, k))
			p->gy[k] = p->em / 4;
		if (k > 0)
			p->brk[k] = break_before(p, la, k);
	}
}

static PangoLayout *
new_layout(struct para *p, PangoContext *ctx, const char *text, int len,
    PangoAttrList *al, bool wrap)
{
	PangoLayout *l = pango_layout_new(ctx);

	pango_layout_set_text(l, text, len);
	pango_layout_set_attributes(l, al);
	pango_layout_set_indent(l, p->o->indent);
	pango_layout_set_justify(l, FALSE);
	pango_layout_set_width(l, -1);
	if (wrap) {
		/* Only centred and right-aligned lines need Pango's offsets;
		 * their lines were set with a margin, so Pango never has a
		 * reason to wrap them again. */
		pango_layout_set_width(l, p->o->width);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_alignment(l, p->o->align == TYPO_CENTER ?
		    PANGO_ALIGN_CENTER : PANGO_ALIGN_RIGHT);
	}
	return l;
}

/* Adds d to a cluster's advance; keeps the ink after it in place. */
static void
widen(PangoGlyphInfo *g, int d)
{
	if (g)
		g->geometry.width += d;
}

/* Spreads total over n slots as evenly as integer units allow. */
static int
share(int total, int n, int i)
{
	return (int)lround((double)total * (i + 1) / n) -
	    (int)lround((double)total * i / n);
}

/*
 * Step 6: one line's justification (R13, R14). first/last hold each
 * character's first and last glyph; [k0, t) is the line without its
 * vanishing end glue. Without stretch (a paragraph's last line, a line
 * before a forced break) the line is only shrunk, when the breaker chose
 * to set it tighter than its natural width.
 */
static void
justify_line(struct para *p, GSList *runs, PangoGlyphInfo **first,
    PangoGlyphInfo **last, int k0, int t, int avail, bool stretch)
{
	int natural = 0, slack;
	GArray *glue = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *gaps = g_array_new(FALSE, FALSE, sizeof(int));
	GArray *punct = g_array_new(FALSE, FALSE, sizeof(int));

	for (GSList *r = runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;

		for (int g = 0; g < run->glyphs->num_glyphs; g++)
			natural += run->glyphs->glyphs[g].geometry.width;
	}
	slack = avail - natural;
	if (slack > 0 && !stretch)
		slack = 0;
	for (int k = k0; k < t; k++) {
		if (!last[k])
			continue;
		if ((p->y[k] || p->z[k]) && p->glue[k])
			g_array_append_val(glue, k);
		else if (p->z[k] && !CH(p, k)->trimmed)
			g_array_append_val(punct, k);
		if (k + 1 < t && p->gy[k] && first[k + 1] &&
		    first[k + 1] != last[k])
			g_array_append_val(gaps, k);
	}
	if (slack > 0) {
		int cap = 0, rem;

		for (guint i = 0; i < glue->len; i++)
			cap += p->y[g_array_index(glue, int, i)];
		if (cap >= slack) {
			/* Word spaces and Han-Latin gaps take it all, each in
			 * proportion to what it may take. */
			double f = (double)slack / cap;
			int given = 0;

			for (guint i = 0; i < glue->len; i++) {
				int k = g_array_index(glue, int, i);
				int d = i + 1 == glue->len ? slack - given :
				    (int)lround(p->y[k] * f);

				widen(last[k], d);
				given += d;
			}
			goto done;
		}
		for (guint i = 0; i < glue->len; i++) {
			int k = g_array_index(glue, int, i);

			widen(last[k], p->y[k]);
		}
		rem = slack - cap;
		if (gaps->len > 0) {
			/* Then evenly between Han characters: one pitch. */
			for (guint i = 0; i < gaps->len; i++)
				widen(last[g_array_index(gaps, int, i)],
				    share(rem, gaps->len, i));
		} else {
			/* A line of Western words: spaces past their cap,
			 * still never inside a word. */
			int nsp = 0, j = 0;

			for (guint i = 0; i < glue->len; i++)
				nsp += CH(p, g_array_index(glue, int, i))->cls ==
				    TC_SPACE;
			for (guint i = 0; i < glue->len; i++) {
				int k = g_array_index(glue, int, i);

				if (nsp > 0 && CH(p, k)->cls != TC_SPACE)
					continue;
				widen(last[k], share(rem, nsp ? nsp :
				    (int)glue->len, j++));
			}
		}
	} else if (slack < 0) {
		int need = -slack, cap = 0;

		for (guint i = 0; i < glue->len; i++)
			cap += p->z[g_array_index(glue, int, i)];
		for (guint i = 0; i < glue->len; i++) {
			int k = g_array_index(glue, int, i);
			int d = cap <= need ? p->z[k] :
			    (int)lround((double)p->z[k] * need / cap);

			widen(last[k], -d);
		}
		need -= MIN(cap, need);
		cap = 0;
		for (guint i = 0; i < punct->len; i++)
			cap += p->z[g_array_index(punct, int, i)];
		/* Then the punctuation, each up to half its width. */
		for (guint i = 0; i < punct->len && need > 0; i++) {
			int k = g_array_index(punct, int, i);
			int d = cap <= need ? p->z[k] :
			    (int)lround((double)p->z[k] * need / cap);

			widen(last[k], -d);
			/* An opening mark's ink is on its right: move it. */
			if (CH(p, k)->cls == TC_OPEN)
				first[k]->geometry.x_offset -= d;
		}
	}
done:
	g_array_free(glue, TRUE);
	g_array_free(gaps, TRUE);
	g_array_free(punct, TRUE);
}

/*
 * Step 6: zero each line's end glue and justify all but the last. A cut
 * line's closing mark trimmed at its end (R9) loses its trim here: the
 * final layout's halt would have taken the same half em.
 */
static void
finish_lines(struct para *p, struct tline *tl, int ntl, const int *f2k)
{
	int n = p->chs->len;
	PangoGlyphInfo **first = g_new0(PangoGlyphInfo *, n + 1);
	PangoGlyphInfo **last = g_new0(PangoGlyphInfo *, n + 1);
	int wfirst = p->o->width - MAX(p->o->indent, 0);
	int wrest = p->o->width - MAX(-p->o->indent, 0);

	for (int i = 0; i < ntl; i++) {
		for (GSList *r = tl[i].runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;

			if (run->item->analysis.level % 2)
				continue;  /* right-to-left: left as shaped */
			for (int g = 0; g < run->glyphs->num_glyphs; g++) {
				int b = run->item->offset +
				    run->glyphs->log_clusters[g];
				int k = f2k[b];

				if (k < 0) {
					/* Our U+2028: takes no room. */
					run->glyphs->glyphs[g].geometry.width = 0;
					continue;
				}
				if (!first[k])
					first[k] = &run->glyphs->glyphs[g];
				last[k] = &run->glyphs->glyphs[g];
			}
		}
	}
	if (ntl > 0 && tl[0].pl == NULL)
		for (int k = 0; k < n; k++)
			if (CH(p, k)->trimmed && last[k])
				last[k]->geometry.width -= p->trim[k];
	for (int i = 0; i < ntl; i++) {
		int s = tl[i].start, e = s + tl[i].length;
		int k0 = -1, k1, t;

		for (int b = s; b < e && k0 < 0; b++)
			k0 = f2k[b];
		if (k0 < 0)
			continue;
		k1 = k0;
		while (k1 < n && CH(p, k1)->fin < e)
			k1++;
		/* No Han-Latin gap or space at a line end (R11). */
		for (t = k1; t > k0 && p->glue[t - 1]; t--) {
			if (last[t - 1]) {
				first[t - 1]->geometry.width = 0;
				last[t - 1]->geometry.width = 0;
			}
		}
		/* The breaker may shrink any line of a justified paragraph,
		 * the last one too: it is stretched only when ours ended it. */
		if (p->o->align == TYPO_JUSTIFY)
			justify_line(p, tl[i].runs, first, last, k0, t,
			    tl[i].para_start ? wfirst : wrest, tl[i].ours);
	}
	g_free(first);
	g_free(last);
}

/* The final layout's lines; ours marks the U+2028 we put in. Not
 * readonly: this marks the lines uncached, so their extents are computed
 * from the glyphs as finish_lines leaves them. */
static struct tline *
layout_lines(PangoLayout *l, const bool *ours, int *ntl)
{
	GSList *lines = pango_layout_get_lines(l);
	struct tline *tl = g_new0(struct tline, g_slist_length(lines) + 1);
	int i = 0;

	for (GSList *li = lines; li; li = li->next, i++) {
		PangoLayoutLine *line = li->data;
		int e = line->start_index + line->length;

		tl[i].pl = line;
		tl[i].runs = line->runs;
		tl[i].start = line->start_index;
		tl[i].length = line->length;
		tl[i].para_start = line->is_paragraph_start;
		tl[i].ours = li->next && e > 0 && ours[e - 1];
	}
	*ntl = i;
	return tl;
}

/*
 * Whether the measuring layout l can be cut at the byte offsets cuts
 * (ncuts, increasing) into the final lines, instead of setting the
 * paragraph again: every run left to right with no offsets of Pango's
 * own, no tab (its width depends on where its line starts), and each cut
 * at a run's start or a cluster boundary inside one.
 */
static bool
cuttable(PangoLayout *l, const char *text, int len, const int *cuts,
    int ncuts)
{
	int c = 0;

	if (memchr(text, '\t', len))
		return false;
	for (GSList *li = pango_layout_get_lines_readonly(l); li;
	    li = li->next) {
		PangoLayoutLine *line = li->data;

		if (line->resolved_dir == PANGO_DIRECTION_RTL)
			return false;
		for (GSList *r = line->runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;
			int s = run->item->offset, e = s + run->item->length;
			int g = 0;

			if (run->item->analysis.level % 2 ||
			    run->start_x_offset || run->end_x_offset)
				return false;
			if (c < ncuts && cuts[c] < s)
				return false;   /* between runs */
			if (c < ncuts && cuts[c] == s)
				c++;
			for (; c < ncuts && cuts[c] < e; c++) {
				int at = cuts[c] - s;

				while (g < run->glyphs->num_glyphs &&
				    run->glyphs->log_clusters[g] < at)
					g++;
				if (g == run->glyphs->num_glyphs ||
				    run->glyphs->log_clusters[g] != at)
					return false;
			}
		}
	}
	return c == ncuts;
}

/* A run's baseline by tag, as Pango's apply_baseline_shift asks it. */
static hb_position_t
run_baseline(const PangoItem *it, hb_ot_layout_baseline_tag_t tag)
{
	hb_tag_t st[HB_OT_MAX_TAGS_PER_SCRIPT], lt[HB_OT_MAX_TAGS_PER_LANGUAGE];
	unsigned sc = HB_OT_MAX_TAGS_PER_SCRIPT;
	unsigned lc = HB_OT_MAX_TAGS_PER_LANGUAGE;
	hb_position_t b = 0;

	hb_ot_tags_from_script_and_language(
	    (hb_script_t)g_unicode_script_to_iso15924(it->analysis.script),
	    hb_language_from_string(pango_language_to_string(
	    it->analysis.language), -1), &sc, st, &lc, lt);
	hb_ot_layout_get_baseline_with_fallback(
	    pango_font_get_hb_font(it->analysis.font), tag,
	    HB_DIRECTION_LTR, sc ? st[sc - 1] : HB_OT_TAG_DEFAULT_SCRIPT,
	    lc ? lt[lc - 1] : HB_TAG_NONE, &b);
	return b;
}

/*
 * Each run's rise on a cut line, as Pango 1.50 sets it for a line it
 * made (apply_baseline_shift): the rise attributes over it, plus the
 * distance from its baseline to the line's first run's, by the baseline
 * the first run's script uses. (bookc sets no baseline-shift attribute.)
 */
static void
cut_line_rises(GSList *runs)
{
	hb_ot_layout_baseline_tag_t tag = 0;
	hb_position_t base = 0;

	for (GSList *r = runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		const PangoItem *it = run->item;
		hb_position_t b;
		int rise = 0;

		if (it->analysis.font == NULL)
			continue;
		if (tag == 0) {
			tag = hb_ot_layout_get_horizontal_baseline_tag_for_script(
			    (hb_script_t)g_unicode_script_to_iso15924(
			    it->analysis.script));
			base = run_baseline(it, tag);
		}
		b = run_baseline(it, tag);
		for (GSList *a = it->analysis.extra_attrs; a; a = a->next) {
			const PangoAttribute *at = a->data;

			if (at->klass->type == PANGO_ATTR_RISE)
				rise += ((const PangoAttrInt *)at)->value;
		}
		run->y_offset = rise + base - b;
	}
}

/*
 * The last cluster of a glyph item cut before the text that followed it
 * (see cut_lines), with the advances it has alone: a kerning pair across
 * the cut ("-" then "P" in a code line broken after the hyphen) no longer
 * narrows it, as it would not in a layout where a line ends there.
 */
static void
unkern_end(PangoGlyphItem *gi, const char *text, int len)
{
	PangoGlyphString *gs = gi->glyphs, *alone;
	int n = gs->num_glyphs, g = n - 1, at;

	if (n == 0)
		return;
	at = gs->log_clusters[g];
	while (g > 0 && gs->log_clusters[g - 1] == at)
		g--;
	alone = pango_glyph_string_new();
	pango_shape_with_flags(text + gi->item->offset + at,
	    gi->item->length - at, text, len, &gi->item->analysis, alone,
	    PANGO_SHAPE_NONE);
	if (alone->num_glyphs == n - g) {
		for (int i = 0; i < n - g; i++)
			if (alone->glyphs[i].glyph == gs->glyphs[g + i].glyph)
				gs->glyphs[g + i].geometry.width =
				    alone->glyphs[i].geometry.width;
	}
	pango_glyph_string_free(alone);
}

/*
 * Step 5 without a second layout: the measuring layout's lines cut at
 * the breaks of ours (byte offsets cuts, see cuttable), their glyph
 * items split there (pango_glyph_item_split). The lines take the items
 * from the layout. Shaping does not restart at a cut, as it does at the
 * final layout's U+2028: where a Western character ends a line
 * (needs_end), its cluster is shaped again alone (unkern_end), so a
 * kerning pair across the break does not narrow it; a line after a cut
 * gets its runs' baselines anew (cut_line_rises).
 */
static struct tline *
cut_lines(PangoLayout *l, const char *text, int len, const int *cuts,
    const bool *needs_end, int ncuts, int *ntl)
{
	GSList *lines = pango_layout_get_lines(l);
	struct tline *tl = g_new0(struct tline,
	    g_slist_length(lines) + ncuts + 1);
	int c = 0, i = 0;

	for (GSList *li = lines; li; li = li->next) {
		PangoLayoutLine *line = li->data;
		GSList *runs = line->runs;
		struct tline *t = &tl[i];

		line->runs = NULL;
		t->start = line->start_index;
		t->para_start = line->is_paragraph_start;
		for (GSList *r = runs; r; r = r->next) {
			PangoGlyphItem *run = r->data;

			for (;;) {
				int s = run->item->offset;
				PangoGlyphItem *head = NULL;

				if (c >= ncuts || cuts[c] >= s +
				    run->item->length)
					break;
				if (cuts[c] > s) {
					head = pango_glyph_item_split(run,
					    text, cuts[c] - s);
					if (needs_end[c])
						unkern_end(head, text, len);
					t->runs = g_slist_prepend(t->runs, head);
				}
				t->runs = g_slist_reverse(t->runs);
				t->length = cuts[c] - t->start;
				t->ours = true;
				t = &tl[++i];
				t->start = cuts[c++];
			}
			t->runs = g_slist_prepend(t->runs, run);
		}
		g_slist_free(runs);
		t->runs = g_slist_reverse(t->runs);
		t->length = line->start_index + line->length - t->start;
		i++;
	}
	for (int k = 1; k < i; k++)
		if (tl[k - 1].ours)
			cut_line_rises(tl[k].runs);
	*ntl = i;
	return tl;
}

static void
tlines_free(struct tline *tl, int ntl)
{
	for (int i = 0; i < ntl; i++)
		if (tl[i].pl == NULL)
			g_slist_free_full(tl[i].runs,
			    (GDestroyNotify)pango_glyph_item_free);
	g_free(tl);
}

static void
para_free(struct para *p)
{
	g_string_free(p->text, TRUE);
	g_array_free(p->chs, TRUE);
	g_free(p->o2w);
	g_free(p->w);
	g_free(p->y);
	g_free(p->z);
	g_free(p->gy);
	g_free(p->trim);
	g_free(p->glue);
	g_free(p->brk);
	g_free(p->solid);
}

/* Scratch arrays for glyph_line, reused over a paragraph's lines. */
struct gl_scratch {
	GArray *runs, *pens, *ids, *clusters, *offsets;
};

/* The run's drawing attributes, as Pango's renderer (prepare_run) and
 * device.c read them: the last of each kind counts. */
static void
run_attrs(struct typo_run *r, const PangoLayoutRun *run)
{
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *at = a->data;

		if (at->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *c = &((const PangoAttrColor *)at)->color;

			r->flags |= TYPO_RUN_FG;
			r->fg[0] = c->red;
			r->fg[1] = c->green;
			r->fg[2] = c->blue;
		} else if (at->klass->type == PANGO_ATTR_FOREGROUND_ALPHA) {
			r->flags |= TYPO_RUN_ART;
			r->alpha = (guint16)((const PangoAttrInt *)at)->value;
		}
	}
}

/* The run's clusters, from its iterator: none kept when each is one
 * character and one glyph (TYPO_RUN_SIMPLE). */
static void
run_clusters(struct typo_run *r, PangoLayoutRun *run, const char *text,
    GArray *clusters)
{
	PangoGlyphItemIter it;
	bool simple = true;

	r->cluster0 = (int)clusters->len;
	for (gboolean more = pango_glyph_item_iter_init_start(&it, run, text);
	    more; more = pango_glyph_item_iter_next_cluster(&it)) {
		struct typo_cluster c = {
		    (guint32)(it.end_index - it.start_index),
		    (guint32)ABS(it.end_glyph - it.start_glyph) };
		const char *t = text + it.start_index;

		simple = simple && c.glyphs == 1 &&
		    (int)c.bytes == (int)(g_utf8_next_char(t) - t);
		g_array_append_val(clusters, c);
	}
	r->nclusters = (int)clusters->len - r->cluster0;
	if (simple && r->nclusters == r->nglyphs) {
		g_array_set_size(clusters, r->cluster0);
		r->cluster0 = 0;
		r->flags |= TYPO_RUN_SIMPLE;
	}
}

/* Appends n bytes at src to the line's block at *p (which holds the
 * widest-aligned arrays first); returns where they went. */
static const void *
put(char **p, const void *src, gsize n)
{
	void *at = *p;

	if (n > 0)      /* an empty GArray's data may be NULL */
		memcpy(at, src, n);
	*p += n;
	return at;
}

/*
 * One line of the final layout as struct typo_line (see typo.h). Run
 * origins follow pango_renderer_draw_layout_line: bookc sets no
 * underline, shape or vertical gravity, so a run's advance is its glyph
 * string's width.
 */
static struct typo_line *
glyph_line(const struct tline *line, const char *text, struct gl_scratch *s)
{
	struct typo_line *tl;
	gsize sz_runs, sz_pens, sz_clusters, sz_offsets, sz_ids;
	bool wide = false;
	char *p;
	int x = 0;

	g_array_set_size(s->runs, 0);
	g_array_set_size(s->pens, 0);
	g_array_set_size(s->ids, 0);
	g_array_set_size(s->clusters, 0);
	g_array_set_size(s->offsets, 0);
	for (GSList *l = line->runs; l; l = l->next) {
		PangoLayoutRun *run = l->data;
		const PangoGlyphString *gs = run->glyphs;
		struct typo_run r = { 0 };
		cairo_scaled_font_t *sf;
		bool boxes = false;
		int pen = 0;

		sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(
		    run->item->analysis.font));
		if (sf && cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS)
			r.font = fontfile_scaled_font(run->item->analysis.font,
			    sf);
		r.offset = run->item->offset;
		r.length = run->item->length;
		r.y_offset = run->y_offset;
		if (run->item->analysis.level % 2)
			r.flags |= TYPO_RUN_RTL;
		run_attrs(&r, run);
		r.glyph0 = (int)s->pens->len;
		r.nglyphs = gs->num_glyphs;
		for (int g = 0; g < gs->num_glyphs; g++) {
			const PangoGlyphInfo *gi = &gs->glyphs[g];
			guint32 id = gi->glyph;

			if (gi->geometry.x_offset || gi->geometry.y_offset) {
				struct typo_offset o = { s->pens->len,
				    gi->geometry.x_offset,
				    gi->geometry.y_offset };

				g_array_append_val(s->offsets, o);
			}
			/* Pango draws these itself (no hex box for a space) */
			if (id != PANGO_GLYPH_EMPTY && (r.font == NULL ||
			    ((id & PANGO_GLYPH_UNKNOWN_FLAG) &&
			    id != (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))))
				boxes = true;
			if (id >= 0xFFFF && id != PANGO_GLYPH_EMPTY)
				wide = true;
			g_array_append_val(s->ids, id);
			g_array_append_val(s->pens, pen);
			pen += gi->geometry.width;
		}
		if (boxes)
			r.box_font = g_object_ref(run->item->analysis.font);
		r.width = pen;
		x += run->start_x_offset;
		r.x = x;
		x += pen + run->end_x_offset;
		run_clusters(&r, run, text, s->clusters);
		g_array_append_val(s->runs, r);
	}
	sz_runs = s->runs->len * sizeof(struct typo_run);
	sz_pens = s->pens->len * sizeof(gint32);
	sz_clusters = s->clusters->len * sizeof(struct typo_cluster);
	sz_offsets = s->offsets->len * sizeof(struct typo_offset);
	sz_ids = s->ids->len * (wide ? sizeof(guint32) : sizeof(guint16));
	tl = g_malloc(sizeof *tl + sz_runs + sz_pens + sz_clusters +
	    sz_offsets + sz_ids + line->length + 1);
	p = (char *)(tl + 1);
	tl->start = line->start;
	tl->length = line->length;
	tl->para_start = line->para_start;
	tl->x = line->x;
	tl->width = line->width;
	tl->nruns = (int)s->runs->len;
	tl->nglyphs = (int)s->pens->len;
	tl->noffsets = (int)s->offsets->len;
	tl->runs = put(&p, s->runs->data, sz_runs);
	tl->pens = put(&p, s->pens->data, sz_pens);
	tl->clusters = put(&p, s->clusters->data, sz_clusters);
	tl->offsets = put(&p, s->offsets->data, sz_offsets);
	tl->wide_ids = NULL;
	tl->ids = NULL;
	if (wide) {
		tl->wide_ids = put(&p, s->ids->data, sz_ids);
	} else {
		guint16 *ids = (guint16 *)(void *)p;

		for (guint g = 0; g < s->ids->len; g++) {
			guint32 id = g_array_index(s->ids, guint32, g);

			ids[g] = id == PANGO_GLYPH_EMPTY ? 0xFFFF : (guint16)id;
		}
		tl->ids = ids;
		p += sz_ids;
	}
	memcpy(p, text + line->start, line->length);
	p[line->length] = '\0';
	tl->text = p;
	return tl;
}

static void
glyph_line_free(struct typo_line *tl)
{
	for (int i = 0; i < tl->nruns; i++) {
		if (tl->runs[i].font)
			cairo_scaled_font_destroy(tl->runs[i].font);
		if (tl->runs[i].box_font)
			g_object_unref(tl->runs[i].box_font);
	}
	g_free(tl);
}

/*
 * Where bytes [s, e) of a cut line lie on it, as
 * pango_layout_line_get_x_ranges gives them for a line of Pango's (left
 * to right): from each run's index_to_x, the end at the trailing edge of
 * the last character, touching ranges merged. la: the measuring layout's
 * log attributes; f2k: byte -> character.
 */
static void
cut_x_ranges(const struct tline *t, const char *text, const PangoLogAttr *la,
    const int *f2k, int s, int e, int line, int link, GArray *xr)
{
	int x = t->x;
	bool open = false;
	struct typo_xrange cur = { line, link, 0, 0 };

	for (GSList *r = t->runs; r; r = r->next) {
		PangoGlyphItem *run = r->data;
		PangoItem *it = run->item;
		int rs = it->offset, re = rs + it->length, a, b;

		if (s < re && e > rs) {
			int last = (int)(g_utf8_prev_char(text + MIN(e, re)) -
			    text);
			PangoLogAttr *attrs = (PangoLogAttr *)la + f2k[rs];

			pango_glyph_string_index_to_x_full(run->glyphs,
			    text + rs, it->length, &it->analysis, attrs,
			    MAX(s, rs) - rs, FALSE, &a);
			pango_glyph_string_index_to_x_full(run->glyphs,
			    text + rs, it->length, &it->analysis, attrs,
			    last - rs, TRUE, &b);
			if (open && cur.x1 == x + MIN(a, b)) {
				cur.x1 = x + MAX(a, b);
			} else {
				if (open)
					g_array_append_val(xr, cur);
				cur.x0 = x + MIN(a, b);
				cur.x1 = x + MAX(a, b);
				open = true;
			}
		}
		x += pango_glyph_string_get_width(run->glyphs);
	}
	if (open)
		g_array_append_val(xr, cur);
}

/*
 * The pieces of each link span on each line (typo_para's xr), as
 * layout.c used to ask the layout's lines for them: spans come in text
 * order, so each line starts looking where the previous one stopped (a
 * paragraph with thousands of xrefs stays linear).
 */
static void
link_ranges(struct typo_para *tp, const struct tline *tl, const char *text,
    const PangoLogAttr *la, const int *f2k, const int *links, int nl)
{
	GArray *xr = g_array_new(FALSE, FALSE, sizeof(struct typo_xrange));
	int *lsp = g_new(int, 2 * nl + 1), lk = 0;

	for (int k = 0; k < 2 * nl; k++)
		lsp[k] = typo_para_index(tp, links[k]);
	for (int i = 0; nl > 0 && i < tp->nlines; i++) {
		int ls = tl[i].start, le = ls + tl[i].length;

		while (lk < nl && lsp[2 * lk + 1] <= ls)
			lk++;
		for (int k = lk; k < nl && lsp[2 * k] < le; k++) {
			int s = lsp[2 * k], e = lsp[2 * k + 1];
			int *ranges = NULL, nr = 0;

			if (e <= ls || s >= le || e <= s)
				continue;
			if (tl[i].pl == NULL) {
				cut_x_ranges(&tl[i], text, la, f2k, MAX(s, ls),
				    MIN(e, le), i, k, xr);
				continue;
			}
			pango_layout_line_get_x_ranges(tl[i].pl, MAX(s, ls),
			    MIN(e, le), &ranges, &nr);
			for (int r = 0; r < nr; r++) {
				struct typo_xrange x = { i, k, ranges[2 * r],
				    ranges[2 * r + 1] };

				g_array_append_val(xr, x);
			}
			g_free(ranges);
		}
	}
	g_free(lsp);
	tp->nxr = (int)xr->len;
	tp->xr = (struct typo_xrange *)(void *)g_array_free(xr, FALSE);
}

/*
 * The lines' logical x and width: for Pango's lines from an iterator
 * (Pango does not cache them for the lines finish_lines edited); for cut
 * lines as Pango computes them for a left-aligned layout with no width:
 * the indent, and the sum of the advances.
 */
static void
line_extents(struct tline *tl, int ntl, PangoLayout *l, int indent)
{
	PangoLayoutIter *it;
	int i = 0;

	if (ntl > 0 && tl[0].pl == NULL) {
		for (i = 0; i < ntl; i++) {
			tl[i].x = tl[i].para_start ? MAX(indent, 0) :
			    MAX(-indent, 0);
			tl[i].width = 0;
			for (GSList *r = tl[i].runs; r; r = r->next)
				tl[i].width += pango_glyph_string_get_width(
				    ((PangoGlyphItem *)r->data)->glyphs);
		}
		return;
	}
	it = pango_layout_get_iter(l);
	do {
		PangoRectangle log;

		pango_layout_iter_get_line_extents(it, NULL, &log);
		tl[i].x = log.x;
		tl[i].width = log.width;
	} while (++i < ntl && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* The lines as glyph lines, and where the links fall on them. */
static void
keep_lines(struct typo_para *tp, const struct tline *tl, int ntl,
    const char *text, const PangoLogAttr *la, const int *f2k,
    const int *links, int nl)
{
	struct gl_scratch s;

	s.runs = g_array_new(FALSE, FALSE, sizeof(struct typo_run));
	s.pens = g_array_new(FALSE, FALSE, sizeof(gint32));
	s.ids = g_array_new(FALSE, FALSE, sizeof(guint32));
	s.clusters = g_array_new(FALSE, FALSE, sizeof(struct typo_cluster));
	s.offsets = g_array_new(FALSE, FALSE, sizeof(struct typo_offset));
	tp->nlines = ntl;
	tp->lines = g_new(struct typo_line *, ntl);
	for (int i = 0; i < ntl; i++)
		tp->lines[i] = glyph_line(&tl[i], text, &s);
	link_ranges(tp, tl, text, la, f2k, links, nl);
	g_array_free(s.runs, TRUE);
	g_array_free(s.pens, TRUE);
	g_array_free(s.ids, TRUE);
	g_array_free(s.clusters, TRUE);
	g_array_free(s.offsets, TRUE);
}

/* The runs of typo_para's map, from the full map m (n entries, taken). A
 * paragraph keeps a few pairs instead of an int per byte. */
static int *
compact_map(int *m, int n, int *runs)
{
	GArray *r = g_array_new(FALSE, FALSE, sizeof(int));

	for (int i = 0; i < n; i++)
		if (i == 0 || m[i] - i != m[i - 1] - (i - 1)) {
			int d = m[i] - i;

			g_array_append_val(r, i);
			g_array_append_val(r, d);
		}
	*runs = (int)r->len / 2;
	g_free(m);
	return (int *)(void *)g_array_free(r, FALSE);
}

struct typo_para *
typo_para_new(PangoContext *ctx, const char *text, int len,
    PangoAttrList *attrs, const struct typo_span *spans, int nspans,
    const int *links, int nlinks, const struct typo_opts *o)
{
	struct typo_para *tp = g_new0(struct typo_para, 1);
	struct para p = { 0 };
	struct tb_para bp;
	PangoAttrList *al;
	PangoLayout *l0, *l;
	int *w2w, *starts, nlines, n, *w2f = NULL, *o2f, *f2k, inks = 0;
	int *cuts, *cutk, ncuts = 0, ntl;
	bool *ours = NULL, *unkern, reuse, trimmed = false;
	GString *fin = NULL;
	const char *text_fin;
	struct tline *tl;

	if (len < 0)
		len = text ? strlen(text) : 0;
	p.o = o;
	p.em = (int)lround((o->em > 0 ? o->em : 10) * PANGO_SCALE);
	p.text = g_string_sized_new(len + 16);
	p.chs = g_array_new(FALSE, FALSE, sizeof(struct ch));
	build_text(&p, text ? text : "", len, spans, nspans);
	mark_features(&p);
	n = p.chs->len;

	/*
	 * Step 3: the whole paragraph on one line, for widths and breaks.
	 * A paragraph that step 5 leaves as it is (see there) may keep this
	 * layout as its final one: it is made with the paragraph's colours
	 * and indent, neither of which changes a width or a break, unless
	 * the paragraph is centred or right-aligned (set with a width, see
	 * new_layout) or has many links (see build_attrs).
	 */
	w2w = g_new(int, p.text->len + 1);
	for (guint i = 0; i <= p.text->len; i++)
		w2w[i] = i;
	if (attrs)
		pango_attr_list_filter(attrs, count_ink, &inks);
	reuse = (o->align == TYPO_LEFT || o->align == TYPO_JUSTIFY) &&
	    inks <= 16;
	al = build_attrs(&p, attrs, p.o2w, w2w, reuse);
	l0 = new_layout(&p, ctx, p.text->str, p.text->len, al, false);
	if (!reuse)
		pango_layout_set_indent(l0, 0);
	pango_attr_list_unref(al);
	measure(&p, l0);
	breaker_input(&p, pango_layout_get_log_attrs_readonly(l0, &(int){0}));

	/* Step 4: the breaks. */
	bp = (struct tb_para){ n, p.w, p.y, p.z, p.gy, p.glue, p.trim,
	    p.brk, p.solid, o->width - MAX(o->indent, 0),
	    o->width - MAX(-o->indent, 0), p.em, o->align != TYPO_JUSTIFY,
	    3 * p.em };
	if (o->align == TYPO_CENTER || o->align == TYPO_RIGHT) {
		/* A margin, so Pango's own wrapping (which centres and
		 * right-aligns) never splits a line again over a kerning
		 * difference; left-aligned lines are never wrapped by Pango
		 * and get the whole measure (a 2-em cell holds 2 em). */
		bp.width_first -= p.em / 20;
		bp.width -= p.em / 20;
	}
	nlines = tb_break(&bp, &starts);

	/*
	 * Step 5: a closing mark ending a line loses half (R9); the breaker
	 * judged the last line with its closing mark trimmed too (R9 holds
	 * at every line end). The breaks of ours are the ones the text does
	 * not force.
	 */
	cutk = g_new(int, nlines + 1);
	cuts = g_new(int, nlines + 1);
	unkern = g_new(bool, nlines + 1);
	for (int j = 0; j < MAX(nlines, 1); j++) {
		int k = j < nlines - 1 ? starts[j] : n, t = k;

		while (t > 0 && p.glue[t - 1])
			t--;
		if (t > 0 && p.trim[t - 1] > 0) {
			CH(&p, t - 1)->feat |= FEAT_HALT;
			CH(&p, t - 1)->trimmed = true;
			trimmed = true;
		}
		if (k < n && p.brk[k] != TB_FORCE && p.brk[k] != TB_FORCE_PARA) {
			cutk[ncuts] = k;
			cuts[ncuts++] = CH(&p, k)->off;
		}
	}
	f2k = g_new(int, p.text->len + 3 * ncuts + 1);

	if (reuse && !o->set_twice && cuttable(l0, p.text->str,
	    (int)p.text->len, cuts, ncuts)) {
		/* The measuring layout's glyphs, cut at our breaks: the
		 * final text is the working text. */
		for (guint i = 0; i <= p.text->len; i++)
			f2k[i] = -1;
		for (int k = 0; k < n; k++) {
			CH(&p, k)->fin = CH(&p, k)->off;
			f2k[CH(&p, k)->off] = k;
		}
		o2f = g_memdup2(p.o2w, (len + 1) * sizeof(int));
		text_fin = p.text->str;
		l = l0;
		/* Kerning across a cut: only after a Western character
		 * that stays (a space or gap at a line end takes no room). */
		for (int j = 0; j < ncuts; j++)
			unkern[j] = !p.glue[cutk[j] - 1] &&
			    CH(&p, cutk[j] - 1)->c < 0x2000;
		tl = cut_lines(l0, text_fin, (int)p.text->len, cuts, unkern,
		    ncuts, &ntl);
	} else {
		/* The final text, a U+2028 at each break of ours, set
		 * again: Pango makes no decision of its own. */
		fin = g_string_sized_new(p.text->len + 3 * ncuts + 4);
		w2f = g_new(int, p.text->len + 1);
		ours = g_new0(bool, p.text->len + 3 * ncuts + 4);
		for (int k = 0, j = 0; k < n; k++) {
			struct ch *c = CH(&p, k);
			int clen = g_unichar_to_utf8(c->c, NULL);

			if (j < ncuts && cutk[j] == k) {
				j++;
				for (int b = 0; b < 3; b++)
					ours[fin->len + b] = true;
				g_string_append_unichar(fin, 0x2028);
			}
			for (int i = 0; i < clen; i++)
				w2f[c->off + i] = fin->len + i;
			c->fin = fin->len;
			g_string_append_len(fin, p.text->str + c->off, clen);
		}
		w2f[p.text->len] = fin->len;
		o2f = g_new(int, len + 1);
		for (int i = 0; i <= len; i++)
			o2f[i] = w2f[p.o2w[i]];
		for (guint i = 0; i <= fin->len; i++)
			f2k[i] = -1;
		for (int k = 0; k < n; k++)
			f2k[CH(&p, k)->fin] = k;
		/* Without a break of ours and without a closing mark
		 * trimmed, the measuring layout is the final one. */
		if (reuse && fin->len == p.text->len && !trimmed) {
			l = l0;
		} else {
			g_object_unref(l0);
			l0 = NULL;
			al = build_attrs(&p, attrs, o2f, w2f, true);
			l = new_layout(&p, ctx, fin->str, fin->len, al,
			    o->align == TYPO_CENTER || o->align == TYPO_RIGHT);
			pango_attr_list_unref(al);
		}
		text_fin = fin->str;
		tl = layout_lines(l, ours, &ntl);
	}
	finish_lines(&p, tl, ntl, f2k);
	line_extents(tl, ntl, l, o->indent);

	tp->map = compact_map(o2f, len + 1, &tp->map_runs);
	tp->map_len = len + 1;
	keep_lines(tp, tl, ntl, text_fin, l0 ?
	    pango_layout_get_log_attrs_readonly(l0, &(int){0}) : NULL, f2k,
	    links, nlinks);
	tlines_free(tl, ntl);
	g_object_unref(l);
	g_free(cuts);
	g_free(cutk);
	g_free(unkern);
	g_free(w2w);
	g_free(w2f);
	g_free(f2k);
	g_free(ours);
	g_free(starts);
	if (fin)
		g_string_free(fin, TRUE);
	para_free(&p);
	return tp;
}

int
typo_para_index(const struct typo_para *p, int orig)
{
	int lo = 0, hi = p->map_runs - 1;

	if (orig < 0)
		orig = 0;
	if (orig >= p->map_len)
		orig = p->map_len - 1;
	/* the last run starting at or before orig (run 0 starts at 0) */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (p->map[2 * mid] <= orig)
			lo = mid;
		else
			hi = mid - 1;
	}
	return orig + p->map[2 * lo + 1];
}

int
typo_para_orig(const struct typo_para *p, int layout)
{
	int lo = 0, hi = p->map_runs - 1, orig;

	/* Runs are increasing in both indices: the last run whose start
	 * lands at or before the layout index. */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (p->map[2 * mid] + p->map[2 * mid + 1] <= layout)
			lo = mid;
		else
			hi = mid - 1;
	}
	orig = layout - p->map[2 * lo + 1];
	if (orig < p->map[2 * lo])
		orig = p->map[2 * lo];
	return MIN(MAX(orig, 0), p->map_len - 1);
}

void
typo_para_free(struct typo_para *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nlines; i++)
		glyph_line_free(p->lines[i]);
	g_free(p->lines);
	g_free(p->map);
	g_free(p->xr);
	g_free(p);
}
