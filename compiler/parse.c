/*
 * Parsing one XML file for the reader (reader_int.h): libxml2's SAX2 tree
 * builder wrapped so that every element and text node records where it
 * starts, the DocBook 4 DTD parsed once and shared, libxml2's errors
 * collected and printed once each with positions, and the external entity
 * loader that refuses the network and any file outside the book's tree
 * (XXE) but for the system's XML catalog.
 */
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/catalog.h>
#include <libxml/uri.h>

#include "mem.h"
#include "reader_int.h"

/* The reader whose parse is under way, for the libxml2 callbacks that
 * carry no user pointer (the entity loader, the error handler). */
struct reader *current;
static xmlParserCtxtPtr current_ctxt;   /* the file being parsed */
xmlExternalEntityLoader default_loader;

/* ---- Positions ---------------------------------------------------- */

/* Files are named relative to the working directory where possible
 * (libxml2 hands us absolute paths): messages and dumps stay short and
 * carry no absolute path. */
const char *
shown_file(const char *file)
{
	static GHashTable *cache;
	const char *s;

	if (file == NULL)
		return g_intern_string("");
	if (cache == NULL)
		cache = g_hash_table_new(g_str_hash, g_str_equal);
	s = g_hash_table_lookup(cache, file);
	if (s == NULL) {
		char *d = file[0] == '/' ? diag_shown_path(file) : g_strdup(file);

		s = g_intern_string(d);
		g_free(d);
		g_hash_table_insert(cache, (gpointer)g_intern_string(file),
		    (gpointer)s);
	}
	return s;
}

static struct pos *
pos_new(struct reader *r, const char *file, unsigned line, unsigned col)
{
	struct pos *p = g_new(struct pos, 1);

	p->file = shown_file(file);
	p->line = line;
	p->col = col;
	g_ptr_array_add(r->positions, p);
	return p;
}

/* The line and column of byte p in the parser's current input, which has
 * already been read up to input->cur (whose line libxml2 knows). */
static void
input_pos(xmlParserCtxtPtr ctxt, const xmlChar *p, unsigned *line,
    unsigned *col)
{
	xmlParserInputPtr in = ctxt->input;
	const xmlChar *q;
	unsigned nl = 0, chars = 0;

	*line = in->line > 0 ? (unsigned)in->line : 0;
	*col = 0;
	if (p < in->base || p > in->cur) {
		*col = in->col > 0 ? (unsigned)in->col : 0;
		return;
	}
	for (q = p; q < in->cur; q++)
		if (*q == '\n')
			nl++;
	*line = *line > nl ? *line - nl : 1;
	for (q = p; q > in->base && q[-1] != '\n'; q--)
		if ((q[-1] & 0xc0) != 0x80)
			chars++;
	if (q == in->base && in->base != in->cur && q > in->base)
		chars = 0;
	*col = chars + 1;
}

static const char *
input_file(xmlParserCtxtPtr ctxt)
{
	if (ctxt->input && ctxt->input->filename)
		return ctxt->input->filename;
	return ctxt->directory ? ctxt->directory : "";
}

/* Content of an internal entity is parsed from memory, with no file:
 * its nodes are placed at the entity reference, in the nearest input that
 * is a file (libxml2 may use a separate context for the expansion). */
static bool
entity_pos(xmlParserCtxtPtr ctxt, const char **file, unsigned *line,
    unsigned *col)
{
	xmlParserCtxtPtr cs[2] = { ctxt, current_ctxt };

	if (ctxt->input && ctxt->input->filename)
		return false;
	for (int k = 0; k < 2; k++) {
		if (cs[k] == NULL)
			continue;
		for (int i = cs[k]->inputNr - 1; i >= 0; i--) {
			xmlParserInputPtr in = cs[k]->inputTab[i];

			if (in && in->filename) {
				*file = in->filename;
				*line = in->line > 0 ? (unsigned)in->line : 0;
				*col = in->col > 0 ? (unsigned)in->col : 0;
				return true;
			}
		}
	}
	return false;
}

/*
 * The DocBook 4 DTD is parsed once and shared: books such as LFS give it
 * as the DOCTYPE of each of their 190 files, and parsing it each time
 * costs seconds. Entities the document does not define itself (mdash,
 * nbsp...) are looked up in the shared copy; no default attributes are
 * added, which is all the DTD would contribute besides.
 */
