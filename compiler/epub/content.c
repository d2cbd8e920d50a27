/*
 * The book's content as XHTML: the plan (which division goes into which
 * file, the id of every element that can be linked to, footnote numbers,
 * the table of contents) and the rendering of one file. Both walk the
 * model without recursion: a block walker for structure hands each run
 * of inline content (a paragraph, a title, a listing) to an inline
 * walker, which never calls back. Every element goes through eopen(),
 * which adds lang/xml:lang where the language changes and tags the
 * element with the face its text will be drawn in.
 */
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "escape.h"
#include "callout.h"
#include "content_int.h"
#include "epub.h"
#include "l10n.h"
#include "xhtml.h"

/* ---- Faces ---------------------------------------------------------- */

static bool
tag_is(const char *tag, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(tag, *list) == 0)
			return true;
	return false;
}

/* Must agree with the stylesheet css.c writes. */
int
epub_face_for(const char *tag, const char *lang, int face)
{
	static const char *const heads[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", NULL };
	static const char *const mono[] = {
		"code", "pre", "kbd", "samp", NULL };
	static const char *const bold[] = {
		"strong", "b", "th", "dt", NULL };
	bool en = lang && strncmp(lang, "en", 2) == 0;

	if (strcmp(tag, "html") == 0 || strcmp(tag, "head") == 0)
		return FACE_NONE;
	if (strcmp(tag, "body") == 0)
		return FACE_SERIF;
	if (tag_is(tag, heads))
		return FACE_SANS;
	if (tag_is(tag, mono))
		return FACE_MONO;
	if (tag_is(tag, bold) || (strcmp(tag, "em") == 0 && !en))
		return face == FACE_SERIF ? FACE_SERIF_BOLD : face;
	if (strcmp(tag, "em") == 0)     /* :lang(en) em: italic, normal */
		return face == FACE_SERIF_BOLD ? FACE_SERIF : face;
	return face;
}

void
epub_face_hook(void *ud, int face, const char *text, size_t len)
{
	struct epub_face_hook *h = ud;

	if (face != FACE_NONE && h->fonts)
		epub_fonts_use(h->fonts, (enum epub_face)face, text, len,
		    h->pos);
}

/* ---- The plan --------------------------------------------------------- */

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
			chunk_new(d, ck, k, f);
			g_free(f);
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
		else
			c->title = g_strdup("");
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
}

/* ---- Rendering --------------------------------------------------------- */

const char *
cur_lang(const struct out *o)
{
	size_t depth = xhtml_depth(o->x);

	return depth == 0 ? o->d->book->lang :
	    g_ptr_array_index(o->langs, depth - 1);
}

/* Opens tag for node n (NULL: no node): lang and xml:lang when n's
 * language differs from the one in effect, then the given attributes. */
void
eopen(struct out *o, const char *tag, const struct node *n, ...)
{
	const char *lang = cur_lang(o);
	const char *extra[5] = { NULL };
	int face = xhtml_data(o->x);
	va_list ap;

	if (n && n->lang && strcmp(n->lang, lang) != 0) {
		lang = n->lang;
		extra[0] = "lang";
		extra[1] = lang;
		extra[2] = "xml:lang";
		extra[3] = lang;
	}
	va_start(ap, n);
	xhtml_open_v(o->x, tag, extra, ap);
	va_end(ap);
	g_return_if_fail(xhtml_depth(o->x) > 0);
	g_ptr_array_set_size(o->langs, xhtml_depth(o->x));
	g_ptr_array_index(o->langs, xhtml_depth(o->x) - 1) = (gpointer)lang;
	xhtml_set_data(o->x, epub_face_for(tag, lang, face));
}

void
otext(struct out *o, const char *s)
{
	xhtml_text(o->x, s);
}

/* A printed page's start: an EPUB 3 page break that reading systems
 * show as "p. 12" and the page-list points at. */
