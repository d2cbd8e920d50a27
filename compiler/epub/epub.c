/*
 * The EPUB 3 back end: drives content.c (the XHTML of each file), then
 * writes what surrounds it (the navigation document and toc.ncx, the
 * cover page, the package document with its metadata), has css.c write
 * the stylesheet, and zips everything with libzip in a fixed order, with
 * fixed dates and no extra fields, so that the same book always gives the
 * same bytes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>
#include <zlib.h>

#include "backend.h"
#include "epub.h"
#include "image.h"
#include "l10n.h"
#include "xhtml.h"

struct epub_ctx {
	const struct render_opts *opts;
	FcConfig *cfg;
};

/* One file of the container. */
struct entry {
	char *name;             /* path in the zip */
	GBytes *data;
	bool store;             /* uncompressed */
	GBytes *deflated;       /* data deflated ahead (see deflate_entry),
	                           which then lets data go; or NULL: libzip
	                           deflates data */
	gsize size;             /* data's size, with deflated */
	guint32 crc;            /* data's CRC-32, with deflated */
};

struct book_meta {
	char *title, *subtitle, *publisher, *rights, *date;
	GPtrArray *authors;     /* char * */
	char *uuid;             /* "urn:uuid:..." */
	char *modified;         /* YYYY-MM-DDThh:mm:ssZ */
	char *print_source;     /* the printed edition whose pages are
	                           marked, or NULL */
	/* What the accessibility metadata may say: */
	bool index;             /* there is a back-of-book index */
	unsigned alt_missing;   /* images without alt text of their own */
	const char *certified_by; /* the style's claim, or NULL */
};

static void
entry_free(gpointer p)
{
	struct entry *e = p;

	g_free(e->name);
	if (e->data)
		g_bytes_unref(e->data);
	if (e->deflated)
		g_bytes_unref(e->deflated);
	g_free(e);
}

/* zlib's default level: 9 made the PostgreSQL manual's EPUB 0.5% smaller
 * and 0.1 s slower to write */
#define ZIP_LEVEL 6

/*
 * An entry deflated as soon as it is made, on the pool's thread while
 * the next chapters are written (a big book's XHTML takes a quarter of
 * a second to deflate) or else at once; its data then goes, so a book's
 * XHTML is not held whole until the zip is written. It is deflated
 * exactly as libzip would (zip_algorithm_deflate.c: raw deflate, the
 * level, memLevel 9, the default strategy), so the file is the same byte
 * for byte; libzip then copies it (see raw_source). If zlib fails here,
 * deflated stays NULL and libzip deflates the data.
 */
static void
deflate_entry(gpointer data, gpointer unused)
{
	struct entry *e = data;
	gsize n;
	const Bytef *in = g_bytes_get_data(e->data, &n);
	z_stream z = { 0 };
	Bytef *out;
	uLong bound;

	(void)unused;
	if (n > G_MAXUINT32 / 2 || deflateInit2(&z, ZIP_LEVEL, Z_DEFLATED,
	    -MAX_WBITS, MAX_MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
		return;
	bound = deflateBound(&z, (uLong)n);
	out = g_malloc(bound);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) == Z_STREAM_END) {
		e->crc = (guint32)crc32(crc32(0, NULL, 0), in, (uInt)n);
		e->size = n;
		e->deflated = g_bytes_new_take(g_realloc(out, z.total_out),
		    z.total_out);
		g_bytes_unref(e->data);
		e->data = NULL;
	} else {
		g_free(out);
	}
	deflateEnd(&z);
}

/* A new entry, deflated ahead unless it is stored: on pool's thread,
 * or at once when pool is NULL. */
static struct entry *
entry_new(const char *name, GBytes *data, bool store, GThreadPool *pool)
{
	struct entry *e = g_new0(struct entry, 1);

	e->name = g_strdup(name);
	e->data = data;
	e->store = store;
	if (!store && pool)
		g_thread_pool_push(pool, e, NULL);
	else if (!store)
		deflate_entry(e, NULL);
	return e;
}

static void
add_entry(GPtrArray *entries, const char *name, GBytes *data, bool store,
    GThreadPool *pool)
{
	g_ptr_array_add(entries, entry_new(name, data, store, pool));
}

static void
add_text(GPtrArray *entries, const char *name, char *text, size_t len,
    GThreadPool *pool)
{
	add_entry(entries, name, g_bytes_new_take(text, len), false, pool);
}

/* ---- Metadata ------------------------------------------------------- */

static char *
first_text(const struct node *parent, enum node_kind k)
{
	for (const struct node *c = parent ? parent->first : NULL; c;
	    c = c->next)
		if (c->kind == k)
			return model_text(c);
	return NULL;
}

/* A urn:uuid from a SHA-1 of the book's title, authors and text, laid out
 * as a name-based (version 5) UUID: stable across builds of one book. */
static char *
book_uuid(const struct book *b, const struct book_meta *m)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
	char *text = model_text(b->root);
	guint8 h[20];
	gsize n = sizeof h;

	g_checksum_update(sum, (const guchar *)m->title, -1);
	g_checksum_update(sum, (const guchar *)"\n", 1);
	for (guint i = 0; i < m->authors->len; i++) {
		g_checksum_update(sum, g_ptr_array_index(m->authors, i), -1);
		g_checksum_update(sum, (const guchar *)"\n", 1);
	}
	g_checksum_update(sum, (const guchar *)text, -1);
	g_checksum_get_digest(sum, h, &n);
	g_checksum_free(sum);
	g_free(text);
	h[6] = (guint8)((h[6] & 0x0F) | 0x50);
	h[8] = (guint8)((h[8] & 0x3F) | 0x80);
	return g_strdup_printf("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4],
	    h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14],
	    h[15]);
}

