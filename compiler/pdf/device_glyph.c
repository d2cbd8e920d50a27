/*
 * Glyph lines: see device_glyph.h.
 *
 * typo.h keeps a typeset line as the glyphs and clusters Pango's Cairo
 * renderer would hand to Cairo. What follows draws them with the calls
 * Pango 1.50 makes (pangocairo-render.c: _pango_cairo_do_layout_line,
 * _pango_cairo_do_glyph_item, pango_cairo_renderer_show_text_glyphs and
 * draw_glyph_item; pango-renderer.c: pango_renderer_draw_layout_line),
 * in the same order, with the same arithmetic on the same Pango units,
 * so the PDF is the one Pango drew. Only the hex box of a glyph missing
 * from every font is left to Pango itself (show_box).
 */
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "device_glyph.h"

#define PS ((double)PANGO_SCALE)

void
glyph_offset(const struct typo_line *l, int *oi, int g, int *dx, int *dy)
{
	while (*oi < l->noffsets && l->offsets[*oi].glyph < (guint32)g)
		(*oi)++;
	if (*oi < l->noffsets && l->offsets[*oi].glyph == (guint32)g) {
		*dx = l->offsets[*oi].dx;
		*dy = l->offsets[*oi].dy;
	} else {
		*dx = *dy = 0;
	}
}

int
glyph_width(const struct typo_line *l, const struct typo_run *r, int g)
{
	return (g + 1 < r->glyph0 + r->nglyphs ? l->pens[g + 1] : r->width) -
	    l->pens[g];
}

static bool
glyph_unknown(guint32 id)
{
	return id != PANGO_GLYPH_EMPTY && (id & PANGO_GLYPH_UNKNOWN_FLAG);
}

/*
 * Glyph g of r as Pango draws a glyph it has no outline for (a hex box),
 * at x, y Pango units from the origin (ox, oy), a current point: Pango
 * draws it alone, as a glyph string of one glyph offset that far.
 */
static void
show_box(cairo_t *cr, const struct typo_line *l, const struct typo_run *r,
    int g, double ox, double oy, int x, int y, bool path)
{
	PangoGlyphString *gs = pango_glyph_string_new();

	pango_glyph_string_set_size(gs, 1);
	gs->glyphs[0].glyph = typo_glyph_id(l, g);
	gs->glyphs[0].geometry.width = glyph_width(l, r, g);
	gs->glyphs[0].geometry.x_offset = x;
	gs->glyphs[0].geometry.y_offset = y;
	gs->glyphs[0].attr.is_cluster_start = 1;
	gs->log_clusters[0] = 0;
	cairo_move_to(cr, ox, oy);
	if (path)
		pango_cairo_glyph_string_path(cr, r->box_font, gs);
	else
		pango_cairo_show_glyph_string(cr, r->box_font, gs);
	pango_glyph_string_free(gs);
}

/* The clusters draw_glyph_item gives Cairo: empty and unknown glyphs
 * are not counted. */
static GArray *
run_clusters(const struct typo_line *l, const struct typo_run *r)
{
	GArray *a = g_array_sized_new(FALSE, FALSE,
	    sizeof(cairo_text_cluster_t), r->nclusters);
	bool rtl = (r->flags & TYPO_RUN_RTL) != 0;
	int g = rtl ? r->glyph0 + r->nglyphs : r->glyph0, at = r->offset;

	for (int i = 0; i < r->nclusters; i++) {
		cairo_text_cluster_t cc;
		int n, lo;

		cc.num_bytes = typo_cluster(l, r, i, at, &n);
		cc.num_glyphs = n;
		lo = rtl ? g - n : g;
		for (int k = lo; k < lo + n; k++) {
			guint32 id = typo_glyph_id(l, k);

			if (id == PANGO_GLYPH_EMPTY ||
			    (id & PANGO_GLYPH_UNKNOWN_FLAG))
				cc.num_glyphs--;
		}
		g = rtl ? lo : lo + n;
		at += cc.num_bytes;
		g_array_append_val(a, cc);
	}
	return a;
}

/*
 * Runs r[0] to r[n - 1] from the origin (ox, oy), the first placed x, y
 * Pango units from it (the others where they are from the first), as
 * pango_cairo_renderer_show_text_glyphs draws each run (path: adds their
 * outlines to the path instead). n > 1 only for runs show_glyph_line may
 * give Cairo as one (see mergeable). colour: the run's colour is set, as
 * pango_cairo_show_layout_line sets it; pango_cairo_show_glyph_item and
 * the path functions set none.
 */
