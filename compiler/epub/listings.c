/*
 * Program listings and screens as XHTML: each written from its text, cut
 * at its lines, its inline elements and the highlighter's tokens so that
 * the elements always nest, with callout markers, cross-references and
 * footnote numbers in place; and the markers at the start of a callout
 * list's items that link back into the listing. The block walker
 * (content.c) hands it each listing and callout; it never walks blocks,
 * decides an id (links.c) or writes the stylesheet's listing rules
 * (css.c).
 */
#include <stdlib.h>
#include <string.h>

#include "callout.h"
#include "content_int.h"
#include "highlight.h"

/* ---- Callouts -------------------------------------------------------- */

/* The areaspec that goes with a listing: in DocBook's programlistingco
 * and screenco it is the listing's sibling. */
static const struct node *
listing_areaspec(const struct node *n)
{
	if (n->parent == NULL)
		return NULL;
	for (const struct node *c = n->parent->first; c; c = c->next)
		if (strcmp(c->name, "areaspec") == 0)
			return c;
	return NULL;
}

/* ---- Listings ---------------------------------------------------------- */

/*
 * A program listing or screen is written from its text, not its tree:
 * the text is cut at the boundaries of its lines (each a <span
 * class="line">, so the stylesheet can number lines and hang wrapped
 * ones), of its inline elements (prompt, userinput...) and of the
 * highlighter's tokens (<span class="hl-keyword">), and at each cut the
 * open elements are closed down to what the next run shares and the rest
 * reopened, so they always nest. Callout markers, cross-references,
 * footnote numbers and inline images are "atoms" written at their place
 * in the text.
 */

struct lrun {
	int s, e;                   /* bytes of the listing's text */
	const struct node *text;    /* the TEXT node they come from */
};

struct latom {
	int at;                     /* written before byte at */
	const struct node *n;       /* XREF, ANCHOR, FOOTNOTE(REF), area,
	                               INLINEMEDIA */
	int pad;                    /* area: blanks up to its column */
};

enum lopen_kind { LO_LINE, LO_NODE, LO_TOKEN };

struct lopen {
	enum lopen_kind kind;
	const void *what;           /* the node; the line's number */
	int cls;                    /* LO_TOKEN: enum hl_class */
};

static bool
lopen_same(const struct lopen *a, const struct lopen *b)
{
	return a->kind == b->kind && a->what == b->what && a->cls == b->cls;
}

/* The element an inline node of a listing opens (exactly one). */
static void
listing_open_node(struct out *o, const struct node *n, const char *id)
{
	const char *role = model_attr(n, "role");
	char *href = NULL;

	switch (n->kind) {
	case N_EMPHASIS:
		eopen(o, role && (strcmp(role, "bold") == 0 ||
		    strcmp(role, "strong") == 0) ? "strong" : "em", n, "id", id,
		    NULL);
		return;
	case N_CODE:
		if (strcmp(n->name, "prompt") == 0)
			eopen(o, "span", n, "id", id, "class", "prompt", NULL);
		else if (strcmp(n->name, "userinput") == 0)
			eopen(o, "kbd", n, "id", id, "class", "userinput", NULL);
		else if (strcmp(n->name, "computeroutput") == 0)
			eopen(o, "samp", n, "id", id, "class", "computeroutput",
			    NULL);
		else
			eopen(o, "code", n, "id", id, "class", n->name, NULL);
		return;
	case N_REPLACEABLE:
		eopen(o, "var", n, "id", id, NULL);
		return;
	case N_SUPERSCRIPT:
		eopen(o, "sup", n, "id", id, NULL);
		return;
	case N_SUBSCRIPT:
		eopen(o, "sub", n, "id", id, NULL);
		return;
	case N_LINK:
		if (n->target)
			href = epub_doc_href(o->d, n->target, o->chunk);
		else if (model_attr(n, "href") && is_real_uri(model_attr(n,
		    "href")))
			href = g_strdup(model_attr(n, "href"));
		if (href && !xhtml_is_open(o->x, "a"))
			eopen(o, "a", n, "id", id, "href", href, NULL);
		else
			eopen(o, "span", n, "id", id, "class", "link", NULL);
		g_free(href);
		return;
	case N_PHRASE: case N_UNKNOWN: case N_QUOTE:
	case N_BOOK: case N_INFO: case N_TITLE: case N_SUBTITLE:
	case N_AUTHOR: case N_DATE: case N_RELEASEINFO: case N_PUBLISHER:
	case N_COPYRIGHT: case N_ABSTRACT: case N_LEGALNOTICE: case N_PART:
	case N_PREFACE: case N_CHAPTER: case N_APPENDIX: case N_SECTION:
	case N_SIMPLESECT: case N_PARA: case N_FORMALPARA: case N_BRIDGEHEAD:
	case N_ITEMIZEDLIST: case N_ORDEREDLIST: case N_LISTITEM:
	case N_VARIABLELIST: case N_VARLISTENTRY: case N_TERM:
	case N_PROGRAMLISTING: case N_SCREEN: case N_LITERALLAYOUT:
	case N_BLOCKQUOTE: case N_ATTRIBUTION: case N_ADMONITION:
	case N_FIGURE: case N_MEDIAOBJECT: case N_IMAGEDATA: case N_AVDATA:
	case N_TEXTOBJECT:
	case N_CAPTION: case N_TABLE: case N_COLSPEC: case N_SPANSPEC:
	case N_THEAD: case N_TBODY: case N_TFOOT: case N_ROW: case N_ENTRY:
	case N_DIV: case N_TEXT: case N_XREF: case N_ANCHOR: case N_FOOTNOTE:
	case N_FOOTNOTEREF: case N_INDEXTERM: case N_INLINEMEDIA:
	case N_MATH: case N_MML:
	case N__COUNT:
		eopen(o, "span", n, "id", id, "class",
		    n->kind == N_PHRASE && role ? role : n->name, NULL);
		return;
	}
}