/* A W3CDTF date: YYYY, YYYY-MM or YYYY-MM-DD. */
static bool
is_w3c_date(const char *s)
{
	static const char *const forms[] = { "dddd", "dddd-dd", "dddd-dd-dd",
	    NULL };

	for (const char *const *f = forms; *f; f++) {
		size_t i;

		if (strlen(s) != strlen(*f))
			continue;
		for (i = 0; (*f)[i]; i++)
			if ((*f)[i] == 'd' ? !g_ascii_isdigit(s[i]) :
			    s[i] != (*f)[i])
				break;
		if ((*f)[i] == '\0')
			return true;
	}
	return false;
}

static void
meta_init(struct book_meta *m, const struct book *b, long long when)
{
	const struct node *info = model_book_info(b);
	time_t tt = (time_t)when;
	struct tm tm;
	char buf[32];

	memset(m, 0, sizeof *m);
	m->title = model_document_title(b);
	m->subtitle = first_text(info, N_SUBTITLE);
	if (m->subtitle == NULL)
		m->subtitle = first_text(b->root, N_SUBTITLE);
	m->publisher = first_text(info, N_PUBLISHER);
	for (const struct node *c = info ? info->first : NULL;
	    c && m->rights == NULL; c = c->next)
		if (c->kind == N_COPYRIGHT) {
			char *r = model_copyright_text(c);

			m->rights = g_strdup_printf("Copyright © %s", r);
			g_free(r);
		}
	if (m->rights == NULL) {
		m->rights = first_text(info, N_LEGALNOTICE);
	}
	m->authors = g_ptr_array_new_with_free_func(g_free);
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_AUTHOR) {
			char *a = model_person_text(c);

			if (*a)
				g_ptr_array_add(m->authors, a);
			else
				g_free(a);
		}
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	m->modified = g_strdup(buf);
	/* The book's date, else none: the build's date is dcterms:modified,
	 * never the publication's (a book without one got 2000-01-01). A
	 * date in prose ("March 2008", "2008年3月") gives its year. */
	m->date = first_text(info, N_DATE);
	if (m->date && !is_w3c_date(g_strstrip(m->date))) {
		char *year = NULL;

		for (const char *y = m->date; *y && year == NULL; y++)
			if ((y == m->date || !g_ascii_isdigit(y[-1])) &&
			    strspn(y, "0123456789") == 4)
				year = g_strndup(y, 4);
		g_free(m->date);
		m->date = year;
	}
	m->uuid = book_uuid(b, m);
}

static void
meta_fini(struct book_meta *m)
{
	g_free(m->title);
	g_free(m->subtitle);
	g_free(m->publisher);
	g_free(m->rights);
	g_free(m->date);
	g_free(m->uuid);
	g_free(m->modified);
	g_free(m->print_source);
	g_ptr_array_free(m->authors, TRUE);
}

/* ---- Landmarks ---------------------------------------------------------- */

/* A place readers offer to go to: the nav's landmarks, and the OPF 2
 * guide, which Calibre and older readers read (without its cover
 * reference Calibre shows the cover twice: its own and the page). */
struct landmark {
	const char *type;       /* epub:type */
	const char *guide;      /* the OPF 2 guide's type */
	char *href;
	const char *text;
};

/* The landmarks of d, in reading order; *n gets their number (at most
 * 5). bodymatter is the first chapter, part or appendix (a preface is
 * front matter), or else the first content after the title page; the
 * index is there when the book prints one. */
static struct landmark *
landmarks(const struct epub_doc *d, guint *n)
{
	const char *lang = d->book->lang;
	struct landmark *lm = g_new0(struct landmark, 5);
	const struct epub_chunk *first = NULL, *body = NULL;
	char *index = NULL;

	for (guint i = 0; i < d->chunks->len; i++) {
		const struct epub_chunk *c = g_ptr_array_index(d->chunks, i);

		if (c->kind != CHUNK_TITLEPAGE && first == NULL)
			first = c;
		if (c->kind != CHUNK_TITLEPAGE && c->kind != CHUNK_PREFACE &&
		    body == NULL)
			body = c;
	}
	if (body == NULL)
		body = first;
	if (d->index_div)
		index = epub_doc_href(d, d->index_div, NULL);
	*n = 0;
	lm[(*n)++] = (struct landmark){ "cover", "cover",
	    g_strdup("cover.xhtml"), l10n_text(lang, L_COVER) };
	lm[(*n)++] = (struct landmark){ "titlepage", "title-page",
	    g_strdup("titlepage.xhtml"), l10n_text(lang, L_TITLEPAGE) };
	lm[(*n)++] = (struct landmark){ "toc", "toc",
	    g_strdup("nav.xhtml#toc"), l10n_text(lang, L_CONTENTS) };
	if (body)
		lm[(*n)++] = (struct landmark){ "bodymatter", "text",
		    g_strdup(body->file), l10n_text(lang, L_START) };
	if (index)
		lm[(*n)++] = (struct landmark){ "index", "index", index,
		    l10n_text(lang, L_INDEX) };
	return lm;
}

static void
landmarks_free(struct landmark *lm, guint n)
{
	for (guint i = 0; i < n; i++)
		g_free(lm[i].href);
	g_free(lm);
}

/* ---- XHTML around the content ----------------------------------------- */

