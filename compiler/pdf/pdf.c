/*
 * The PDF back end: bookc's fonts (its own fontconfig configuration, each
 * family checked, never a silent fallback), the Pango context the layout
 * needs, and the passes: lay out the body while pagination places it
 * (again while "see page N" references move), each page drawn by the PDF
 * device on a thread of its own once it is known final (struct body);
 * then the front matter with the table of contents' page numbers, drawn
 * last and moved first by pdf_finish (and the page geometry dumped when
 * BOOKC_PAGE_DUMP names a file).
 */
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
#include "mem.h"
#include "impose.h"
#include "l10n.h"
#include "layout.h"
#include "paginate.h"

#ifndef BOOKC_VERSION
#define BOOKC_VERSION "0.1.0"
#endif

/* Passes over the body at most. Page references settle: from the third
 * pass on an xref only ever gains a page number (layout.c, xref_text),
 * and page numbers are set in figures of one width, so a pass that only
 * changes their figures is known to be the last (LAYOUT_SETTLE_NEXT). The
 * PostgreSQL manual takes four. */
#define PDF_MAX_PASSES 6

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
/* Where p begins in the book's text, for the EPUB's page list. */
static struct page_start
page_start_of(const struct page *p)
{
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
	return ps;
}

/* A digest of what a page shows, to tell a page an earlier pass drew
 * from the one the last pass made: eight bytes at a time, each word
 * multiplied in and its high bits folded down (byte-wise FNV-1a took 13%
 * of a pass that set nothing anew). */
