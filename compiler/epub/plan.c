/*
 * The plan of the book's XHTML, made before any of it is written: which
 * division goes into which file (a title page, each part, preface,
 * chapter and appendix, runs of loose content), the id of every element
 * that can be linked to, footnote numbers, the table of contents and the
 * figures and tables the navigation lists, and where the printed
 * edition's pages begin (struct epub_doc, its lifetime). It writes no
 * XHTML: content.c and the files it calls do, reading the plan.
 */
#include <string.h>

#include "callout.h"
#include "content_int.h"

static struct epub_chunk *
chunk_new(struct epub_doc *d, enum epub_chunk_kind kind,
    const struct node *n, const char *file)
{
	struct epub_chunk *c = g_new0(struct epub_chunk, 1);

	c->kind = kind;
	c->node = n;
	c->roots = g_ptr_array_new();
	c->file = g_strdup(file);
	c->footnotes = g_ptr_array_new();
	if (n) {
		g_ptr_array_add(c->roots, (gpointer)n);
		g_hash_table_insert(d->chunk_root, (gpointer)n, c);
	}
	g_ptr_array_add(d->chunks, c);
	return c;
}

static void
chunk_free(gpointer p)
{
	struct epub_chunk *c = p;

	g_ptr_array_free(c->roots, TRUE);
	g_ptr_array_free(c->footnotes, TRUE);
	g_free(c->file);
	g_free(c->title);
	g_free(c);
}

static void
toc_free(gpointer p)
{
	struct epub_toc *t = p;

	g_free(t->text);
	g_free(t->href);
	g_free(t);
}

static void
image_free(gpointer p)
{
	struct epub_image *im = p;

	g_free(im->href);
	if (im->data)
		g_bytes_unref(im->data);
	g_free(im);
}

static enum epub_chunk_kind
chunk_kind(enum node_kind k)
{
	switch (k) {
	case N_PART: return CHUNK_PART;
	case N_PREFACE: return CHUNK_PREFACE;
	case N_APPENDIX: return CHUNK_APPENDIX;
	case N_CHAPTER: return CHUNK_CHAPTER;
	default: return CHUNK_LOOSE;
	}
}

static bool
heads_chunk(enum node_kind k)
{
	return k == N_PART || k == N_PREFACE || k == N_CHAPTER ||
	    k == N_APPENDIX;
}

/* "ch03.xhtml" for chapter 3, "apb.xhtml" for appendix B: the label
 * when it makes a plain, unused name, else the ordinal. */
static char *
chunk_file(const struct epub_doc *d, const char *prefix, const struct node *n,
    unsigned ordinal)
{
	const char *label = n ? n->label : NULL;
	char *f = NULL;
	bool plain = label && *label && strlen(label) <= 8;

	for (const char *p = label; plain && *p; p++)
		if (!g_ascii_isalnum(*p))
			plain = false;
	if (plain) {
		char *low = g_ascii_strdown(label, -1);

		f = g_ascii_isdigit(*low) && strlen(low) == 1 ?
		    g_strdup_printf("%s0%s.xhtml", prefix, low) :
		    g_strdup_printf("%s%s.xhtml", prefix, low);
		g_free(low);
		for (guint i = 0; f && i < d->chunks->len; i++)
			if (strcmp(((const struct epub_chunk *)
			    g_ptr_array_index(d->chunks, i))->file, f) == 0) {
				g_free(f);
				f = NULL;
			}
	}
	if (f == NULL)
		f = g_strdup_printf("%s-%02u.xhtml", prefix, ordinal);
	return f;
}

/* Files: a title page, then each part, preface, chapter and appendix in
 * book order (a part's own file holds its title and introduction), and
 * runs of loose content (an article's sections) in files of their own. */