/* A writer with the face hook, its document opened up to <body>. */
static struct xhtml *
page_begin(struct epub_face_hook *hook, const char *lang, const char *title,
    const char *body_type)
{
	struct xhtml *x = xhtml_new();

	xhtml_set_text_hook(x, epub_face_hook, hook);
	xhtml_prolog(x, true);
	xhtml_open(x, "html", "xmlns", "http://www.w3.org/1999/xhtml",
	    "xmlns:epub", "http://www.idpf.org/2007/ops", "xml:lang", lang,
	    "lang", lang, NULL);
	xhtml_set_data(x, FACE_NONE);
	xhtml_open(x, "head", NULL);
	xhtml_leaf(x, "meta", "charset", "utf-8", NULL);
	xhtml_open(x, "title", NULL);
	xhtml_text(x, title);
	xhtml_close(x);
	xhtml_leaf(x, "link", "rel", "stylesheet", "type", "text/css", "href",
	    "css/book.css", NULL);
	xhtml_close(x);
	xhtml_open(x, "body", "epub:type", body_type, NULL);
	xhtml_set_data(x, FACE_SERIF);
	return x;
}

/* Opens tag with the face the stylesheet gives it. */
static void
page_open(struct xhtml *x, const char *tag, const char *lang)
{
	int face = xhtml_data(x);

	xhtml_open(x, tag, NULL);
	xhtml_set_data(x, epub_face_for(tag, lang, face));
}

/* The lists of figures (loi) and tables (lot) as navigation of their
 * own: reading systems offer them, the nav page does not show them.
 * The style's [toc] keys turn them off, in the PDF too. */
static void
nav_formal(struct epub_doc *d, struct xhtml *x, enum formal_list which)
{
	const char *lang = d->book->lang;
	bool tables = which == FL_TABLES, any = false;

	for (guint i = 0; i < d->formal->len; i++) {
		const struct node *n = g_ptr_array_index(d->formal, i);
		char *href, *label, *title, *text;

		if (model_formal_list(n) != which ||
		    (href = epub_doc_href(d, n, NULL)) == NULL)
			continue;
		if (!any) {
			xhtml_close_to(x, 2);   /* html, body */
			xhtml_open(x, "nav", "epub:type", tables ? "lot" : "loi",
			    "id", tables ? "lot" : "loi", "hidden", "hidden",
			    NULL);
			page_open(x, "h2", lang);
			xhtml_text(x, l10n_text(lang, tables ? L_LIST_OF_TABLES :
			    L_LIST_OF_FIGURES));
			xhtml_close(x);
			xhtml_open(x, "ol", NULL);
			any = true;
		}
		label = l10n_formal_label(n, n->lang ? n->lang : lang);
		title = model_text(model_title(n));
		text = g_strdup_printf("%s %s", label ? label : "", title);
		xhtml_open(x, "li", NULL);
		xhtml_open(x, "a", "href", href, NULL);
		xhtml_text(x, g_strstrip(text));
		xhtml_close(x);
		xhtml_close(x);
		g_free(text);
		g_free(title);
		g_free(label);
		g_free(href);
	}
}

/* The printed edition's pages, when the PDF was made in the same run. */
static void
nav_pages(struct epub_doc *d, struct xhtml *x)
{
	const char *lang = d->book->lang;
	bool any = false;

	for (guint i = 0; d->page_hrefs && i < d->page_hrefs->len; i++) {
		const char *href = d->page_hrefs->pdata[i];
		const struct epub_page *ep = &g_array_index(d->page_pos,
		    struct epub_page, i);

		if (href == NULL)
			continue;
		if (!any) {
			xhtml_close_to(x, 2);   /* html, body */
			xhtml_open(x, "nav", "epub:type", "page-list", "role",
			    "doc-pagelist", "id", "page-list", "hidden",
			    "hidden", NULL);
			page_open(x, "h2", lang);
			xhtml_text(x, !l10n_is_zh(lang) ? "Pages" :
			    l10n_zh_variant(lang) == ZH_SC ? "页码" : "頁碼");
			xhtml_close(x);
			xhtml_open(x, "ol", NULL);
			any = true;
		}
		xhtml_open(x, "li", NULL);
		xhtml_open(x, "a", "href", href, NULL);
		xhtml_text(x, ep->label);
		xhtml_close(x);
		xhtml_close(x);
	}
}

