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
 *     line-final closing mark losing its half em (typo_cut_lines);
 *     where that cannot be done (right-to-left text, tabs, centred
 *     lines), a final layout with a U+2028 at each chosen break, so
 *     Pango can make no decision of its own, and halt on each line-final
 *     closing mark;
 *  6. justification (R13, R14) by editing glyph widths: word spaces and
 *     Han-Latin gaps first, then evenly between Han characters, never
 *     inside a Latin word; shrinking takes spaces, then punctuation;
 *  7. the lines kept as glyph lines (struct typo_line), with where the
 *     caller's link spans fall on them, and the layout freed.
 *
 * Here: steps 1 to 3, the breaker's input, and typo_para_new, which runs
 * all seven; step 5 is typo_cut.c, step 6 typo_justify.c, step 7
 * typo_glyph.c, and typo_int.h holds what they share.
 *
 * No global mutable state: paragraphs may be set on several threads, each
 * with its own PangoContext.
 */
#include <math.h>
#include <string.h>

#include "l10n.h"
#include "quote.h"
#include "typo.h"
#include "typo_break.h"
#include "typo_class.h"
#include "typo_int.h"

static unsigned
flags_at(const struct typo_span *spans, int nspans, int off)
{
	unsigned f = 0;

	for (int i = 0; i < nspans; i++)
		if (off >= spans[i].start && off < spans[i].end)
			f |= spans[i].flags;
	return f;
}

/* What the object character at off does without at a line end. */
static int
trim_at(const struct typo_span *spans, int nspans, int off)
{
	int t = 0;

	for (int i = 0; i < nspans; i++)
		if (off >= spans[i].start && off < spans[i].end)
			t = MAX(t, spans[i].trim);
	return t;
}

static bool
is_code(unsigned f)
{
	return (f & (TYPO_CODE | TYPO_URL)) != 0;
}

/* An inline formula (its object character) spaces from Han text as a
 * Latin letter does: "设为 x，" as xeCJK sets $x$. */
static gunichar
gap_char(gunichar c, unsigned f)
{
	return c == 0xFFFC && (f & TYPO_FORMULA) ? 'x' : c;
}

/*
 * Whether a Han-Latin gap belongs between a and b (R11): one Han, one
 * Western letter, digit or inline formula; not inside code, not at a
 * footnote marker.
 */
static bool
wants_gap(gunichar a, unsigned fa, gunichar b, unsigned fb)
{
	if (is_code(fa) && is_code(fb))
		return false;
	if ((fa | fb) & TYPO_NOBREAK)
		return false;
	return typo_gap_between(gap_char(a, fa), gap_char(b, fb));
}