/* A callout marker in a listing (a co, or an area of its areaspec),
 * linking to its explanation. */
static void
emit_callout_marker(struct out *o, const struct node *n, int pad)
{
	const struct node *callout = n->id ? g_hash_table_lookup(
	    o->d->callout_of, n->id) : NULL;
	char *href = callout ? epub_doc_href(o->d, callout, o->chunk) : NULL;
	bool link = href && !xhtml_is_open(o->x, "a");
	char glyph[16];

	if (pad > 0) {
		char *blanks = g_strnfill((gsize)pad, ' ');

		eopen(o, "span", NULL, "class", "co-pad", NULL);
		otext(o, blanks);
		xhtml_close(o->x);
		g_free(blanks);
	}
	callout_glyph(callout_number(n), glyph, sizeof glyph);
	eopen(o, link ? "a" : "span", n, "id", frag_of(o->d, n), "class", "co",
	    "href", link ? href : NULL, NULL);
	otext(o, glyph);
	xhtml_close(o->x);
	g_free(href);
}

static void
emit_atom(struct out *o, const struct latom *a)
{
	const struct node *n = a->n;

	switch (n->kind) {
	case N_XREF:
		emit_xref(o, n);
		break;
	case N_FOOTNOTE:
		emit_noteref(o, n, true);
		break;
	case N_FOOTNOTEREF:
		if (n->target && n->target->kind == N_FOOTNOTE)
			emit_noteref(o, n->target, false);
		break;
	case N_INLINEMEDIA:
		emit_inline_media(o, n);
		break;
	default:
		if (strcmp(n->name, "co") == 0 || strcmp(n->name, "area") == 0) {
			emit_callout_marker(o, n, a->pad);
		} else if (frag_of(o->d, n)) {
			eopen(o, "span", n, "id", frag_of(o->d, n), NULL);
			xhtml_close(o->x);
		}
		break;
	}
}

/* Closes what the open elements do not share with want, opens the rest. */
static void
listing_sync(struct out *o, GArray *cur, const GArray *want, size_t base,
    GHashTable *ided)
{
	guint k = 0;

	while (k < cur->len && k < want->len && lopen_same(&g_array_index(
	    cur, struct lopen, k), &g_array_index(want, struct lopen, k)))
		k++;
	xhtml_close_to(o->x, base + k);
	g_array_set_size(cur, k);
	for (; k < want->len; k++) {
		const struct lopen *w = &g_array_index(want, struct lopen, k);
		const struct node *n = w->what;
		char cls[32];

		switch (w->kind) {
		case LO_LINE:
			eopen(o, "span", NULL, "class", "line", NULL);
			break;
		case LO_TOKEN:
			g_snprintf(cls, sizeof cls, "hl-%s",
			    hl_class_name((enum hl_class)w->cls));
			eopen(o, "span", NULL, "class", cls, NULL);
			break;
		case LO_NODE:
			/* An element cut in pieces keeps its id on the
			 * first. */
			listing_open_node(o, n, g_hash_table_contains(ided, n) ?
			    NULL : frag_of(o->d, n));
			g_hash_table_add(ided, (gpointer)n);
			break;
		}
		g_array_append_val(cur, *w);
	}
}

