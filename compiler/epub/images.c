/*
 * Images as XHTML: a mediaobject's image, found and checked by image.h
 * as for the PDF and copied into the EPUB once under a name of its own
 * (images/NAME.png), shown at the size the markup asks for, or its
 * description where the image is missing. epub.c puts the copies in the
 * zip and the manifest; this file never writes the package or decides a
 * figure's caption.
 *
 * An SVG is not copied as it is: drawings from draw.io or Inkscape carry a
 * DOCTYPE, editor namespaces, HTML in <foreignObject> and references to
 * other files, which EPUB readers and epubcheck refuse. librsvg draws it
 * onto Cairo's SVG surface instead, the same drawing the PDF shows (the
 * same renderer), written as plain SVG 1.1: paths, glyph outlines and
 * embedded PNGs, nothing outside the file.
 */
#include <string.h>

#include <cairo-svg.h>

#include "content_int.h"
#include "image.h"
#include "l10n.h"
#include "../pdf/lazy.h"        /* librsvg, loaded when first needed */

static cairo_status_t
append(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The SVG at path drawn anew by librsvg onto Cairo's SVG surface, at its
 * own size in CSS pixels; NULL after a warning. */
static GBytes *
svg_redraw(const struct node *data, const char *path)
{
	const struct lazy_rsvg *rsvg = lazy_rsvg();
	GError *err = NULL;
	RsvgHandle *h = rsvg ? lazy_svg_open(path, &err) : NULL;
	GByteArray *out;
	cairo_surface_t *s;
	cairo_t *cr;
	gdouble w = 0, ht = 0;
	bool ok;

	if (h == NULL) {
		diag(D_IMAGE, &data->pos, model_attr(data, "fileref"),
		    err ? err->message : "unreadable SVG");
		g_clear_error(&err);
		return NULL;
	}
	/* No size on the root: the PDF's default (layout_figure.c). */
	if (!rsvg->rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &ht) ||
	    w < 1 || ht < 1) {
		w = 300;
		ht = 150;
	}
	out = g_byte_array_new();
	s = cairo_svg_surface_create_for_stream(append, out, MIN(w, 100000),
	    MIN(ht, 100000));
	cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
	cr = cairo_create(s);
	ok = rsvg->rsvg_handle_render_document(h, cr,
	    &(RsvgRectangle){ 0, 0, MIN(w, 100000), MIN(ht, 100000) }, &err);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	ok = ok && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(s);
	g_object_unref(h);
	if (!ok) {
		diag(D_IMAGE, &data->pos, model_attr(data, "fileref"),
		    err ? err->message : "cannot draw the SVG");
		g_clear_error(&err);
		g_byte_array_free(out, TRUE);
		return NULL;
	}
	return g_byte_array_free_to_bytes(out);
}

/* "DIR/STEM.EXT", or STEM-2, -3... when a file of the EPUB has the name
 * (the cover's among them). */
static char *
free_href(const struct epub_doc *d, const char *dir, const char *stem,
    const char *ext)
{
	char *href = g_strdup_printf("%s/%s%s", dir, stem, ext);

	for (unsigned i = 2;; i++) {
		bool taken = strcmp(href, "images/cover.png") == 0;

		for (guint k = 0; k < d->images->len && !taken; k++)
			taken = strcmp(((const struct epub_image *)
			    g_ptr_array_index(d->images, k))->href, href) == 0;
		if (!taken)
			return href;
		g_free(href);
		href = g_strdup_printf("%s/%s-%u%s", dir, stem, i, ext);
	}
}

/* The image an IMAGEDATA names (found and checked by image.h, as for the
 * PDF), copied into the EPUB once; NULL after a warning. */