static void
plan_chunks(struct epub_doc *d)
{
	const struct node *root = d->book->root;
	struct epub_chunk *tp = chunk_new(d, CHUNK_TITLEPAGE, NULL,
	    "titlepage.xhtml");
	struct epub_chunk *loose = NULL;
	unsigned count[CHUNK_LOOSE + 1] = { 0 };
	bool body = false;
	static const char *const prefix[] = {
		[CHUNK_TITLEPAGE] = "tp", [CHUNK_PART] = "pt",
		[CHUNK_PREFACE] = "pr", [CHUNK_CHAPTER] = "ch",
		[CHUNK_APPENDIX] = "ap", [CHUNK_LOOSE] = "tx",
	};

	for (const struct node *c = root->first; c; c = c->next) {
		if (c->kind == N_TITLE || c->kind == N_SUBTITLE) {
			g_ptr_array_add(tp->roots, (gpointer)c);
			continue;
		}
		if (c->kind == N_INFO) {
			for (const struct node *i = c->first; i; i = i->next)
				g_ptr_array_add(tp->roots, (gpointer)i);
			continue;
		}
		if (!heads_chunk(c->kind)) {
			if (loose == NULL) {
				char *f = chunk_file(d, prefix[CHUNK_LOOSE], NULL,
				    ++count[CHUNK_LOOSE]);

				loose = chunk_new(d, CHUNK_LOOSE, NULL, f);
				g_free(f);
				body = true;
			}
			g_ptr_array_add(loose->roots, (gpointer)c);
			continue;
		}
		loose = NULL;
		for (const struct node *k = c; k;
		    k = k == c ? (c->kind == N_PART ? c->first : NULL) : k->next) {
			enum epub_chunk_kind ck = chunk_kind(k->kind);
			char *f;

			if (k != c && !heads_chunk(k->kind))
				continue;
			f = chunk_file(d, prefix[ck], k, ++count[ck]);
			chunk_new(d, ck, k, f)->back = ck == CHUNK_PREFACE &&
			    body;
			g_free(f);
			if (ck != CHUNK_PREFACE)
				body = true;
		}
	}
}

/* Walks every node rendered in chunk c (sub-chunks left out), calling fn
 * on entry. */
static void
walk_chunk(struct epub_doc *d, struct epub_chunk *c,
    void (*fn)(struct epub_doc *, struct epub_chunk *, const struct node *))
{
	for (guint i = 0; i < c->roots->len; i++) {
		const struct node *root = g_ptr_array_index(c->roots, i);
		struct walker w;
		const struct node *n;
		enum walk_event ev;

		model_walk_init(&w, root);
		while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
			if (ev != WALK_ENTER)
				continue;
			if (n != root && g_hash_table_contains(d->chunk_root, n)) {
				model_walk_skip(&w);
				continue;
			}
			fn(d, c, n);
		}
	}
}

static void
plan_user_ids(struct epub_doc *d, struct epub_chunk *c, const struct node *n)
{
	g_hash_table_insert(d->chunk_of, (gpointer)n, c);
	if (n->id && carries_id(n) && frag_of(d, n) == NULL) {
		char *s = sanitize_id(n->id);

		g_hash_table_insert(d->frag, (gpointer)n,
		    (gpointer)unique_id(d, s));
		g_free(s);
	}
}

static void
plan_other_ids(struct epub_doc *d, struct epub_chunk *c, const struct node *n)
{
	if (is_navigable(n) || (c->node == n))
		ensure_frag(d, n, "sec");
	if (callout_is_item(n)) {
		char **refs = g_strsplit(model_attr(n, "arearefs"), " ", -1);

		ensure_frag(d, n, "callout");
		for (char **r = refs; *r; r++)
			if (**r && !g_hash_table_contains(d->callout_of, *r))
				g_hash_table_insert(d->callout_of, (gpointer)
				    g_intern_string(*r), (gpointer)n);
		g_strfreev(refs);
	}
	if ((n->kind == N_FIGURE || n->kind == N_TABLE) && n->label &&
	    !(n->flags & NF_INFORMAL)) {
		ensure_frag(d, n, n->kind == N_TABLE ? "tab" : "fig");
		g_ptr_array_add(d->formal, (gpointer)n);
	}
	/* A titled admonition or sidebar is labelled by its title. */
	if (n->kind == N_ADMONITION && model_title(n))
		ensure_frag(d, model_title(n), "note-title");
	if (n->kind == N_FOOTNOTE) {
		char *ref;

		ensure_frag(d, n, "fn");
		g_ptr_array_add(c->footnotes, (gpointer)n);
		g_hash_table_insert(d->fn_num, (gpointer)n,
		    GUINT_TO_POINTER(c->footnotes->len));
		ref = g_strdup_printf("fnref-%s", frag_of(d, n));
		g_hash_table_insert(d->fn_ref, (gpointer)n,
		    (gpointer)unique_id(d, ref));
		g_free(ref);
	}
	if (n->kind == N_INDEXTERM && d->index &&
	    g_hash_table_contains(d->index->number, n)) {
		char *a = index_anchor(d->index, n);

		g_hash_table_insert(d->frag, (gpointer)n,
		    (gpointer)unique_id(d, a));
		g_free(a);
	}
	if (n->id) {
		const struct node *a = n;

		while (a->parent && !carries_id(a))
			a = a->parent;
		g_hash_table_insert(d->target, (gpointer)n,
		    (gpointer)ensure_frag(d, a, "id"));
	}
	if (is_navigable(n) && (model_title(n) || c->node == n)) {
		struct epub_toc *t = g_new0(struct epub_toc, 1);

		t->level = 1;
		for (const struct node *a = n->parent; a; a = a->parent)
			if (is_navigable(a))
				t->level++;
		t->text = epub_heading_text(n, d->style);
		t->href = g_strdup_printf("%s#%s", c->file, frag_of(d, n));
		g_ptr_array_add(d->toc, t);
	}
}

