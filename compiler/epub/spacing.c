/*
 * Text as the PDF's typesetter spaces it, written into the markup so that
 * every reading engine with CSS 2.1 shows it (TYPOGRAPHY.md R3, R8, R11,
 * R12): the Han-Latin gap (typo_gap_between) is a span.hg around the
 * character after the boundary, which the stylesheet gives a quarter-em
 * left margin; a Chinese mark that adjacent-mark compression halves
 * (typo_halt_pair) is a span.halt, which the stylesheet sets with the
 * font's halt feature; a Western curly quote is a span.wq (pwid). No
 * character is added or changed: search and copy give the source. Where
 * the engine spaces and compresses by itself (text-autospace,
 * text-spacing-trim) the stylesheet's @supports turns the markup's share
 * off, so nothing is spaced twice (css.c).
 */
#include <string.h>

#include "content_int.h"
#include "l10n.h"
#include "quote.h"
#include "typo_class.h"

/* c's class as the rules see it: a Western curly quote is no Chinese
 * mark; in code nothing is; in Traditional Chinese (centred) the pause
 * marks are middle marks, never halved. */
static enum typo_cls
cls_of(gunichar c, gunichar prev, gunichar next, bool cjk, bool code,
    bool centred)
{
	enum typo_cls k = typo_class(c);

	if (centred)
		k = typo_class_centred(k, c);

	if (code && typo_cls_punct(k))
		return TC_OTHER;
	if (quote_is_mark(c) && quote_latin(c, prev, next, cjk))
		return TC_OTHER;
	return k;
}

/* Whether c may stand beside an upright number: nothing, a space, or
 * a character that is neither Latin nor ASCII (3.1, 2026-12 lie
 * sideways whole). */
static bool
upright_edge(gunichar c)
{
	return c == 0 || c == ' ' || c == 0x2005 ||
	    (c >= 0x80 && typo_class(c) != TC_LATIN);
}

/* Vertical text: the end of a run of one or two ASCII digits at p that
 * stands between Chinese characters (第12章, 3月), set upright in one em
 * (span.tcy, text-combine-upright); NULL for any other. Longer numbers
 * and Latin words lie sideways (clreq §2.3.4). */
static const char *
upright_run(const char *p, const char *end, gunichar prev, gunichar next)
{
	const char *q = p;

	if (!upright_edge(prev))
		return NULL;
	while (q < end && g_ascii_isdigit(*q))
		q++;
	if (q == p || q - p > 2 || !upright_edge(q < end ?
	    g_utf8_get_char_validated(q, end - q) : next))
		return NULL;
	return q;
}

/*
 * Vertical text: the class of the span that asks for the face's vertical
 * form of a Chinese mark (vert). Chromium applies vert to upright text by
 * itself, but WebKitGTK 2.4x (Foliate) draws 「」：（）《》 and the
 * ellipsis in their horizontal forms unless the feature is asked for;
 * asking again is harmless where the engine does it. The ellipsis, which
 * Chromium lays sideways, is also set upright (span.vu), so that both
 * engines draw the same vertical dots; dashes lie sideways in both and
 * need nothing. NULL for any other character.
 */
static const char *
vertical_form(gunichar c, enum typo_cls k)
{
	if (k == TC_ELLIPSIS)
		return "vu";
	if ((typo_cls_punct(k) || k == TC_NOSTART) && c >= 0x3000)
		return "vt";
	return NULL;
}

static void
wrapped(struct xhtml *x, const char *cls, const char *p, const char *nx)
{
	xhtml_open(x, "span", "class", cls, NULL);
	xhtml_text_len(x, p, (size_t)(nx - p));
	xhtml_close(x);
}