static void
page_mark(struct out *o, guint i)
{
	struct epub_doc *d = o->d;
	const struct epub_page *ep = &g_array_index(d->page_pos,
	    struct epub_page, i);
	char *base = g_strdup_printf("page-%s", ep->label);
	const char *id = unique_id(d, base);

	xhtml_leaf(o->x, "span", "epub:type", "pagebreak", "role",
	    "doc-pagebreak", "id", id, "aria-label", ep->label, NULL);
	g_free(d->page_hrefs->pdata[i]);
	d->page_hrefs->pdata[i] = g_strdup_printf("%s#%s", o->chunk->file, id);
	g_free(base);
}

/* Writes a text node, with the marks of the printed pages that begin in
 * it, or began in text the EPUB shows elsewhere (a listing, the title
 * page): those are marked at the next text written. Footnotes, written
 * at the end of their file, never carry marks. */
static void
text_with_pages(struct out *o, const struct node *n)
{
	struct epub_doc *d = o->d;
	guint ord;
	int pos = 0, len;

	if (d->page_pos == NULL || o->in_notes) {
		otext(o, n->text);
		return;
	}
	ord = GPOINTER_TO_UINT(g_hash_table_lookup(d->text_ord, n));
	len = (int)strlen(n->text);
	while (d->next_page < d->page_pos->len) {
		const struct epub_page *ep = &g_array_index(d->page_pos,
		    struct epub_page, d->next_page);
		int cut;

		if (ep->ord > ord || (ep->ord == ord && ep->offset > len))
			break;
		cut = ep->ord < ord ? pos : MAX(ep->offset, pos);
		if (cut > pos) {
			char *part = g_strndup(n->text + pos, cut - pos);

			otext(o, part);
			g_free(part);
			pos = cut;
		}
		page_mark(o, d->next_page++);
	}
	otext(o, n->text + pos);
}

static unsigned
quote_level(const struct node *n)
{
	unsigned l = 0;

	for (const struct node *a = n->parent; a; a = a->parent)
		if (a->kind == N_QUOTE)
			l++;
	return l;
}

