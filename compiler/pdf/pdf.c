/*
 * The PDF back end: bookc's fonts (its own fontconfig configuration, each
 * family checked, never a silent fallback), the Pango context the layout
 * needs, and the passes: lay out and paginate the body (again while "see
 * page N" references move), then the front matter with the table of
 * contents' page numbers, then draw everything with the PDF device (and
 * dump the page geometry when BOOKC_PAGE_DUMP names a file).
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "backend.h"
#include "device.h"
#include "finish.h"
#include "fontfile.h"
#include "diag.h"
#include "impose.h"
#include "layout.h"
#include "paginate.h"

#ifndef BOOKC_VERSION
#define BOOKC_VERSION "0.1.0"
#endif

#define PDF_MAX_PASSES 3

struct pdf {
	const struct render_opts *opts;
};

static void *
pdf_new(const struct render_opts *opts)
{
	struct pdf *p = g_new0(struct pdf, 1);

	p->opts = opts;
	return p;
}

static void
pdf_free(void *ctx)
{
	g_free(ctx);
}

/* Whether family resolves to a face of that very family in cfg. */
static bool
family_installed(FcConfig *cfg, const char *family)
{
	FcPattern *pat = FcPatternCreate(), *match;
	FcResult res;
	bool ok = false;

	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(cfg, pat, &res);
	if (match) {
		FcChar8 *f;

		for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &f) ==
		    FcResultMatch; i++)
			if (g_ascii_strcasecmp((const char *)f, family) == 0)
				ok = true;
		FcPatternDestroy(match);
	}
	FcPatternDestroy(pat);
	return ok;
}

/* Where each page begins, for an EPUB made in the same run: the first
 * line on the page that comes from the book's text (running heads and
 * generated text have none). Published before drawing, so the EPUB can
 * be written while the PDF is drawn. */
static void
publish_pages(struct page_map *map, const GPtrArray *pages)
{
	if (map == NULL)
		return;
	for (guint i = 0; i < pages->len; i++) {
		const struct page *p = pages->pdata[i];
		struct page_start ps = { 0 };

		g_strlcpy(ps.label, p->label, sizeof ps.label);
		for (guint k = 0; k < p->items->len && ps.text == NULL; k++) {
			const struct lbox *b = g_array_index(p->items,
			    struct page_item, k).b;

			if (b->kind == LB_LINE && b->src) {
				ps.text = b->src;
				ps.offset = b->src_off;
			}
			for (guint r = 0; b->kind == LB_ROW && b->kids &&
			    r < b->kids->len && ps.text == NULL; r++) {
				const struct lbox *kb = &g_array_index(b->kids,
				    struct lbox, r);

				if (kb->src) {
					ps.text = kb->src;
					ps.offset = kb->src_off;
				}
			}
		}
		g_array_append_val(map->starts, ps);
	}
	page_map_done(map, true);
}

static FcConfig *
load_fonts(const struct render_opts *o)
{
	FcConfig *cfg = FcConfigCreate();
	const char *fams[] = { o->style->body_font, o->style->heading_font,
	    o->style->code_font };

	if (o->fonts_conf == NULL ||
	    !FcConfigParseAndLoad(cfg, (const FcChar8 *)o->fonts_conf, FcTrue)) {
		diag(D_IO, NULL, o->fonts_conf ? o->fonts_conf :
		    "fonts/fonts.conf", "cannot load bookc's fontconfig file");
		FcConfigDestroy(cfg);
		return NULL;
	}
	if (!FcConfigBuildFonts(cfg)) {
		diag(D_IO, NULL, o->fonts_conf, "cannot build the font list");
		FcConfigDestroy(cfg);
		return NULL;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fams); i++)
		if (!family_installed(cfg, fams[i])) {
			diag(D_FONT_MISSING, NULL, fams[i], "fonts-noto-cjk");
			FcConfigDestroy(cfg);
			return NULL;
		}
	return cfg;
}

static PangoContext *
make_context(PangoFontMap *fm)
{
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();

	pango_cairo_context_set_resolution(ctx, 72);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	return ctx;
}

static void
free_pages(GPtrArray *pages)
{
	for (guint i = 0; i < pages->len; i++)
		page_free(pages->pdata[i]);
	g_ptr_array_free(pages, TRUE);
}