static char *
nav_xhtml(struct epub_doc *d, struct epub_face_hook *hook, size_t *len)
{
	const char *lang = d->book->lang;
	const char *contents = l10n_text(lang, L_CONTENTS);
	struct xhtml *x = page_begin(hook, lang, contents, "frontmatter");
	GArray *li_depth = g_array_new(FALSE, TRUE, sizeof(size_t));
	unsigned cur = 0;
	struct landmark *lm;
	guint nlm;
	char *doc;

	xhtml_open(x, "nav", "epub:type", "toc", "id", "toc", "role",
	    "doc-toc", NULL);
	page_open(x, "h1", lang);
	epub_nav_page_marks(d, x);
	xhtml_text(x, contents);
	xhtml_close(x);
	xhtml_open(x, "ol", NULL);
	/* The flat list of levels becomes nested lists: a deeper entry opens
	 * an <ol> in the open <li>; a shallower one closes back to its
	 * level. */
	for (guint i = 0; i < d->toc->len; i++) {
		const struct epub_toc *t = g_ptr_array_index(d->toc, i);
		unsigned level = MIN(t->level, cur + 1);
		size_t depth;

		if (level == cur + 1 && cur > 0)
			xhtml_open(x, "ol", NULL);
		else if (level <= cur)
			xhtml_close_to(x, g_array_index(li_depth, size_t, level));
		depth = xhtml_depth(x);
		if (li_depth->len <= level)
			g_array_set_size(li_depth, level + 1);
		g_array_index(li_depth, size_t, level) = depth;
		xhtml_open(x, "li", NULL);
		xhtml_open(x, "a", "href", t->href, NULL);
		if (epub_text_typeset(x, t->text, lang,
		    &(struct epub_textstate){ 0 }))
			d->western_quotes = true;
		xhtml_close(x);
		cur = level;
	}
	if (d->toc->len == 0) {
		/* An empty <ol> is invalid: link the title page. */
		xhtml_open(x, "li", NULL);
		xhtml_open(x, "a", "href", "titlepage.xhtml", NULL);
		xhtml_text(x, l10n_text(lang, L_TITLEPAGE));
		xhtml_close(x);
	}
	xhtml_close_to(x, 2);           /* html, body */

	xhtml_open(x, "nav", "epub:type", "landmarks", "id", "landmarks",
	    "hidden", "hidden", NULL);
	page_open(x, "h2", lang);
	xhtml_text(x, l10n_text(lang, L_LANDMARKS));
	xhtml_close(x);
	xhtml_open(x, "ol", NULL);
	lm = landmarks(d, &nlm);
	for (guint i = 0; i < nlm; i++) {
		xhtml_open(x, "li", NULL);
		xhtml_open(x, "a", "epub:type", lm[i].type, "href", lm[i].href,
		    NULL);
		xhtml_text(x, lm[i].text);
		xhtml_close(x);
		xhtml_close(x);
	}
	landmarks_free(lm, nlm);
	if (d->style->toc_figures)
		nav_formal(d, x, FL_FIGURES);
	if (d->style->toc_tables)
		nav_formal(d, x, FL_TABLES);
	nav_pages(d, x);
	d->misnested += xhtml_misnested(x);
	doc = xhtml_finish(x, len);
	xhtml_free(x);
	g_array_free(li_depth, TRUE);
	return doc;
}

static char *
cover_xhtml(const struct epub_doc *d, const struct book_meta *m,
    struct epub_face_hook *hook, size_t *len)
{
	const char *lang = d->book->lang;
	struct xhtml *x = page_begin(hook, lang, l10n_text(lang, L_COVER), "cover");
	char *doc;

	xhtml_open(x, "div", "class", "cover", NULL);
	xhtml_leaf(x, "img", "src", "images/cover.png", "alt", m->title, NULL);
	doc = xhtml_finish(x, len);
	xhtml_free(x);
	return doc;
}

/* The printed pages in the NCX, which Calibre and older readers read
 * instead of the navigation document's page-list; order: the playOrder
 * the entries before them took. */
static void
ncx_pages(const struct epub_doc *d, struct xhtml *x, unsigned order)
{
	bool any = false;

	for (guint i = 0; d->page_hrefs && i < d->page_hrefs->len; i++) {
		const char *href = d->page_hrefs->pdata[i];
		const char *label = g_array_index(d->page_pos,
		    struct epub_page, i).label;
		bool normal = label[0] != '\0' &&
		    strspn(label, "0123456789") == strlen(label);
		char id[24], po[16];

		if (href == NULL)
			continue;
		if (!any) {
			xhtml_close_to(x, 1);   /* ncx */
			xhtml_open(x, "pageList", NULL);
			xhtml_open(x, "navLabel", NULL);
			xhtml_open(x, "text", NULL);
			xhtml_text(x, l10n_is_zh(d->book->lang) ? "页码" :
			    "Pages");
			xhtml_close(x);
			xhtml_close(x);
			any = true;
		}
		g_snprintf(id, sizeof id, "page-%u", i + 1);
		g_snprintf(po, sizeof po, "%u", ++order);
		xhtml_open(x, "pageTarget", "id", id, "type", normal ?
		    "normal" : "front", "value", normal ? label : NULL,
		    "playOrder", po, NULL);
		xhtml_open(x, "navLabel", NULL);
		xhtml_open(x, "text", NULL);
		xhtml_text(x, label);
		xhtml_close(x);
		xhtml_close(x);
		xhtml_leaf(x, "content", "src", href, NULL);
		xhtml_close(x);
	}
}