xmlDocPtr dtd_holder;
static externalSubsetSAXFunc sax_external_subset;
static getEntitySAXFunc sax_get_entity;

static bool
is_docbook_dtd(const xmlChar *public_id, const xmlChar *system_id)
{
	return (public_id && strstr((const char *)public_id, "DTD DocBook XML")) ||
	    (system_id && g_str_has_suffix((const char *)system_id,
	    "docbookx.dtd"));
}

static void
wrap_external_subset(void *ctx, const xmlChar *name,
    const xmlChar *public_id, const xmlChar *system_id)
{
	if (!is_docbook_dtd(public_id, system_id)) {
		sax_external_subset(ctx, name, public_id, system_id);
		return;
	}
	if (dtd_holder == NULL) {
		xmlDtdPtr dtd = xmlParseDTD(public_id, system_id);

		dtd_holder = xmlNewDoc((const xmlChar *)"1.0");
		if (dtd) {
			dtd_holder->extSubset = dtd;
			dtd->doc = dtd_holder;
		}
	}
	/* Entities may now come from the external subset. */
	((xmlParserCtxtPtr)ctx)->hasExternalSubset = 1;
}

static xmlEntityPtr
wrap_get_entity(void *ctx, const xmlChar *name)
{
	xmlEntityPtr e = sax_get_entity(ctx, name);

	if (e == NULL && dtd_holder && dtd_holder->extSubset)
		e = xmlGetDocEntity(dtd_holder, name);
	return e;
}

static startElementNsSAX2Func sax_start_element;
static charactersSAXFunc sax_characters;
static cdataBlockSAXFunc sax_cdata;

/*
 * Prefixes books use without always declaring them: pandoc's DocBook
 * without -s (one run per file, joined with XInclude) writes mml: and
 * never declares it. libxml2 reports each such name; one of these has a
 * safe reading, its usual namespace, and is read so with one warning a
 * file and prefix (the error is left out, see xml_error).
 */
static const char *const known_ns[][3] = {
	{ "mml", "http://www.w3.org/1998/Math/MathML", "MathML" },
	{ "svg", "http://www.w3.org/2000/svg", "SVG" },
	{ "xi", "http://www.w3.org/2001/XInclude", "XInclude" },
	{ "xlink", "http://www.w3.org/1999/xlink", "XLink" },
};
static GHashTable *ns_warned;   /* "file\x1fprefix" of this parse */

/* prefix's row of known_ns, or NULL. */
static const char *const *
known(const xmlChar *prefix)
{
	for (size_t i = 0; prefix && i < G_N_ELEMENTS(known_ns); i++)
		if (strcmp((const char *)prefix, known_ns[i][0]) == 0)
			return known_ns[i];
	return NULL;
}

static const xmlChar *
known_uri(const xmlChar *prefix)
{
	const char *const *k = known(prefix);

	return k ? (const xmlChar *)k[1] : NULL;
}

/* Declares prefix (undeclared, known) in ns, the element's list of
 * prefix-URI pairs, once; warns once a file. */
static const xmlChar *
bind_prefix(GPtrArray *ns, const xmlChar *prefix, const struct pos *at)
{
	const xmlChar *uri = known_uri(prefix);
	char *key;

	for (guint i = 0; i < ns->len; i += 2)
		if (ns->pdata[i] == prefix)
			return uri;
	g_ptr_array_add(ns, (gpointer)prefix);
	g_ptr_array_add(ns, (gpointer)uri);
	if (ns_warned == NULL)
		ns_warned = g_hash_table_new_full(g_str_hash, g_str_equal,
		    g_free, NULL);
	key = g_strdup_printf("%s\x1f%s", at->file ? at->file : "", prefix);
	if (g_hash_table_add(ns_warned, key))
		diag(D_XML_NS_PREFIX, at, (const char *)prefix,
		    known(prefix)[2]);
	return uri;
}

