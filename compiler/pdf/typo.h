/*
 * The paragraph typesetter: one paragraph (flattened to one string with
 * Pango attributes, so the rules hold across inline markup) laid out into
 * lines by Pango, with the Chinese typography rules of TYPOGRAPHY.md on
 * top: SC language tags, kinsoku fixes, punctuation compression, Han-Latin
 * spacing, line-end trimming and bookc's own justification.
 *
 * It knows nothing of pages or Cairo surfaces: the layout engine asks it
 * for lines, and the PDF device draws them. A paragraph is kept (cached
 * for the layout's later passes) as compact glyph lines, not as the
 * PangoLayout it was set in, which is freed at once: a book's worth of
 * layouts cost several times the memory.
 */
#ifndef BOOKC_PDF_TYPO_H
#define BOOKC_PDF_TYPO_H

#include <stdbool.h>
#include <cairo.h>
#include <pango/pango.h>

/* Flags on byte ranges of the paragraph text. */
#define TYPO_CODE   0x01  /* inline code: never hyphenated, never
                             letter-spaced, breaks only after / . - _ = */
#define TYPO_URL    0x02  /* a URL: as code */
#define TYPO_LATIN  0x04  /* text in a Western language (xml:lang="en") */
#define TYPO_NOBREAK 0x08 /* keep on one line (footnote markers...) */
#define TYPO_MARKER 0x10  /* a footnote marker: the punctuation rules see
                             through it, so 》¹， still compresses (R24) */
#define TYPO_CJKLANG 0x20 /* text in Chinese, Japanese or Korean inside
                             text of another language: its quotes are
                             full-width (quote.c) */
#define TYPO_CENTRED 0x40 /* Traditional Chinese (TC, HK faces) inside
                             other text: ，。、：；！？ are centred */
#define TYPO_LEFTMARKS 0x80 /* Simplified Chinese inside Traditional:
                               those marks sit on the left */
#define TYPO_FORMULA 0x100 /* an inline formula's object character: set
                              apart from Han text as a Latin letter is */

struct typo_span {
	int start, end;       /* byte offsets into the text */
	unsigned flags;
	int trim;             /* TYPO_FORMULA: what its object character
	                         does without at a line end, Pango units
	                         (a long formula's piece: the space after
	                         its last operator) */
};

enum typo_align { TYPO_JUSTIFY, TYPO_LEFT, TYPO_CENTER, TYPO_RIGHT };

struct typo_opts {
	double em;            /* body size in points (1 em) */
	int width;            /* measure, Pango units */
	int indent;           /* first-line indent, Pango units (may be 0) */
	double line_pitch;    /* baseline to baseline, Pango units; 0 = natural */
	enum typo_align align;
	bool strict;          /* clreq "strict" line breaking level */
	bool set_twice;       /* set the final lines in a layout of their
	                         own, never cut from the measuring one: the
	                         reference cut lines are tested against */
	const char *lang;     /* "zh-CN", "en"... */
};

/*
 * A set line as the PDF device draws it: what Pango 1.50's Cairo renderer
 * (pango_renderer_draw_layout_line, pangocairo-render.c) would take from
 * the PangoLayoutLine, in Pango units, so the device computes the very
 * positions and makes the very cairo_show_text_glyphs calls Pango made.
 * Immutable, one allocation. A line's glyphs are its runs' in order; a
 * glyph is an id (typo_glyph_id) and a pen position: the widths of its
 * run's glyphs before it (so the next one's pen, or the run's width,
 * less its own is its width).
 */

/* A glyph drawn off its pen position (marks, halt, a compressed opening
 * bracket): rare, so kept apart, in glyph order. */
struct typo_offset {
	guint32 glyph;        /* index in the line's glyphs */
	gint32 dx, dy;        /* geometry.x_offset, y_offset */
};

/* A cluster as pango_glyph_item_iter gives it, in text order. */
struct typo_cluster {
	guint32 bytes;        /* text bytes */
	guint32 glyphs;       /* glyphs, empty and unknown ones counted: a
	                         left-to-right run's glyphs from the first, a
	                         right-to-left one's from the last */
};

#define TYPO_RUN_RTL    0x1   /* right to left (bidi level odd) */
#define TYPO_RUN_FG     0x2   /* fg holds a foreground colour */
#define TYPO_RUN_ART    0x4   /* has a foreground alpha: ink that is not
                                 the text (layout.c flat_art) */
#define TYPO_RUN_SIMPLE 0x8   /* each cluster is one character and one
                                 glyph (nearly every run): no cluster
                                 records are kept */

