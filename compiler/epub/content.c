/*
 * The book's content as XHTML, one file at a time (epub_doc_render). It
 * walks the model without recursion: a block walker for structure hands
 * each run of inline content (a paragraph, a title) to an inline walker,
 * which never calls back. Every element goes through eopen(), which adds
 * lang/xml:lang where the language changes and tags the element with the
 * face its text will be drawn in; the printed edition's pages are marked
 * as the text is written. What the walkers hand on is written by a file
 * of its own (divisions.c, links.c, listings.c, tables.c, images.c, all
 * sharing content_int.h). The plan they read (files, ids, footnote
 * numbers, the table of contents) is made by plan.c: this file never
 * decides which file a division goes into, and gives no element an id
 * but a page mark.
 */
#include <string.h>

#include "backend.h"
#include "escape.h"
#include "callout.h"
#include "content_int.h"
#include "epub.h"
#include "l10n.h"
#include "mathml.h"
#include "quote.h"
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

static int face_of_tag(const char *tag, bool en, int face);

/* Must agree with the stylesheet css.c writes. */
int
epub_face_for(const char *tag, const char *lang, int face)
{
	bool en = lang && strncmp(lang, "en", 2) == 0;
	int v1 = EPUB_VARIANT_OF(face);

	/* Chinese text takes its variant's faces; other languages keep
	 * those around them. */
	if (l10n_is_zh(lang))
		v1 = (int)l10n_zh_variant(lang) + 1;
	return EPUB_FACE_DATA(face_of_tag(tag, en, EPUB_FACE_OF(face)), v1);
}