static void
wrap_start_element(void *ctx, const xmlChar *localname,
    const xmlChar *prefix, const xmlChar *uri, int nb_namespaces,
    const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
    const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	const xmlChar *p = ctxt->input->cur;
	const char *file = input_file(ctxt);
	unsigned line, col;
	GPtrArray *ns = NULL;
	const xmlChar **atts = attributes;

	/* The start tag has been read: its '<' is the last one before cur,
	 * as '<' cannot occur inside an attribute value. */
	while (p > ctxt->input->base && *p != '<')
		p--;
	input_pos(ctxt, p, &line, &col);
	entity_pos(ctxt, &file, &line, &col);
	/* Known prefixes left undeclared: declared on this element. */
	for (int i = -1; i < nb_attributes; i++) {
		const xmlChar *pf = i < 0 ? prefix : attributes[5 * i + 1];
		const xmlChar *u = i < 0 ? uri : attributes[5 * i + 2];
		struct pos at;

		if (pf == NULL || u != NULL || known_uri(pf) == NULL)
			continue;
		at = (struct pos){ shown_file(file), line, col };
		if (ns == NULL) {
			ns = g_ptr_array_new();
			for (int j = 0; j < 2 * nb_namespaces; j++)
				g_ptr_array_add(ns, (gpointer)namespaces[j]);
			if (nb_attributes > 0)
				atts = g_memdup2(attributes, 5 * sizeof *atts *
				    (size_t)nb_attributes);
		}
		if (i < 0)
			uri = bind_prefix(ns, pf, &at);
		else
			atts[5 * i + 2] = bind_prefix(ns, pf, &at);
	}
	sax_start_element(ctx, localname, prefix, uri, ns ?
	    (int)ns->len / 2 : nb_namespaces, ns ? (const xmlChar **)
	    ns->pdata : namespaces, nb_attributes, nb_defaulted, atts);
	if (ns)
		g_ptr_array_free(ns, TRUE);
	if (atts != attributes)
		g_free(atts);
	if (ctxt->node && current)
		ctxt->node->_private = pos_new(current, file, line, col);
}

static void
mark_new_text(xmlParserCtxtPtr ctxt, xmlNodePtr before, const xmlChar *ch,
    int len)
{
	xmlNodePtr last = ctxt->node ? ctxt->node->last : NULL;
	unsigned line, col;

	if (last == NULL || last == before || last->_private || current == NULL)
		return;
	/* libxml2 hands over non-ASCII text from a copy; the same bytes end
	 * just before the read position unless references were expanded. */
	if ((ch < ctxt->input->base || ch > ctxt->input->cur) && len > 0 &&
	    ctxt->input->cur - ctxt->input->base >= len &&
	    memcmp(ctxt->input->cur - len, ch, len) == 0)
		ch = ctxt->input->cur - len;
	input_pos(ctxt, ch, &line, &col);
	/* The fast path reports text starting at cur but has already
	 * counted the text's own line breaks. */
	if (ch == ctxt->input->cur)
		for (int i = 0; i < len; i++)
			if (ch[i] == '\n' && line > 1)
				line--;
	{
		const char *file = input_file(ctxt);

		entity_pos(ctxt, &file, &line, &col);
		last->_private = pos_new(current, file, line, col);
	}
}

static void
wrap_characters(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlNodePtr before = ctxt->node ? ctxt->node->last : NULL;

	sax_characters(ctx, ch, len);
	mark_new_text(ctxt, before, ch, len);
}

static void
wrap_cdata(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlNodePtr before = ctxt->node ? ctxt->node->last : NULL;

	sax_cdata(ctx, ch, len);
	mark_new_text(ctxt, before, ch, len);
}

const struct pos *
xml_pos(const xmlNode *x)
{
	for (; x; x = x->parent)
		if (x->_private && (x->type == XML_ELEMENT_NODE ||
		    x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE))
			return x->_private;
	return NULL;
}

/* ---- Errors and entities ------------------------------------------ */

/* libxml2's errors of one parse are collected, then printed once each:
 * errors raised inside an entity's replacement text carry no file and
 * are dropped when a positioned one says the same. */
struct xml_msg {
	struct pos pos;
	char *text;
	const char *html;       /* the HTML element the error names, or NULL */
};

/*
 * Elements of HTML that are no names pandoc's DocBook uses. pandoc copies
 * raw HTML from Markdown into its DocBook by default, and a void element
 * (<br>, <img>) or a lone end tag is not well-formed XML: such an error
 * gets a hint. table, thead, tbody, tfoot, audio and video are left out:
 * they are DocBook's own, and an error that names them is the cascade of
 * an earlier one (a <br> in a table cell).
 */