/* Inline content: root's children (and root itself when with_root). */
void
emit_inline(struct out *o, const struct node *root, bool with_root)
{
	GArray *depths = g_array_new(FALSE, FALSE, sizeof(size_t));
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		size_t depth;
		bool descend = true;

		if (n == root && !with_root)
			continue;
		if (ev == WALK_EXIT) {
			depth = g_array_index(depths, size_t, depths->len - 1);
			g_array_set_size(depths, depths->len - 1);
			if (n->kind == N_QUOTE)
				otext(o, l10n_text(n->lang, quote_level(n) % 2 ?
				    L_QUOTE2_CLOSE : L_QUOTE_CLOSE));
			xhtml_close_to(o->x, depth);
			if (o->link_after == n) {
				o->link_after = NULL;
				emit_link_address(o, n);
			}
			continue;
		}
		depth = xhtml_depth(o->x);
		switch (n->kind) {
		case N_TEXT:
			o->hook.pos = &n->pos;
			text_with_pages(o, n);
			continue;       /* no EXIT for text */
		case N_EMPHASIS: {
			const char *role = model_attr(n, "role");

			eopen(o, role && (strcmp(role, "bold") == 0 ||
			    strcmp(role, "strong") == 0) ? "strong" : "em", n,
			    "id", frag_of(o->d, n), NULL);
			break;
		}
		case N_LINK:
			emit_link(o, n);
			break;
		case N_XREF:
			emit_xref(o, n);
			descend = false;
			break;
		case N_ANCHOR:
			eopen(o, "span", n, "id", frag_of(o->d, n), NULL);
			descend = false;
			break;
		case N_CODE:
			eopen(o, "code", n, "id", frag_of(o->d, n), NULL);
			break;
		case N_REPLACEABLE:
			eopen(o, "var", n, "id", frag_of(o->d, n), NULL);
			break;
		case N_QUOTE:
			eopen(o, "span", n, "id", frag_of(o->d, n), "class",
			    "quote", NULL);
			otext(o, l10n_text(n->lang, quote_level(n) % 2 ?
			    L_QUOTE2_OPEN : L_QUOTE_OPEN));
			break;
		case N_SUPERSCRIPT:
			eopen(o, "sup", n, "id", frag_of(o->d, n), NULL);
			break;
		case N_SUBSCRIPT:
			eopen(o, "sub", n, "id", frag_of(o->d, n), NULL);
			break;
		case N_FOOTNOTE:
			emit_noteref(o, n, true);
			descend = false;
			break;
		case N_FOOTNOTEREF:
			if (n->target && n->target->kind == N_FOOTNOTE)
				emit_noteref(o, n->target, false);
			descend = false;
			break;
		case N_INDEXTERM:
			/* The place the index links to. */
			if (frag_of(o->d, n))
				xhtml_leaf(o->x, "a", "id", frag_of(o->d, n),
				    "class", "indexterm", NULL);
			descend = false;
			break;
		case N_PHRASE:
		case N_UNKNOWN:
		case N_BOOK: case N_INFO: case N_TITLE: case N_SUBTITLE:
		case N_AUTHOR: case N_DATE: case N_RELEASEINFO:
		case N_PUBLISHER: case N_COPYRIGHT: case N_ABSTRACT:
		case N_LEGALNOTICE: case N_PART: case N_PREFACE:
		case N_CHAPTER: case N_APPENDIX: case N_SECTION:
		case N_SIMPLESECT: case N_PARA: case N_FORMALPARA:
		case N_BRIDGEHEAD: case N_ITEMIZEDLIST: case N_ORDEREDLIST:
		case N_LISTITEM: case N_VARIABLELIST: case N_VARLISTENTRY:
		case N_TERM: case N_PROGRAMLISTING: case N_SCREEN:
		case N_LITERALLAYOUT: case N_BLOCKQUOTE: case N_ATTRIBUTION:
		case N_ADMONITION: case N_FIGURE: case N_MEDIAOBJECT:
		case N_IMAGEDATA: case N_TEXTOBJECT: case N_CAPTION:
		case N_TABLE: case N_COLSPEC: case N_SPANSPEC: case N_THEAD: case N_TBODY:
		case N_TFOOT: case N_ROW: case N_ENTRY: case N_DIV:
		case N__COUNT:
			/* Only phrases occur here after validation; anything
			 * else keeps its text in a span. */
			eopen(o, "span", n, "id", frag_of(o->d, n), "class",
			    n->kind == N_PHRASE ? model_attr(n, "role") : n->name,
			    NULL);
			break;
		}
		if (!descend) {
			xhtml_close_to(o->x, depth);
			model_walk_skip(&w);
			continue;
		}
		g_array_append_val(depths, depth);
	}
	g_array_free(depths, TRUE);
}

static const char *
list_type(const struct node *n)
{
	const char *num = model_attr(n, "numeration");

	if (num == NULL)
		return NULL;
	if (strcmp(num, "loweralpha") == 0)
		return "a";
	if (strcmp(num, "upperalpha") == 0)
		return "A";
	if (strcmp(num, "lowerroman") == 0)
		return "i";
	if (strcmp(num, "upperroman") == 0)
		return "I";
	return NULL;
}

/* Writes the element a block node opens; returns whether the walker
 * goes into its children. */