static guint64
digest(guint64 h, const void *data, size_t len)
{
	const unsigned char *c = data;
	guint64 w;

	for (; len >= 8; c += 8, len -= 8) {
		memcpy(&w, c, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	if (len) {
		w = (guint64)len << 56;
		memcpy(&w, c, len);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	return h;
}

static guint64
box_sig(guint64 h, const struct lbox *b, double x, double y)
{
	h = digest(h, &b->kind, sizeof b->kind);
	h = digest(h, &x, sizeof x);
	h = digest(h, &y, sizeof y);
	h = digest(h, &b->w, sizeof b->w);
	h = digest(h, &b->h, sizeof b->h);
	if (b->line)
		h = digest(h, b->line->text, (size_t)b->line->length);
	if (b->tail)
		h = digest(h, b->tail->text, (size_t)b->tail->length);
	for (guint i = 0; b->kids && i < b->kids->len; i++) {
		const struct lbox *k = &g_array_index(b->kids, struct lbox, i);

		h = box_sig(h, k, k->x, k->dy);
	}
	return h;
}

static guint64
page_sig(const struct page *p)
{
	guint64 h = 14695981039346656037ULL;

	h = digest(h, p->label, strlen(p->label));
	for (guint k = 0; k < p->items->len; k++) {
		const struct page_item *it = &g_array_index(p->items,
		    struct page_item, k);

		h = box_sig(h, it->b, it->x, it->y);
	}
	return h;
}

/* bookc's fontconfig, with the faces of the book's Chinese variant
 * checked: a missing one is an error, never a silent substitute. */
static FcConfig *
load_fonts(const struct render_opts *o, const char *lang)
{
	FcConfig *cfg = FcConfigCreate();
	int v = l10n_zh_variant(lang);
	const char *fams[] = { style_font(o->style, SR_BODY, v),
	    style_font(o->style, SR_HEADING, v),
	    style_font(o->style, SR_CODE, v) };

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
		t = kind == N_AUTHOR ? model_person_text(c) : model_text(c);
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
	GThread *freeing;       /* release_start's */
	bool give_back;         /* free memory goes back to the system */
};

/*
 * From this many body pages on, the memory the passes leave free goes
 * back to the system before the drawing ends, so that Cairo's font
 * writing (a CJK font's CFF table read whole) adds to what is in use,
 * not to it and the leftovers: the 1,000-page benchmark peaks under
 * 180 MB. A smaller book keeps it: Cairo's CFF buffers then reuse pages
 * already in place, and the guide is 7 ms faster (of 150).
 */
#define GIVE_BACK_PAGES 200

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
	/* Give the freed pages back now: Cairo's font writing is under way
	 * or next, and with it the peak of the run. */
	if (h->give_back)
		mem_give_back();
}

static gpointer
release_run(gpointer arg)
{
	release_layouts(arg);
	return NULL;
}

/* release_layouts on a thread of its own, while Cairo writes the fonts
 * (the PostgreSQL manual's layouts take 90 ms to free). */
static void
release_start(gpointer arg)
{
	struct held *h = arg;

	h->freeing = g_thread_new("bookc-free", release_run, h);
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

/*
 * The body's pages while it is laid out. A pager (layout_set_pager)
 * places the boxes as the layout makes them, so "see page N" of a target
 * placed before knows its page at once; and a page whose xrefs are known
 * right goes to the drawing thread while the rest of the book is still
 * being set, the two cores each doing one. When a pass turns out wrong
 * somewhere (a forward reference changed width), the pages drawn before
 * that point stay: the next pass must make them again alike (their
 * digests are compared), and the drawing goes on from there; if one
 * differs, everything is drawn again from the last pass.
 */
struct body {
	struct layout_env *env;
	struct layout *extra;
	struct filler *fl;
	GPtrArray *pages;       /* this pass's; NULL: handed to the drawer */
	GHashTable *dests;      /* this pass's, as placed so far */
	char next[24];
	bool stream;            /* may draw before the last pass ends */
	bool last;              /* the last pass there may be: its pages are
	                           the book's, right or not */
	bool broken;            /* a page drawn differs: draw all again */
	guint drawn;            /* pages handed to the drawer, all passes */
	guint checked;          /* of those, made alike again this pass */
	GArray *sigs;           /* guint64: page_sig of each handed over */
	GArray *starts;         /* struct page_start of each handed over */
	GPtrArray *labels;      /* char *: label of each handed over */
	struct pdf_device *dev;
	GAsyncQueue *queue;     /* struct page * to draw; &stop ends */
	GThread *drawer;
	GMutex lock;            /* over done */
	GCond cond;             /* done grew */
	guint handed, done;     /* pages given to the drawer, and drawn */
	guint fence;            /* handed when this pass began */
	struct layout *retired; /* the last pass's, freed once its pages
	                           are drawn (pager_walked) */
	int total;              /* [page] page-numbers = of-total: the page
	                           count the folios print, the last pass's;
	                           -1: the style prints no total */
	bool hold;              /* this pass's total is a guess: draw
	                           nothing before it ends */
};

static char stop;

static gpointer
drawer_run(gpointer arg)
{
	struct body *bd = arg;
	gpointer p;

	while ((p = g_async_queue_pop(bd->queue)) != &stop) {
		pdf_device_page(bd->dev, p);
		g_mutex_lock(&bd->lock);
		bd->done++;
		g_cond_broadcast(&bd->cond);
		g_mutex_unlock(&bd->lock);
	}
	return NULL;
}

/* Waits until the first n pages handed over are drawn. */
static void
drawer_reach(struct body *bd, guint n)
{
	g_mutex_lock(&bd->lock);
	while (bd->done < n)
		g_cond_wait(&bd->cond, &bd->lock);
	g_mutex_unlock(&bd->lock);
}

/* Waits until every page handed over is drawn. */
static void
drawer_wait(struct body *bd)
{
	if (bd->drawer == NULL)
		return;
	g_async_queue_push(bd->queue, &stop);
	g_thread_join(bd->drawer);
	bd->drawer = NULL;
}

static void
draw_page(struct body *bd, struct page *p)
{
	bd->handed++;
	if (bd->stream) {
		if (bd->drawer == NULL)
			bd->drawer = g_thread_new("bookc-draw", drawer_run,
			    bd);
		g_async_queue_push(bd->queue, p);
	} else {
		pdf_device_page(bd->dev, p);
		bd->done++;
	}
}

/* Hands page i over, or checks it against the one drawn before. */
static void
commit(struct body *bd, guint i)
{
	struct page *p = bd->pages->pdata[i];
	guint64 sig = page_sig(p);

	if (i < bd->drawn) {
		if (sig != g_array_index(bd->sigs, guint64, i))
			bd->broken = true;
		bd->checked = i + 1;
		return;
	}
	if (bd->broken || bd->checked < bd->drawn)
		return;
	{
		struct page_start ps = page_start_of(p);

		g_array_append_val(bd->sigs, sig);
		g_array_append_val(bd->starts, ps);
		g_ptr_array_add(bd->labels, g_strdup(p->label));
	}
	bd->pages->pdata[i] = NULL;
	bd->drawn = bd->checked = i + 1;
	draw_page(bd, p);
}

/* Commits the pages the xrefs allow: those before the first page with an
 * xref not known right. */
static void
commit_ready(struct body *bd, bool all)
{
	int upto = all ? G_MAXINT : layout_xrefs_frontier(bd->env, bd->dests);

	if (bd->hold)
		return;

	/* the pages before checked are handed over or checked already */
	for (guint i = bd->checked; !bd->broken && i < bd->pages->len; i++) {
		const struct page *p = bd->pages->pdata[i];

		if (!all && p->number >= upto)
			break;
		commit(bd, i);
	}
}

static void
pager_begin(void *arg, const struct layout *l)
{
	struct body *bd = arg;

	bd->pages = g_ptr_array_new();
	bd->dests = new_dest_table();
	bd->fl = page_filler_new(bd->env, l, bd->pages, 1, false, bd->extra,
	    bd->dests, true);
	if (bd->total >= 0)
		page_filler_set_total(bd->fl, bd->total);
	bd->checked = 0;
	bd->fence = bd->handed;
}

/* The walk is over and the paragraphs only earlier passes used are about
 * to go: the pages that borrow them, and the last pass's layout, must be
 * drawn. The drawer goes on with them while the next pass is set, and
 * is seldom still at it by then. */
static void
pager_walked(void *arg)
{
	struct body *bd = arg;

	drawer_reach(bd, bd->fence);
	layout_free(bd->retired);
	bd->retired = NULL;
}

static void
pager_progress(void *arg)
{
	struct body *bd = arg;
	guint before = bd->pages->len;

	page_filler_run(bd->fl, false);
	if (bd->dev && bd->pages->len > before)
		commit_ready(bd, bd->last);
}

static const char *
pager_label(void *arg, const char *dest)
{
	return g_hash_table_lookup(((struct body *)arg)->dests, dest);
}

static bool
pager_waiting(void *arg, const char *dest)
{
	return page_filler_waiting(((struct body *)arg)->fl, dest);
}

static const char *
pager_next(void *arg, const char *dest, double dy)
{
	struct body *bd = arg;

	return page_filler_predict(bd->fl, dest, dy, bd->next,
	    sizeof bd->next);
}

/* The pass's pages and targets, given up for the next pass (those handed
 * to the drawer are its own). */
static void
body_reset(struct body *bd)
{
	if (bd->pages)
		free_pages(bd->pages);
	if (bd->dests)
		g_hash_table_destroy(bd->dests);
	if (bd->fl)
		page_filler_free(bd->fl);
	bd->pages = NULL;
	bd->dests = NULL;
	bd->fl = NULL;
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

/* Starts drawing again, from the first page (see struct body). */
static void
body_redraw(struct body *bd, const char *path, const struct layout_metrics *m,
    const struct style *st, const struct pdf_meta *meta,
    struct pdf_tags *tags)
{
	drawer_wait(bd);
	pdf_device_close(bd->dev, path, NULL, NULL, NULL);
	pdf_tags_clear(tags);
	bd->dev = pdf_device_open(path, m, st, meta, tags, bd->stream);
	bd->drawn = bd->checked = 0;
	bd->broken = false;
	g_array_set_size(bd->sigs, 0);
	g_array_set_size(bd->starts, 0);
	g_ptr_array_set_size(bd->labels, 0);
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
	GPtrArray *fpages, *labels;
	struct pdf_tags *tags;
	struct pdf_order body_n, front_n;
	struct layout_metrics metrics;
	struct held held = { { NULL }, NULL, NULL, false };
	struct body bd = { 0 };
	struct layout_pager pager = { pager_begin, pager_progress,
	    pager_walked, pager_label, pager_waiting, pager_next, &bd };
	GHashTable *prev = NULL;
	enum layout_settle settle = LAYOUT_UNSETTLED;
	guint changes = 0;
	/* BOOKC_PASSES: fewer passes, for the tests of what happens when
	 * the pages do not settle */
	const char *passes_env = g_getenv("BOOKC_PASSES");
	int passes = passes_env ? CLAMP(atoi(passes_env), 1, PDF_MAX_PASSES) :
	    PDF_MAX_PASSES;
	struct pdf_meta meta = { 0 };
	char *title, *author, *subject, *keywords, *creator, *date;
	char *md5 = NULL;      /* of what Cairo wrote, for pdf_finish */
	GDateTime *dt;
	const char *dump = g_getenv("BOOKC_PAGE_DUMP");
	bool threads = g_getenv("BOOKC_NO_THREADS") == NULL;
	bool ok = true;
	gint64 t0 = g_get_monotonic_time();

	if (path == NULL) {
		(void)out;
		diag(D_BAD_ARG, NULL, "-T pdf needs -o FILE");
		layout_free(extra);
		return false;
	}
	cfg = load_fonts(o, book->lang);
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
	if (!threads || !layout_env_helper(env, pctx2)) {
		close_pango(pctx2, fm2);
		pctx2 = NULL;
		fm2 = NULL;
	}
	verbose_time(o, "fonts", &t0);

	title = model_document_title(book);
	author = info_text(book, N_AUTHOR);
	subject = info_text(book, N_ABSTRACT);
	if (subject == NULL)
		subject = info_text(book, N_SUBTITLE);
	{
		/* The book's own keywords, else its chapters' titles. */
		char **kw = model_book_keywords(book);

		keywords = kw ? g_strjoinv(", ", kw) : chapter_titles(book);
		g_strfreev(kw);
	}
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

	metrics = *layout_metrics(env);
	tags = pdf_tags_new();
	bd.env = env;
	bd.extra = extra;
	bd.sigs = g_array_new(FALSE, FALSE, sizeof(guint64));
	bd.starts = g_array_new(FALSE, FALSE, sizeof(struct page_start));
	bd.labels = g_ptr_array_new_with_free_func(g_free);
	bd.queue = g_async_queue_new();
	g_mutex_init(&bd.lock);
	g_cond_init(&bd.cond);
	bd.stream = threads;
	bd.total = strcmp(o->style->page_numbers, "of-total") == 0 ? 0 : -1;
	/* The page dump wants every page at the end: nothing is drawn
	 * before. */
	if (!(dump && *dump))
		bd.dev = pdf_device_open(path, &metrics, o->style, &meta, tags,
		    threads);
	layout_set_pager(env, &pager);

	/* The body, again while page references move (print styles). */
	for (int pass = 0; pass < passes; pass++) {
		bool final = settle == LAYOUT_SETTLE_NEXT;

		if (pass > 0) {
			if (prev)
				g_hash_table_destroy(prev);
			prev = bd.dests;
			bd.dests = NULL;
			body_reset(&bd);
		}
		bd.retired = body;
		bd.last = final || pass == passes - 1;
		bd.hold = bd.total == 0;
		body = layout_body(env, prev);
		page_filler_run(bd.fl, true);
		if (o->verbose)
			fprintf(stderr, "bookc: pdf: pass %d: %u pages, %u "
			    "drawn\n", pass + 1, bd.pages->len, bd.drawn);
		verbose_time(o, "layout and pagination", &t0);
		settle = layout_xrefs_settle(env, bd.dests, &changes);
		/* Pages numbered "N / total" counted to a guess: once more
		 * with this pass's count, which pages set alike keep. */
		if (bd.total >= 0 && bd.total != (int)bd.pages->len) {
			bd.total = (int)bd.pages->len;
			if (settle == LAYOUT_SETTLED)
				settle = LAYOUT_SETTLE_NEXT;
			if (o->verbose)
				fprintf(stderr, "bookc: pdf: %d pages to "
				    "count to\n", bd.total);
			continue;
		}
		if (settle == LAYOUT_SETTLED)
			break;
		if (o->verbose)
			fprintf(stderr, "bookc: pdf: %u page references to "
			    "set again%s\n", changes,
			    settle == LAYOUT_SETTLE_NEXT ? ", as wide" : "");
	}
	bd.hold = false;
	if (settle != LAYOUT_SETTLED)
		diag(D_PAGES_UNSETTLED, NULL, changes, passes);
	if (prev)
		g_hash_table_destroy(prev);
	layout_set_pager(env, NULL);

	/* Front matter, ending on a verso so the body opens on a recto. */
	front = layout_front(env, bd.dests);
	fpages = g_ptr_array_new();
	page_fill(env, front, fpages, 1, true, extra, bd.dests);
	if (metrics.two_sided && fpages->len % 2 == 1)
		page_add_blank(fpages, true);
	verbose_time(o, "front matter", &t0);
	if (dump && *dump) {
		GPtrArray *all = g_ptr_array_new();

		g_ptr_array_extend(all, fpages, NULL, NULL);
		g_ptr_array_extend(all, bd.pages, NULL, NULL);
		ok = write_dump(dump, all);
		g_ptr_array_free(all, TRUE);
		bd.dev = pdf_device_open(path, &metrics, o->style, &meta,
		    tags, threads);
	}
	/* The last pass's pages: those drawn before must be alike. */
	commit_ready(&bd, true);
	if (bd.broken) {
		if (o->verbose)
			fprintf(stderr, "bookc: pdf: a page drawn before "
			    "differs: drawing again\n");
		body_redraw(&bd, path, &metrics, o->style, &meta, tags);
		commit_ready(&bd, true);
	}
	for (guint i = 0; i < bd.pages->len; i++) {
		page_free(bd.pages->pdata[i]);
		bd.pages->pdata[i] = NULL;
	}

	/* The page labels, and where the pages begin for the EPUB, in the
	 * final order: the front matter first. */
	labels = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < fpages->len; i++) {
		const struct page *p = fpages->pdata[i];
		struct page_start ps = page_start_of(p);

		g_ptr_array_add(labels, g_strdup(p->label));
		if (o->pages)
			g_array_append_val(o->pages->starts, ps);
	}
	for (guint i = 0; i < bd.labels->len; i++)
		g_ptr_array_add(labels, g_strdup(bd.labels->pdata[i]));
	if (o->pages) {
		g_array_append_vals(o->pages->starts, bd.starts->data,
		    bd.starts->len);
		page_map_done(o->pages, true);
	}

	held.layouts[0] = front;
	held.layouts[1] = body;
	held.layouts[2] = extra;
	held.env = env;
	held.give_back = bd.labels->len >= GIVE_BACK_PAGES;
	/* Typesetting is over: the lines hold Cairo's fonts, not Pango's.
	 * Pango's font maps let go of the font files they mapped (HarfBuzz's
	 * and FreeType's copies: tens of megabytes of a big book's memory),
	 * and the passes' leftovers go back. */
	close_pango(pctx, fm);
	close_pango(pctx2, fm2);
	if (held.give_back)
		mem_give_back();

	/* The body is drawn (or being drawn); the front matter last, put
	 * first by pdf_finish. */
	drawer_wait(&bd);
	verbose_time(o, "the body drawn", &t0);
	pdf_device_count(bd.dev, &body_n);
	for (guint i = 0; i < fpages->len; i++)
		pdf_device_page(bd.dev, fpages->pdata[i]);
	g_ptr_array_set_size(fpages, 0);
	pdf_device_count(bd.dev, &front_n);
	verbose_time(o, "front matter drawn", &t0);
	if (!pdf_device_close(bd.dev, path, threads ? release_start :
	    release_layouts, &held, &md5))
		ok = false;
	if (held.freeing)
		g_thread_join(held.freeing);
	release_layouts(&held);
	verbose_time(o, "fonts written", &t0);
	if (ok && g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		struct pdf_finish_info fi = { book->lang, tags, { 0, 0, 0 },
		    labels, md5, title, author, false };

		/* the claim the EPUB makes with the same key (style.h) */
		fi.ua = o->style->certified_by != NULL;
		fi.front.pages = front_n.pages - body_n.pages;
		fi.front.elements = front_n.elements - body_n.elements;
		fi.front.outline = front_n.outline - body_n.outline;
		ok = pdf_finish(path, &fi);
		verbose_time(o, "finishing", &t0);
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
	g_free(md5);
	pdf_tags_free(tags);
	g_ptr_array_free(labels, TRUE);
	g_ptr_array_free(fpages, TRUE);
	bd.dev = NULL;
	body_reset(&bd);
	g_array_free(bd.sigs, TRUE);
	g_array_free(bd.starts, TRUE);
	g_ptr_array_free(bd.labels, TRUE);
	g_async_queue_unref(bd.queue);
	g_mutex_clear(&bd.lock);
	g_cond_clear(&bd.cond);
	FcConfigDestroy(cfg);
	return ok;
}

const struct backend pdf_backend = {
	"pdf", ".pdf", pdf_new, pdf_render, pdf_free,
};