/* want: the line, then the elements from the listing down to n's
 * parent, then the token's class unless plain. */
static void
listing_want(GArray *want, int line, const struct node *root,
    const struct node *n, int cls)
{
	struct lopen lo = { LO_LINE, GINT_TO_POINTER(line), 0 };
	guint at;

	g_array_set_size(want, 0);
	g_array_append_val(want, lo);
	at = want->len;
	for (const struct node *a = n->parent; a != root; a = a->parent) {
		struct lopen e = { LO_NODE, a, 0 };

		if (a == NULL) {        /* an area: outside the listing */
			g_array_set_size(want, at);
			break;
		}
		g_array_insert_val(want, at, e);
	}
	if (cls != HL_PLAIN) {
		struct lopen t = { LO_TOKEN, NULL, cls };

		g_array_append_val(want, t);
	}
}

static int
latom_cmp(gconstpointer a, gconstpointer b)
{
	const struct latom *x = a, *y = b;

	return x->at != y->at ? (x->at > y->at) - (x->at < y->at) :
	    (x->n->pos.line > y->n->pos.line) - (x->n->pos.line < y->n->pos.line);
}

/* The areas of a listing's areaspec as atoms at the end of their line,
 * padded with blanks to their column. */
static void
listing_areas(const struct node *n, const GString *text, int t0, int t1,
    GArray *atoms)
{
	const struct node *spec = listing_areaspec(n);
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	if (spec == NULL)
		return;
	model_walk_init(&w, spec);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		const char *coords = model_attr(c, "coords");
		struct latom a = { 0 };
		long line, col = 0, cols = 0;
		char *end;
		int p = t0;

		if (ev != WALK_ENTER || strcmp(c->name, "area") != 0 || !coords)
			continue;
		line = strtol(coords, &end, 10);
		if (end != coords)
			col = strtol(end, NULL, 10);
		if (line < 1)
			continue;
		for (long l = 1; l < line && p < t1; p++)
			if (text->str[p] == '\n')
				l++;
		if (p >= t1 && line > 1 && (p == t0 || text->str[p - 1] != '\n'))
			continue;       /* past the last line */
		for (; p < t1 && text->str[p] != '\n';
		    p = (int)(g_utf8_next_char(text->str + p) - text->str))
			cols += g_unichar_iswide(g_utf8_get_char(text->str + p)) ?
			    2 : 1;
		a.at = p;
		a.n = c;
		a.pad = col > cols + 1 ? (int)MIN(col - 1 - cols, 200) : 1;
		g_array_append_val(atoms, a);
	}
}