static const char *const html_names[] = {
	"a", "abbr", "area", "b", "base", "big", "br", "center",
	"cite", "col", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
	"embed", "font", "hr", "i", "iframe", "img", "input", "ins", "kbd",
	"li", "meta", "ol", "p", "picture", "pre", "s", "samp", "small",
	"source", "span", "strike", "strong", "sub", "summary", "sup",
	"td", "th", "tr", "track", "tt", "u", "ul", "var", "wbr",
};

static const char *
html_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(html_names); i++)
		if (g_ascii_strcasecmp(name, html_names[i]) == 0)
			return g_intern_string(name);
	return NULL;
}

/* The HTML element named by an error about tags, or NULL. */
static const char *
html_in_error(const xmlError *err)
{
	const char *h;

	switch (err->code) {
	case XML_ERR_TAG_NAME_MISMATCH:
	case XML_ERR_TAG_NOT_FINISHED:
	case XML_ERR_GT_REQUIRED:
	case XML_ERR_LTSLASH_REQUIRED:
		if ((h = html_name(err->str1)) != NULL)
			return h;
		return html_name(err->str2);
	default:
		return NULL;
	}
}

static GArray *xml_msgs;

static char *
clean_message(const xmlError *err)
{
	char *msg = g_strdup(err->message ? err->message : "XML error");
	size_t len = strlen(msg);

	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	for (char *q = msg; *q; q++)
		if (*q == '\n')
			*q = ' ';
	if (err->code == XML_ERR_ENTITY_LOOP) {
		g_free(msg);
		msg = g_strdup("entity expansion refused: an entity reference "
		    "loop or exponential growth (billion laughs)");
	} else if (strstr(msg, "Excessive depth in document")) {
		g_free(msg);
		msg = g_strdup("elements nested more than 256 deep");
	}
	return msg;
}

static void
xml_error(void *ctx, xmlErrorPtr err)
{
	struct xml_msg m = { { 0 }, NULL, NULL };

	(void)ctx;
	if (err == NULL || err->level == XML_ERR_NONE)
		return;
	if (err->level == XML_ERR_WARNING)
		return;
	/* Duplicate ids are validation's business, with both positions. */
	if (err->code == XML_DTD_ID_REDEFINED)
		return;
	/* A known prefix left undeclared is read as its namespace, with a
	 * warning (wrap_start_element). */
	if (err->code == XML_NS_ERR_UNDEFINED_NAMESPACE &&
	    known_uri((const xmlChar *)err->str1))
		return;
	/* An xml:id that is not an NCName ("chap:intro", "11-快速上手", as
	 * pandoc writes them) is still the element's id; validation counts
	 * them in one warning and the back ends write safe names. */
	if (err->code == XML_DTD_XMLID_VALUE)
		return;
	m.pos.file = err->file ? shown_file(err->file) : NULL;
	m.pos.line = err->line > 0 ? (unsigned)err->line : 0;
	m.pos.col = err->int2 > 0 ? (unsigned)err->int2 : 0;
	m.text = clean_message(err);
	m.html = html_in_error(err);
	if (xml_msgs == NULL)
		xml_msgs = g_array_new(FALSE, FALSE, sizeof(struct xml_msg));
	g_array_append_val(xml_msgs, m);
	if (current)
		current->failed = true;
}

#define MAX_XML_ERRORS 50

/* libxml2 reports some problems (bytes invalid in the declared encoding)
 * only through its generic error channel, as free text on stderr: they
 * are caught here and turned into one positioned message. */
GString *generic_errors;

static void
generic_error(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	if (generic_errors == NULL)
		generic_errors = g_string_new(NULL);
	va_start(ap, fmt);
	g_string_append_vprintf(generic_errors, fmt, ap);
	va_end(ap);
}

static void
flush_generic_errors(xmlParserCtxtPtr ctxt, const char *path)
{
	const char *bytes;
	struct pos p = { shown_file(path), 0, 0 };
	char *msg;

	if (generic_errors == NULL || generic_errors->len == 0)
		return;
	if (ctxt && ctxt->input) {
		p.line = ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 0;
		p.col = ctxt->input->col > 0 ? (unsigned)ctxt->input->col : 0;
	}
	bytes = strstr(generic_errors->str, "bytes ");
	if (strstr(generic_errors->str, "conversion failed") && bytes) {
		char *end = strchr(bytes, '\n');

		msg = g_strdup_printf("bytes not valid in the declared "
		    "encoding: %.*s", end ? (int)(end - bytes - 6) : 24,
		    bytes + 6);
	} else {
		char *end = strchr(generic_errors->str, '\n');

		msg = g_strndup(generic_errors->str, end ? end -
		    generic_errors->str : (long)generic_errors->len);
	}
	diag(D_XML_SYNTAX, &p, msg);
	g_free(msg);
	if (current)
		current->failed = true;
	g_string_truncate(generic_errors, 0);
}