bool
epub_text_typeset(struct xhtml *x, const char *s, const char *lang,
    struct epub_textstate *ts)
{
	bool cjk = quote_lang_cjk(lang), wq = false, code = ts->code;
	bool centred = l10n_zh_variant(lang) != ZH_SC, after_tcy = false;
	const char *run = s, *p = s, *end = s + strlen(s), *open = NULL;

	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		const char *nx;
		gunichar next;
		enum typo_cls k, kp, kn;
		bool first = false, second = false, h1, h2;
		const char *cls = NULL;

		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;  /* escape.c drops what is not UTF-8 */
		if (ts->upright && !code && g_ascii_isdigit(c) &&
		    (nx = upright_run(p, end, ts->prev, ts->next)) != NULL) {
			if (open) {
				xhtml_close(x);
				open = NULL;
			}
			xhtml_text_len(x, run, (size_t)(p - run));
			wrapped(x, "tcy", p, nx);
			ts->prev = (gunichar)nx[-1];
			ts->prev_code = false;
			run = p = nx;
			after_tcy = true;
			continue;
		}
		nx = g_utf8_next_char(p);
		next = nx < end ? g_utf8_get_char_validated(nx, end - nx) :
		    ts->next;
		k = cls_of(c, ts->prev, next, cjk, code, centred);
		if (!code && quote_is_mark(c) &&
		    quote_latin(c, ts->prev, next, cjk)) {
			cls = "wq";
			wq = true;
		} else if (ts->prev && !(code && ts->prev_code) &&
		    !after_tcy && typo_gap_between(ts->prev, c)) {
			cls = "hg";
		} else if (typo_cls_punct(k) && !code) {
			kp = ts->prev && !ts->prev_code ?
			    cls_of(ts->prev, 0, c, cjk, false, centred) :
			    TC_OTHER;
			kn = next ? cls_of(next, c, 0, cjk, false, centred) :
			    TC_OTHER;
			typo_halt_pair(kp, k, &h1, &second);
			typo_halt_pair(k, kn, &first, &h2);
			if (first || second)
				cls = "halt";
			else if (ts->upright)
				cls = vertical_form(c, k);
		} else if (ts->upright && !code)
			cls = vertical_form(c, k);
		if (open && (!cls || strcmp(cls, open) != 0)) {
			xhtml_close(x);
			open = NULL;
		}
		if (cls && open) {
			xhtml_text_len(x, p, (size_t)(nx - p));  /* same run */
			run = nx;
		} else if (cls && *cls == 'v') {
			xhtml_text_len(x, run, (size_t)(p - run));
			xhtml_open(x, "span", "class", cls, NULL);
			xhtml_text_len(x, p, (size_t)(nx - p));
			open = cls;
			run = nx;
		} else if (cls) {
			xhtml_text_len(x, run, (size_t)(p - run));
			wrapped(x, cls, p, nx);
			run = nx;
		}
		ts->prev = c;
		ts->prev_code = code;
		after_tcy = false;
		p = nx;
	}
	if (open)
		xhtml_close(x);
	xhtml_text_len(x, run, (size_t)(end - run));
	return wq;
}

const char *
epub_quote_mark(const struct node *q, bool open)
{
	unsigned l = 0;

	for (const struct node *a = q->parent; a; a = a->parent)
		if (a->kind == N_QUOTE)
			l++;
	return l10n_text(q->lang, l % 2 ? (open ? L_QUOTE2_OPEN :
	    L_QUOTE2_CLOSE) : (open ? L_QUOTE_OPEN : L_QUOTE_CLOSE));
}

/* Whether n's element is written inline, inside a block's text. */
static bool
is_inline(const struct node *n)
{
	return model_kind_class(n->kind) == NC_INLINE;
}

/* The first character n shows, reading into its children: *stop when
 * n shows something that is not known here (generated text, an image),
 * so that the search ends. */
static gunichar
first_shown(const struct node *n, bool *stop)
{
	switch (n->kind) {
	case N_TEXT:
		if (n->text && *n->text) {
			*stop = true;
			return g_utf8_get_char(n->text);
		}
		return 0;
	case N_ANCHOR: case N_INDEXTERM:
		return 0;
	case N_QUOTE: {
		const char *q = epub_quote_mark(n, true);

		*stop = true;
		return q && *q ? g_utf8_get_char(q) : 0;
	}
	case N_XREF: case N_FOOTNOTE: case N_FOOTNOTEREF: case N_INLINEMEDIA:
		*stop = true;
		return 0;
	default:
		break;
	}
	for (const struct node *c = n->first; c; c = c->next) {
		gunichar g = first_shown(c, stop);

		if (*stop)
			return g;
	}
	return 0;
}

gunichar
epub_char_in(const struct node *n)
{
	bool stop = false;

	for (const struct node *c = n->first; c; c = c->next) {
		gunichar g = first_shown(c, &stop);

		if (stop)
			return g;
	}
	return 0;
}

gunichar
epub_char_after(const struct node *n)
{
	for (; n && is_inline(n); n = n->parent) {
		for (const struct node *s = n->next; s; s = s->next) {
			bool stop = false;
			gunichar g;

			if (!is_inline(s))
				return 0;
			g = first_shown(s, &stop);
			if (stop)
				return g;
		}
		if (n->parent && n->parent->kind == N_QUOTE) {
			const char *q = epub_quote_mark(n->parent, false);

			return q && *q ? g_utf8_get_char(q) : 0;
		}
	}
	return 0;
}