static char *
toc_ncx(const struct epub_doc *d, const struct book_meta *m, size_t *len)
{
	struct xhtml *x = xhtml_new();
	GArray *np_depth = g_array_new(FALSE, TRUE, sizeof(size_t));
	unsigned cur = 0, maxdepth = 1, pages = 0, maxpage = 0;
	char *doc, depth_s[16], pages_s[16], maxpage_s[16];

	for (guint i = 0; i < d->toc->len; i++) {
		const struct epub_toc *t = g_ptr_array_index(d->toc, i);

		maxdepth = MAX(maxdepth, t->level);
	}
	g_snprintf(depth_s, sizeof depth_s, "%u", maxdepth);
	for (guint i = 0; d->page_hrefs && i < d->page_hrefs->len; i++) {
		const char *label = g_array_index(d->page_pos,
		    struct epub_page, i).label;

		if (d->page_hrefs->pdata[i] == NULL)
			continue;
		pages++;
		if (label[0] && strspn(label, "0123456789") == strlen(label))
			maxpage = MAX(maxpage, (unsigned)atoi(label));
	}
	g_snprintf(pages_s, sizeof pages_s, "%u", pages);
	g_snprintf(maxpage_s, sizeof maxpage_s, "%u", maxpage);
	xhtml_prolog(x, false);
	xhtml_open(x, "ncx", "xmlns", "http://www.daisy.org/z3986/2005/ncx/",
	    "version", "2005-1", "xml:lang", d->book->lang, NULL);
	xhtml_open(x, "head", NULL);
	xhtml_leaf(x, "meta", "name", "dtb:uid", "content", m->uuid, NULL);
	xhtml_leaf(x, "meta", "name", "dtb:depth", "content", depth_s, NULL);
	xhtml_leaf(x, "meta", "name", "dtb:totalPageCount", "content",
	    pages_s, NULL);
	xhtml_leaf(x, "meta", "name", "dtb:maxPageNumber", "content",
	    maxpage_s, NULL);
	xhtml_close(x);
	xhtml_open(x, "docTitle", NULL);
	xhtml_open(x, "text", NULL);
	xhtml_text(x, m->title);
	xhtml_close(x);
	xhtml_close(x);
	xhtml_open(x, "navMap", NULL);
	for (guint i = 0; i < d->toc->len; i++) {
		const struct epub_toc *t = g_ptr_array_index(d->toc, i);
		unsigned level = MIN(t->level, cur + 1);
		char id[24], order[16];

		if (level <= cur)
			xhtml_close_to(x, g_array_index(np_depth, size_t, level));
		if (np_depth->len <= level)
			g_array_set_size(np_depth, level + 1);
		g_array_index(np_depth, size_t, level) = xhtml_depth(x);
		g_snprintf(id, sizeof id, "np-%u", i + 1);
		g_snprintf(order, sizeof order, "%u", i + 1);
		xhtml_open(x, "navPoint", "id", id, "playOrder", order, NULL);
		xhtml_open(x, "navLabel", NULL);
		xhtml_open(x, "text", NULL);
		xhtml_text(x, t->text);
		xhtml_close(x);
		xhtml_close(x);
		xhtml_leaf(x, "content", "src", t->href, NULL);
		cur = level;
	}
	if (d->toc->len == 0) {
		xhtml_open(x, "navPoint", "id", "np-1", "playOrder", "1", NULL);
		xhtml_open(x, "navLabel", NULL);
		xhtml_open(x, "text", NULL);
		xhtml_text(x, m->title);
		xhtml_close_to(x, 3);
		xhtml_leaf(x, "content", "src", "titlepage.xhtml", NULL);
	}
	ncx_pages(d, x, MAX(d->toc->len, 1));
	doc = xhtml_finish(x, len);
	xhtml_free(x);
	g_array_free(np_depth, TRUE);
	return doc;
}

/* ---- The package document ------------------------------------------- */

static const char *
media_type_of(const char *name)
{
	if (g_str_has_suffix(name, ".xhtml"))
		return "application/xhtml+xml";
	if (g_str_has_suffix(name, ".css"))
		return "text/css";
	if (g_str_has_suffix(name, ".ncx"))
		return "application/x-dtbncx+xml";
	/* Both kinds of OpenType: EPUB 3 allows font/ttf, font/otf,
	 * application/font-sfnt and this one for either; Calibre's check
	 * expects this one for both in a 3.0 package (and flags the rest as
	 * not matching the file's extension). */
	if (g_str_has_suffix(name, ".otf") || g_str_has_suffix(name, ".ttf"))
		return "application/vnd.ms-opentype";
	return image_av_type(name);
}

/* A manifest id from a file name: "ch01.xhtml" -> "ch01". */
static char *
item_id(const char *href)
{
	char *id = g_strdup(href);

	for (char *p = id; *p; p++)
		if (*p == '/' || *p == '.')
			*p = '-';
	if (g_str_has_suffix(id, "-xhtml"))
		id[strlen(id) - 6] = '\0';
	return id;
}

static void
meta_prop(struct xhtml *x, const char *prop, const char *value)
{
	xhtml_open(x, "meta", "property", prop, NULL);
	xhtml_text(x, value);
	xhtml_close(x);
}

/* The accessibility summary: what is true of this book's images, in
 * English, Simplified or Traditional Chinese. */
static const char *
a11y_summary(const char *lang, bool images, unsigned alt_missing)
{
	static const char *const text[3][3] = {
		{ "Reflowable text with a full table of contents and "
		  "structured headings.",
		  "本书为可重排的文字内容，有完整目录和结构化标题。",
		  "本書為可重排的文字內容，有完整目錄和結構化標題。" },
		{ "Reflowable text with a full table of contents and "
		  "structured headings; images have text alternatives.",
		  "本书为可重排的文字内容，有完整目录和结构化标题；"
		  "图片附有替代文字。",
		  "本書為可重排的文字內容，有完整目錄和結構化標題；"
		  "圖片附有替代文字。" },
		{ "Reflowable text with a full table of contents and "
		  "structured headings; some images have no text alternative "
		  "beyond their caption or file name.",
		  "本书为可重排的文字内容，有完整目录和结构化标题；"
		  "部分图片没有替代文字，只有图题或文件名。",
		  "本書為可重排的文字內容，有完整目錄和結構化標題；"
		  "部分圖片沒有替代文字，只有圖題或檔名。" },
	};
	int which = !images ? 0 : alt_missing == 0 ? 1 : 2;
	int tongue = !l10n_is_zh(lang) ? 0 :
	    l10n_zh_variant(lang) == ZH_SC ? 1 : 2;

	return text[which][tongue];
}

/* entries: the files under EPUB/ in manifest order; spine: their hrefs
 * in reading order; rtl: pages turn from right to left (vertical
 * writing). */