static GHashTable *
new_dest_table(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/* Metadata from <info>: texts joined with "; " when repeated. */
static char *
info_text(const struct book *b, enum node_kind kind)
{
	GString *s = NULL;
	const struct node *info = model_book_info(b);

	for (const struct node *c = info ? info->first : NULL; c; c = c->next) {
		char *t;

		if (c->kind != kind)
			continue;
		t = model_text(c);
		g_strstrip(t);
		if (s == NULL)
			s = g_string_new(t);
		else
			g_string_append_printf(s, "; %s", t);
		g_free(t);
	}
	return s ? g_string_free(s, FALSE) : NULL;
}

static char *
chapter_titles(const struct book *b)
{
	GString *s = g_string_new(NULL);

	for (const struct node *c = b->root->first; c; c = c->next) {
		struct node *t;
		char *tt;

		if (!model_is_division(c->kind) || c->kind == N_SECTION)
			continue;
		t = model_title(c);
		if (t == NULL)
			continue;
		tt = model_text(t);
		g_strstrip(tt);
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", tt);
		g_free(tt);
	}
	return g_string_free(s, s->len == 0);
}

static void
close_pango(PangoContext *ctx, PangoFontMap *fm)
{
	if (ctx == NULL)
		return;
	fontfile_forget();
	g_object_unref(ctx);
	/* The font map holds the configuration: let it go explicitly, as
	 * Pango's caches may keep a font map alive past its last unref. */
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), NULL);
	g_object_unref(fm);
}

/* What the drawn pages borrowed: let go once Cairo has their ink, before
 * it writes the fonts (the largest allocation of the run). */
struct held {
	struct layout *layouts[3];
	struct layout_env *env;
};

static void
release_layouts(gpointer arg)
{
	struct held *h = arg;

	for (size_t i = 0; i < G_N_ELEMENTS(h->layouts); i++) {
		layout_free(h->layouts[i]);
		h->layouts[i] = NULL;
	}
	if (h->env)
		layout_env_free(h->env);
	h->env = NULL;
	/* Give the freed pages back now: Cairo's font writing comes next,
	 * and with it the peak of the run. */
	malloc_trim(0);
}

static bool
write_dump(const char *path, const GPtrArray *pages)
{
	FILE *f = fopen(path, "w");

	if (f == NULL) {
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
		return false;
	}
	pdf_dump_pages(f, pages);
	if (fclose(f) != 0) {
		diag(D_OUTPUT, NULL, path, g_strerror(errno));
		return false;
	}
	return true;
}

/* With -v: how long the step that ends now took. */
static void
verbose_time(const struct render_opts *o, const char *what, gint64 *t)
{
	gint64 now = g_get_monotonic_time();

	if (o->verbose)
		fprintf(stderr, "bookc: pdf: %s %.1f ms\n", what,
		    (now - *t) / 1000.0);
	*t = now;
}

