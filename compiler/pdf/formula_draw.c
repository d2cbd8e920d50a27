/*
 * A formula's box drawn: its glyph runs with the characters they show
 * (cairo_show_text_glyphs, so the text layer reads "x" under an italic
 * 𝑥 and "(" under a tall assembled parenthesis), its rules filled.
 */
#include "formula.h"

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
		cairo_set_font_face(cr, it->face);
		cairo_set_font_size(cr, it->size);
		cairo_show_text_glyphs(cr, it->utf8, it->len, it->glyphs,
		    it->nglyphs, it->clusters, it->nclusters, 0);
	}
	cairo_restore(cr);
}
