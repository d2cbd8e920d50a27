/*
 * A formula's box drawn: its glyph runs with the characters they show
 * (cairo_show_text_glyphs, so the text layer reads "x" under an italic
 * 𝑥 and "(" under a tall assembled parenthesis), its rules filled.
 */
#include "formula.h"

void
math_item_path(cairo_t *cr, const struct math_item *it)
{
	double r = MIN(it->w, it->h) / 4;

	cairo_new_path(cr);
	if (it->kind == MI_LINE) {
		cairo_move_to(cr, it->x, it->y);
		cairo_rel_line_to(cr, it->w, it->h);
	} else if (it->kind == MI_ELLIPSE && it->w > 0 && it->h > 0) {
		cairo_save(cr);
		cairo_translate(cr, it->x + it->w / 2, it->y + it->h / 2);
		cairo_scale(cr, it->w / 2, it->h / 2);
		cairo_arc(cr, 0, 0, 1, 0, 2 * G_PI);
		cairo_restore(cr);
	} else if (it->kind == MI_ROUNDED) {
		cairo_arc(cr, it->x + it->w - r, it->y + r, r, -G_PI / 2, 0);
		cairo_arc(cr, it->x + it->w - r, it->y + it->h - r, r, 0,
		    G_PI / 2);
		cairo_arc(cr, it->x + r, it->y + it->h - r, r, G_PI / 2, G_PI);
		cairo_arc(cr, it->x + r, it->y + r, r, G_PI, 3 * G_PI / 2);
		cairo_close_path(cr);
	}
}

/* A menclose's line, ellipse or rounded box. */
static void
stroke_item(cairo_t *cr, const struct math_item *it)
{
	math_item_path(cr, it);
	cairo_set_line_width(cr, it->size);
	cairo_stroke(cr);
}

void
math_draw(cairo_t *cr, const struct math_box *b, double x, double baseline)
{
	cairo_save(cr);
	cairo_translate(cr, x, baseline);
	if (b->scale != 1)
		cairo_scale(cr, b->scale, b->scale);
	cairo_set_source_rgb(cr, b->rgb[0], b->rgb[1], b->rgb[2]);
	for (guint i = 0; i < b->items->len; i++) {
		const struct math_item *it = &g_array_index(b->items,
		    struct math_item, i);

		if (it->kind == MI_RULE) {
			cairo_rectangle(cr, it->x, it->y, it->w, it->h);
			cairo_fill(cr);
			continue;
		}
		if (it->kind != MI_GLYPHS) {
			stroke_item(cr, it);
			continue;
		}
		cairo_set_font_face(cr, it->face);
		cairo_set_font_size(cr, it->size);
		cairo_show_text_glyphs(cr, it->utf8, it->len, it->glyphs,
		    it->nglyphs, it->clusters, it->nclusters, 0);
	}
	cairo_restore(cr);
}
