/*
 * The paragraph typesetter: one paragraph (flattened to one string with
 * Pango attributes, so the rules hold across inline markup) laid out into
 * lines by Pango, with the Chinese typography rules of TYPOGRAPHY.md on
 * top: SC language tags, kinsoku fixes, punctuation compression, Han-Latin
 * spacing, line-end trimming and bookc's own justification.
 *
 * It knows nothing of pages or Cairo surfaces: the layout engine asks it
 * for lines, and the PDF device draws the PangoLayout it returns.
 */
#ifndef BOOKC_PDF_TYPO_H
#define BOOKC_PDF_TYPO_H

#include <stdbool.h>
#include <pango/pango.h>

/* Flags on byte ranges of the paragraph text. */
#define TYPO_CODE   0x01  /* inline code: never hyphenated, never
                             letter-spaced, breaks only after / . - _ = */
#define TYPO_URL    0x02  /* a URL: as code */
#define TYPO_LATIN  0x04  /* text in a Western language (xml:lang="en") */
#define TYPO_NOBREAK 0x08 /* keep on one line (footnote markers...) */
#define TYPO_MARKER 0x10  /* a footnote marker: the punctuation rules see
                             through it, so 》¹， still compresses (R24) */

struct typo_span {
	int start, end;       /* byte offsets into the text */
	unsigned flags;
};

enum typo_align { TYPO_JUSTIFY, TYPO_LEFT, TYPO_CENTER, TYPO_RIGHT };

struct typo_opts {
	double em;            /* body size in points (1 em) */
	int width;            /* measure, Pango units */
	int indent;           /* first-line indent, Pango units (may be 0) */
	double line_pitch;    /* baseline to baseline, Pango units; 0 = natural */
	enum typo_align align;
	bool strict;          /* clreq "strict" line breaking level */
	const char *lang;     /* "zh-CN", "en"... */
};

struct typo_para {
	PangoLayout *layout;  /* laid out with everything applied */
	/* Original byte index -> layout byte index, as runs of indices the
	 * same distance apart (only inserted gaps and breaks move them):
	 * run k starts at original index map[2k] and adds map[2k + 1]. */
	int *map;
	int map_runs;
	int map_len;          /* length of the original text + 1 */
	int nlines;
	PangoRectangle *line_log;  /* each line's logical extents, as a
	                              PangoLayoutIter gives them: Pango does
	                              not cache them for edited lines */
};

/*
 * Lays out text (len bytes) with attrs (not taken; copied) and spans.
 * ctx must have glyph-position rounding off and 72 dpi.
 */
struct typo_para *typo_para_new(PangoContext *ctx, const char *text, int len,
    PangoAttrList *attrs, const struct typo_span *spans, int nspans,
    const struct typo_opts *opts);
/* Where an original byte index ended up in the layout's text. */
int typo_para_index(const struct typo_para *p, int orig);
/* The reverse: the original byte index a layout byte index came from
 * (an inserted character maps to the original index after it). */
int typo_para_orig(const struct typo_para *p, int layout);
void typo_para_free(struct typo_para *p);

#endif
