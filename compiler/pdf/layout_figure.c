/*
 * Images and figures (see layout_int.h): an image's size from its
 * attributes and its file (probed once per book, by the main walk alone),
 * the image box, media objects, and the captions of figures and tables.
 * It never decodes or draws an image: image.c (and librsvg, for an SVG
 * that gives no size) measures it, device.c draws it.
 */
#include <string.h>

#include "image.h"
#include "l10n.h"
#include "mathml.h"
#include "layout_int.h"
#include "lazy.h"

/* A length in points from "30mm", "2in", "120pt", "300px" or a number
 * (pixels at 96 dpi); -1 when it is none of these. */
double
layout_parse_length(const char *s)
{
	char *end;
	double v;

	if (s == NULL)
		return -1;
	v = g_ascii_strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '\0' || strcmp(end, "px") == 0)
		return v * 0.75;
	if (strcmp(end, "pt") == 0)
		return v;
	if (strcmp(end, "mm") == 0)
		return style_mm_to_pt(v);
	if (strcmp(end, "cm") == 0)
		return style_mm_to_pt(v * 10);
	if (strcmp(end, "in") == 0)
		return v * 72;
	if (strcmp(end, "pc") == 0)
		return v * 12;
	return -1;
}

/* An image's width or depth: a length, or a percentage of whole; -1
 * when it is neither. */
static double
image_length(const char *s, double whole)
{
	char *end;
	double v;

	if (s == NULL)
		return -1;
	v = g_ascii_strtod(s, &end);
	if (end > s && v > 0 && strcmp(end, "%") == 0)
		return whole * v / 100;
	v = layout_parse_length(s);
	return v > 0 ? v : -1;
}

/* Probes an image once per book (the body is laid out more than once,
 * and a bad image is one warning). */
static const struct image_info *
probe(struct layout_env *env, const struct node *img)
{
	struct image_info *info;

	if (g_hash_table_contains(env->images, img))
		return g_hash_table_lookup(env->images, img);
	info = g_new0(struct image_info, 1);
	if (!image_probe(env->book, img, info)) {
		image_info_clear(info);
		g_free(info);
		info = NULL;
	}
	if (info && info->type == IMG_SVG && (info->width == 0 ||
	    info->height == 0)) {
		/* No width and height on the root: librsvg works out the
		 * size from the viewBox; else the CSS default. */
		const struct lazy_rsvg *rsvg = lazy_rsvg();
		RsvgHandle *h = rsvg ? lazy_svg_open(info->path, NULL) : NULL;
		gdouble w = 0, hh = 0;

		if (h == NULL || !rsvg->rsvg_handle_get_intrinsic_size_in_pixels(
		    h, &w, &hh) || w < 1 || hh < 1) {
			w = 300;
			hh = 150;
		}
		if (h)
			g_object_unref(h);
		info->width = (unsigned)MIN(w, 100000);
		info->height = (unsigned)MIN(hh, 100000);
		info->aspect = hh / w;
	}
	g_hash_table_insert(env->images, (gpointer)img, info);
	return info;
}

/*
 * An image's drawn size within avail by maxh: contentwidth, width or
 * scalefit, else contentdepth or depth; without any, a block image is its
 * pixels at 96 dpi and an inline one is one body em high, as images.c
 * makes it in the EPUB.
 */
static void
image_size(const struct layout_env *env, const struct node *img,
    const struct image_info *info, double avail, double maxh, bool inline_,
    double *wp, double *hp)
{
	double want = image_length(model_attr(img, "contentwidth"), avail);
	double depth = image_length(model_attr(img, "contentdepth"), maxh);
	const char *fit = model_attr(img, "scalefit");
	/* height / width: an SVG's own (a formula's image is 8.952em by
	 * 2.571em, 107 by 30 px once rounded) */
	double ratio = info->aspect > 0 ? info->aspect :
	    (double)info->height / info->width;
	double w;

	if (want < 0)
		want = image_length(model_attr(img, "width"), avail);
	if (want < 0 && fit && strcmp(fit, "1") == 0)
		want = avail;
	if (depth < 0)
		depth = image_length(model_attr(img, "depth"), maxh);
	/* pixels at 96 dpi unless the source gives a width (or
	 * only a depth) */
	w = want > 0 ? want : depth > 0 ? depth / ratio : inline_ ?
	    env->m.em / ratio : info->width * 0.75;
	if (w > avail)
		w = avail;
	*hp = w * ratio;
	if (*hp > maxh) {
		*hp = maxh;
		w = *hp / ratio;
	}
	*wp = w;
}

static void
image_box(struct layout_env *env, const struct node *img,
    const struct frame *fr, const char *alt)
{
	const struct image_info *info = probe(env, img);
	double avail = env->m.measure - fr->left - fr->right;
	double w, h, maxh = env->m.body_h * 0.7;
	struct lbox b = { .kind = LB_IMAGE };

	if (info) {
		image_size(env, img, info, avail, maxh, false, &w, &h);
		b.image = layout_intern(env, info->path);
		b.image_jpeg = info->type == IMG_JPEG;
		b.image_svg = info->type == IMG_SVG;
	} else {
		w = avail * 0.6;
		h = w * 0.5;
	}
	b.w = w;
	b.x = fr->left + (avail - w) / 2;
	b.h = layout_ceil_to(h + env->m.pitch * 0.5, env->m.pitch);
	b.dy = (b.h - h) / 2;   /* the image's top within the box */
	b.baseline = h;         /* its drawn height */
	b.flags = LBF_KEEP_NEXT;
	b.sp = fr->sp;
	b.alt = alt;
	layout_push(env, &b);
}