static struct epub_image *
image_get(struct epub_doc *d, const struct node *data)
{
	struct image_info info;
	struct epub_image *im;
	char *contents = NULL, *base, *stem, *dot, *href;
	gsize len = 0;
	GError *err = NULL;
	GBytes *bytes = NULL;
	const char *ext;

	if (!image_probe(d->book, data, &info))
		return NULL;
	if ((im = g_hash_table_lookup(d->image_of, info.path)) != NULL) {
		image_info_clear(&info);
		return im;
	}
	if (info.type == IMG_SVG) {
		if ((bytes = svg_redraw(data, info.path)) == NULL) {
			image_info_clear(&info);
			return NULL;
		}
	} else if (!g_file_get_contents(info.path, &contents, &len, &err)) {
		diag(D_IMAGE, &data->pos, model_attr(data, "fileref"),
		    err->message);
		g_error_free(err);
		image_info_clear(&info);
		return NULL;
	}
	ext = info.type == IMG_PNG ? ".png" : info.type == IMG_JPEG ? ".jpg" :
	    ".svg";
	base = g_path_get_basename(info.path);
	if ((dot = strrchr(base, '.')) != NULL)
		*dot = '\0';
	stem = sanitize_id(base);
	href = free_href(d, "images", stem, ext);
	g_free(stem);
	g_free(base);
	im = g_new0(struct epub_image, 1);
	im->href = href;
	im->media_type = info.media_type;
	im->data = bytes ? bytes : g_bytes_new_take(contents, len);
	g_hash_table_insert(d->image_of, g_strdup(info.path), im);
	g_ptr_array_add(d->images, im);
	image_info_clear(&info);
	return im;
}

/* A video or audio file (an AVDATA), copied into the EPUB once as
 * media/NAME.EXT; NULL after a warning. */
static struct epub_image *
av_get(struct epub_doc *d, const struct node *data)
{
	char *path = image_av_file(d->book, data), *contents = NULL;
	char *base, *stem, *dot, *href;
	struct epub_image *im;
	gsize len = 0;
	GError *err = NULL;

	if (path == NULL)
		return NULL;
	if ((im = g_hash_table_lookup(d->image_of, path)) != NULL) {
		g_free(path);
		return im;
	}
	if (!g_file_get_contents(path, &contents, &len, &err)) {
		diag(D_MEDIA, &data->pos, model_attr(data, "fileref"),
		    err->message);
		g_error_free(err);
		g_free(path);
		return NULL;
	}
	base = g_path_get_basename(path);
	if ((dot = strrchr(base, '.')) != NULL)
		*dot = '\0';
	stem = sanitize_id(base);
	href = free_href(d, "media", stem, strrchr(path, '.'));
	g_free(stem);
	g_free(base);
	im = g_new0(struct epub_image, 1);
	im->href = href;
	im->media_type = image_av_type(path);
	im->data = g_bytes_new_take(contents, len);
	g_hash_table_insert(d->image_of, path, im);
	g_ptr_array_add(d->images, im);
	return im;
}

/* Video or audio as HTML5: each source that can be copied, the poster
 * (the mediaobject's image) and, inside the element, what a reader
 * without media shows: the description, else the file named. False when
 * n has no video or audio that can be copied. */
static bool
emit_av(struct out *o, const struct node *n, const struct epub_image *poster,
    const char *alt)
{
	const struct node *first = NULL;
	GPtrArray *srcs = g_ptr_array_new();
	bool audio;

	for (const struct node *c = n->first; c; c = c->next)
		if (c->kind == N_AVDATA) {
			struct epub_image *im = av_get(o->d, c);

			if (first == NULL)
				first = c;
			if (im)
				g_ptr_array_add(srcs, im);
		}
	if (srcs->len == 0) {
		g_ptr_array_free(srcs, TRUE);
		return false;
	}
	audio = strcmp(first->name, "audiodata") == 0;
	/* styled in place: books without video keep their stylesheet */
	eopen(o, audio ? "audio" : "video", NULL, "controls", "controls",
	    "poster", poster && !audio ? poster->href : NULL, "style",
	    audio ? NULL : "max-width: 100%; height: auto", NULL);
	for (guint i = 0; i < srcs->len; i++) {
		const struct epub_image *im = g_ptr_array_index(srcs, i);

		xhtml_leaf(o->x, "source", "src", im->href, "type",
		    im->media_type, NULL);
	}
	eopen(o, "p", NULL, NULL);
	if (*alt)
		otext(o, alt);
	else {
		const char *ref = model_attr(first, "fileref");
		char *base = g_path_get_basename(ref ? ref : "");

		otext(o, l10n_text(o->d->book->lang, audio ? L_AUDIO :
		    L_VIDEO));
		otext(o, base);
		g_free(base);
	}
	xhtml_close(o->x);
	xhtml_close(o->x);
	g_ptr_array_free(srcs, TRUE);
	return true;
}

/* A DocBook length ("40mm", "2in", "120", "50%") as CSS, or NULL. A bare
 * number is pixels. */