/* Prints each collected message once: a message without a file is left
 * out when the same text comes with one; at most MAX_XML_ERRORS, in time
 * linear in their number (a hostile file can raise millions). */
static void
flush_xml_errors(void)
{
	GHashTable *with_file, *seen;
	unsigned printed = 0, more = 0;

	if (xml_msgs == NULL)
		return;
	with_file = g_hash_table_new(g_str_hash, g_str_equal);
	seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < xml_msgs->len; i++) {
		struct xml_msg *m = &g_array_index(xml_msgs, struct xml_msg, i);

		if (m->pos.file)
			g_hash_table_add(with_file, m->text);
	}
	for (guint i = 0; i < xml_msgs->len; i++) {
		struct xml_msg *m = &g_array_index(xml_msgs, struct xml_msg, i);
		char *key;

		if (m->pos.file == NULL && g_hash_table_contains(with_file, m->text))
			continue;
		key = g_strdup_printf("%s\x1f%s\x1f%u", m->text,
		    m->pos.file ? m->pos.file : "", m->pos.line);
		if (!g_hash_table_add(seen, key))
			continue;
		if (printed < MAX_XML_ERRORS && m->html) {
			/* The hint in full once a run, then the element. */
			static bool hinted;
			char *t = g_strdup_printf(hinted ? "%s (<%s> is raw HTML)" :
			    "%s (<%s> is raw HTML, which pandoc copies from "
			    "Markdown by default: 'pandoc -f markdown-raw_html' "
			    "writes it as text, or use Markdown's own syntax)",
			    m->text, m->html);

			hinted = true;
			diag(D_XML_SYNTAX, &m->pos, t);
			g_free(t);
			printed++;
		} else if (printed < MAX_XML_ERRORS) {
			diag(D_XML_SYNTAX, &m->pos, m->text);
			printed++;
		} else
			more++;
	}
	if (more) {
		char *t = g_strdup_printf("%u more XML errors not shown", more);
		struct xml_msg *last = &g_array_index(xml_msgs, struct xml_msg,
		    xml_msgs->len - 1);

		diag(D_XML_SYNTAX, &last->pos, t);
		g_free(t);
	}
	g_hash_table_destroy(with_file);
	g_hash_table_destroy(seen);
	for (guint i = 0; i < xml_msgs->len; i++)
		g_free(g_array_index(xml_msgs, struct xml_msg, i).text);
	g_array_set_size(xml_msgs, 0);
}

/* Is the absolute, symlink-resolved path inside dir? */
bool
path_inside(const char *real, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)      /* --root / */
		return real[0] == '/';
	return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static bool
is_system_xml(const char *real)
{
	return path_inside(real, "/usr/share/xml") ||
	    path_inside(real, "/usr/share/sgml");
}

/* A file of the system's XML catalog, reached through the catalog's own
 * symbolic links: Debian's DocBook XML 4.0 to 4.1.2 link dbgenent.mod
 * from /usr/share/xml into /etc/sgml, where the administrator may edit
 * it. The link's own path (".." taken lexically) must be a system one. */
static bool
is_system_link(const char *path, const char *real)
{
	char *canon = g_canonicalize_filename(path, "/");
	bool ok = is_system_xml(canon) && (path_inside(real, "/etc/sgml") ||
	    path_inside(real, "/etc/xml"));

	g_free(canon);
	return ok;
}