struct typo_run {
	cairo_scaled_font_t *font;  /* referenced; NULL when Pango could
	                               make none (every glyph is a box) */
	PangoFont *box_font;  /* referenced when Pango must draw a glyph of
	                         the run itself (an unknown glyph's hex box),
	                         else NULL */
	int offset, length;   /* its text: item->offset (a byte index of the
	                         layout's text), item->length */
	int x;                /* its origin from the line's, as
	                         pango_renderer_draw_layout_line places it */
	int width;            /* advance: the sum of its glyphs' widths */
	int y_offset;         /* run->y_offset (rise): up from the baseline */
	int glyph0, nglyphs;  /* its glyphs in the line's */
	int cluster0, nclusters;  /* its clusters; records in the line's
	                             unless TYPO_RUN_SIMPLE */
	unsigned flags;       /* TYPO_RUN_* */
	guint16 fg[3];        /* red, green, blue */
	guint16 alpha;        /* the foreground alpha, 0 for none */
};

struct typo_line {
	int start, length;    /* byte range of the layout's text */
	bool para_start;      /* is_paragraph_start: after a U+2029 or \n */
	int x, width;         /* logical x (alignment and indent) and width,
	                         as PangoLayoutIter gives a line's */
	const char *text;     /* the line's bytes: byte i of the layout's
	                         text is text[i - start] */
	int nruns, nglyphs, noffsets;
	const struct typo_run *runs;
	const gint32 *pens;
	/* Glyph ids: 16 bits, PANGO_GLYPH_EMPTY as 0xFFFF (an OpenType
	 * font's glyphs are fewer); all 32 when a glyph is a box. */
	const guint16 *ids;
	const guint32 *wide_ids;    /* or NULL */
	const struct typo_cluster *clusters;
	const struct typo_offset *offsets;
};

/* Glyph g of l (an index in its glyphs): the id Pango had. */
static inline guint32
typo_glyph_id(const struct typo_line *l, int g)
{
	if (l->wide_ids)
		return l->wide_ids[g];
	return l->ids[g] == 0xFFFF ? PANGO_GLYPH_EMPTY : l->ids[g];
}

/* Cluster i of run r of l, which starts at byte index at of the layout's
 * text: its bytes; *glyphs its glyphs. */
static inline int
typo_cluster(const struct typo_line *l, const struct typo_run *r, int i,
    int at, int *glyphs)
{
	const struct typo_cluster *c;

	if (r->flags & TYPO_RUN_SIMPLE) {
		const char *t = l->text + (at - l->start);

		*glyphs = 1;
		return (int)(g_utf8_next_char(t) - t);
	}
	c = &l->clusters[r->cluster0 + i];
	*glyphs = (int)c->glyphs;
	return (int)c->bytes;
}

/* Where a link span falls on a line: from pango_layout_line_get_x_ranges
 * (x from the layout's left, Pango units). */
struct typo_xrange {
	int line, link;       /* line number, index of the span */
	int x0, x1;
};

struct typo_para {
	struct typo_line **lines;
	int nlines;
	/* Original byte index -> layout byte index, as runs of indices the
	 * same distance apart (only inserted gaps and breaks move them):
	 * run k starts at original index map[2k] and adds map[2k + 1]. */
	int *map;
	int map_runs;
	int map_len;          /* length of the original text + 1 */
	/* The link spans' pieces: by line, then span (as given), then as
	 * Pango gives them. */
	struct typo_xrange *xr;
	int nxr;
};

/*
 * Lays out text (len bytes) with attrs (not taken; copied) and spans.
 * links: nlinks byte ranges of text (start, end pairs) whose pieces on
 * each line the paragraph keeps (xr), for link areas. ctx must have
 * glyph-position rounding off and 72 dpi.
 */
struct typo_para *typo_para_new(PangoContext *ctx, const char *text, int len,
    PangoAttrList *attrs, const struct typo_span *spans, int nspans,
    const int *links, int nlinks, const struct typo_opts *opts);
/* Where an original byte index ended up in the layout's text. */
int typo_para_index(const struct typo_para *p, int orig);
/* The reverse: the original byte index a layout byte index came from
 * (an inserted character maps to the original index after it). */
int typo_para_orig(const struct typo_para *p, int layout);
void typo_para_free(struct typo_para *p);
/* The characters of l that no installed font has a glyph for (Pango
 * draws each as a hex box), up to max into out; returns how many. family
 * (if not NULL) gets the family Pango asked for the first, interned. */
int typo_line_missing(const struct typo_line *l, gunichar *out, int max,
    const char **family);

#endif
