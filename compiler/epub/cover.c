/*
 * The cover image: a PNG drawn with Cairo, the book's title, subtitle and
 * author set by Pango in bookc's own fonts (its fontconfig file), so the
 * readers' shelves show the title. The same book gives the same bytes.
 */
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "epub.h"

#define COVER_W 1200
#define COVER_H 1800

static void
hex_color(const char *hex, double rgb[3])
{
	unsigned v = 0;

	if (hex && hex[0] == '#' && strlen(hex) == 7)
		v = (unsigned)g_ascii_strtoull(hex + 1, NULL, 16);
	rgb[0] = ((v >> 16) & 0xff) / 255.0;
	rgb[1] = ((v >> 8) & 0xff) / 255.0;
	rgb[2] = (v & 0xff) / 255.0;
}

/* Sets text centred in a box width wide with its top at y, at size px,
 * or smaller down to min_px if that keeps it on one line (a title broken
 * before its last character looks wrong); returns the height used. */
static double
draw_text(cairo_t *cr, PangoContext *pc, const char *text, const char *family,
    bool bold, int px, int min_px, double y, double width)
{
	PangoLayout *l = pango_layout_new(pc);
	PangoFontDescription *fd = pango_font_description_new();
	int w, h;

	pango_font_description_set_family(fd, family);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pango_layout_set_text(l, text, -1);
	for (;; px -= 4) {
		pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
		pango_layout_set_font_description(l, fd);
		if (pango_layout_get_line_count(l) == 1 || px - 4 < min_px)
			break;
	}
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_move_to(cr, (COVER_W - width) / 2, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
	return h;
}

static cairo_status_t
png_sink(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

GBytes *
epub_cover_png(const struct style *st, FcConfig *cfg, const char *lang,
    const char *title, const char *subtitle, const char *author)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    COVER_W, COVER_H);
	cairo_t *cr = cairo_create(s);
	PangoFontMap *fm = pango_cairo_font_map_new_for_font_type(
	    CAIRO_FONT_TYPE_FT);
	PangoContext *pc;
	cairo_font_options_t *fo = cairo_font_options_create();
	GByteArray *png = g_byte_array_new();
	double bg[3], fg[3] = { 1, 1, 1 }, y;
	cairo_status_t status;

	if (fm && cfg)
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	pc = pango_font_map_create_context(fm);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pc, fo);
	pango_context_set_language(pc, pango_language_from_string(
	    lang && strncmp(lang, "zh", 2) == 0 ? "zh-cn" : lang));
	pango_cairo_update_context(cr, pc);

	hex_color(st->link_color, bg);
	cairo_set_source_rgb(cr, bg[0], bg[1], bg[2]);
	cairo_paint(cr);
	/* A pale band behind the title, a rule under it. */
	cairo_set_source_rgba(cr, 1, 1, 1, 0.08);
	cairo_rectangle(cr, 0, COVER_H * 0.22, COVER_W, COVER_H * 0.36);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, fg[0], fg[1], fg[2]);

	y = COVER_H * 0.30;
	y += draw_text(cr, pc, title ? title : "", st->heading_font, true, 112,
	    72, y, COVER_W * 0.84);
	cairo_rectangle(cr, COVER_W * 0.35, y + 40, COVER_W * 0.3, 4);
	cairo_fill(cr);
	y += 90;
	if (subtitle && *subtitle)
		draw_text(cr, pc, subtitle, st->heading_font, false, 52, 52, y,
		    COVER_W * 0.8);
	if (author && *author)
		draw_text(cr, pc, author, st->body_font, false, 56, 56,
		    COVER_H * 0.78, COVER_W * 0.8);
	cairo_surface_flush(s);
	status = cairo_surface_write_to_png_stream(s, png_sink, png);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_status(cr);
	cairo_font_options_destroy(fo);
	g_object_unref(pc);
	/* Pango 1.50 keeps its reference to the FcConfig past the font
	 * map's end unless the map lets go of it. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), NULL);
	g_object_unref(fm);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	if (status != CAIRO_STATUS_SUCCESS) {
		diag(D_OUTPUT, NULL, "cover image", cairo_status_to_string(status));
		g_byte_array_free(png, TRUE);
		return NULL;
	}
	return g_byte_array_free_to_bytes(png);
}