void
emit_listing(struct out *o, const struct node *n)
{
	GString *text = g_string_new(NULL);
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(struct lrun));
	GArray *atoms = g_array_new(FALSE, FALSE, sizeof(struct latom));
	GArray *cur = g_array_new(FALSE, FALSE, sizeof(struct lopen));
	GArray *want = g_array_new(FALSE, FALSE, sizeof(struct lopen));
	GHashTable *ided = g_hash_table_new(NULL, NULL);
	const char *numbering = model_attr(n, "linenumbering");
	bool numbered = numbering && strcmp(numbering, "numbered") == 0;
	char *cls = g_strdup_printf("%s%s", n->name, numbered ? " numbered" :
	    "");
	GArray *tokens;
	struct walker w;
	const struct node *c;
	enum walk_event ev;
	int t0 = 0, t1, p, line = 1;
	guint ri = 0, ti = 0, ai = 0;
	size_t base;

	model_walk_init(&w, n);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		if (ev != WALK_ENTER || c == n)
			continue;
		if (c->kind == N_TEXT) {
			struct lrun r = { (int)text->len, 0, c };

			g_string_append(text, c->text);
			r.e = (int)text->len;
			if (r.e > r.s)
				g_array_append_val(runs, r);
		} else if (c->kind == N_XREF || c->kind == N_ANCHOR ||
		    c->kind == N_FOOTNOTE || c->kind == N_FOOTNOTEREF ||
		    c->kind == N_INLINEMEDIA) {
			struct latom a = { (int)text->len, c, 0 };

			g_array_append_val(atoms, a);
			model_walk_skip(&w);
		} else if (c->kind == N_INDEXTERM) {
			model_walk_skip(&w);
		}
	}
	/* One newline at either end is markup layout, not content; but not
	 * one that has an atom before it (at the start) or after it (at the
	 * end): in a listing of cross-references, one a line, the newlines
	 * between them are all its text, and they are its lines. */
	t1 = (int)text->len;
	if (t1 > 0 && text->str[0] == '\n' && (atoms->len == 0 ||
	    g_array_index(atoms, struct latom, 0).at > 0))
		t0 = 1;
	while (t1 > t0 && text->str[t1 - 1] == '\n' && (atoms->len == 0 ||
	    g_array_index(atoms, struct latom, atoms->len - 1).at < t1))
		t1--;
	listing_areas(n, text, t0, t1, atoms);
	g_array_sort(atoms, latom_cmp);
	tokens = hl_tokenize(model_attr(n, "language"), text->str + t0, t1 - t0);

	eopen(o, "pre", n, "id", frag_of(o->d, n), "class", cls, NULL);
	base = xhtml_depth(o->x);
	for (p = t0;;) {
		int end = t1;

		while (ai < atoms->len && (g_array_index(atoms, struct latom,
		    ai).at <= p || p >= t1)) {
			const struct latom *a = &g_array_index(atoms,
			    struct latom, ai++);

			listing_want(want, line, n, a->n, HL_PLAIN);
			listing_sync(o, cur, want, base, ided);
			emit_atom(o, a);
		}
		if (p >= t1)
			break;
		while (ri + 1 < runs->len && g_array_index(runs, struct lrun,
		    ri).e <= p)
			ri++;
		while (ti + 1 < tokens->len && t0 + g_array_index(tokens,
		    struct hl_token, ti).start + g_array_index(tokens,
		    struct hl_token, ti).len <= p)
			ti++;
		end = MIN(end, g_array_index(runs, struct lrun, ri).e);
		if (ti < tokens->len) {
			const struct hl_token *tk = &g_array_index(tokens,
			    struct hl_token, ti);

			end = MIN(end, t0 + tk->start + tk->len);
		}
		if (ai < atoms->len)
			end = MIN(end, g_array_index(atoms, struct latom, ai).at);
		for (int q = p; q < end; q++)
			if (text->str[q] == '\n') {
				end = q + 1;
				break;
			}
		listing_want(want, line, n, g_array_index(runs, struct lrun,
		    ri).text, ti < tokens->len ? (int)g_array_index(tokens,
		    struct hl_token, ti).cls : HL_PLAIN);
		listing_sync(o, cur, want, base, ided);
		o->hook.pos = &g_array_index(runs, struct lrun, ri).text->pos;
		xhtml_text_len(o->x, text->str + p, (size_t)(end - p));
		if (text->str[end - 1] == '\n')
			line++;
		p = end;
	}
	xhtml_close_to(o->x, base);
	g_array_unref(tokens);
	g_hash_table_destroy(ided);
	g_array_free(want, TRUE);
	g_array_free(cur, TRUE);
	g_array_free(atoms, TRUE);
	g_array_free(runs, TRUE);
	g_string_free(text, TRUE);
	g_free(cls);
}

/* The markers of a callout, each linking back to its place in the
 * listing, at the start of the callout's first paragraph. */
void
emit_callout_back(struct out *o, const struct node *callout)
{
	char **refs = g_strsplit(model_attr(callout, "arearefs"), " ", -1);

	for (char **r = refs; *r; r++) {
		const struct node *t = **r ? g_hash_table_lookup(
		    o->d->book->ids, *r) : NULL;
		char *href = t ? epub_doc_href(o->d, t, o->chunk) : NULL;
		char glyph[16];

		if (t == NULL)
			continue;
		callout_glyph(callout_number(t), glyph, sizeof glyph);
		eopen(o, href ? "a" : "span", NULL, "class", "co-back", "href",
		    href, NULL);
		otext(o, glyph);
		xhtml_close(o->x);
		otext(o, " ");
		g_free(href);
	}
	g_strfreev(refs);
}