struct epub_doc *
epub_doc_new(const struct book *b, const struct style *st,
    struct epub_fonts *fonts)
{
	struct epub_doc *d = g_new0(struct epub_doc, 1);

	d->book = b;
	d->style = st;
	d->fonts = fonts;
	d->chunks = g_ptr_array_new_with_free_func(chunk_free);
	d->toc = g_ptr_array_new_with_free_func(toc_free);
	d->images = g_ptr_array_new_with_free_func(image_free);
	d->chunk_of = g_hash_table_new(NULL, NULL);
	d->chunk_root = g_hash_table_new(NULL, NULL);
	d->frag = g_hash_table_new(NULL, NULL);
	d->target = g_hash_table_new(NULL, NULL);
	d->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	d->counters = g_hash_table_new(g_str_hash, g_str_equal);
	d->fn_num = g_hash_table_new(NULL, NULL);
	d->fn_ref = g_hash_table_new(NULL, NULL);
	d->image_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	d->callout_of = g_hash_table_new(g_str_hash, g_str_equal);
	d->mathml_files = g_hash_table_new(g_str_hash, g_str_equal);
	d->formal = g_ptr_array_new();
	d->index = index_build(b);
	d->index_div = index_division(b);
	plan_chunks(d);
	/* Authors' ids first, so generated ones never take them. */
	for (guint i = 0; i < d->chunks->len; i++)
		walk_chunk(d, g_ptr_array_index(d->chunks, i), plan_user_ids);
	for (guint i = 0; i < d->chunks->len; i++)
		walk_chunk(d, g_ptr_array_index(d->chunks, i), plan_other_ids);
	for (guint i = 0; i < d->chunks->len; i++) {
		struct epub_chunk *c = g_ptr_array_index(d->chunks, i);
		struct node *t = NULL;

		if (c->node)
			c->title = epub_heading_text(c->node, st);
		else if ((t = model_title(b->root)) != NULL)
			c->title = model_text(t);
		if (c->title == NULL || *g_strstrip(c->title) == '\0') {
			g_free(c->title);
			c->title = epub_book_title(b);
		}
	}
	return d;
}

void
epub_doc_free(struct epub_doc *d)
{
	if (d == NULL)
		return;
	g_ptr_array_free(d->chunks, TRUE);
	g_ptr_array_free(d->toc, TRUE);
	g_ptr_array_free(d->images, TRUE);
	g_hash_table_destroy(d->chunk_of);
	g_hash_table_destroy(d->chunk_root);
	g_hash_table_destroy(d->frag);
	g_hash_table_destroy(d->target);
	g_hash_table_destroy(d->ids);
	g_hash_table_destroy(d->counters);
	g_hash_table_destroy(d->fn_num);
	g_hash_table_destroy(d->fn_ref);
	g_hash_table_destroy(d->image_of);
	g_hash_table_destroy(d->callout_of);
	g_hash_table_destroy(d->mathml_files);
	g_ptr_array_free(d->formal, TRUE);
	index_free(d->index);
	if (d->text_ord)
		g_hash_table_destroy(d->text_ord);
	if (d->page_pos)
		g_array_free(d->page_pos, TRUE);
	if (d->page_hrefs)
		g_ptr_array_free(d->page_hrefs, TRUE);
	g_free(d);
}

