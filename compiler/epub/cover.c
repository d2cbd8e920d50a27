/*
 * The cover image: a PNG drawn with Cairo, the book's title, subtitle and
 * author set by Pango in bookc's own fonts (its fontconfig file), so the
 * readers' shelves show the title. The same book gives the same bytes.
 */
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <zlib.h>
#include <pango/pangofc-fontmap.h>

#include "epub.h"
#include "l10n.h"

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

static void
png_sink(png_structp png, png_bytep data, size_t len)
{
	g_byte_array_append(png_get_io_ptr(png), data, (guint)len);
}

static void
png_fail(png_structp png, png_const_charp msg)
{
	diag(D_OUTPUT, NULL, "cover image", msg);
	png_longjmp(png, 1);
}

/*
 * The surface as a PNG, written with libpng rather than Cairo's
 * cairo_surface_write_to_png, whose adaptive filters at zlib's level 6
 * took a third of the time of a small book's EPUB (30 of 85 ms for the
 * guide): the cover is flat colour and text, which the Sub filter turns
 * into runs of zeros for zlib's run-length strategy (55 KB instead of
 * 39 KB; the pixels are the same).
 */
static bool
write_png(cairo_surface_t *s, GByteArray *out)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
	    png_fail, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	volatile bool ok = false;

	if (info == NULL) {
		png_destroy_write_struct(&png, NULL);
		return false;
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_set_write_fn(png, out, png_sink, NULL);
		png_set_IHDR(png, info, COVER_W, COVER_H, 8, PNG_COLOR_TYPE_RGB,
		    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		    PNG_FILTER_TYPE_DEFAULT);
		png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
		png_set_compression_level(png, 9);
		png_set_compression_strategy(png, Z_RLE);
		png_write_info(png, info);
		/* Cairo's RGB24 is a native-endian 0x00RRGGBB word per
		 * pixel */
		if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
			png_set_bgr(png);
		png_set_filler(png, 0, G_BYTE_ORDER == G_LITTLE_ENDIAN ?
		    PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
		for (int y = 0; y < COVER_H; y++)
			png_write_row(png, data + (size_t)y * stride);
		png_write_end(png, NULL);
		ok = true;
	}
	png_destroy_write_struct(&png, &info);
	return ok;
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
	int v = l10n_zh_variant(lang);

	if (fm && cfg)
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	pc = pango_font_map_create_context(fm);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(pc, fo);
	pango_context_set_language(pc, pango_language_from_string(
	    lang ? l10n_pango_lang(lang) : NULL));
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
	y += draw_text(cr, pc, title ? title : "",
	    style_font(st, SR_HEADING, v), true, 112, 72, y, COVER_W * 0.84);
	cairo_rectangle(cr, COVER_W * 0.35, y + 40, COVER_W * 0.3, 4);
	cairo_fill(cr);
	y += 90;
	if (subtitle && *subtitle)
		draw_text(cr, pc, subtitle, style_font(st, SR_HEADING, v),
		    false, 52, 52, y, COVER_W * 0.8);
	if (author && *author)
		draw_text(cr, pc, author, style_font(st, SR_BODY, v), false,
		    56, 56, COVER_H * 0.78, COVER_W * 0.8);
	cairo_surface_flush(s);
	status = cairo_status(cr);
	if (status == CAIRO_STATUS_SUCCESS && !write_png(s, png))
		status = CAIRO_STATUS_WRITE_ERROR;
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
