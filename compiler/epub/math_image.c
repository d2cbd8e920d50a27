/*
 * The images of formulas, for reading systems without MathML: each
 * formula as the PDF lays it out (pdf/formula.h: the same fonts, MATH
 * table and items), written as SVG 1.1 and named by the <math>'s altimg
 * (math.c). Cairo gives the drawing: each glyph's outline (once for the
 * book), a menclose stroke's path, the ink's extents (math_draw onto a
 * recording surface); this file writes them as the SVG: each glyph
 * outline once per image and a <use> where it stands, rules as rects.
 * (Cairo's own SVG surface wrote each outline again for every image,
 * with six decimals: 9.6 MB of a 1 MB book's EPUB, and three times
 * the time.)
 *
 * An image is sized in em, so that it follows the reader's text size,
 * its user space a hundredth of an em (UNITS), and covers the formula's
 * ink, not only its box (an italic's overhang, an accent). A formula
 * written twice is one image; a long inline formula written in pieces
 * (math.c) gets one image per piece, cut where the PDF cuts it.
 */
#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "../mathml.h"
#include "../pdf/formula.h"
#include "content_int.h"
#include "l10n.h"

/* The user units of an em in the images. */
#define UNITS 100.0

/* A glyph as drawn: its face, size (pt) and index. */
struct glyph_key {
	cairo_font_face_t *face;
	double size;
	unsigned long index;
};

struct epub_formulas {
	const struct style *st;
	PangoFontMap *fm;
	PangoContext *ctx;
	/* The faces, per Chinese variant of the formula's language (Han
	 * in mtext); tried[v]: whether fonts[v] was made (NULL: not
	 * installed, reported). */
	struct math_fonts *fonts[ZH__COUNT];
	bool tried[ZH__COUNT];
	GHashTable *done;       /* its key (epub_formula_images) -> GArray
	                           of its images */
	unsigned count;         /* images written */
	GHashTable *outlines;   /* struct glyph_key -> its path data, in
	                           user units from its origin ("": none) */
	cairo_surface_t *scratch; /* what the outlines and paths are made on */
	cairo_font_options_t *fo; /* outlines unhinted */
};

static guint
glyph_hash(gconstpointer p)
{
	const struct glyph_key *k = p;

	return g_direct_hash(k->face) ^ (guint)(k->size * 64) ^
	    (guint)(k->index * 2654435761u);
}

static gboolean
glyph_equal(gconstpointer a, gconstpointer b)
{
	const struct glyph_key *x = a, *y = b;

	return x->face == y->face && x->size == y->size && x->index == y->index;
}

struct epub_formulas *
epub_formulas_new(const struct style *st, FcConfig *cfg)
{
	struct epub_formulas *f = g_new0(struct epub_formulas, 1);

	f->st = st;
	f->fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	if (f->fm && cfg)
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->fm), cfg);
	f->ctx = f->fm ? pango_font_map_create_context(f->fm) : NULL;
	f->done = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)g_array_unref);
	f->outlines = g_hash_table_new_full(glyph_hash, glyph_equal, g_free,
	    g_free);
	f->scratch = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
	f->fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(f->fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(f->fo, CAIRO_HINT_METRICS_OFF);
	return f;
}

void
epub_formulas_free(struct epub_formulas *f)
{
	if (f == NULL)
		return;
	for (int v = 0; v < ZH__COUNT; v++)
		math_fonts_free(f->fonts[v]);
	g_hash_table_destroy(f->done);
	g_hash_table_destroy(f->outlines);
	cairo_surface_destroy(f->scratch);
	cairo_font_options_destroy(f->fo);
	if (f->ctx)
		g_object_unref(f->ctx);
	if (f->fm) {
		/* as cover.c: Pango keeps the FcConfig past the map's end
		 * unless the map lets go of it */
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->fm), NULL);
		g_object_unref(f->fm);
	}
	g_free(f);
}

static struct math_fonts *
fonts_for(struct epub_formulas *f, const char *lang)
{
	int v = l10n_zh_variant(lang);

	if (!f->tried[v] && f->ctx) {
		f->tried[v] = true;
		f->fonts[v] = math_fonts_new(f->ctx, f->st->math_font,
		    style_font(f->st, SR_BODY, v), f->st->line_pitch);
	}
	return f->fonts[v];
}

/* v tenths of a unit, as SVG writes a number: "12.3", "-4", "0". */
static void
put_tenths(GString *out, long v)
{
	if (v < 0) {
		g_string_append_c(out, '-');
		v = -v;
	}
	g_string_append_printf(out, "%ld", v / 10);
	if (v % 10)
		g_string_append_printf(out, ".%ld", v % 10);
}

/* name="v" for v in pt, in tenths of a user unit (k: units a pt). */
static void
put_attr(GString *out, const char *name, double v, double k)
{
	g_string_append_printf(out, " %s=\"", name);
	put_tenths(out, lround(v * k * 10));
	g_string_append_c(out, '"');
}

/* Path data of p in whole units, relative commands: each point (x + dx)
 * times scale, rounded (the rounding never adds up along the path). */