static char *
package_opf(const struct epub_doc *d, const struct book_meta *m,
    GPtrArray *entries, GPtrArray *spine, bool images, bool rtl, size_t *len)
{
	const char *lang = d->book->lang;
	struct xhtml *x = xhtml_new();
	struct landmark *lm;
	guint nlm;
	char *doc;

	xhtml_prolog(x, false);
	xhtml_open(x, "package", "xmlns", "http://www.idpf.org/2007/opf",
	    "version", "3.0", "unique-identifier", "bookid", "xml:lang", lang,
	    NULL);
	xhtml_open(x, "metadata", "xmlns:dc", "http://purl.org/dc/elements/1.1/",
	    NULL);
	xhtml_open(x, "dc:identifier", "id", "bookid", NULL);
	xhtml_text(x, m->uuid);
	xhtml_close(x);
	if (m->print_source) {
		xhtml_open(x, "dc:source", "id", "print-source", NULL);
		xhtml_text(x, m->print_source);
		xhtml_close(x);
	}
	xhtml_open(x, "dc:title", "id", "title", NULL);
	xhtml_text(x, m->title);
	xhtml_close(x);
	for (guint i = 0; i < m->authors->len; i++) {
		char id[24];

		g_snprintf(id, sizeof id, "creator%u", i + 1);
		xhtml_open(x, "dc:creator", "id", id, NULL);
		xhtml_text(x, g_ptr_array_index(m->authors, i));
		xhtml_close(x);
	}
	xhtml_open(x, "dc:language", NULL);
	xhtml_text(x, lang);
	xhtml_close(x);
	if (m->date) {
		xhtml_open(x, "dc:date", NULL);
		xhtml_text(x, m->date);
		xhtml_close(x);
	}
	if (m->publisher && *m->publisher) {
		xhtml_open(x, "dc:publisher", NULL);
		xhtml_text(x, m->publisher);
		xhtml_close(x);
	}
	if (m->rights && *m->rights) {
		xhtml_open(x, "dc:rights", NULL);
		xhtml_text(x, m->rights);
		xhtml_close(x);
	}
	meta_prop(x, "dcterms:modified", m->modified);
	meta_prop(x, "schema:accessMode", "textual");
	if (images)
		meta_prop(x, "schema:accessMode", "visual");
	meta_prop(x, "schema:accessModeSufficient", "textual");
	meta_prop(x, "schema:accessibilityFeature", "structuralNavigation");
	meta_prop(x, "schema:accessibilityFeature", "tableOfContents");
	meta_prop(x, "schema:accessibilityFeature", "readingOrder");
	if (m->index)
		meta_prop(x, "schema:accessibilityFeature", "index");
	if (m->print_source) {
		meta_prop(x, "schema:accessibilityFeature", "printPageNumbers");
		meta_prop(x, "schema:accessibilityFeature", "pageBreakMarkers");
		meta_prop(x, "schema:accessibilityFeature", "pageNavigation");
		xhtml_open(x, "meta", "refines", "#print-source", "property",
		    "source-of", NULL);
		xhtml_text(x, "pagination");
		xhtml_close(x);
	}
	/* Only alt text the author wrote: a figure's title repeated, or a
	 * file name, tells a reader nothing the caption does not. */
	if (images && m->alt_missing == 0)
		meta_prop(x, "schema:accessibilityFeature", "alternativeText");
	meta_prop(x, "schema:accessibilityHazard", "none");
	meta_prop(x, "schema:accessibilitySummary", a11y_summary(lang,
	    images, m->alt_missing));
	if (m->certified_by) {
		meta_prop(x, "dcterms:conformsTo",
		    "EPUB Accessibility 1.1 - WCAG 2.1 Level AA");
		meta_prop(x, "a11y:certifiedBy", m->certified_by);
	}
	xhtml_leaf(x, "meta", "name", "cover", "content", "cover-image", NULL);
	xhtml_close(x);

	xhtml_open(x, "manifest", NULL);
	for (guint i = 0; i < entries->len; i++) {
		const struct entry *e = g_ptr_array_index(entries, i);
		const char *href = e->name + strlen("EPUB/");
		const char *type = media_type_of(href);
		char *id = strcmp(href, "images/cover.png") == 0 ?
		    g_strdup("cover-image") : item_id(href);

		if (type == NULL)
			type = g_str_has_suffix(href, ".png") ? "image/png" :
			    g_str_has_suffix(href, ".jpg") ? "image/jpeg" :
			    "image/svg+xml";
		xhtml_leaf(x, "item", "id", id, "href", href, "media-type", type,
		    "properties", strcmp(href, "nav.xhtml") == 0 ? "nav" :
		    strcmp(id, "cover-image") == 0 ? "cover-image" :
		    g_hash_table_contains(d->mathml_files, href) ? "mathml" :
		    NULL, NULL);
		g_free(id);
	}
	xhtml_close(x);
	xhtml_open(x, "spine", "toc", "toc-ncx", "page-progression-direction",
	    rtl ? "rtl" : NULL, NULL);
	for (guint i = 0; i < spine->len; i++) {
		char *id = item_id(g_ptr_array_index(spine, i));

		xhtml_leaf(x, "itemref", "idref", id, NULL);
		g_free(id);
	}
	xhtml_close(x);
	xhtml_open(x, "guide", NULL);
	lm = landmarks(d, &nlm);
	for (guint i = 0; i < nlm; i++)
		xhtml_leaf(x, "reference", "type", lm[i].guide, "title",
		    lm[i].text, "href", lm[i].href, NULL);
	landmarks_free(lm, nlm);
	doc = xhtml_finish(x, len);
	xhtml_free(x);
	return doc;
}

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" "
    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n"
    "<rootfile full-path=\"EPUB/package.opf\" "
    "media-type=\"application/oebps-package+xml\"/>\n"
    "</rootfiles>\n"
    "</container>\n";

static const char display_options_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<display_options>\n"
    "<platform name=\"*\">\n"
    "<option name=\"specified-fonts\">true</option>\n"
    "</platform>\n"
    "</display_options>\n";

/* ---- The zip ------------------------------------------------------------ */

/* MS-DOS date and time of t in UTC (libzip's own conversion would go
 * through the local time zone). */