static int
face_of_tag(const char *tag, bool en, int face)
{
	static const char *const heads[] = {
		"h1", "h2", "h3", "h4", "h5", "h6", NULL };
	static const char *const mono[] = {
		"code", "pre", "kbd", "samp", NULL };
	static const char *const bold[] = {
		"strong", "b", "th", "dt", NULL };

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

	if (EPUB_FACE_OF(face) != FACE_NONE && h->fonts)
		epub_fonts_use(h->fonts, face, text, len,
		    h->pos);
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

/* Whether code may break after s[i]: after a path's, a URL's or a
 * name's separator between letters or digits, two or more of them after
 * it ("svn+ssh://host/repos", "--no-auto-props", "file.txt"), never
 * inside "://" or "--", nor before the "c" of "main.c". */
static bool
code_break_after(const char *s, size_t i)
{
	return s[i] && strchr("/.-_?&=,;\\", s[i]) && i > 0 &&
	    g_ascii_isalnum(s[i - 1]) && g_ascii_isalnum(s[i + 1]) &&
	    g_ascii_isalnum(s[i + 2]);
}

/* Code in a table cell, with a <wbr> where code_break_after allows:
 * a narrow column then breaks it there, and only there, and is never
 * narrower than its longest unbreakable piece (the stylesheet breaks
 * code anywhere elsewhere, which squeezed "svn+ssh://" to "svn+s / sh:
 * //"). */
static void
code_in_cell(struct out *o, const char *s, gunichar next)
{
	size_t from = 0;

	for (size_t i = 0; s[i]; i++) {
		char *piece;

		if (!code_break_after(s, i))
			continue;
		piece = g_strndup(s + from, i + 1 - from);
		o->ts.next = (gunichar)(unsigned char)s[i + 1];
		if (epub_text_typeset(o->x, piece, cur_lang(o), &o->ts))
			o->d->western_quotes = true;
		g_free(piece);
		xhtml_leaf(o->x, "wbr", NULL);
		from = i + 1;
	}
	o->ts.next = next;
	if (epub_text_typeset(o->x, s + from, cur_lang(o), &o->ts))
		o->d->western_quotes = true;
}

/* Text, spaced and compressed in the markup (spacing.c), next: the
 * character shown after it (0: none, or not known). Code is spaced from
 * the text around it but left as written inside; text the reader never
 * sees drawn (<title>) is left as written. */
void
otext_before(struct out *o, const char *s, gunichar next)
{
	int face = EPUB_FACE_OF(xhtml_data(o->x));

	if (!s)
		return;
	if (face == FACE_NONE) {
		xhtml_text(o->x, s);
		return;
	}
	o->ts.code = face == FACE_MONO;
	if (o->ts.code && (xhtml_is_open(o->x, "td") ||
	    xhtml_is_open(o->x, "th"))) {
		code_in_cell(o, s, next);
		return;
	}
	o->ts.next = next;
	o->ts.upright = strcmp(o->d->style->writing_mode, "vertical-rl") == 0;
	if (epub_text_typeset(o->x, s, cur_lang(o), &o->ts))
		o->d->western_quotes = true;
}

void
otext(struct out *o, const char *s)
{
	otext_before(o, s, 0);
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

void
epub_nav_page_marks(struct epub_doc *d, struct xhtml *x)
{
	struct out o = { 0 };

	o.d = d;
	o.x = x;
	o.chunk = &(struct epub_chunk){ .file = "nav.xhtml" };
	for (guint i = 0; d->page_pos && i < d->page_pos->len; i++)
		if (g_array_index(d->page_pos, struct epub_page, i).nav)
			page_mark(&o, i);
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
		otext_before(o, n->text, epub_char_after(n));
		return;
	}
	ord = GPOINTER_TO_UINT(g_hash_table_lookup(d->text_ord, n));
	len = (int)strlen(n->text);
	while (d->next_page < d->page_pos->len) {
		const struct epub_page *ep = &g_array_index(d->page_pos,
		    struct epub_page, d->next_page);
		int cut;

		if (ep->nav) {
			d->next_page++;
			continue;
		}
		if (ep->ord > ord || (ep->ord == ord && ep->offset > len))
			break;
		cut = ep->ord < ord ? pos : MAX(ep->offset, pos);
		if (cut > pos) {
			char *part = g_strndup(n->text + pos, cut - pos);

			otext_before(o, part, g_utf8_get_char(n->text + cut));
			g_free(part);
			pos = cut;
		}
		page_mark(o, d->next_page++);
	}
	otext_before(o, n->text + pos, epub_char_after(n));
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
				otext_before(o, epub_quote_mark(n, false),
				    epub_char_after(n));
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
			otext_before(o, epub_quote_mark(n, true),
			    epub_char_in(n));
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
		case N_INLINEMEDIA:
			/* An inline formula's image: written as its altimg
			 * (epub/math.c). */
			if (mathml_formula_of_image(n) == NULL)
				emit_inline_media(o, n);
			descend = false;
			break;
		case N_INDEXTERM:
			/* The place the index links to. */
			if (frag_of(o->d, n))
				xhtml_leaf(o->x, "a", "id", frag_of(o->d, n),
				    "class", "indexterm", NULL);
			descend = false;
			break;
		case N_MATH:
			emit_math(o, n);
			descend = false;
			break;
		case N_PHRASE:
			if (model_is_break(n)) {
				xhtml_leaf(o->x, "br", NULL);
				descend = false;
				break;
			}
			/* fall through */
		case N_UNKNOWN:
		case N_MML:
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
		case N_IMAGEDATA: case N_AVDATA: case N_TEXTOBJECT:
		case N_CAPTION:
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

static void
emit_area_ids(struct out *o, const struct node *spec)
{
	struct walker w;
	const struct node *c;
	enum walk_event ev;

	model_walk_init(&w, spec);
	while ((ev = model_walk_next(&w, &c)) != WALK_NONE) {
		const char *id = ev == WALK_ENTER ? frag_of(o->d, c) : NULL;

		if (id && c != spec) {
			eopen(o, "span", NULL, "id", id, NULL);
			xhtml_close(o->x);
		}
	}
}

/* Writes the element a block node opens; returns whether the walker
 * goes into its children. */
static bool
block_enter(struct out *o, const struct node *n)
{
	const char *id = frag_of(o->d, n);
	const struct node *owner;

	/* A block's text is spaced from nothing before it. */
	o->ts = (struct epub_textstate){ 0 };
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
	case N_COPYRIGHT: {
		char *t = model_copyright_text(n);

		eopen(o, "p", n, "id", id, "class", "copyright", NULL);
		otext(o, "© ");
		otext(o, t);
		g_free(t);
		return false;
	}
	case N_ABSTRACT: case N_LEGALNOTICE:
		eopen(o, "div", n, "id", id, "class", n->name, NULL);
		emit_block_title(o, n);
		return true;
	case N_PART: case N_PREFACE: case N_CHAPTER: case N_APPENDIX:
	case N_SECTION: case N_SIMPLESECT: {
		/* index, glossary and bibliography are prefaces in the model */
		const char *type = (strcmp(n->name, "index") == 0 ||
		    strcmp(n->name, "glossary") == 0 ||
		    strcmp(n->name, "bibliography") == 0) ? n->name :
		    strcmp(n->name, "setindex") == 0 ? "index" :
		    epub_type_of(n->kind);

		eopen(o, "section", n, "id", id, "epub:type", type, "role",
		    epub_role_of(type), "class", n->name, NULL);
		emit_heading(o, n);
		if (index_is_division(n))
			emit_index(o, n);
		return true;
	}
	case N_PARA:
		if (strcmp(n->name, "areaspec") == 0) {
			/* A listing's markers are in the listing; an image's
			 * areas are marks in the picture, their ids here for
			 * the callouts' back-links. */
			if (n->parent && n->parent->kind == N_MEDIAOBJECT)
				emit_area_ids(o, n);
			return false;
		}
		if ((owner = model_lone_inline_media(n)) != NULL) {
			/* an image alone: as a mediaobject */
			emit_media(o, owner);
			return false;
		}
		if (model_is_biblioentry(n))
			o->d->biblio = true;
		eopen(o, "p", n, "id", id, "class", model_is_biblioentry(n) ?
		    "biblioentry" : n->flags & (NF_IMPLICIT | NF_CONTINUED) ?
		    "noindent" : NULL, NULL);
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
		char *text = model_text(n);
		bool blank = *g_strstrip(text) == '\0';

		g_free(text);
		/* an empty one, a mere target of links (LFS has one), is no
		 * heading: a screen reader would name an empty heading */
		if (blank) {
			eopen(o, "div", n, "id", id, "class", "bridgehead", NULL);
			return false;
		}
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

		/* A note, not a complementary landmark: a chapter's several
		 * admonitions would be landmarks no reader could tell apart
		 * (Ace's landmark-unique). */
		eopen(o, "aside", n, "id", id, "role", "note",
		    "aria-labelledby", t ? frag_of(o->d, t) : NULL, "class", cls,
		    NULL);
		g_free(cls);
		if (t == NULL && l10n_admonition(n, n->lang) == NULL)
			return true;    /* an untitled sidebar */
		eopen(o, "p", t, "id", t ? frag_of(o->d, t) : NULL, "class",
		    "admonition-title", NULL);
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
		/* An equation's image of its formula: the formula's altimg
		 * (epub/math.c). */
		if (mathml_of_equation(n->parent))
			return false;
		emit_media(o, n);
		return true;
	case N_IMAGEDATA: case N_AVDATA: case N_TEXTOBJECT: case N_COLSPEC:
	case N_SPANSPEC:
		return false;
	case N_CAPTION:
		/* An HTML table's caption is written with the table's title
		 * (emit_table_caption): one <caption>, first in <table>. */
		if (n->parent && n->parent->kind == N_TABLE)
			return false;
		eopen(o, "div", n, "id", id, "class", "caption", NULL);
		return true;
	case N_TABLE:
		emit_table(o, n);
		emit_table_caption(o, n);
		return true;
	case N_THEAD: case N_TBODY: case N_TFOOT:
		eopen(o, n->kind == N_THEAD ? "thead" : n->kind == N_TBODY ?
		    "tbody" : "tfoot", n, "id", id, NULL);
		return true;
	case N_ROW:
		eopen(o, "tr", n, "id", id, NULL);
		return true;
	case N_ENTRY:
		return emit_cell(o, n, NULL);
	case N_DIV:
		eopen(o, "div", n, "id", id, "class", n->name, NULL);
		emit_block_title(o, n);
		return true;
	case N_TEXT:
		o->hook.pos = &n->pos;
		otext(o, n->text);
		return false;
	case N_EMPHASIS: case N_LINK: case N_XREF: case N_ANCHOR:
	case N_PHRASE:
		/* A CALS entrytbl (kept as a phrase holding its rows) is a
		 * cell holding a table, never a paragraph in a row. */
		if (n->parent && n->parent->kind == N_ROW &&
		    g_strcmp0(n->name, "entrytbl") == 0) {
			emit_cell(o, n, "entrytbl");
			emit_table(o, n);
			return true;
		}
		/* fall through */
	case N_CODE: case N_REPLACEABLE: case N_QUOTE:
	case N_SUPERSCRIPT: case N_SUBSCRIPT: case N_FOOTNOTE:
	case N_FOOTNOTEREF: case N_INDEXTERM: case N_INLINEMEDIA:
	case N_UNKNOWN: case N_MATH: case N_MML:
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
	o->ts = (struct epub_textstate){ 0 };
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
	/* A footnote's own footnotes follow it in the list. */
	for (guint i = 0; i < c->footnotes->len; i++) {
		const struct node *fn = g_ptr_array_index(c->footnotes, i);

		eopen(o, "aside", fn, "id", frag_of(o->d, fn), "epub:type",
		    "footnote", "role", "doc-footnote", "class", "footnote",
		    NULL);
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
	o.cells = g_hash_table_new_full(NULL, NULL, NULL, g_free);
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
	    "frontmatter" : c->back || c->kind == CHUNK_APPENDIX ?
	    "backmatter" : c->kind == CHUNK_PREFACE ? "frontmatter" :
	    "bodymatter", NULL);
	if (c->kind == CHUNK_TITLEPAGE)
		emit_titlepage(&o);
	else if (c->node == NULL && c->index_to)
		emit_index(&o, o.d->index_div); /* a piece of a long index */
	else
		for (guint i = 0; i < c->roots->len; i++)
			emit_blocks(&o, g_ptr_array_index(c->roots, i), true);
	o.in_notes = true;
	emit_footnotes(&o);
	o.in_notes = false;
	/* Pages that begin after the last text (blank end pages). */
	if (d->page_pos && i_am_last_chunk(d, c))
		for (; d->next_page < d->page_pos->len; d->next_page++)
			if (!g_array_index(d->page_pos, struct epub_page,
			    d->next_page).nav)
				page_mark(&o, d->next_page);
	d->misnested += xhtml_misnested(o.x);
	doc = xhtml_finish(o.x, len);
	xhtml_free(o.x);
	g_ptr_array_free(o.langs, TRUE);
	g_hash_table_destroy(o.refs_done);
	g_hash_table_destroy(o.cells);
	return doc;
}
