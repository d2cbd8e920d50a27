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

/* A chapter whose file would be over this many bytes (as xhtml_size
 * reckons) is split at its sections: readers with little memory balk at
 * large XHTML files (Calibre's check flags those over 260 KB). Written
 * files come to 0.84 to 1.26 times the reckoning (the PostgreSQL, PHP and
 * Subversion books), so none is over about 300 KB. */
#define CHUNK_BYTES (240 * 1024)
/* What an element's tags and attributes add to its text, and the text's
 * markup (escapes, spans of the fonts' faces) in halves of its bytes: a
 * least-squares fit on those books. */
#define ELEMENT_BYTES 13
#define TEXT_HALVES 3

/* The next node of root's walk w that is written in root's file: sub-chunks
 * are left out. */
static bool
next_in_file(const struct epub_doc *d, struct walker *w,
    const struct node *root, const struct node **np)
{
	enum walk_event ev;

	while ((ev = model_walk_next(w, np)) != WALK_NONE) {
		if (ev != WALK_ENTER)
			continue;
		if (*np != root && g_hash_table_contains(d->chunk_root, *np)) {
			model_walk_skip(w);
			continue;
		}
		return true;
	}
	return false;
}

/* The XHTML that n and what it holds come to, roughly (divisions with
 * files of their own left out), before the file is written. */
static size_t
xhtml_size(const struct epub_doc *d, const struct node *root)
{
	struct walker w;
	const struct node *n;
	size_t size = 0;

	model_walk_init(&w, root);
	while (next_in_file(d, &w, root, &n))
		size += n->kind == N_TEXT ? strlen(n->text) * TEXT_HALVES / 2 :
		    ELEMENT_BYTES;
	return size;
}

/* A new piece of chunk c's division, at pos in the book's files: named
 * after the division's file ("ch09-2.xhtml"), numbered on from the pieces
 * it has. */
static struct epub_chunk *
piece_new(struct epub_doc *d, const struct epub_chunk *c, guint pos,
    const struct node *n)
{
	const struct node *top = c->top ? c->top : c->node;
	const struct epub_chunk *tc = g_hash_table_lookup(d->chunk_root, top);
	guint pieces = 2;
	struct epub_chunk *p;
	char *f;

	for (guint k = 0; k < d->chunks->len; k++)
		if (((const struct epub_chunk *)
		    g_ptr_array_index(d->chunks, k))->top == top)
			pieces++;
	f = g_strdup_printf("%.*s-%u.xhtml",
	    (int)(strlen(tc->file) - strlen(".xhtml")), tc->file, pieces);
	p = chunk_new(d, c->kind, n, f);
	g_free(f);
	g_ptr_array_insert(d->chunks, pos, g_ptr_array_steal_index(d->chunks,
	    d->chunks->len - 1));
	p->back = c->back;
	p->top = top;
	return p;
}

/* Splits chunk i at the sections its division holds: the division's file
 * keeps what comes before the first section that would take it over
 * CHUNK_BYTES; from there on, runs of sections (and anything after them)
 * go into pieces of about that size, "ch09-2.xhtml", "ch09-3.xhtml", in
 * book order right after it. A piece still too large (one big section)
 * is split in turn when the caller reaches it, if that section is one of
 * the division's own. Ids, links, footnotes and the navigation follow, as
 * they look up the file of each node. */
static void
split_chunk(struct epub_doc *d, guint i)
{
	struct epub_chunk *c = g_ptr_array_index(d->chunks, i), *cur = c;
	size_t size = ELEMENT_BYTES;

	for (const struct node *k = c->node->first; k; k = k->next) {
		size_t s;

		if (g_hash_table_contains(d->chunk_root, k))
			continue;
		s = xhtml_size(d, k);
		if ((k->kind == N_SECTION || k->kind == N_SIMPLESECT) &&
		    size + s > CHUNK_BYTES) {
			cur = piece_new(d, c, ++i, k);
			size = 0;
		} else if (cur != c) {
			g_ptr_array_add(cur->roots, (gpointer)k);
			g_hash_table_insert(d->chunk_root, (gpointer)k, cur);
		}
		size += s;
	}
}

/* What index entry e comes to in the index's file: its text in an item
 * (with the span of its first character's face), and for each place a
 * link with the file's name, the id and the place's number. */
static size_t
index_entry_size(const struct epub_doc *d, const struct index_entry *e)
{
	const char *shown = e->tertiary ? e->tertiary : e->secondary ?
	    e->secondary : e->primary;
	size_t size = strlen(shown) * TEXT_HALVES / 2 + 4 * ELEMENT_BYTES;

	for (guint k = 0; k < e->terms->len; k++) {
		const struct epub_chunk *c = g_hash_table_lookup(d->chunk_of,
		    g_ptr_array_index(e->terms, k));

		size += (c ? strlen(c->file) : 0) + 3 * ELEMENT_BYTES;
	}
	return size;
}

/* Whether entry i is under the same main entry as the one before it. */
static bool
same_main(const GPtrArray *es, guint i)
{
	const struct index_entry *e = g_ptr_array_index(es, i);
	const struct index_entry *p = g_ptr_array_index(es, i - 1);

	return e->secondary && strcmp(e->primary, p->primary) == 0;
}

/* An index too large for one file goes on in pieces after the index's
 * own file ("pr-03-2.xhtml"), each beginning at a group heading where one
 * falls in reach, else at a main entry. */