static void
dos_time(long long t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	time_t tt = (time_t)(t < 315532800LL ? 315532800LL : t);
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (tm.tm_year > 207)
		tm.tm_year = 207;
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) |
	    (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) |
	    ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* A zip source of an entry's deflated data: its stat says so, and
 * libzip copies it instead of deflating the data again. */
struct raw {
	const struct entry *e;
	gsize at;
	zip_error_t error;
};

static zip_int64_t
raw_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct raw *r = ud;
	gsize n;
	const char *p = g_bytes_get_data(r->e->deflated, &n);

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		r->at = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		gsize k = MIN((gsize)len, n - r->at);

		memcpy(data, p + r->at, k);
		r->at += k;
		return (zip_int64_t)k;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;

		if (len < sizeof *st)
			return -1;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE |
		    ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
		st->size = r->e->size;
		st->comp_size = n;
		st->comp_method = ZIP_CM_DEFLATE;
		st->crc = r->e->crc;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&r->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&r->error);
		g_free(r);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&r->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static zip_source_t *
entry_source(zip_t *za, const struct entry *e)
{
	gsize n;
	const void *data;
	struct raw *r;
	zip_source_t *src;

	if (e->deflated == NULL) {
		data = g_bytes_get_data(e->data, &n);
		return zip_source_buffer(za, data, n, 0);
	}
	r = g_new0(struct raw, 1);
	r->e = e;
	zip_error_init(&r->error);
	src = zip_source_function(za, raw_source, r);
	if (src == NULL) {
		zip_error_fini(&r->error);
		g_free(r);
	}
	return src;
}

static bool
write_zip(const char *path, GPtrArray *entries, long long when)
{
	int err = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	zip_uint16_t dtime, ddate;

	if (za == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, err);
		diag(D_OUTPUT, NULL, path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return false;
	}
	dos_time(when, &dtime, &ddate);
	for (guint i = 0; i < entries->len; i++) {
		const struct entry *e = g_ptr_array_index(entries, i);
		zip_source_t *src = entry_source(za, e);
		zip_int64_t idx = src ? zip_file_add(za, e->name, src, 0) : -1;

		if (idx < 0) {
			if (src)
				zip_source_free(src);
			diag(D_OUTPUT, NULL, path, zip_strerror(za));
			zip_discard(za);
			return false;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx, e->store ?
		    ZIP_CM_STORE : ZIP_CM_DEFLATE, e->store ? 0 : ZIP_LEVEL) <
		    0 ||
		    zip_file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate,
		    0) < 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
		    ZIP_OPSYS_UNIX, 0100644u << 16) < 0 ||
		    zip_file_extra_field_delete(za, (zip_uint64_t)idx,
		    ZIP_EXTRA_FIELD_ALL, ZIP_FL_CENTRAL | ZIP_FL_LOCAL) < 0) {
			diag(D_OUTPUT, NULL, path, zip_strerror(za));
			zip_discard(za);
			return false;
		}
	}
	if (zip_close(za) < 0) {
		diag(D_OUTPUT, NULL, path, zip_strerror(za));
		zip_discard(za);
		return false;
	}
	return true;
}

/* ---- The back end ------------------------------------------------------- */

static void *
epub_new(const struct render_opts *opts)
{
	struct epub_ctx *c = g_new0(struct epub_ctx, 1);

	c->opts = opts;
	if (opts->fonts_conf == NULL) {
		/* No fonts/fonts.conf found: the system's configuration (the
		 * style names its families explicitly anyway). */
		c->cfg = FcInitLoadConfigAndFonts();
		return c;
	}
	c->cfg = FcConfigCreate();
	if (!FcConfigParseAndLoad(c->cfg, (const FcChar8 *)opts->fonts_conf,
	    FcTrue) || !FcConfigBuildFonts(c->cfg)) {
		diag(D_IO, NULL, opts->fonts_conf,
		    "cannot load bookc's fontconfig file");
		FcConfigDestroy(c->cfg);
		g_free(c);
		return NULL;
	}
	return c;
}

static void
epub_free(void *ctx)
{
	struct epub_ctx *c = ctx;

	if (c == NULL)
		return;
	FcConfigDestroy(c->cfg);
	g_free(c);
}

static char *
epub_path(const char *name)
{
	return g_strconcat("EPUB/", name, NULL);
}