void
formal_caption(struct layout_env *env, const struct node *n,
    const struct frame *fr, unsigned flags)
{
	struct node *title = model_title(n);
	char *label = (n->flags & NF_INFORMAL) ? NULL :
	    l10n_formal_label(n, env->lang);
	struct para_opts po = body_opts(env, fr);
	struct flat f;
	struct typo_para *tp;
	double size = env->m.em * 0.9;
	const struct node *formula = model_equation_formula(n);
	/* An untitled equation whose image stands for its formula: its
	 * number at the right, under the image (beside a formula that is
	 * laid out, it is part of the formula's box). */
	bool number = formula && mathml_fallback(n) &&
	    !mathml_is_all_laid_out(formula);

	if (!number && ((label == NULL && title == NULL) || formula)) {
		g_free(label);
		return;
	}
	flat_init(&f, false);
	if (number) {
		g_string_append_printf(f.text, "(%s)", n->label);
		size = env->m.em;
		po.align = TYPO_RIGHT;
	} else {
		if (label) {
			g_string_append(f.text, label);
			flat_attr(&f, pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			    0, (int)f.text->len);
			if (title)
				g_string_append(f.text, "\u3000");
		}
		if (title)
			layout_flatten(env, title, &f);
		po.size = size;
		po.align = TYPO_CENTER;
		po.block = 'o';
	}
	tp = set_para(env, env->lay, &f, &po);
	emit_lines(env, env->lay->boxes, tp, &f, &po, size, true, flags);
	flat_done(&f);
	g_free(label);
}

/* A caption element's paragraphs (a mediaobject's, an HTML table's),
 * centred and a little smaller. */
void
caption_paras(struct layout_env *env, const struct node *cap,
    const struct frame *fr)
{
	for (const struct node *p = cap->first; p; p = p->next) {
		struct para_opts po = body_opts(env, fr);

		po.align = TYPO_CENTER;
		po.size = env->m.em * 0.9;
		if (model_kind_content(p->kind) == CT_INLINE)
			para_node(env, p, &po, 0);
	}
}

/* Video or audio with neither poster nor description: "Video: top.mp4"
 * centred, so that the reader of paper knows what the screen shows. */
static void
av_line(struct layout_env *env, const struct node *av, const struct frame *fr)
{
	const char *ref = model_attr(av, "fileref");
	char *base = g_path_get_basename(ref ? ref : "");
	char *t = g_strdup_printf("%s%s", l10n_text(env->lang,
	    strcmp(av->name, "audiodata") == 0 ? L_AUDIO : L_VIDEO), base);
	struct para_opts po = body_opts(env, fr);

	po.align = TYPO_CENTER;
	para_text(env, t, &po, 0);
	g_free(t);
	g_free(base);
}

void
layout_mediaobject(struct layout_env *env, const struct node *n,
    const struct frame *fr)
{
	bool image = false;

	for (const struct node *c = n->first; c; c = c->next) {
		if (c->kind == N_IMAGEDATA && !image) {
			char *alt = n->kind == N_INLINEMEDIA ?
			    model_inline_media_alt(n) : model_media_alt(n);

			image_box(env, c, fr, layout_intern(env, alt));
			g_free(alt);
			image = true;
		} else if (c->kind == N_CAPTION) {
			caption_paras(env, c, fr);
		}
	}
	if (!image) {
		/* only a text object: print it */
		const struct node *av = NULL;
		bool text = false;

		for (const struct node *c = n->first; c; c = c->next)
			if (c->kind == N_TEXTOBJECT) {
				struct para_opts po = body_opts(env, fr);

				po.align = TYPO_CENTER;
				para_node(env, c, &po, 0);
				text = true;
			} else if (c->kind == N_AVDATA && av == NULL)
				av = c;
		if (av && !text)
			av_line(env, av, fr);
	}
}

/*
 * An inline image (an inlinemediaobject's first imagedata) as it sits in
 * a line: its size (image_size) no wider than max_w, and its file; false
 * when it has none that can be drawn (missing, refused: image.c warned),
 * and the caller sets its alternative text instead. A helper setting
 * ahead probes nothing (the main walk alone reports images): it gives a
 * one-em stand-in, a paragraph the main walk sets again.
 */
bool
layout_inline_image(struct layout_env *env, const struct node *media,
    double max_w, struct layout_image *out)
{
	const struct node *img = NULL;
	const struct image_info *info;
	char *alt;

	for (const struct node *c = media->first; c && !img; c = c->next)
		if (c->kind == N_IMAGEDATA)
			img = c;
	memset(out, 0, sizeof *out);
	if (img == NULL)
		return false;
	if (env->speculative) {
		out->w = out->h = env->m.em;
		return true;
	}
	info = probe(env, img);
	if (info == NULL)
		return false;
	image_size(env, img, info, max_w, env->m.body_h * 0.7, true, &out->w,
	    &out->h);
	out->image = layout_intern(env, info->path);
	out->image_jpeg = info->type == IMG_JPEG;
	out->image_svg = info->type == IMG_SVG;
	alt = model_inline_media_alt(media);
	out->alt = layout_intern(env, alt);
	g_free(alt);
	return true;
}