static void
split_index(struct epub_doc *d)
{
	struct epub_chunk *c = d->index_div ? g_hash_table_lookup(
	    d->chunk_root, d->index_div) : NULL, *cur = c;
	const GPtrArray *es = d->index ? d->index->entries : NULL;
	size_t size = 0, at_group = 0;
	guint i, from = 0, group = 0, pos;

	if (c == NULL || es == NULL || c->node != d->index_div)
		return;
	for (pos = 0; pos < d->chunks->len && d->chunks->pdata[pos] != c;
	    pos++)
		continue;
	for (i = 0; i < es->len; i++) {
		const struct index_entry *e = g_ptr_array_index(es, i);
		const struct index_entry *p = i ? g_ptr_array_index(es, i - 1) :
		    NULL;
		guint cut;

		if (p && strcmp(p->group, e->group) != 0) {
			group = i;
			at_group = size;
		}
		size += index_entry_size(d, e);
		if (size <= CHUNK_BYTES)
			continue;
		/* Cut at the group heading when it leaves this file at
		 * least half full, else before a main entry. */
		cut = group > from && at_group > CHUNK_BYTES / 2 ? group : i;
		while (cut > from + 1 && same_main(es, cut))
			cut--;
		if (cut <= from)
			continue;
		cur->index_from = from;
		cur->index_to = cut;
		cur = piece_new(d, c, ++pos, NULL);
		from = cut;
		size = 0;
		for (guint k = cut; k <= i; k++)
			size += index_entry_size(d, g_ptr_array_index(es, k));
		at_group = 0;
		group = from;
	}
	if (cur != c) {
		cur->index_from = from;
		cur->index_to = es->len;
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

		model_walk_init(&w, root);
		while (next_in_file(d, &w, root, &n))
			fn(d, c, n);
	}
}

/* The element a link to n goes to: a varlistentry has none of its own
 * (<dt> and <dd> stand in the <dl>), so its first term stands for it;
 * else n's, or the nearest ancestor's that carries an id. */
static const struct node *
id_holder(const struct node *n)
{
	if (n->kind == N_VARLISTENTRY)
		for (const struct node *t = n->first; t; t = t->next)
			if (t->kind == N_TERM)
				return t;
	while (n->parent && !carries_id(n))
		n = n->parent;
	return n;
}

static void
plan_user_ids(struct epub_doc *d, struct epub_chunk *c, const struct node *n)
{
	const struct node *t = n->kind == N_VARLISTENTRY ? id_holder(n) : n;

	g_hash_table_insert(d->chunk_of, (gpointer)n, c);
	/* A varlistentry's id goes to its first term, unless that has its own. */
	if (n->id && t->kind == N_TERM && t->id == NULL &&
	    frag_of(d, t) == NULL) {
		char *s = sanitize_id(n->id);

		g_hash_table_insert(d->frag, (gpointer)t, (gpointer)unique_id(d, s));
		g_free(s);
	}
	if (n->id && carries_id(n) && frag_of(d, n) == NULL) {
		char *s = sanitize_id(n->id);

		g_hash_table_insert(d->frag, (gpointer)n,
		    (gpointer)unique_id(d, s));
		g_free(s);
	}
}

/* How many footnotes the pieces of c's division before c hold: in a
 * division split into pieces, numbers go on from piece to piece, as they
 * do through a chapter in the PDF. */
static guint
fn_before(const struct epub_doc *d, const struct epub_chunk *c)
{
	guint n = 0;

	if (c->top == NULL)
		return 0;
	for (guint k = 0; k < d->chunks->len; k++) {
		const struct epub_chunk *p = g_ptr_array_index(d->chunks, k);

		if (p == c)
			break;
		if (p->top == c->top || (p->top == NULL && p->node == c->top))
			n += p->footnotes->len;
	}
	return n;
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
		    GUINT_TO_POINTER(fn_before(d, c) + c->footnotes->len));
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
	if (n->id)
		g_hash_table_insert(d->target, (gpointer)n,
		    (gpointer)ensure_frag(d, id_holder(n), "id"));
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
	/* Pieces are made at two levels at most (a division's sections and
	 * theirs), which bounds the work on sections nested deep. */
	for (guint i = 0; i < d->chunks->len; i++) {
		const struct epub_chunk *c = g_ptr_array_index(d->chunks, i);

		if (c->node && (c->top == NULL || c->node->parent == c->top) &&
		    xhtml_size(d, c->node) > CHUNK_BYTES)
			split_chunk(d, i);
	}
	/* Authors' ids first, so generated ones never take them. */
	for (guint i = 0; i < d->chunks->len; i++)
		walk_chunk(d, g_ptr_array_index(d->chunks, i), plan_user_ids);
	for (guint i = 0; i < d->chunks->len; i++)
		walk_chunk(d, g_ptr_array_index(d->chunks, i), plan_other_ids);
	split_index(d);
	for (guint i = 0; i < d->chunks->len; i++) {
		struct epub_chunk *c = g_ptr_array_index(d->chunks, i);
		struct node *t = NULL;

		if (c->node || c->top)
			c->title = epub_heading_text(c->node ? c->node : c->top,
			    st);
		else if ((t = model_title(b->root)) != NULL)
			c->title = model_text(t);
		if (c->title == NULL || *g_strstrip(c->title) == '\0') {
			g_free(c->title);
			c->title = model_document_title(b);
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

