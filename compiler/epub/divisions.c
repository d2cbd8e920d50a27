/*
 * Headings and divisions as XHTML: a division's heading (its label and
 * title, h1 for the division its file holds and a level more for each
 * division between) and its plain text for the table of contents, the
 * epub:type of a division's section, the titles of lists and other
 * blocks, the captions of figures and tables, the title page, and the
 * back-of-book index the index division holds. It never decides which
 * division goes into which file (plan.c), and never walks a division's
 * blocks (content.c does, and calls it).
 */
#include <string.h>

#include "content_int.h"
#include "l10n.h"

/* ---- Headings --------------------------------------------------------- */

char *
epub_heading_text(const struct node *n, const struct style *st)
{
	char *label = l10n_division_label(n, st, n->lang);
	char *title = model_text(model_title(n));
	char *out;

	if (label && *title)
		out = g_strdup_printf("%s %s", label, title);
	else if (label)
		out = g_strdup(label);
	else if (n->kind == N_PREFACE && *title == '\0')
		out = g_strdup(l10n_text(n->lang, L_PREFACE));
	else
		out = g_strdup(title);
	g_free(label);
	g_free(title);
	return out;
}

bool
is_navigable(const struct node *n)
{
	switch (n->kind) {
	case N_PART: case N_PREFACE: case N_CHAPTER: case N_APPENDIX:
	case N_SECTION: case N_SIMPLESECT:
		return true;
	default:
		return false;
	}
}

/* h1 for the file's division, one more for each division between; loose
 * content has no h1 above its sections. A piece of a split division keeps
 * the levels its sections have in the division's own file. */
unsigned
heading_level(const struct out *o, const struct node *n)
{
	const struct node *top = o->chunk->top ? o->chunk->top :
	    o->chunk->node;
	unsigned level = top ? 2 : 1;

	if (top == n)
		return 1;
	for (const struct node *a = n->parent; a && a != top; a = a->parent)
		if (is_navigable(a))
			level++;
	return MIN(level, 6);
}

const char *
epub_type_of(enum node_kind k)
{
	switch (k) {
	case N_PART: return "part";
	case N_PREFACE: return "preface";
	case N_CHAPTER: return "chapter";
	case N_APPENDIX: return "appendix";
	default: return NULL;
	}
}

/* The DPUB-ARIA role of an epub:type, for assistive technology that
 * reads roles and never epub:type (Ace's epub-type-has-matching-role);
 * NULL for the types with no counterpart (bodymatter, footnotes, lot). */
const char *
epub_role_of(const char *type)
{
	static const char *const roles[][2] = {
		{ "part", "doc-part" }, { "preface", "doc-preface" },
		{ "chapter", "doc-chapter" }, { "appendix", "doc-appendix" },
		{ "index", "doc-index" }, { "noteref", "doc-noteref" },
		{ "footnote", "doc-footnote" }, { "toc", "doc-toc" },
		{ "page-list", "doc-pagelist" }, { "pagebreak", "doc-pagebreak" },
		{ "glossary", "doc-glossary" },
		{ "bibliography", "doc-bibliography" },
	};

	for (size_t i = 0; type && i < G_N_ELEMENTS(roles); i++)
		if (strcmp(type, roles[i][0]) == 0)
			return roles[i][1];
	return NULL;
}

/* What a link from the index to a place says: the number of the section
 * or chapter it is in ("3.2", "第 3 章"), else that division's title. */
static char *
place_label(const struct out *o, const struct node *term)
{
	for (const struct node *a = term->parent; a; a = a->parent) {
		char *l, *t;

		if (!model_is_division(a->kind) || a->kind == N_BOOK ||
		    (model_is_set_book(a) && a != term->parent))
			continue;
		l = l10n_division_label(a, o->d->style, o->d->book->lang);
		if (l)
			return l;
		t = model_title(a) ? model_text(model_title(a)) : NULL;
		if (t && *t)
			return t;
		g_free(t);
	}
	return g_strdup("↗");
}

/* In a set, each book numbers its own chapters: the place names its
 * book too ("Second Book, Chapter 1"). */
static char *
place_text(const struct out *o, const struct node *term)
{
	char *l = place_label(o, term), *t, *s;
	const struct node *b = term->parent;

	while (b && !model_is_set_book(b))
		b = b->parent;
	if (b == NULL || b == term->parent || model_title(b) == NULL)
		return l;
	t = g_strstrip(model_text(model_title(b)));
	s = *t ? g_strdup_printf("%s, %s", t, l) : g_strdup(l);
	g_free(t);
	g_free(l);
	return s;
}

/* An index division: entries under their group headings, each with
 * links to its places (an EPUB has no page numbers to print); those of
 * its scope alone (index_scope), unless it is the main index split over
 * several chunks (plan.c cuts the whole list). */
