/*
 * Step 7 of the paragraph typesetter (see typo.c): the set lines'
 * logical extents, and the lines kept as glyph lines (struct typo_line,
 * see typo.h), one allocation each, with where the caller's link spans
 * fall on them. It reads the lines as steps 5 and 6 left them: it never
 * changes a glyph or an advance, and knows nothing of the working text
 * (struct para).
 */
#include <string.h>

#include <pango/pangocairo.h>

#include "fontfile.h"
#include "text.h"
#include "typo_int.h"

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

void
typo_glyph_line_free(struct typo_line *tl)
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
 * (Pango does not cache them for the lines typo_finish_lines edited);
 * for cut lines as Pango computes them for a left-aligned layout with no
 * width: the indent, and the sum of the advances.
 */
void
typo_line_extents(struct tline *tl, int ntl, PangoLayout *l, int indent)
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
void
typo_keep_lines(struct typo_para *tp, const struct tline *tl, int ntl,
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

int
typo_line_missing(const struct typo_line *l, gunichar *out, int max,
    const char **family)
{
	int n = 0;

	for (int i = 0; i < l->nruns && n < max; i++) {
		const struct typo_run *r = &l->runs[i];

		if (r->box_font == NULL)
			continue;
		for (int g = r->glyph0; g < r->glyph0 + r->nglyphs &&
		    n < max; g++) {
			guint32 id = typo_glyph_id(l, g);
			gunichar c = id & ~PANGO_GLYPH_UNKNOWN_FLAG;

			if (id == PANGO_GLYPH_EMPTY ||
			    !(id & PANGO_GLYPH_UNKNOWN_FLAG) ||
			    text_draws_nothing(c) || g_unichar_isspace(c))
				continue;
			if (n == 0 && family) {
				PangoFontDescription *fd =
				    pango_font_describe(r->box_font);

				*family = g_intern_string(
				    pango_font_description_get_family(fd));
				pango_font_description_free(fd);
			}
			out[n++] = c;
		}
	}
	return n;
}