static void
put_path(GString *out, const cairo_path_t *p, double scale, double dx,
    double dy)
{
	long cx = 0, cy = 0, sx = 0, sy = 0;

	for (int i = 0; i < p->num_data; i += p->data[i].header.length) {
		const cairo_path_data_t *d = &p->data[i];
		int n = d->header.type == CAIRO_PATH_CURVE_TO ? 3 :
		    d->header.type == CAIRO_PATH_CLOSE_PATH ? 0 : 1;

		if (n == 0) {
			g_string_append_c(out, 'z');
			cx = sx;
			cy = sy;
			continue;
		}
		g_string_append_c(out, d->header.type == CAIRO_PATH_MOVE_TO ?
		    'm' : d->header.type == CAIRO_PATH_LINE_TO ? 'l' : 'c');
		for (int k = 1; k <= n; k++) {
			long x = lround((d[k].point.x + dx) * scale);
			long y = lround((d[k].point.y + dy) * scale);

			if (k > 1 && x - cx >= 0)
				g_string_append_c(out, ' ');
			g_string_append_printf(out, "%ld", x - cx);
			if (y - cy >= 0)
				g_string_append_c(out, ' ');
			g_string_append_printf(out, "%ld", y - cy);
			if (k == n) {
				cx = x;
				cy = y;
			}
		}
		if (d->header.type == CAIRO_PATH_MOVE_TO) {
			sx = cx;
			sy = cy;
		}
	}
}

/* The outline of glyph index of face at size (pt) in user units from its
 * origin, made once for the book; "" for a glyph with no ink. */
static const char *
outline(struct epub_formulas *f, cairo_font_face_t *face, double size,
    unsigned long index)
{
	struct glyph_key k = { face, size, index }, *key;
	char *d = g_hash_table_lookup(f->outlines, &k);
	cairo_t *cr;
	cairo_path_t *p;
	GString *s;

	if (d)
		return d;
	cr = cairo_create(f->scratch);
	cairo_set_font_face(cr, face);
	/* In user units: the outline at a hundred pixels an em, not
	 * hinted. */
	cairo_set_font_size(cr, size * UNITS / f->st->body_size);
	cairo_set_font_options(cr, f->fo);
	cairo_glyph_path(cr, &(cairo_glyph_t){ index, 0, 0 }, 1);
	p = cairo_copy_path(cr);
	s = g_string_new(NULL);
	if (p->status == CAIRO_STATUS_SUCCESS)
		put_path(s, p, 1, 0, 0);
	cairo_path_destroy(p);
	cairo_destroy(cr);
	key = g_memdup2(&k, sizeof k);
	d = g_string_free(s, FALSE);
	g_hash_table_insert(f->outlines, key, d);
	return d;
}

/* The ink of mb, as math_draw draws it, in pt from its origin; false
 * when it draws nothing. */
static bool
ink(const struct math_box *mb, double *x, double *y, double *w, double *h)
{
	cairo_surface_t *rec = cairo_recording_surface_create(
	    CAIRO_CONTENT_ALPHA, NULL);
	cairo_t *cr = cairo_create(rec);

	math_draw(cr, mb, 0, 0);
	cairo_destroy(cr);
	cairo_recording_surface_ink_extents(rec, x, y, w, h);
	cairo_surface_destroy(rec);
	return *w > 0 && *h > 0;
}

/* mb as an SVG, its user space UNITS an em of the body's size; im gets
 * its size and where its bottom stands from the baseline, in em. */
static GBytes *
box_svg(struct epub_formulas *f, const struct math_box *mb,
    struct epub_formula_image *im)
{
	double size = f->st->body_size, k = UNITS / size, s = mb->scale;
	double ix, iy, iw, ih, left = 0, right = mb->w, top = -mb->asc * s;
	double bottom = mb->desc * s;
	GHashTable *ids = g_hash_table_new(NULL, NULL);
	GString *out = g_string_sized_new(2048), *body = g_string_new(NULL);
	char color[8];