static void
push_ch(struct para *p, gunichar c, unsigned flags)
{
	struct ch x = { 0 };

	x.c = c;
	x.off = p->text->len;
	x.flags = flags;
	x.cls = typo_class(c);
	if (flags & TYPO_CENTRED || (p->centred && !(flags & TYPO_LEFTMARKS)))
		x.cls = typo_class_centred(x.cls, c);
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
		if (c == 0xFFFC && (f & TYPO_FORMULA))
			CH(p, p->chs->len - 1)->end_trim = trim_at(spans,
			    nspans, o);
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

/*
 * Step 1 too: the curly quotes that are Western marks (quote.c: all of
 * them in Western text, ’ between Western letters in Chinese text) leave
 * the Chinese punctuation rules (no compression, no Han stretch, Pango's
 * own line breaking as for ASCII marks) and take pwid, which gives the
 * proportional Western glyph of the very face their letters are set in
 * (Noto CJK: ’ 0.27 em instead of 1 em), R3 and R12. Code is left as
 * the author typed it.
 */
static void
latin_marks(struct para *p)
{
	bool cjk = quote_lang_cjk(p->o->lang);

	for (guint k = 0; k < p->chs->len; k++) {
		struct ch *c = CH(p, k);
		gunichar prev = k > 0 ? CH(p, k - 1)->c : 0;
		gunichar next = k + 1 < p->chs->len ? CH(p, k + 1)->c : 0;
		bool here = c->flags & TYPO_LATIN ? false :
		    c->flags & TYPO_CJKLANG ? true : cjk;

		if (!quote_is_mark(c->c) || is_code(c->flags) ||
		    !quote_latin(c->c, prev, next, here))
			continue;
		c->cls = TC_OTHER;
		c->cjk = false;
		c->feat |= FEAT_PWID;
	}
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
	/* Chromium's han_kerning rule (R8, typo_halt_pair). In SC fonts
	 * ，。、：；！？ are closing marks. */
	for (guint k = 0; k < p->chs->len; k++) {
		struct ch *c = CH(p, k);

		if (c->cls == TC_IGNORE || (c->flags & TYPO_MARKER))
			continue;
		if (prev >= 0 && c->cjk && CH(p, prev)->cjk) {
			struct ch *a = CH(p, prev);
			bool first, second;

			typo_halt_pair(a->cls, c->cls, &first, &second);
			if (first)
				a->feat |= FEAT_HALT;
			if (second)
				c->feat |= FEAT_HALT;
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
 * Pango 1.50 hands HarfBuzz at most 32 font features per item
 * (pango_analysis_collect_features) and drops the rest: in a paragraph
 * that is one item (one font, one language) the punctuation past the
 * 32nd feature kept its full width and page numbers their proportional
 * figures. It also looks each feature up in a list of all the item's
 * (pango_item_apply_attrs), quadratic in them: 10,000 links with their
 * page numbers took 10 s. So an item is ended, with a language
 * attribute of the paragraph's own language on one character, once it
 * holds ITEM_FEATURES features, at the next character where nothing is
 * shaped across: a CJK character after a CJK character, neither in
 * Western text, nor under a language of the author's own.
 */
enum { ITEM_FEATURES = 16 };

static bool
cjk_char(gunichar c)
{
	return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN ||
	    (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff60);
}

static void
split_items(struct para *p, PangoAttrList *al, const int *feats,
    const GArray *foreign, const int *w2x)
{
	PangoLanguage *lang = pango_language_from_string(
	    l10n_pango_lang(p->o->lang));
	int held = 0, x = 0;

	for (guint k = 0; k < p->chs->len; k++) {
		const struct ch *c = CH(p, k), *b = k ? CH(p, k - 1) : NULL;
		int to = w2x[c->off];
		bool free = b && held >= ITEM_FEATURES && cjk_char(c->c) &&
		    cjk_char(b->c) && !((c->flags | b->flags) & TYPO_LATIN);
		PangoAttribute *a;

		for (guint i = 0; i + 1 < foreign->len && free; i += 2)
			free = to < g_array_index(foreign, int, i) ||
			    to >= g_array_index(foreign, int, i + 1);
		if (free) {
			a = pango_attr_language_new(lang);
			a->start_index = to;
			a->end_index = w2x[c->off + g_unichar_to_utf8(c->c,
			    NULL)];
			pango_attr_list_insert(al, a);
			held = 0;
		}
		for (; x <= to; x++)
			held += feats[x];
	}
}

/* Features in a font-features attribute's string. */
static int
feature_count(const PangoAttribute *a)
{
	const char *s = ((const PangoAttrFontFeatures *)(const void *)a)->
	    features;
	int n = 1;

	for (; *s; s++)
		n += *s == ',';
	return n;
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
	GArray *foreign = g_array_new(FALSE, FALSE, sizeof(int));
	/* features starting at each byte of the layout's text */
	int *feats = g_new0(int, w2x[p->text->len] + 1);
	PangoAttribute *a;

	/* Only zh-cn matches Debian's fontconfig rules (R1); zh-tw and
	 * zh-hk give the regional forms through locl. */
	pango_attr_list_insert(al, pango_attr_language_new(
	    pango_language_from_string(l10n_pango_lang(lang))));
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
			/* An object's shape covers its character alone, not
			 * a gap inserted after it (an inline formula's). */
			if (a->klass->type == PANGO_ATTR_SHAPE) {
				guint len = a->end_index - a->start_index;

				a->start_index = remap(o2x, p->olen,
				    a->start_index);
				a->end_index = a->start_index + len;
			} else {
				a->start_index = remap(o2x, p->olen,
				    a->start_index);
				a->end_index = remap(o2x, p->olen,
				    a->end_index);
			}
			if (a->klass->type == PANGO_ATTR_LANGUAGE) {
				int r[2] = { (int)a->start_index,
				    (int)a->end_index };

				g_array_append_vals(foreign, r, 2);
			}
			if (a->klass->type == PANGO_ATTR_FONT_FEATURES &&
			    a->start_index <= (guint)w2x[p->text->len])
				feats[a->start_index] += feature_count(a);
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
		    f == FEAT_FWID ? "fwid=1" : f == FEAT_PWID ? "pwid=1" :
		    "halt=1");
		a->start_index = w2x[c->off];
		a->end_index = w2x[c->off + g_unichar_to_utf8(c->c, NULL)];
		feats[a->start_index] += feature_count(a);
		pango_attr_list_insert(al, a);
	}
	split_items(p, al, feats, foreign, w2x);
	g_array_free(foreign, TRUE);
	g_free(feats);
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
	    a->cls == TC_CLOSE || a->cls == TC_PAUSE || a->cls == TC_CPAUSE))
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

	/* Between a long formula's pieces: the space after the operator
	 * ending the first stretches, as TeX's math glue does (a line of
	 * formula alone has nothing else to stretch). */
	if (a->end_trim > 0 && b->c == 0xFFFC && (b->flags & TYPO_FORMULA))
		return true;
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

	/* A centred mark has a quarter em of blank on either side: halt
	 * would take it from one side only, and clreq leaves Traditional
	 * marks their full width (R9T). */
	return c->cjk && typo_cls_punct(c->cls) && c->cls != TC_CPAUSE &&
	    !(c->feat & FEAT_HALT) && c->adv >= c->em * 9 / 10;
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
		if (c->end_trim > 0)
			p->trim[k] = MIN(c->end_trim, c->adv);
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
	p.centred = l10n_zh_variant(o->lang) != ZH_SC;
	p.em = (int)lround((o->em > 0 ? o->em : 10) * PANGO_SCALE);
	p.text = g_string_sized_new(len + 16);
	p.chs = g_array_new(FALSE, FALSE, sizeof(struct ch));
	build_text(&p, text ? text : "", len, spans, nspans);
	latin_marks(&p);
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
			/* A formula's piece loses its end space in step 6,
			 * in whichever layout; a mark takes halt. */
			CH(&p, t - 1)->trimmed = true;
			if (CH(&p, t - 1)->end_trim == 0) {
				CH(&p, t - 1)->feat |= FEAT_HALT;
				trimmed = true;
			}
		}
		if (k < n && p.brk[k] != TB_FORCE && p.brk[k] != TB_FORCE_PARA) {
			cutk[ncuts] = k;
			cuts[ncuts++] = CH(&p, k)->off;
		}
	}
	f2k = g_new(int, p.text->len + 3 * ncuts + 1);

	if (reuse && !o->set_twice && typo_cuttable(l0, p.text->str,
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
		tl = typo_cut_lines(l0, text_fin, (int)p.text->len, cuts,
		    unkern, ncuts, &ntl);
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
		tl = typo_layout_lines(l, ours, &ntl);
	}
	typo_finish_lines(&p, tl, ntl, f2k);
	typo_line_extents(tl, ntl, l, o->indent);

	tp->map = compact_map(o2f, len + 1, &tp->map_runs);
	tp->map_len = len + 1;
	typo_keep_lines(tp, tl, ntl, text_fin, l0 ?
	    pango_layout_get_log_attrs_readonly(l0, &(int){0}) : NULL, f2k,
	    links, nlinks);
	typo_tlines_free(tl, ntl);
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
		typo_glyph_line_free(p->lines[i]);
	g_free(p->lines);
	g_free(p->map);
	g_free(p->xr);
	g_free(p);
}
