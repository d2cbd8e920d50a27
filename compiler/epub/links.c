/*
 * Ids and links: the id of each element that can be linked to (an
 * author's id made a valid NCName, generated ones unique beside it), the
 * address of a node from any file, and the elements that link: link,
 * xref, a footnote's number and its way back. The plan decides which
 * nodes get ids and in what order; this file never decides which file a
 * node goes into, and never walks the model.
 */
#include <string.h>

#include "content_int.h"
#include "l10n.h"

/* ---- Ids -------------------------------------------------------------- */

/* An XML NCName made of ASCII letters, digits, '_', '-', '.'. */
char *
sanitize_id(const char *id)
{
	GString *s = g_string_new(NULL);

	for (const char *p = id; *p; p++) {
		char ch = *p;

		if (g_ascii_isalnum(ch) || ch == '_' || ch == '-' || ch == '.')
			g_string_append_c(s, ch);
		else if ((unsigned char)ch < 0x80 ||
		    ((unsigned char)ch & 0xC0) == 0xC0)
			g_string_append_c(s, '_');
	}
	if (s->len == 0 || !(g_ascii_isalpha(s->str[0]) || s->str[0] == '_'))
		g_string_prepend(s, "id-");
	return g_string_free(s, FALSE);
}

/* base, or base-2, base-3...: whichever is free; marks it used. */
const char *
unique_id(struct epub_doc *d, const char *base)
{
	char *id = g_strdup(base);

	for (unsigned i = 2; g_hash_table_contains(d->ids, id); i++) {
		g_free(id);
		id = g_strdup_printf("%s-%u", base, i);
	}
	g_hash_table_add(d->ids, id);
	return id;
}

/* Whether the element a node is rendered as can carry its id; if not,
 * links to it go to the nearest ancestor's element. */
bool
carries_id(const struct node *n)
{
	switch (n->kind) {
	case N_INFO: case N_TITLE: case N_VARLISTENTRY: case N_IMAGEDATA:
	case N_AVDATA:
	case N_TEXTOBJECT: case N_COLSPEC: case N_SPANSPEC: case N_TEXT:
	case N_FOOTNOTEREF:
	case N_INDEXTERM: case N_MML:
		return false;
	case N_BOOK: case N_SUBTITLE: case N_AUTHOR: case N_DATE:
	case N_RELEASEINFO: case N_PUBLISHER: case N_COPYRIGHT:
	case N_ABSTRACT: case N_LEGALNOTICE: case N_PART: case N_PREFACE:
	case N_CHAPTER: case N_APPENDIX: case N_SECTION: case N_SIMPLESECT:
	case N_PARA: case N_FORMALPARA: case N_BRIDGEHEAD:
	case N_ITEMIZEDLIST: case N_ORDEREDLIST: case N_LISTITEM:
	case N_VARIABLELIST: case N_TERM: case N_PROGRAMLISTING:
	case N_SCREEN: case N_LITERALLAYOUT: case N_BLOCKQUOTE:
	case N_ATTRIBUTION: case N_ADMONITION: case N_FIGURE:
	case N_MEDIAOBJECT: case N_CAPTION: case N_TABLE: case N_THEAD:
	case N_TBODY: case N_TFOOT: case N_ROW: case N_ENTRY: case N_DIV:
	case N_EMPHASIS: case N_LINK: case N_XREF: case N_ANCHOR: case N_CODE:
	case N_REPLACEABLE: case N_QUOTE: case N_PHRASE: case N_SUPERSCRIPT:
	case N_SUBSCRIPT: case N_FOOTNOTE: case N_INLINEMEDIA: case N_UNKNOWN:
	case N_MATH:
		return true;
	case N__COUNT:
		break;
	}
	return false;
}

const char *
frag_of(const struct epub_doc *d, const struct node *n)
{
	return g_hash_table_lookup(d->frag, n);
}

const char *
ensure_frag(struct epub_doc *d, const struct node *n, const char *prefix)
{
	const char *f = frag_of(d, n);

	if (f == NULL) {
		unsigned k = GPOINTER_TO_UINT(g_hash_table_lookup(d->counters,
		    prefix)) + 1;
		char *base = g_strdup_printf("%s-%u", prefix, k);

		g_hash_table_insert(d->counters, (gpointer)prefix,
		    GUINT_TO_POINTER(k));
		f = unique_id(d, base);
		g_free(base);
		g_hash_table_insert(d->frag, (gpointer)n, (gpointer)f);
	}
	return f;
}

char *
epub_doc_href(const struct epub_doc *d, const struct node *n,
    const struct epub_chunk *from)
{
	const struct epub_chunk *c = g_hash_table_lookup(d->chunk_of, n);
	const char *f = g_hash_table_lookup(d->target, n);

	if (f == NULL)
		f = frag_of(d, n);
	if (c == NULL || f == NULL)
		return NULL;
	if (c == from)
		return g_strdup_printf("#%s", f);
	return g_strdup_printf("%s#%s", c->file, f);
}

/* ---- Links --------------------------------------------------------------- */

/* Whether an address is a URI epubcheck and readers accept as a link:
 * a known scheme and only characters RFC 3986 allows (a '%' only as an
 * escape). Placeholders such as http://{region}.example.com/ and .../%(id)s
 * and git:// or ssh:// addresses are shown as code instead. */