static bool
block_enter(struct out *o, const struct node *n)
{
	const char *id = frag_of(o->d, n);
	const struct node *owner;

	switch (n->kind) {
	case N_BOOK:
		eopen(o, "div", n, "id", id, NULL);
		return true;
	case N_INFO:
		return true;
	case N_TITLE:
		owner = n->parent->kind == N_INFO ? n->parent->parent :
		    n->parent;
		if (owner && model_title(owner) == n)
			return false;   /* the owner wrote it */
		eopen(o, "p", n, "class", "title", NULL);
		emit_inline(o, n, false);
		return false;
	case N_SUBTITLE:
		eopen(o, "p", n, "id", id, "class", "subtitle", NULL);
		emit_inline(o, n, false);
		return false;
	case N_AUTHOR: case N_DATE: case N_RELEASEINFO: case N_PUBLISHER:
		eopen(o, "p", n, "id", id, "class", n->name, NULL);
		emit_inline(o, n, false);
		return false;
	case N_COPYRIGHT:
		eopen(o, "p", n, "id", id, "class", "copyright", NULL);
		otext(o, "© ");
		emit_inline(o, n, false);
		return false;
	case N_ABSTRACT: case N_LEGALNOTICE:
		eopen(o, "div", n, "id", id, "class", n->name, NULL);
		emit_block_title(o, n);
		return true;
	case N_PART: case N_PREFACE: case N_CHAPTER: case N_APPENDIX:
	case N_SECTION: case N_SIMPLESECT:
		eopen(o, "section", n, "id", id, "epub:type",
		    strcmp(n->name, "index") == 0 ? "index" :
		    epub_type_of(n->kind), "class", n->name, NULL);
		emit_heading(o, n);
		if (n == o->d->index_div)
			emit_index(o);
		return true;
	case N_PARA:
		if (strcmp(n->name, "areaspec") == 0)
			return false;   /* its markers are in the listing */
		eopen(o, "p", n, "id", id, "class",
		    n->flags & (NF_IMPLICIT | NF_CONTINUED) ? "noindent" : NULL,
		    NULL);
		if (o->fn_mark) {
			emit_backlink(o, o->fn_mark);
			otext(o, " ");
			o->fn_mark = NULL;
		}
		if (o->co_mark) {
			emit_callout_back(o, o->co_mark);
			o->co_mark = NULL;
		}
		emit_inline(o, n, false);
		return false;
	case N_FORMALPARA:
		eopen(o, "div", n, "id", id, "class", "formalpara", NULL);
		emit_block_title(o, n);
		return true;
	case N_BRIDGEHEAD: {
		char tag[3] = { 'h', 0, 0 };

		tag[1] = (char)('0' + MIN(heading_level(o, n), 6));
		eopen(o, tag, n, "id", id, "class", "bridgehead", NULL);
		emit_inline(o, n, false);
		return false;
	}
	case N_ITEMIZEDLIST: case N_ORDEREDLIST: case N_VARIABLELIST: {
		const char *tag = n->kind == N_ITEMIZEDLIST ? "ul" :
		    n->kind == N_ORDEREDLIST ? "ol" : "dl";

		if (model_title(n)) {
			eopen(o, "div", n, "class", "list", NULL);
			emit_block_title(o, n);
		}
		eopen(o, tag, n, "id", id, "type", n->kind == N_ORDEREDLIST ?
		    list_type(n) : NULL, "start", n->kind == N_ORDEREDLIST ?
		    model_attr(n, "startingnumber") : NULL, "class",
		    strcmp(n->name, "calloutlist") == 0 ? "calloutlist" : NULL,
		    NULL);
		return true;
	}
	case N_LISTITEM:
		eopen(o, n->parent->kind == N_VARLISTENTRY ? "dd" : "li", n,
		    "id", id, NULL);
		if (callout_is_item(n)) {
			if (n->first && n->first->kind == N_PARA) {
				o->co_mark = n;
			} else {
				eopen(o, "p", NULL, "class", "noindent", NULL);
				emit_callout_back(o, n);
				xhtml_close(o->x);
			}
		}
		return true;
	case N_VARLISTENTRY:
		return true;
	case N_TERM:
		eopen(o, "dt", n, "id", id, NULL);
		emit_inline(o, n, false);
		return false;
	case N_PROGRAMLISTING: case N_SCREEN:
		emit_listing(o, n);
		return false;
	case N_LITERALLAYOUT:
		eopen(o, "p", n, "id", id, "class", "literallayout", NULL);
		emit_inline(o, n, false);
		return false;
	case N_BLOCKQUOTE:
		eopen(o, "blockquote", n, "id", id, NULL);
		emit_block_title(o, n);
		return true;
	case N_ATTRIBUTION:
		if (n->parent->kind == N_BLOCKQUOTE)
			return false;   /* written at the quotation's end */
		eopen(o, "p", n, "id", id, "class", "attribution", NULL);
		emit_inline(o, n, false);
		return false;
	case N_ADMONITION: {
		const struct node *t = model_title(n);
		char *cls = g_strdup_printf("admonition %s", n->name);

		eopen(o, "aside", n, "id", id, "class", cls, NULL);
		g_free(cls);
		eopen(o, "p", t, "class", "admonition-title", NULL);
		eopen(o, "strong", NULL, NULL);
		if (t)
			emit_inline(o, t, false);
		else
			otext(o, l10n_admonition(n, n->lang));
		xhtml_close(o->x);
		xhtml_close(o->x);
		return true;
	}
	case N_FIGURE:
		eopen(o, "figure", n, "id", id, "class", n->name, NULL);
		return true;
	case N_MEDIAOBJECT:
		emit_media(o, n);
		return true;
	case N_IMAGEDATA: case N_TEXTOBJECT: case N_COLSPEC: case N_SPANSPEC:
		return false;
	case N_CAPTION:
		eopen(o, "div", n, "id", id, "class", "caption", NULL);
		return true;
	case N_TABLE:
		eopen(o, "table", n, "id", id, NULL);
		emit_formal_caption(o, n, "caption");
		return true;
	case N_THEAD: case N_TBODY: case N_TFOOT:
		eopen(o, n->kind == N_THEAD ? "thead" : n->kind == N_TBODY ?
		    "tbody" : "tfoot", n, "id", id, NULL);
		return true;
	case N_ROW:
		eopen(o, "tr", n, "id", id, NULL);
		return true;
	case N_ENTRY:
		emit_entry(o, n);
		return true;
	case N_DIV:
		eopen(o, "div", n, "id", id, "class", n->name, NULL);
		emit_block_title(o, n);
		return true;
	case N_TEXT:
		o->hook.pos = &n->pos;
		otext(o, n->text);
		return false;
	case N_EMPHASIS: case N_LINK: case N_XREF: case N_ANCHOR:
	case N_CODE: case N_REPLACEABLE: case N_QUOTE: case N_PHRASE:
	case N_SUPERSCRIPT: case N_SUBSCRIPT: case N_FOOTNOTE:
	case N_FOOTNOTEREF: case N_INDEXTERM: case N_UNKNOWN:
		/* Inline content where blocks stand (not after validation):
		 * keep it in a paragraph of its own. */
		eopen(o, "p", NULL, "class", "noindent", NULL);
		emit_inline(o, n, true);
		return false;
	case N__COUNT:
		break;
	}
	return false;
}