static bool
pdf_render(void *vctx, const struct book *book, const char *path, FILE *out)
{
	struct pdf *pdf = vctx;
	const struct render_opts *o = pdf->opts;
	FcConfig *cfg;
	PangoFontMap *fm, *fm2;
	PangoContext *pctx, *pctx2;
	struct layout_env *env;
	struct layout *body = NULL, *front, *extra = layout_new();
	GPtrArray *pages = NULL, *fpages, *all, *alts, *labels;
	struct pdf_order body_n, front_n;
	struct layout_metrics metrics;
	struct held held = { { NULL }, NULL };
	GHashTable *dests = NULL;
	struct pdf_meta meta = { 0 };
	char *title, *author, *subject, *keywords, *creator, *date;
	GDateTime *dt;
	const char *dump = g_getenv("BOOKC_PAGE_DUMP");
	bool ok;
	gint64 t0 = g_get_monotonic_time();

	if (path == NULL) {
		(void)out;
		diag(D_BAD_ARG, NULL, "-T pdf needs -o FILE");
		layout_free(extra);
		return false;
	}
	cfg = load_fonts(o);
	if (cfg == NULL) {
		layout_free(extra);
		return false;
	}
	fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm), cfg);
	pctx = make_context(fm);
	env = layout_env_new(pctx, o->style, book);
	/* A second font map and context for the layout helper thread. */
	fm2 = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fm2), cfg);
	pctx2 = make_context(fm2);
	if (g_getenv("BOOKC_NO_THREADS") || !layout_env_helper(env, pctx2)) {
		close_pango(pctx2, fm2);
		pctx2 = NULL;
		fm2 = NULL;
	}
	verbose_time(o, "fonts", &t0);

	/* The body, again while page references move (print styles). */
	for (int pass = 0; pass < PDF_MAX_PASSES; pass++) {
		GHashTable *prev = dests;

		layout_free(body);
		if (pages)
			free_pages(pages);
		body = layout_body(env, prev);
		verbose_time(o, "layout", &t0);
		pages = g_ptr_array_new();
		dests = new_dest_table();
		page_fill(env, body, pages, 1, false, extra, dests);
		verbose_time(o, "pagination", &t0);
		if (prev)
			g_hash_table_destroy(prev);
		if (layout_xrefs_settled(env, dests))
			break;
	}

	/* Front matter, ending on a verso so the body opens on a recto. */
	front = layout_front(env, dests);
	fpages = g_ptr_array_new();
	page_fill(env, front, fpages, 1, true, extra, dests);
	if (layout_metrics(env)->two_sided && fpages->len % 2 == 1)
		page_add_blank(fpages, true);
	all = g_ptr_array_new();
	g_ptr_array_extend(all, fpages, NULL, NULL);
	g_ptr_array_extend(all, pages, NULL, NULL);

	title = info_text(book, N_TITLE);
	if (title == NULL && model_title(book->root))
		title = model_text(model_title(book->root));
	author = info_text(book, N_AUTHOR);
	subject = info_text(book, N_ABSTRACT);
	if (subject == NULL)
		subject = info_text(book, N_SUBTITLE);
	keywords = chapter_titles(book);
	creator = g_strdup("bookc " BOOKC_VERSION);
	dt = g_date_time_new_from_unix_utc(o->source_date);
	date = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
	g_date_time_unref(dt);
	meta.title = title;
	meta.author = author;
	meta.subject = subject;
	meta.keywords = keywords;
	meta.creator = creator;
	meta.date = date;

	verbose_time(o, "front matter", &t0);
	publish_pages(o->pages, all);
	ok = !(dump && *dump) || write_dump(dump, all);
	metrics = *layout_metrics(env);
	held.layouts[0] = front;
	held.layouts[1] = body;
	held.layouts[2] = extra;
	held.env = env;
	alts = g_ptr_array_new_with_free_func(g_free);
	/* Typesetting is over: the lines hold Cairo's fonts, not Pango's.
	 * Pango's font maps let go of the font files they mapped (HarfBuzz's
	 * and FreeType's copies: tens of megabytes of a big book's memory),
	 * and the passes' leftovers go back before drawing. */
	close_pango(pctx, fm);
	close_pango(pctx2, fm2);
	malloc_trim(0);
	labels = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < all->len; i++)
		g_ptr_array_add(labels,
		    g_strdup(((struct page *)all->pdata[i])->label));
	g_ptr_array_free(all, TRUE);
	if (ok) {
		/* The body first, the front matter last (see pdf_finish). */
		struct pdf_device *dev = pdf_device_open(path, &metrics,
		    o->style, &meta, alts);

		for (guint i = 0; i < pages->len; i++)
			pdf_device_page(dev, pages->pdata[i]);
		g_ptr_array_set_size(pages, 0);
		pdf_device_count(dev, &body_n);
		for (guint i = 0; i < fpages->len; i++)
			pdf_device_page(dev, fpages->pdata[i]);
		g_ptr_array_set_size(fpages, 0);
		pdf_device_count(dev, &front_n);
		ok = pdf_device_close(dev, path, release_layouts, &held);
	}
	release_layouts(&held);
	verbose_time(o, "drawing", &t0);
	if (ok && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		struct pdf_finish_info fi = { book->lang, alts, { 0, 0, 0 },
		    labels };

		fi.front.pages = front_n.pages - body_n.pages;
		fi.front.elements = front_n.elements - body_n.elements;
		fi.front.outline = front_n.outline - body_n.outline;

		ok = pdf_finish(path, &fi);
		if (ok)
			ok = pdf_impose(path, o->impose, o->marks,
			    o->style->bleed);
	}

	g_free(title);
	g_free(author);
	g_free(subject);
	g_free(keywords);
	g_free(creator);
	g_free(date);
	g_ptr_array_free(alts, TRUE);
	g_ptr_array_free(labels, TRUE);
	free_pages(pages);
	free_pages(fpages);
	g_hash_table_destroy(dests);
	FcConfigDestroy(cfg);
	return ok;
}

const struct backend pdf_backend = {
	"pdf", ".pdf", pdf_new, pdf_render, pdf_free,
};