xmlParserInputPtr
entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	char *path = NULL, *real;
	struct pos p = { 0 };
	xmlParserInputPtr in;

	if (ctxt == NULL || ctxt->input == NULL)
		ctxt = current_ctxt;
	if (ctxt && ctxt->input) {
		p.file = shown_file(input_file(ctxt));
		p.line = ctxt->input->line;
		p.col = ctxt->input->col;
	}
	if (url == NULL)
		return NULL;
	/* DTDs and entity sets named by PUBLIC id or by their web address
	 * come from the system's XML catalog (Debian's docbook-xml). */
	{
		xmlChar *res = xmlCatalogResolve((const xmlChar *)id,
		    (const xmlChar *)url);

		if (res == NULL)
			res = xmlCatalogResolveURI((const xmlChar *)url);
		if (res) {
			char *local = g_strdup((const char *)res);

			xmlFree(res);
			if (strncmp(local, "file://", 7) == 0)
				memmove(local, local + 7, strlen(local + 7) + 1);
			if (local[0] == '/' && is_system_xml(local)) {
				in = default_loader(local, id, ctxt);
				g_free(local);
				return in;
			}
			g_free(local);
		}
	}
	if (strncmp(url, "file://", 7) == 0)
		path = g_uri_unescape_string(url + 7, NULL);
	else if (strstr(url, "://") != NULL) {
		diag(D_XML_NET, &p, url);
		if (current)
			current->failed = true;
		return NULL;
	} else
		path = g_strdup(url);
	real = realpath(path, NULL);
	if (real == NULL) {
		diag(D_XML_ENTITY, &p, url, g_strerror(errno));
		g_free(path);
		if (current)
			current->failed = true;
		return NULL;
	}
	if (current == NULL || !(path_inside(real, current->root_dir) ||
	    is_system_xml(real) || is_system_link(path, real))) {
		diag(D_XML_ENTITY, &p, url, "outside the book's directory");
		free(real);
		g_free(path);
		if (current)
			current->failed = true;
		return NULL;
	}
	in = default_loader(real, id, ctxt);
	free(real);
	g_free(path);
	return in;
}

/* ---- Parsing one file --------------------------------------------- */

/* Parses the file at path, or, when mem is not NULL, the len bytes at
 * mem read from standard input, named path (relative entities and
 * XIncludes are taken from path's directory). */
xmlDocPtr
parse_doc(struct reader *r, const char *path, const char *mem, size_t len)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;
	int opts = XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_DTDLOAD |
	    XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;

	if (ctxt == NULL)
		g_error("out of memory");
	if (sax_start_element == NULL) {
		sax_start_element = ctxt->sax->startElementNs;
		sax_characters = ctxt->sax->characters;
		sax_cdata = ctxt->sax->cdataBlock;
		sax_external_subset = ctxt->sax->externalSubset;
		sax_get_entity = ctxt->sax->getEntity;
	}
	ctxt->sax->externalSubset = wrap_external_subset;
	ctxt->sax->getEntity = wrap_get_entity;
	ctxt->sax->startElementNs = wrap_start_element;
	ctxt->sax->characters = wrap_characters;
	ctxt->sax->ignorableWhitespace = wrap_characters;
	ctxt->sax->cdataBlock = wrap_cdata;
	ctxt->sax->serror = xml_error;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	current_ctxt = ctxt;
	xmlSetGenericErrorFunc(NULL, generic_error);
	if (mem)
		doc = len > INT_MAX ? NULL : xmlCtxtReadMemory(ctxt, mem,
		    (int)len, path, NULL, opts);
	else
		doc = xmlCtxtReadFile(ctxt, path, NULL, opts);
	current_ctxt = NULL;
	if (ns_warned)
		g_hash_table_remove_all(ns_warned);
	flush_generic_errors(ctxt, path);
	flush_xml_errors();
	if (doc && !ctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc == NULL)
		r->failed = true;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

xmlDocPtr
parse_file(struct reader *r, const char *path)
{
	return parse_doc(r, path, NULL, 0);
}

/* The whole of standard input, read once. */
char *
read_stdin(size_t *len)
{
	GIOChannel *ch = g_io_channel_unix_new(0);
	GError *err = NULL;
	gchar *buf = NULL;
	gsize n = 0;

	g_io_channel_set_encoding(ch, NULL, NULL);
	if (g_io_channel_read_to_end(ch, &buf, &n, &err) != G_IO_STATUS_NORMAL) {
		diag(D_IO, NULL, "<stdin>", err ? err->message : "read error");
		g_clear_error(&err);
		g_free(buf);
		buf = NULL;
	}
	g_io_channel_unref(ch);
	*len = n;
	return buf;
}