static bool
epub_render(void *ctx, const struct book *book, const char *path, FILE *out)
{
	struct epub_ctx *c = ctx;
	const struct style *st = c->opts->style;
	struct epub_fonts *fonts;
	struct epub_doc *d;
	struct book_meta m;
	struct epub_face_hook hook = { 0 };
	GPtrArray *content = g_ptr_array_new_with_free_func(entry_free);
	GPtrArray *all = g_ptr_array_new();
	GPtrArray *spine = g_ptr_array_new();
	GPtrArray *tail = g_ptr_array_new_with_free_func(entry_free);
	bool embedded[FACE__COUNT] = { false };
	int fallbacks[FACE__COUNT] = { 0 };
	GPtrArray *files;
	bool images = false, ok;
	GBytes *cover;
	char *text, *name;
	size_t len;
	/* One more thread deflates the entries while the rest is written,
	 * unless the PDF is made in this run: its threads keep both cores
	 * busy (the entries are deflated as they come, see entry_new). */
	GThreadPool *pool = g_getenv("BOOKC_NO_THREADS") || c->opts->pages ?
	    NULL : g_thread_pool_new(deflate_entry, NULL, 1, FALSE, NULL);

	if (path == NULL) {
		(void)out;
		diag(D_OUTPUT, NULL, "standard output",
		    "an EPUB needs a file name (-o FILE.epub)");
		return false;
	}
	meta_init(&m, book, c->opts->source_date);
	fonts = epub_fonts_new(st, c->cfg, book->lang);
	d = epub_doc_new(book, st, fonts);
	d->formulas = st->math_images ? epub_formulas_new(st, c->cfg) : NULL;
	hook.fonts = fonts;

	/* The printed edition's pages, when the PDF is made in this run
	 * (its layout publishes them before it draws). */
	if (c->opts->pages && page_map_wait(c->opts->pages)) {
		epub_doc_set_pages(d, c->opts->pages);
		m.print_source = g_strdup_printf("%s-print-%s", m.uuid,
		    st->name ? st->name : "pdf");
	}
	/* Content first: it tells which characters each font needs; the
	 * chapters before the navigation, which lists where pages begin. */
	{
		GPtrArray *chapters = g_ptr_array_new();

		for (guint i = 0; i < d->chunks->len; i++) {
			const struct epub_chunk *ch = g_ptr_array_index(
			    d->chunks, i);

			text = epub_doc_render(d, ch, &len);
			name = epub_path(ch->file);
			g_ptr_array_add(chapters, entry_new(name,
			    g_bytes_new_take(text, len), false, pool));
			g_free(name);
		}
		text = nav_xhtml(d, &hook, &len);
		add_text(content, "EPUB/nav.xhtml", text, len, pool);
		text = cover_xhtml(d, &m, &hook, &len);
		add_text(content, "EPUB/cover.xhtml", text, len, pool);
		g_ptr_array_add(spine, "cover.xhtml");
		for (guint i = 0; i < d->chunks->len; i++) {
			const struct epub_chunk *ch = g_ptr_array_index(
			    d->chunks, i);

			g_ptr_array_add(content, chapters->pdata[i]);
			g_ptr_array_add(spine, ch->file);
			if (ch->kind == CHUNK_TITLEPAGE)
				g_ptr_array_add(spine, "nav.xhtml");
		}
		g_ptr_array_free(chapters, TRUE);
	}
	/* The cover's second line: the subtitle, else the edition. */
	name = m.subtitle ? NULL : first_text(model_book_info(book), N_RELEASEINFO);
	g_ptr_array_add(m.authors, NULL);
	text = g_strjoinv(l10n_is_zh(book->lang) ? "、" : ", ",
	    (char **)m.authors->pdata);
	g_ptr_array_remove_index(m.authors, m.authors->len - 1);
	cover = epub_cover_png(st, c->cfg, book->lang, m.title,
	    m.subtitle ? m.subtitle : name, text);
	g_free(text);
	g_free(name);
	if (cover)
		add_entry(content, "EPUB/images/cover.png", cover, false, pool);
	for (guint i = 0; i < d->images->len; i++) {
		const struct epub_image *im = g_ptr_array_index(d->images, i);

		/* A formula's image stands in for MathML a reading system
		 * cannot show: the book is no more visual for it. */
		images = images || !im->formula;
		name = epub_path(im->href);
		add_entry(content, name, g_bytes_ref(im->data), false, pool);
		g_free(name);
	}
	if (d->western_quotes)
		epub_fonts_keep_pwid(fonts);
	files = epub_fonts_files(fonts, embedded, fallbacks);
	for (guint i = 0; i < files->len; i++) {
		const struct epub_font_file *ff = files->pdata[i];

		name = epub_path(ff->href);
		add_entry(content, name, g_bytes_ref(ff->data), false, pool);
		g_free(name);
	}
	text = epub_stylesheet(st, book->lang, files, embedded, fallbacks,
	    d->western_quotes, g_hash_table_size(d->mathml_files) > 0,
	    d->biblio, &len);
	g_ptr_array_free(files, TRUE);
	add_text(content, "EPUB/css/book.css", text, len, pool);
	text = toc_ncx(d, &m, &len);
	add_text(content, "EPUB/toc.ncx", text, len, pool);
	if (d->misnested)
		g_warning("EPUB writer: %u block elements misnested",
		    d->misnested);

	/* The container's order: mimetype (stored), container.xml, the
	 * package document, then the rest. */
	add_entry(tail, "mimetype", g_bytes_new_static("application/epub+zip",
	    20), true, NULL);
	add_entry(tail, "META-INF/container.xml", g_bytes_new_static(
	    container_xml, sizeof container_xml - 1), false, NULL);
	m.index = d->index_div != NULL;
	m.alt_missing = d->alt_missing;
	m.certified_by = st->certified_by;
	text = package_opf(d, &m, content, spine, images,
	    strcmp(st->writing_mode, "vertical-rl") == 0, &len);
	add_text(tail, "EPUB/package.opf", text, len, NULL);
	add_entry(tail, "META-INF/com.apple.ibooks.display-options.xml",
	    g_bytes_new_static(display_options_xml,
	    sizeof display_options_xml - 1), false, NULL);
	for (guint i = 0; i < tail->len; i++)
		g_ptr_array_add(all, g_ptr_array_index(tail, i));
	for (guint i = 0; i < content->len; i++)
		g_ptr_array_add(all, g_ptr_array_index(content, i));
	if (pool)
		g_thread_pool_free(pool, FALSE, TRUE);
	ok = write_zip(path, all, c->opts->source_date);

	g_ptr_array_free(all, TRUE);
	g_ptr_array_free(tail, TRUE);
	g_ptr_array_free(content, TRUE);
	g_ptr_array_free(spine, TRUE);
	epub_formulas_free(d->formulas);
	epub_doc_free(d);
	epub_fonts_free(fonts);
	meta_fini(&m);
	return ok;
}

const struct backend epub_backend = {
	"epub", ".epub", epub_new, epub_render, epub_free
};
