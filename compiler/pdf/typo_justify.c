/*
 * Step 6 of the paragraph typesetter (see typo.c): justification (R13,
 * R14) by editing the glyph widths of the set lines. End glue is zeroed;
 * stretch goes to word spaces and Han-Latin gaps, then evenly between Han
 * characters, never inside a Latin word; shrink comes from spaces, then
 * punctuation, within the limits breaker_input set in struct para. It
 * never shapes, breaks or cuts a line, and changes nothing but advances
 * and an opening mark's offset.
 */
#include <math.h>

#include "typo_int.h"

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
 * final layout's halt would have taken the same half em; so does a long
 * formula's piece ending a line, the space after its operator.
 */
void
typo_finish_lines(struct para *p, struct tline *tl, int ntl, const int *f2k)
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
	/* A formula's piece (an object character) loses its end space in
	 * either layout; a mark only in cut lines. */
	for (int k = 0; k < n; k++)
		if (CH(p, k)->trimmed && last[k] &&
		    (CH(p, k)->end_trim > 0 || (ntl > 0 && tl[0].pl == NULL)))
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