static char *
css_length(const char *v)
{
	static const char *const units[] = { "mm", "cm", "in", "pt", "pc",
	    "px", "em", "%", "", NULL };
	char *end;
	double x;

	if (v == NULL)
		return NULL;
	x = g_ascii_strtod(v, &end);
	if (end == v || x <= 0 || x > 100000)
		return NULL;
	while (*end == ' ')
		end++;
	for (const char *const *u = units; *u; u++)
		if (strcmp(end, *u) == 0) {
			char num[G_ASCII_DTOSTR_BUF_SIZE];

			g_ascii_formatd(num, sizeof num, "%.4g", x);
			return g_strdup_printf("%s%s", num, **u ? *u : "px");
		}
	return NULL;
}

/* The image's size as a style attribute: contentwidth, else width (the
 * stylesheet's max-width keeps it inside the page); scalefit alone fills
 * the width; a depth alone sets the height. NULL: its own size. */
static char *
image_css_size(const struct node *data)
{
	char *w = css_length(model_attr(data, "contentwidth"));
	char *h, *out;
	const char *fit = model_attr(data, "scalefit");

	if (w == NULL)
		w = css_length(model_attr(data, "width"));
	if (w == NULL && fit && strcmp(fit, "1") == 0)
		w = g_strdup("100%");
	if (w) {
		out = g_strdup_printf("width: %s", w);
		g_free(w);
		return out;
	}
	h = css_length(model_attr(data, "contentdepth"));
	if (h == NULL)
		h = css_length(model_attr(data, "depth"));
	out = h ? g_strdup_printf("height: %s; width: auto", h) : NULL;
	g_free(h);
	return out;
}

const char *
epub_image_href(struct out *o, const struct node *data)
{
	struct epub_image *im = image_get(o->d, data);

	return im ? im->href : NULL;
}

void
emit_media(struct out *o, const struct node *n)
{
	struct epub_image *im = NULL;
	const struct node *data = NULL;
	char *alt = n->kind == N_INLINEMEDIA ? model_inline_media_alt(n) :
	    model_media_alt(n);
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, n);
	while (im == NULL && (ev = model_walk_next(&w, &c)) != WALK_NONE)
		if (ev == WALK_ENTER && c->kind == N_IMAGEDATA) {
			data = c;
			im = image_get(o->d, c);
		}
	eopen(o, "div", n, "id", frag_of(o->d, n), "class", "mediaobject",
	    NULL);
	if (n->kind == N_MEDIAOBJECT && emit_av(o, n, im, alt)) {
		/* the image is the video's poster */
	} else if (im) {
		char *size = data ? image_css_size(data) : NULL;

		xhtml_leaf(o->x, "img", "src", im->href, "alt", alt, "style",
		    size, NULL);
		o->d->alt_missing += model_image_lacks_alt(n);
		g_free(size);
	} else {
		/* The image is missing (reported): its description stands. */
		eopen(o, "p", NULL, "class", "missing-image", NULL);
		otext(o, *alt ? alt : data ? model_attr(data, "fileref") : "");
		xhtml_close(o->x);
	}
	g_free(alt);
}

/* An image in a line of text: one body em high (the PDF sets it so)
 * unless the markup gives a size, never wider than its box (a table
 * cell's, the page's); styled in place, so books without inline images
 * keep their stylesheet. A missing image (reported) leaves its
 * alternative text, or its file's name. */
void
emit_inline_media(struct out *o, const struct node *n)
{
	const struct node *data = NULL;
	struct epub_image *im = NULL;
	char *alt = model_inline_media_alt(n), *size, *style;

	for (const struct node *c = n->first; c && !data; c = c->next)
		if (c->kind == N_IMAGEDATA)
			data = c;
	if (data)
		im = image_get(o->d, data);
	if (im == NULL) {
		otext(o, alt);
		g_free(alt);
		return;
	}
	size = image_css_size(data);
	style = g_strdup_printf("%s%s; max-width: 100%%",
	    size ? size : "height: 1em; width: auto",
	    size && strncmp(size, "width", 5) == 0 ? "; height: auto" : "");
	xhtml_leaf(o->x, "img", "id", frag_of(o->d, n), "src", im->href,
	    "alt", alt, "class", "inline", "style", style, NULL);
	o->d->alt_missing += model_image_lacks_alt(n);
	g_free(style);
	g_free(size);
	g_free(alt);
}