	/* The image holds the box and all that is drawn outside it. */
	if (ink(mb, &ix, &iy, &iw, &ih)) {
		left = MIN(left, ix);
		right = MAX(right, ix + iw);
		top = MIN(top, iy);
		bottom = MAX(bottom, iy + ih);
	}
	/* Its size to a thousandth of an em (the altimg's), never less
	 * than the ink. */
	im->w = ceil(MAX(right - left, 0.01) / size * 1000) / 1000;
	im->h = ceil(MAX(bottom - top, 0.01) / size * 1000) / 1000;
	im->valign = -(top / size + im->h);
	g_snprintf(color, sizeof color, "#%02x%02x%02x",
	    (int)lround(mb->rgb[0] * 255), (int)lround(mb->rgb[1] * 255),
	    (int)lround(mb->rgb[2] * 255));
	g_string_append_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" "
	    "width=\"%.3fem\" height=\"%.3fem\" viewBox=\"0 0 ", im->w, im->h);
	put_tenths(out, lround(im->w * UNITS * 10));
	g_string_append_c(out, ' ');
	put_tenths(out, lround(im->h * UNITS * 10));
	g_string_append(out, "\">\n<defs>\n");
	g_string_append_printf(body, "<g fill=\"%s\">\n", color);
	for (guint i = 0; i < mb->items->len; i++) {
		const struct math_item *it = &g_array_index(mb->items,
		    struct math_item, i);

		/* Items in pt from the box's origin (scaled by s), the
		 * image's origin at (left, top). */
		if (it->kind == MI_GLYPHS) {
			for (int g = 0; g < it->nglyphs; g++) {
				const char *d = outline(f, it->face,
				    it->size * s, it->glyphs[g].index);
				gpointer id;

				if (*d == '\0')
					continue;
				id = g_hash_table_lookup(ids, d);
				if (id == NULL) {
					id = GUINT_TO_POINTER(
					    g_hash_table_size(ids) + 1);
					g_hash_table_insert(ids, (gpointer)d, id);
					g_string_append_printf(out,
					    "<path id=\"g%u\" d=\"%s\"/>\n",
					    GPOINTER_TO_UINT(id), d);
				}
				g_string_append_printf(body,
				    "<use xlink:href=\"#g%u\"",
				    GPOINTER_TO_UINT(id));
				put_attr(body, "x", it->glyphs[g].x * s - left,
				    k);
				put_attr(body, "y", it->glyphs[g].y * s - top,
				    k);
				g_string_append(body, "/>\n");
			}
		} else if (it->kind == MI_RULE) {
			g_string_append(body, "<rect");
			put_attr(body, "x", it->x * s - left, k);
			put_attr(body, "y", it->y * s - top, k);
			put_attr(body, "width", it->w * s, k);
			put_attr(body, "height", it->h * s, k);
			g_string_append(body, "/>\n");
		} else {
			cairo_t *cr = cairo_create(f->scratch);
			cairo_path_t *p;

			cairo_scale(cr, s, s);
			math_item_path(cr, it);
			p = cairo_copy_path(cr);
			g_string_append_printf(body, "<path fill=\"none\" "
			    "stroke=\"%s\"", color);
			put_attr(body, "stroke-width", it->size * s, k);
			g_string_append(body, " d=\"");
			if (p->status == CAIRO_STATUS_SUCCESS)
				put_path(body, p, k * s, -left / s, -top / s);
			g_string_append(body, "\"/>\n");
			cairo_path_destroy(p);
			cairo_destroy(cr);
		}
	}
	g_string_append(out, "</defs>\n");
	g_string_append_len(out, body->str, body->len);
	g_string_append(out, "</g>\n</svg>\n");
	g_string_free(body, TRUE);
	g_hash_table_destroy(ids);
	return g_string_free_to_bytes(out);
}

/* The images of mb's chain, added to the EPUB. */
static GArray *
chain_images(struct out *o, const struct math_box *mb)
{
	struct epub_formulas *f = o->d->formulas;
	GArray *a = g_array_new(FALSE, TRUE, sizeof(struct epub_formula_image));

	for (; mb; mb = mb->next) {
		struct epub_formula_image im = { 0 };
		GBytes *svg = box_svg(f, mb, &im);
		struct epub_image *file;

		file = g_new0(struct epub_image, 1);
		file->href = g_strdup_printf("math/f%u.svg", ++f->count);
		file->media_type = "image/svg+xml";
		file->data = svg;
		file->formula = true;
		g_ptr_array_add(o->d->images, file);
		im.href = file->href;
		g_array_append_val(a, im);
	}
	return a;
}

const GArray *
epub_formula_images(struct out *o, const struct node *math, guint pieces)
{
	struct epub_formulas *f = o->d->formulas;
	const char *lang = cur_lang(o);
	struct math_fonts *mf = f ? fonts_for(f, lang) : NULL;
	GString *key;
	GArray *a;
	struct math_box *mb;

	if (mf == NULL)
		return NULL;
	key = g_string_new(NULL);
	g_string_printf(key, "%u %s ", pieces, lang ? lang : "");
	mathml_compact(key, math);
	if ((a = g_hash_table_lookup(f->done, key->str)) != NULL) {
		g_string_free(key, TRUE);
		return a;
	}
	/* Pieces cut as the PDF cuts the formula: used when they are the
	 * ones math.c writes, else the whole formula's image. */
	mb = pieces > 1 ? math_layout(mf, math, f->st->body_size, -1, NULL,
	    f->st->text_color) : NULL;
	if (mb) {
		guint n = 0;

		for (const struct math_box *p = mb; p; p = p->next)
			n++;
		if (n != pieces) {
			math_box_free(mb);
			mb = NULL;
		}
	}
	if (mb == NULL)
		mb = math_layout(mf, math, f->st->body_size, 0, NULL,
		    f->st->text_color);
	a = chain_images(o, mb);
	math_box_free(mb);
	g_hash_table_insert(f->done, g_string_free(key, FALSE), a);
	return a;
}