static void
show_run(cairo_t *cr, const struct typo_line *l, const struct typo_run *r,
    int n, double ox, double oy, int x, int y, bool colour, bool path)
{
	double base_y = oy + (double)y / PANGO_SCALE;
	int nglyphs = 0, count = 0, length = 0;
	cairo_glyph_t *glyphs;

	for (int k = 0; k < n; k++) {
		nglyphs += r[k].nglyphs;
		length += r[k].length;
	}
	glyphs = g_new(cairo_glyph_t, nglyphs + 1);
	cairo_save(cr);
	if (colour && ((r->flags & TYPO_RUN_FG) || r->alpha)) {
		/* set_color: a foreground alpha without a colour keeps the
		 * source's */
		double red = 0, green = 0, blue = 0, alpha = 1;
		cairo_pattern_t *src = cairo_get_source(cr);

		if (r->flags & TYPO_RUN_FG) {
			red = r->fg[0] / 65535.;
			green = r->fg[1] / 65535.;
			blue = r->fg[2] / 65535.;
		} else if (src && cairo_pattern_get_type(src) ==
		    CAIRO_PATTERN_TYPE_SOLID) {
			cairo_pattern_get_rgba(src, &red, &green, &blue,
			    &alpha);
		}
		if (r->alpha)
			alpha = r->alpha / 65535.;
		cairo_set_source_rgba(cr, red, green, blue, alpha);
	}
	if (r->font)
		cairo_set_scaled_font(cr, r->font);
	for (int k = 0; k < n; k++) {
		const struct typo_run *rk = &r[k];
		int xk = x + rk->x - r->x, oi = 0;
		double base_x = ox + (double)xk / PANGO_SCALE;

		for (int g = rk->glyph0; g < rk->glyph0 + rk->nglyphs; g++) {
			guint32 id = typo_glyph_id(l, g);
			int pen = l->pens[g], dx, dy;

			glyph_offset(l, &oi, g, &dx, &dy);
			if (id == PANGO_GLYPH_EMPTY)
				continue;
			if (rk->font == NULL || (glyph_unknown(id) &&
			    id != (0x20 | PANGO_GLYPH_UNKNOWN_FLAG))) {
				show_box(cr, l, rk, g, ox, oy, xk + pen + dx,
				    y + dy, path);
			} else if (!glyph_unknown(id)) {
				glyphs[count].index = id;
				glyphs[count].x = base_x + (double)(pen + dx) /
				    PANGO_SCALE;
				glyphs[count].y = dy == 0 ? base_y : base_y +
				    (double)dy / PANGO_SCALE;
				count++;
			}
		}
	}
	if (r->font == NULL)
		;       /* Pango drew boxes only */
	else if (path)
		cairo_glyph_path(cr, glyphs, count);
	else if (cairo_surface_has_show_text_glyphs(cairo_get_target(cr))) {
		GArray *c = run_clusters(l, r);

		for (int k = 1; k < n; k++) {
			GArray *ck = run_clusters(l, &r[k]);

			g_array_append_vals(c, ck->data, ck->len);
			g_array_free(ck, TRUE);
		}
		cairo_show_text_glyphs(cr, l->text + (r->offset - l->start),
		    length, glyphs, count,
		    (cairo_text_cluster_t *)(void *)c->data, (int)c->len,
		    (r->flags & TYPO_RUN_RTL) ?
		    CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
		g_array_free(c, TRUE);
	} else {
		cairo_show_glyphs(cr, glyphs, count);
	}
	cairo_restore(cr);
	g_free(glyphs);
}

/* r draws a glyph (a line's U+2028 is a run of one empty glyph, which
 * Cairo is not given: its cluster would be an empty ActualText span). */
static bool
draws(const struct typo_line *l, const struct typo_run *r)
{
	for (int g = r->glyph0; g < r->glyph0 + r->nglyphs; g++)
		if (typo_glyph_id(l, g) != PANGO_GLYPH_EMPTY)
			return true;
	return false;
}

/*
 * b may be drawn with a (which draws), in one call: the same font,
 * colour and rise, left to right, its text right after a's, drawing
 * glyphs, and none that Pango must draw itself (a hex box).
 */
static bool
mergeable(const struct typo_line *l, const struct typo_run *a,
    const struct typo_run *b)
{
	return a->font && a->font == b->font && !a->box_font &&
	    !b->box_font && a->flags == b->flags &&
	    !(a->flags & TYPO_RUN_RTL) && a->alpha == b->alpha &&
	    memcmp(a->fg, b->fg, sizeof a->fg) == 0 &&
	    a->y_offset == b->y_offset &&
	    b->offset == a->offset + a->length && draws(l, b);
}

void
glyph_show_here(cairo_t *cr, const struct typo_line *l,
    const struct typo_run *r, bool path)
{
	bool had = cairo_has_current_point(cr);
	double ox, oy;

	cairo_get_current_point(cr, &ox, &oy);
	show_run(cr, l, r, 1, ox, oy, 0, 0, false, path);
	if (had)
		cairo_move_to(cr, ox, oy);
	else
		cairo_new_sub_path(cr);
}

/* The span of cut that holds r, drawn from device x ox on. */
static int
cut_which(const struct glyph_cut *cut, const struct typo_run *r, double ox)
{
	return cut->which(cut->ctx, ox + r->x / PS,
	    ox + (r->x + r->width) / PS);
}

void
glyph_cut_run(const struct glyph_cut *cut, const struct typo_line *l,
    const struct typo_run *r, double ox)
{
	if (cut && draws(l, r))
		cut->enter(cut->ctx, cut_which(cut, r, ox));
}

void
glyph_show_line(cairo_t *cr, const struct typo_line *l,
    const struct glyph_cut *cut)
{
	bool had = cairo_has_current_point(cr);
	double ox, oy;

	cairo_get_current_point(cr, &ox, &oy);
	for (int i = 0, n; i < l->nruns; i += n) {
		const struct typo_run *r = &l->runs[i];
		int k = cut ? cut_which(cut, r, ox) : -1;

		n = 1;
		if (draws(l, r))
			while (i + n < l->nruns && mergeable(l, &r[n - 1],
			    &r[n]) && (cut == NULL || cut_which(cut, &r[n],
			    ox) == k))
				n++;
		glyph_cut_run(cut, l, r, ox);
		show_run(cr, l, r, n, ox, oy, r->x, -r->y_offset, true, false);
	}
	if (had)
		cairo_move_to(cr, ox, oy);
	else
		cairo_new_sub_path(cr);
}