/* What a block writes when the walker leaves it, before its elements
 * close. */
static void
block_exit(struct out *o, const struct node *n)
{
	if (n->kind == N_FIGURE)
		emit_formal_caption(o, n, "figcaption");
	if (n->kind == N_BLOCKQUOTE)
		for (const struct node *c = n->first; c; c = c->next)
			if (c->kind == N_ATTRIBUTION) {
				eopen(o, "p", c, "id", frag_of(o->d, c),
				    "class", "attribution", NULL);
				otext(o, "——");
				emit_inline(o, c, false);
				xhtml_close(o->x);
			}
}

/* Block content: root and what it holds (only its children when
 * with_root is false), divisions that have files of their own left out. */
void
emit_blocks(struct out *o, const struct node *root, bool with_root)
{
	GArray *depths = g_array_new(FALSE, FALSE, sizeof(size_t));
	struct walker w;
	const struct node *n;
	enum walk_event ev;

	model_walk_init(&w, root);
	while ((ev = model_walk_next(&w, &n)) != WALK_NONE) {
		size_t depth;

		if (n == root && !with_root)
			continue;
		if (ev == WALK_EXIT) {
			depth = g_array_index(depths, size_t, depths->len - 1);
			g_array_set_size(depths, depths->len - 1);
			block_exit(o, n);
			xhtml_close_to(o->x, depth);
			continue;
		}
		if (n != root && g_hash_table_contains(o->d->chunk_root, n)) {
			model_walk_skip(&w);
			continue;
		}
		depth = xhtml_depth(o->x);
		if (!block_enter(o, n)) {
			if (n->kind != N_TEXT)
				model_walk_skip(&w);
			xhtml_close_to(o->x, depth);
			continue;
		}
		if (n->kind == N_TEXT)
			continue;
		g_array_append_val(depths, depth);
	}
	g_array_free(depths, TRUE);
}

