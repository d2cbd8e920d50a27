/*
 * What the paragraph typesetter's files share (typo.c runs the steps;
 * typo_cut.c, typo_justify.c and typo_glyph.c hold steps 5 to 7): the
 * working text and the lines being set. Private to them; the rest of
 * bookc sees typo.h.
 */
#ifndef BOOKC_PDF_TYPO_INT_H
#define BOOKC_PDF_TYPO_INT_H

#include <stdbool.h>
#include <pango/pango.h>

#include "typo.h"
#include "typo_class.h"

#define FEAT_FWID 0x1
#define FEAT_HALT 0x2
#define FEAT_PWID 0x4  /* a Western curly quote (quote.c) */

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
	int end_trim;        /* a formula piece's room lost at a line end */
};

/* Everything one paragraph needs while it is being set. */
struct para {
	const struct typo_opts *o;
	bool centred;        /* Traditional Chinese: centred pause marks */
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
 * glyph items at a break of ours (see typo_cut_lines).
 */
struct tline {
	PangoLayoutLine *pl;    /* or NULL: a cut line */
	GSList *runs;           /* PangoGlyphItem *, left to right; a cut
	                           line's are its own */
	int start, length;      /* its bytes of the final text */
	bool para_start;        /* is_paragraph_start */
	bool ours;              /* a break of ours ends it: justified */
	int x, width;           /* logical extents (see typo_line_extents) */
};

/* Step 5 (typo_cut.c). */
struct tline *typo_layout_lines(PangoLayout *l, const bool *ours, int *ntl);
bool typo_cuttable(PangoLayout *l, const char *text, int len, const int *cuts,
    int ncuts);
struct tline *typo_cut_lines(PangoLayout *l, const char *text, int len,
    const int *cuts, const bool *needs_end, int ncuts, int *ntl);
void typo_tlines_free(struct tline *tl, int ntl);

/* Step 6 (typo_justify.c). */
void typo_finish_lines(struct para *p, struct tline *tl, int ntl,
    const int *f2k);

/* Step 7 (typo_glyph.c). */
void typo_glyph_line_free(struct typo_line *tl);
void typo_line_extents(struct tline *tl, int ntl, PangoLayout *l, int indent);
void typo_keep_lines(struct typo_para *tp, const struct tline *tl, int ntl,
    const char *text, const PangoLogAttr *la, const int *f2k,
    const int *links, int nl);

#endif