void
emit_index(struct out *o, const struct node *div)
{
	const struct book_index *ix = o->d->index;
	const char *group = NULL, *last_primary = NULL, *last_secondary = NULL;
	bool zh = l10n_is_zh(o->d->book->lang);
	bool split = div == o->d->index_div && o->chunk->index_to;
	GPtrArray *es = ix ? index_scoped(ix, split ? NULL :
	    index_scope(div)) : NULL;
	guint from = split ? o->chunk->index_from : 0;
	guint to = split ? o->chunk->index_to : es ? es->len : 0;

	if (ix == NULL)
		return;
	eopen(o, "div", NULL, "class", "index", NULL);
	for (guint i = from; i < to; i++) {
		const struct index_entry *e = g_ptr_array_index(es, i);
		const char *prev = NULL;

		if (group == NULL || strcmp(group, e->group) != 0) {
			if (group)
				xhtml_close(o->x);      /* ul */
			group = e->group;
			last_primary = last_secondary = NULL;
			eopen(o, "h2", NULL, "class", "index-group", NULL);
			otext(o, group);
			xhtml_close(o->x);
			eopen(o, "ul", NULL, "class", "index", NULL);
		}
		/* A subentry whose main entry has no place of its own still
		 * shows the main entry above it. */
		if (e->secondary && (last_primary == NULL ||
		    strcmp(last_primary, e->primary) != 0)) {
			eopen(o, "li", NULL, "class", "index-1", NULL);
			otext(o, e->primary);
			xhtml_close(o->x);
		}
		if (e->tertiary && (last_secondary == NULL ||
		    strcmp(last_secondary, e->secondary) != 0)) {
			eopen(o, "li", NULL, "class", "index-2", NULL);
			otext(o, e->secondary);
			xhtml_close(o->x);
		}
		last_primary = e->primary;
		last_secondary = e->secondary;
		eopen(o, "li", NULL, "class", e->tertiary ? "index-3" :
		    e->secondary ? "index-2" : "index-1", NULL);
		otext(o, e->tertiary ? e->tertiary : e->secondary ?
		    e->secondary : e->primary);
		for (guint k = 0; k < e->terms->len; k++) {
			const struct node *t = g_ptr_array_index(e->terms, k);
			char *href = epub_doc_href(o->d, t, o->chunk);
			char *label = place_text(o, t);

			/* One link per place name: several terms in one
			 * section need not repeat it. */
			if (href && (prev == NULL || strcmp(prev, label) != 0)) {
				otext(o, zh ? "，" : ", ");
				eopen(o, "a", NULL, "href", href, NULL);
				otext(o, label);
				xhtml_close(o->x);
			}
			g_free(href);
			g_free((char *)prev);
			prev = label;
		}
		g_free((char *)prev);
		if (e->see) {
			otext(o, zh ? "，见" : ", see ");
			otext(o, e->see);
		}
		if (e->seealso) {
			otext(o, zh ? "，另见" : ", see also ");
			otext(o, e->seealso);
		}
		xhtml_close(o->x);      /* li */
	}
	if (group)
		xhtml_close(o->x);      /* ul */
	xhtml_close(o->x);              /* div */
	index_scoped_free(ix, es);
}

void
emit_heading(struct out *o, const struct node *n)
{
	const struct node *t = model_title(n);
	char *label = l10n_division_label(n, o->d->style, n->lang);
	char tag[3] = { 'h', 0, 0 };

	tag[1] = (char)('0' + heading_level(o, n));
	if (t == NULL && label == NULL) {
		if (n->kind != N_PREFACE)
			return;
	}
	eopen(o, tag, t ? t : n, NULL);
	if (label) {
		eopen(o, "span", NULL, "class", "label", NULL);
		otext(o, label);
		xhtml_close(o->x);
		if (t)
			otext(o, " ");
	}
	if (t)
		emit_inline(o, t, false);
	else if (label == NULL)
		otext(o, l10n_text(n->lang, L_PREFACE));
	xhtml_close(o->x);
	g_free(label);
}

/* A title line of a list, formal paragraph, quotation... */
void
emit_block_title(struct out *o, const struct node *n)
{
	const struct node *t = model_title(n);

	if (t == NULL)
		return;
	eopen(o, "p", t, "class", "title", NULL);
	eopen(o, "strong", NULL, NULL);
	emit_inline(o, t, false);
	xhtml_close(o->x);
	xhtml_close(o->x);
}

void
emit_formal_caption(struct out *o, const struct node *n, const char *tag)
{
	const struct node *t = model_title(n);
	char *label = l10n_formal_label(n, n->lang);

	if ((t == NULL && label == NULL) || model_equation_formula(n)) {
		g_free(label);
		return;
	}
	eopen(o, tag, t, NULL);
	if (label) {
		eopen(o, "span", NULL, "class", "label", NULL);
		otext(o, label);
		xhtml_close(o->x);
		if (t)
			otext(o, " ");
	}
	if (t)
		emit_inline(o, t, false);
	xhtml_close(o->x);
	g_free(label);
}

/* A table's one <caption>: its label and title, then what an HTML
 * <caption> child holds. */
void
emit_table_caption(struct out *o, const struct node *table)
{
	const struct node *cap = NULL;

	for (const struct node *c = table->first; c; c = c->next)
		if (c->kind == N_CAPTION)
			cap = c;
	if (cap == NULL) {
		emit_formal_caption(o, table, "caption");
		return;
	}
	eopen(o, "caption", cap, "id", frag_of(o->d, cap), NULL);
	emit_formal_caption(o, table, "div");
	emit_blocks(o, cap, false);
	xhtml_close(o->x);
}

void
emit_titlepage(struct out *o)
{
	const struct node *book = o->d->book->root;
	const struct node *t = model_title(book);

	eopen(o, "section", NULL, "epub:type", "titlepage", "class",
	    "titlepage", NULL);
	if (t) {
		eopen(o, "h1", t, "class", "book-title", NULL);
		emit_inline(o, t, false);
		xhtml_close(o->x);
	}
	for (guint i = 0; i < o->chunk->roots->len; i++) {
		const struct node *n = g_ptr_array_index(o->chunk->roots, i);

		if (n != t)
			emit_blocks(o, n, true);
	}
	xhtml_close(o->x);
}