static void
emit_footnotes(struct out *o)
{
	const struct epub_chunk *c = o->chunk;

	if (c->footnotes->len == 0)
		return;
	eopen(o, "section", NULL, "class", "footnotes", "epub:type",
	    "footnotes", NULL);
	xhtml_leaf(o->x, "hr", "class", "footnotes", NULL);
	/* A footnote's own footnotes follow it in the list. */
	for (guint i = 0; i < c->footnotes->len; i++) {
		const struct node *fn = g_ptr_array_index(c->footnotes, i);

		eopen(o, "aside", fn, "id", frag_of(o->d, fn), "epub:type",
		    "footnote", "class", "footnote", NULL);
		o->fn_mark = NULL;
		if (fn->first == NULL || fn->first->kind != N_PARA) {
			eopen(o, "p", NULL, "class", "noindent", NULL);
			emit_backlink(o, fn);
			xhtml_close(o->x);
		} else {
			o->fn_mark = fn;
		}
		emit_blocks(o, fn, false);
		o->fn_mark = NULL;
		xhtml_close(o->x);
	}
	xhtml_close(o->x);
}

static bool
i_am_last_chunk(const struct epub_doc *d, const struct epub_chunk *c)
{
	return d->chunks->len > 0 &&
	    g_ptr_array_index(d->chunks, d->chunks->len - 1) == c;
}

char *
epub_doc_render(struct epub_doc *d, const struct epub_chunk *c, size_t *len)
{
	struct out o = { 0 };
	const char *lang = d->book->lang;
	char *doc;

	o.d = d;
	o.chunk = c;
	o.x = xhtml_new();
	o.langs = g_ptr_array_new();
	o.refs_done = g_hash_table_new(NULL, NULL);
	o.hook.fonts = d->fonts;
	xhtml_set_text_hook(o.x, epub_face_hook, &o.hook);
	xhtml_prolog(o.x, true);
	eopen(&o, "html", NULL, "xmlns", "http://www.w3.org/1999/xhtml",
	    "xmlns:epub", "http://www.idpf.org/2007/ops", "xml:lang", lang,
	    "lang", lang, NULL);
	eopen(&o, "head", NULL, NULL);
	xhtml_leaf(o.x, "meta", "charset", "utf-8", NULL);
	eopen(&o, "title", NULL, NULL);
	otext(&o, c->title);
	xhtml_close(o.x);
	xhtml_leaf(o.x, "link", "rel", "stylesheet", "type", "text/css",
	    "href", "css/book.css", NULL);
	xhtml_close(o.x);
	eopen(&o, "body", NULL, "epub:type", c->kind == CHUNK_TITLEPAGE ?
	    "frontmatter" : c->kind == CHUNK_PREFACE ? "frontmatter" :
	    c->kind == CHUNK_APPENDIX ? "backmatter" : "bodymatter", NULL);
	if (c->kind == CHUNK_TITLEPAGE)
		emit_titlepage(&o);
	else
		for (guint i = 0; i < c->roots->len; i++)
			emit_blocks(&o, g_ptr_array_index(c->roots, i), true);
	o.in_notes = true;
	emit_footnotes(&o);
	o.in_notes = false;
	/* Pages that begin after the last text (blank end pages). */
	if (d->page_pos && i_am_last_chunk(d, c))
		while (d->next_page < d->page_pos->len)
			page_mark(&o, d->next_page++);
	d->misnested += xhtml_misnested(o.x);
	doc = xhtml_finish(o.x, len);
	xhtml_free(o.x);
	g_ptr_array_free(o.langs, TRUE);
	g_hash_table_destroy(o.refs_done);
	return doc;
}