void
epub_doc_set_pages(struct epub_doc *d, const struct page_map *pages)
{
	struct walker w;
	const struct node *n;
	enum walk_event ev;
	guint ord = 0;

	if (pages == NULL || pages->starts->len == 0)
		return;
	d->pages = pages;
	d->text_ord = g_hash_table_new(NULL, NULL);
	model_walk_init(&w, d->book->root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE)
		if (ev == WALK_ENTER && n->kind == N_TEXT)
			g_hash_table_insert(d->text_ord, (gpointer)n,
			    GUINT_TO_POINTER(++ord));
	d->page_pos = g_array_sized_new(FALSE, TRUE, sizeof(struct epub_page),
	    pages->starts->len);
	g_array_set_size(d->page_pos, pages->starts->len);
	d->page_hrefs = g_ptr_array_new_with_free_func(g_free);
	/* From the back, so a page without text takes the next one's place;
	 * book order never goes back (a page cannot start before the one
	 * before it). */
	for (guint i = pages->starts->len; i-- > 0;) {
		const struct page_start *ps = &g_array_index(pages->starts,
		    struct page_start, i);
		struct epub_page *ep = &g_array_index(d->page_pos,
		    struct epub_page, i);
		guint o = ps->text ? GPOINTER_TO_UINT(g_hash_table_lookup(
		    d->text_ord, ps->text)) : 0;

		ep->label = ps->label;
		if (o) {
			ep->ord = o;
			ep->offset = ps->offset;
		} else if (i + 1 < pages->starts->len) {
			*ep = g_array_index(d->page_pos, struct epub_page, i + 1);
			ep->label = ps->label;
		} else {
			ep->ord = G_MAXUINT;
			ep->offset = 0;
		}
		if (i + 1 < pages->starts->len) {
			const struct epub_page *nx = &g_array_index(d->page_pos,
			    struct epub_page, i + 1);

			if (ep->ord > nx->ord || (ep->ord == nx->ord &&
			    ep->offset > nx->offset)) {
				ep->ord = nx->ord;
				ep->offset = nx->offset;
			}
		}
	}
	for (guint i = 0; i < pages->starts->len; i++)
		g_ptr_array_add(d->page_hrefs, NULL);
	/* The contents and lists: the pages after the title page's that
	 * begin where the first page of the body begins (a page of the
	 * contents begins with a title it lists, so its place was moved
	 * there, or it has no text). The navigation document, which follows
	 * the title page, stands for them; their marks went into the
	 * heading of the first division. */
	for (guint i = 0; i < pages->starts->len; i++) {
		const struct page_start *ps = &g_array_index(pages->starts,
		    struct page_start, i);
		const struct epub_chunk *c = ps->text ?
		    g_hash_table_lookup(d->chunk_of, ps->text) : NULL;
		struct epub_page *ep, *nx;

		if (c && c->kind == CHUNK_TITLEPAGE)
			continue;
		for (guint k = i; k + 1 < pages->starts->len; k++) {
			ep = &g_array_index(d->page_pos, struct epub_page, k);
			nx = ep + 1;
			if (ep->ord != nx->ord || ep->offset != nx->offset)
				break;
			ep->nav = true;
		}
		break;
	}
}

/* The book's title, or for a book without one (pandoc writes none unless
 * given a title) the first division's, else the file's name: an EPUB's
 * dc:title and every <title> must not be empty. */
char *
epub_book_title(const struct book *b)
{
	const struct node *t = model_title(b->root);
	char *s = t ? model_text(t) : g_strdup("");

	g_strstrip(s);
	for (const struct node *n = b->root->first; *s == '\0' && n;
	    n = n->next) {
		if ((t = model_title(n)) != NULL && n != t) {
			g_free(s);
			s = g_strstrip(model_text(t));
		}
	}
	if (*s == '\0') {
		g_free(s);
		s = model_file_stem(b->root->pos.file);
	}
	return s;
}