bool
is_real_uri(const char *u)
{
	static const char *const schemes[] = {
		"http://", "https://", "mailto:", "ftp://", NULL };
	bool ok = false;

	for (const char *const *s = schemes; *s; s++)
		if (g_ascii_strncasecmp(u, *s, strlen(*s)) == 0 &&
		    u[strlen(*s)] != '\0')
			ok = true;
	if (!ok)
		return false;
	for (const char *p = u; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '%') {
			if (!g_ascii_isxdigit(p[1]) || !g_ascii_isxdigit(p[2]))
				return false;
			continue;
		}
		if (g_ascii_isalnum(ch) || strchr("-._~:/?#[]@!$&'()*+,;=", ch))
			continue;
		return false;
	}
	return true;
}

void
emit_noteref(struct out *o, const struct node *fn, bool first)
{
	char num[16], *href;
	const struct epub_chunk *c = g_hash_table_lookup(o->d->chunk_of, fn);
	bool done = g_hash_table_contains(o->refs_done, fn);

	g_snprintf(num, sizeof num, "%u",
	    GPOINTER_TO_UINT(g_hash_table_lookup(o->d->fn_num, fn)));
	href = epub_doc_href(o->d, fn, o->chunk);
	eopen(o, "sup", NULL, "class", "noteref", NULL);
	if (href && c == o->chunk && !xhtml_is_open(o->x, "a")) {
		eopen(o, "a", NULL, "epub:type", "noteref", "role",
		    "doc-noteref", "href", href, "id",
		    first && !done ? (const char *)g_hash_table_lookup(
		    o->d->fn_ref, fn) : NULL, NULL);
		otext(o, num);
		xhtml_close(o->x);
		if (first)
			g_hash_table_add(o->refs_done, (gpointer)fn);
	} else {
		otext(o, num);
	}
	xhtml_close(o->x);
	g_free(href);
}

/* Whether link n shows an address (its text is its href, or one word
 * that reads as an address): the stylesheet lets it break anywhere, as a
 * link with no text, which shows its href. */
static bool
shows_address(const struct node *n, const char *href)
{
	char *t = n->first ? model_text(n) : NULL;
	bool url = t == NULL || strcmp(t, href) == 0 ||
	    ((strstr(t, "://") || g_str_has_prefix(t, "www.")) &&
	    !strpbrk(t, " \t\n"));

	g_free(t);
	return url;
}

void
emit_link(struct out *o, const struct node *n)
{
	const char *href = model_attr(n, "href");
	char *local = n->target ? epub_doc_href(o->d, n->target, o->chunk) :
	    NULL;
	bool nested = xhtml_is_open(o->x, "a");
	const char *id = frag_of(o->d, n);

	if (n->target) {
		eopen(o, local && !nested ? "a" : "span", n, "id", id, "href",
		    local && !nested ? local : NULL, NULL);
		if (n->first == NULL) {
			char *t = l10n_xref_text(n->target, o->d->style,
			    n->lang);

			otext(o, t);
			g_free(t);
		}
	} else if (href && is_real_uri(href) && !nested) {
		eopen(o, "a", n, "id", id, "href", href, "class",
		    shows_address(n, href) ? "url" : NULL, NULL);
		if (n->first == NULL)
			otext(o, href);
	} else {
		/* Not a link a reader could follow (a placeholder, git://,
		 * or a link inside a link): the address as code; the link's
		 * own text, if any, followed by the address in brackets. */
		char *text = model_text(n);
		bool as_code = n->first == NULL || (href && strcmp(text, href) == 0);

		eopen(o, as_code ? "code" : "span", n, "id", id, "class",
		    as_code ? "url" : NULL, NULL);
		if (n->first == NULL)
			otext(o, href ? href : "");
		else if (!as_code && href)
			o->link_after = n;
		g_free(text);
	}
	g_free(local);
}

/* After a link shown as text: its address, in brackets, as code. */
void
emit_link_address(struct out *o, const struct node *n)
{
	bool zh = l10n_is_zh(cur_lang(o));

	otext(o, zh ? "（" : " (");
	eopen(o, "code", NULL, "class", "url", NULL);
	otext(o, model_attr(n, "href"));
	xhtml_close(o->x);
	otext(o, zh ? "）" : ")");
}

void
emit_xref(struct out *o, const struct node *n)
{
	char *href = n->target ? epub_doc_href(o->d, n->target, o->chunk) :
	    NULL;
	char *text = n->target ? l10n_xref_text(n->target, o->d->style,
	    n->lang) : g_strdup(model_attr(n, "linkend"));
	bool link = href && !xhtml_is_open(o->x, "a");

	eopen(o, link ? "a" : "span", n, "id", frag_of(o->d, n), "href",
	    link ? href : NULL, "class", "xref", NULL);
	otext(o, text ? text : "");
	xhtml_close(o->x);
	g_free(text);
	g_free(href);
}

/* The back link from a footnote to its noteref, written at the start of
 * the footnote's first paragraph (emit_noteref with the footnote as the
 * target would point at itself). */
void
emit_backlink(struct out *o, const struct node *fn)
{
	char num[16];
	const char *ref = g_hash_table_lookup(o->d->fn_ref, fn);

	g_snprintf(num, sizeof num, "%u",
	    GPOINTER_TO_UINT(g_hash_table_lookup(o->d->fn_num, fn)));
	if (g_hash_table_contains(o->refs_done, fn) && ref) {
		char *href = g_strdup_printf("#%s", ref);

		eopen(o, "a", NULL, "class", "footnote-back", "href", href,
		    NULL);
		otext(o, num);
		xhtml_close(o->x);
		g_free(href);
	} else {
		eopen(o, "span", NULL, "class", "footnote-back", NULL);
		otext(o, num);
		xhtml_close(o->x);
	}
}
