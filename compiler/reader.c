/*
 * The reader: parses each XML file with libxml2's SAX2 tree builder,
 * wrapped so that every element and text node records where it starts
 * (libxml2 keeps lines only), then converts libxml2's tree into the model,
 * resolving XIncludes itself so that they stay inside the book's directory
 * and loops are caught. The external entity loader refuses the network and
 * any file outside the book (XXE).
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
#include <libxml/xpointer.h>
#include <libxml/xpath.h>

#include "mem.h"
#include "reader.h"

#define NS_DOCBOOK   "http://docbook.org/ns/docbook"
#define NS_XINCLUDE  "http://www.w3.org/2001/XInclude"
#define NS_XINCLUDE_OLD "http://www.w3.org/2003/XInclude"
#define NS_XLINK     "http://www.w3.org/1999/xlink"
#define MAX_INCLUDE_DEPTH 64

/* How an element maps into the model. */
enum map_how {
	MAP_NODE,        /* a node of the given kind */
	MAP_TRANSPARENT, /* no node: its children go to its parent */
	MAP_SKIP         /* no node, no children */
};

struct elem_map {
	const char *name;
	enum node_kind kind;
	enum map_how how;
	unsigned flags;
};

static const struct elem_map elem_maps[] = {
	{ "book", N_BOOK, MAP_NODE, 0 },
	{ "article", N_BOOK, MAP_NODE, 0 },
	{ "set", N_BOOK, MAP_NODE, 0 },
	{ "info", N_INFO, MAP_NODE, 0 },
	{ "bookinfo", N_INFO, MAP_NODE, 0 },
	{ "articleinfo", N_INFO, MAP_NODE, 0 },
	{ "chapterinfo", N_INFO, MAP_NODE, 0 },
	{ "prefaceinfo", N_INFO, MAP_NODE, 0 },
	{ "appendixinfo", N_INFO, MAP_NODE, 0 },
	{ "partinfo", N_INFO, MAP_NODE, 0 },
	{ "sectioninfo", N_INFO, MAP_NODE, 0 },
	{ "sect1info", N_INFO, MAP_NODE, 0 },
	{ "sect2info", N_INFO, MAP_NODE, 0 },
	{ "sect3info", N_INFO, MAP_NODE, 0 },
	{ "sect4info", N_INFO, MAP_NODE, 0 },
	{ "sect5info", N_INFO, MAP_NODE, 0 },
	{ "title", N_TITLE, MAP_NODE, 0 },
	{ "subtitle", N_SUBTITLE, MAP_NODE, 0 },
	{ "titleabbrev", N_TITLE, MAP_SKIP, 0 },
	{ "authorgroup", N_AUTHOR, MAP_TRANSPARENT, 0 },
	{ "author", N_AUTHOR, MAP_NODE, 0 },
	{ "editor", N_AUTHOR, MAP_NODE, 0 },
	{ "othercredit", N_AUTHOR, MAP_NODE, 0 },
	{ "corpauthor", N_AUTHOR, MAP_NODE, 0 },
	{ "personname", N_PHRASE, MAP_TRANSPARENT, 0 },
	{ "firstname", N_PHRASE, MAP_NODE, 0 },
	{ "givenname", N_PHRASE, MAP_NODE, 0 },
	{ "surname", N_PHRASE, MAP_NODE, 0 },
	{ "othername", N_PHRASE, MAP_NODE, 0 },
	{ "honorific", N_PHRASE, MAP_NODE, 0 },
	{ "lineage", N_PHRASE, MAP_NODE, 0 },
	{ "orgname", N_PHRASE, MAP_NODE, 0 },
	{ "date", N_DATE, MAP_NODE, 0 },
	{ "pubdate", N_DATE, MAP_NODE, 0 },
	{ "releaseinfo", N_RELEASEINFO, MAP_NODE, 0 },
	{ "edition", N_RELEASEINFO, MAP_NODE, 0 },
	{ "publisher", N_PUBLISHER, MAP_NODE, 0 },
	{ "publishername", N_PHRASE, MAP_NODE, 0 },
	{ "copyright", N_COPYRIGHT, MAP_NODE, 0 },
	{ "year", N_PHRASE, MAP_NODE, 0 },
	{ "holder", N_PHRASE, MAP_NODE, 0 },
	{ "abstract", N_ABSTRACT, MAP_NODE, 0 },
	{ "legalnotice", N_LEGALNOTICE, MAP_NODE, 0 },
	{ "part", N_PART, MAP_NODE, 0 },
	{ "partintro", N_DIV, MAP_NODE, 0 },
	{ "preface", N_PREFACE, MAP_NODE, 0 },
	{ "chapter", N_CHAPTER, MAP_NODE, 0 },
	{ "appendix", N_APPENDIX, MAP_NODE, 0 },
	{ "section", N_SECTION, MAP_NODE, 0 },
	{ "sect1", N_SECTION, MAP_NODE, 0 },
	{ "sect2", N_SECTION, MAP_NODE, 0 },
	{ "sect3", N_SECTION, MAP_NODE, 0 },
	{ "sect4", N_SECTION, MAP_NODE, 0 },
	{ "sect5", N_SECTION, MAP_NODE, 0 },
	{ "simplesect", N_SIMPLESECT, MAP_NODE, 0 },
	{ "para", N_PARA, MAP_NODE, 0 },
	{ "simpara", N_PARA, MAP_NODE, 0 },
	{ "formalpara", N_FORMALPARA, MAP_NODE, 0 },
	{ "bridgehead", N_BRIDGEHEAD, MAP_NODE, 0 },
	{ "itemizedlist", N_ITEMIZEDLIST, MAP_NODE, 0 },
	{ "orderedlist", N_ORDEREDLIST, MAP_NODE, 0 },
	{ "listitem", N_LISTITEM, MAP_NODE, 0 },
	{ "variablelist", N_VARIABLELIST, MAP_NODE, 0 },
	{ "varlistentry", N_VARLISTENTRY, MAP_NODE, 0 },
	{ "term", N_TERM, MAP_NODE, 0 },
	{ "programlisting", N_PROGRAMLISTING, MAP_NODE, 0 },
	{ "screen", N_SCREEN, MAP_NODE, 0 },
	{ "synopsis", N_PROGRAMLISTING, MAP_NODE, 0 },
	{ "literallayout", N_LITERALLAYOUT, MAP_NODE, 0 },
	{ "blockquote", N_BLOCKQUOTE, MAP_NODE, 0 },
	{ "epigraph", N_BLOCKQUOTE, MAP_NODE, 0 },
	{ "attribution", N_ATTRIBUTION, MAP_NODE, 0 },
	{ "note", N_ADMONITION, MAP_NODE, 0 },
	{ "tip", N_ADMONITION, MAP_NODE, 0 },
	{ "important", N_ADMONITION, MAP_NODE, 0 },
	{ "warning", N_ADMONITION, MAP_NODE, 0 },
	{ "caution", N_ADMONITION, MAP_NODE, 0 },
	{ "danger", N_ADMONITION, MAP_NODE, 0 },
	/* Questions and answers: labelled in validate.c (fold_qanda). */
	{ "qandaset", N_DIV, MAP_NODE, 0 },
	{ "qandadiv", N_DIV, MAP_NODE, 0 },
	{ "qandaentry", N_DIV, MAP_NODE, 0 },
	{ "question", N_DIV, MAP_NODE, 0 },
	{ "answer", N_DIV, MAP_NODE, 0 },
	{ "label", N_PHRASE, MAP_NODE, 0 },
	/* Revision history: a table in the body (validate.c, fold_revhistory). */
	{ "revhistory", N_PHRASE, MAP_NODE, 0 },
	{ "revision", N_PHRASE, MAP_NODE, 0 },
	{ "revnumber", N_PHRASE, MAP_NODE, 0 },
	{ "revremark", N_PHRASE, MAP_NODE, 0 },
	{ "revdescription", N_PHRASE, MAP_NODE, 0 },
	{ "authorinitials", N_PHRASE, MAP_NODE, 0 },
	{ "figure", N_FIGURE, MAP_NODE, 0 },
	{ "informalfigure", N_FIGURE, MAP_NODE, NF_INFORMAL },
	{ "mediaobject", N_MEDIAOBJECT, MAP_NODE, 0 },
	{ "inlinemediaobject", N_INLINEMEDIA, MAP_NODE, 0 },
	{ "imageobject", N_MEDIAOBJECT, MAP_TRANSPARENT, 0 },
	{ "imagedata", N_IMAGEDATA, MAP_NODE, 0 },
	{ "textobject", N_TEXTOBJECT, MAP_NODE, 0 },
	{ "alt", N_TEXTOBJECT, MAP_NODE, 0 },
	{ "caption", N_CAPTION, MAP_NODE, 0 },
	{ "table", N_TABLE, MAP_NODE, 0 },
	{ "informaltable", N_TABLE, MAP_NODE, NF_INFORMAL },
	{ "tgroup", N_TABLE, MAP_TRANSPARENT, 0 },
	{ "colgroup", N_TABLE, MAP_TRANSPARENT, 0 },
	{ "colspec", N_COLSPEC, MAP_NODE, 0 },
	{ "col", N_COLSPEC, MAP_NODE, 0 },
	{ "spanspec", N_SPANSPEC, MAP_NODE, 0 },
	{ "thead", N_THEAD, MAP_NODE, 0 },
	{ "tbody", N_TBODY, MAP_NODE, 0 },
	{ "tfoot", N_TFOOT, MAP_NODE, 0 },
	{ "row", N_ROW, MAP_NODE, 0 },
	{ "tr", N_ROW, MAP_NODE, 0 },
	{ "entry", N_ENTRY, MAP_NODE, 0 },
	{ "td", N_ENTRY, MAP_NODE, 0 },
	{ "th", N_ENTRY, MAP_NODE, NF_HEADER },
	{ "footnote", N_FOOTNOTE, MAP_NODE, 0 },
	{ "footnoteref", N_FOOTNOTEREF, MAP_NODE, 0 },
	{ "emphasis", N_EMPHASIS, MAP_NODE, 0 },
	{ "link", N_LINK, MAP_NODE, 0 },
	{ "ulink", N_LINK, MAP_NODE, 0 },
	{ "xref", N_XREF, MAP_NODE, 0 },
	{ "anchor", N_ANCHOR, MAP_NODE, 0 },
	{ "literal", N_CODE, MAP_NODE, 0 },
	{ "code", N_CODE, MAP_NODE, 0 },
	{ "command", N_CODE, MAP_NODE, 0 },
	{ "filename", N_CODE, MAP_NODE, 0 },
	{ "option", N_CODE, MAP_NODE, 0 },
	{ "envar", N_CODE, MAP_NODE, 0 },
	{ "userinput", N_CODE, MAP_NODE, 0 },
	{ "computeroutput", N_CODE, MAP_NODE, 0 },
	{ "prompt", N_CODE, MAP_NODE, 0 },
	{ "systemitem", N_CODE, MAP_NODE, 0 },
	{ "varname", N_CODE, MAP_NODE, 0 },
	{ "function", N_CODE, MAP_NODE, 0 },
	{ "parameter", N_CODE, MAP_NODE, 0 },
	{ "classname", N_CODE, MAP_NODE, 0 },
	{ "methodname", N_CODE, MAP_NODE, 0 },
	{ "type", N_CODE, MAP_NODE, 0 },
	{ "constant", N_CODE, MAP_NODE, 0 },
	{ "tag", N_CODE, MAP_NODE, 0 },
	{ "sgmltag", N_CODE, MAP_NODE, 0 },
	{ "markup", N_CODE, MAP_NODE, 0 },
	{ "uri", N_CODE, MAP_NODE, 0 },
	{ "email", N_CODE, MAP_NODE, 0 },
	{ "keycap", N_CODE, MAP_NODE, 0 },
	{ "replaceable", N_REPLACEABLE, MAP_NODE, 0 },
	{ "quote", N_QUOTE, MAP_NODE, 0 },
	{ "phrase", N_PHRASE, MAP_NODE, 0 },
	{ "productname", N_PHRASE, MAP_NODE, 0 },
	{ "application", N_PHRASE, MAP_NODE, 0 },
	{ "acronym", N_PHRASE, MAP_NODE, 0 },
	{ "abbrev", N_PHRASE, MAP_NODE, 0 },
	{ "citetitle", N_PHRASE, MAP_NODE, 0 },
	{ "firstterm", N_PHRASE, MAP_NODE, 0 },
	{ "glossterm", N_PHRASE, MAP_NODE, 0 },
	{ "guilabel", N_PHRASE, MAP_NODE, 0 },
	{ "guibutton", N_PHRASE, MAP_NODE, 0 },
	{ "guimenu", N_PHRASE, MAP_NODE, 0 },
	{ "guimenuitem", N_PHRASE, MAP_NODE, 0 },
	{ "foreignphrase", N_PHRASE, MAP_NODE, 0 },
	{ "wordasword", N_PHRASE, MAP_NODE, 0 },
	{ "trademark", N_PHRASE, MAP_NODE, 0 },
	{ "superscript", N_SUPERSCRIPT, MAP_NODE, 0 },
	{ "subscript", N_SUBSCRIPT, MAP_NODE, 0 },
	{ "indexterm", N_INDEXTERM, MAP_NODE, 0 },
	{ "primary", N_PHRASE, MAP_NODE, 0 },
	{ "secondary", N_PHRASE, MAP_NODE, 0 },
	{ "tertiary", N_PHRASE, MAP_NODE, 0 },
	{ "see", N_PHRASE, MAP_NODE, 0 },
	{ "seealso", N_PHRASE, MAP_NODE, 0 },
	/* Reference pages: divisions and sections. */
	{ "reference", N_CHAPTER, MAP_NODE, 0 },
	{ "refentry", N_SECTION, MAP_NODE, 0 },
	{ "refmeta", N_INFO, MAP_NODE, 0 },
	{ "refentrytitle", N_TITLE, MAP_NODE, 0 },
	{ "manvolnum", N_PHRASE, MAP_NODE, 0 },
	{ "refmiscinfo", N_PHRASE, MAP_NODE, 0 },
	{ "refnamediv", N_PARA, MAP_NODE, 0 },
	{ "refname", N_CODE, MAP_NODE, 0 },
	{ "refpurpose", N_PHRASE, MAP_NODE, 0 },
	{ "refdescriptor", N_PHRASE, MAP_NODE, 0 },
	{ "refsynopsisdiv", N_SECTION, MAP_NODE, 0 },
	{ "refsection", N_SECTION, MAP_NODE, 0 },
	{ "refsect1", N_SECTION, MAP_NODE, 0 },
	{ "refsect2", N_SECTION, MAP_NODE, 0 },
	{ "refsect3", N_SECTION, MAP_NODE, 0 },
	{ "citerefentry", N_PHRASE, MAP_NODE, 0 },
	{ "cmdsynopsis", N_PARA, MAP_NODE, 0 },
	{ "arg", N_PHRASE, MAP_NODE, 0 },
	{ "group", N_PHRASE, MAP_NODE, 0 },
	{ "sbr", N_PHRASE, MAP_SKIP, 0 },
	{ "funcsynopsis", N_DIV, MAP_NODE, 0 },
	{ "funcsynopsisinfo", N_PROGRAMLISTING, MAP_NODE, 0 },
	{ "funcprototype", N_PARA, MAP_NODE, 0 },
	{ "funcdef", N_CODE, MAP_NODE, 0 },
	{ "funcparams", N_CODE, MAP_NODE, 0 },
	{ "paramdef", N_CODE, MAP_NODE, 0 },
	{ "void", N_CODE, MAP_NODE, 0 },
	{ "varargs", N_CODE, MAP_NODE, 0 },
	/* Procedures, examples, asides, other lists. */
	{ "procedure", N_ORDEREDLIST, MAP_NODE, 0 },
	{ "step", N_LISTITEM, MAP_NODE, 0 },
	{ "substeps", N_ORDEREDLIST, MAP_NODE, 0 },
	{ "stepalternatives", N_ITEMIZEDLIST, MAP_NODE, 0 },
	{ "example", N_FIGURE, MAP_NODE, 0 },
	{ "informalexample", N_FIGURE, MAP_NODE, NF_INFORMAL },
	{ "sidebar", N_ADMONITION, MAP_NODE, 0 },
	{ "simplelist", N_ITEMIZEDLIST, MAP_NODE, 0 },
	{ "member", N_LISTITEM, MAP_NODE, 0 },
	{ "segmentedlist", N_DIV, MAP_NODE, 0 },
	{ "segtitle", N_PHRASE, MAP_NODE, 0 },
	{ "seglistitem", N_DIV, MAP_NODE, 0 },
	{ "seg", N_PARA, MAP_NODE, NF_IMPLICIT },
	{ "calloutlist", N_ORDEREDLIST, MAP_NODE, 0 },
	{ "callout", N_LISTITEM, MAP_NODE, 0 },
	{ "co", N_ANCHOR, MAP_NODE, 0 },
	/* Callout areas: coordinates the back ends read by name. */
	{ "programlistingco", N_DIV, MAP_NODE, 0 },
	{ "screenco", N_DIV, MAP_NODE, 0 },
	{ "areaspec", N_PARA, MAP_NODE, NF_IMPLICIT },
	{ "areaset", N_PHRASE, MAP_NODE, 0 },
	{ "area", N_PHRASE, MAP_NODE, 0 },
	{ "glossary", N_PREFACE, MAP_NODE, 0 },
	{ "glossdiv", N_SECTION, MAP_NODE, 0 },
	{ "glosslist", N_VARIABLELIST, MAP_NODE, 0 },
	{ "glossentry", N_VARLISTENTRY, MAP_NODE, 0 },
	{ "glossdef", N_LISTITEM, MAP_NODE, 0 },
	{ "glosssee", N_PARA, MAP_NODE, 0 },
	{ "glossseealso", N_PARA, MAP_NODE, 0 },
	{ "bibliography", N_PREFACE, MAP_NODE, 0 },
	{ "bibliodiv", N_SECTION, MAP_NODE, 0 },
	{ "biblioentry", N_PARA, MAP_NODE, 0 },
	{ "bibliomixed", N_PARA, MAP_NODE, 0 },
	{ "biblioset", N_PHRASE, MAP_NODE, 0 },
	{ "colophon", N_PREFACE, MAP_NODE, 0 },
	{ "dedication", N_PREFACE, MAP_NODE, 0 },
	{ "acknowledgements", N_PREFACE, MAP_NODE, 0 },
	{ "index", N_PREFACE, MAP_NODE, 0 },
	{ "setindex", N_PREFACE, MAP_NODE, 0 },
	{ "graphic", N_IMAGEDATA, MAP_NODE, 0 },
	{ "address", N_LITERALLAYOUT, MAP_NODE, 0 },
	{ "screenshot", N_DIV, MAP_NODE, 0 },
	/* Inline code-like and other phrases. */
	{ "structfield", N_CODE, MAP_NODE, 0 },
	{ "structname", N_CODE, MAP_NODE, 0 },
	{ "returnvalue", N_CODE, MAP_NODE, 0 },
	{ "token", N_CODE, MAP_NODE, 0 },
	{ "symbol", N_CODE, MAP_NODE, 0 },
	{ "package", N_CODE, MAP_NODE, 0 },
	{ "database", N_CODE, MAP_NODE, 0 },
	{ "errorcode", N_CODE, MAP_NODE, 0 },
	{ "errorname", N_CODE, MAP_NODE, 0 },
	{ "errortype", N_CODE, MAP_NODE, 0 },
	{ "exceptionname", N_CODE, MAP_NODE, 0 },
	{ "interfacename", N_CODE, MAP_NODE, 0 },
	{ "property", N_CODE, MAP_NODE, 0 },
	{ "initializer", N_CODE, MAP_NODE, 0 },
	{ "modifier", N_CODE, MAP_NODE, 0 },
	{ "ooclass", N_CODE, MAP_NODE, 0 },
	{ "enumname", N_CODE, MAP_NODE, 0 },
	{ "enumidentifier", N_CODE, MAP_NODE, 0 },
	{ "enumvalue", N_CODE, MAP_NODE, 0 },
	{ "oointerface", N_CODE, MAP_NODE, 0 },
	{ "ooexception", N_CODE, MAP_NODE, 0 },
	{ "methodparam", N_CODE, MAP_NODE, 0 },
	{ "msgtext", N_CODE, MAP_NODE, 0 },
	{ "hardware", N_PHRASE, MAP_NODE, 0 },
	{ "optional", N_PHRASE, MAP_NODE, 0 },
	{ "lineannotation", N_PHRASE, MAP_NODE, 0 },
	{ "keycombo", N_PHRASE, MAP_NODE, 0 },
	{ "menuchoice", N_PHRASE, MAP_NODE, 0 },
	{ "shortcut", N_PHRASE, MAP_NODE, 0 },
	{ "productnumber", N_PHRASE, MAP_NODE, 0 },
	{ "isbn", N_PHRASE, MAP_NODE, 0 },
	{ "issn", N_PHRASE, MAP_NODE, 0 },
	{ "pubsnumber", N_PHRASE, MAP_NODE, 0 },
	{ "volumenum", N_PHRASE, MAP_NODE, 0 },
	{ "pagenums", N_PHRASE, MAP_NODE, 0 },
	{ "confgroup", N_PHRASE, MAP_NODE, 0 },
	{ "conftitle", N_PHRASE, MAP_NODE, 0 },
	{ "confdates", N_PHRASE, MAP_NODE, 0 },
	{ "contrib", N_PHRASE, MAP_NODE, 0 },
	{ "affiliation", N_PHRASE, MAP_NODE, 0 },
	{ "jobtitle", N_PHRASE, MAP_NODE, 0 },
	{ "street", N_PHRASE, MAP_NODE, 0 },
	{ "city", N_PHRASE, MAP_NODE, 0 },
	{ "country", N_PHRASE, MAP_NODE, 0 },
	{ "postcode", N_PHRASE, MAP_NODE, 0 },
	{ "remark", N_PHRASE, MAP_NODE, 0 },
	{ "beginpage", N_PHRASE, MAP_SKIP, 0 },
};

static GHashTable *elem_index;   /* name -> const struct elem_map * */

struct reader {
	const struct reader_opts *opts;
	char *base_dir;           /* realpath of the book's directory */
	GPtrArray *include_stack; /* realpaths of files being converted */
	GPtrArray *positions;     /* struct pos * owned, for _private */
	int xpointer_depth;       /* > 0 while converting an XPointer copy */
	GPtrArray *active;        /* <xi:include> elements being expanded */
	bool failed;
};

/* The reader whose parse is under way, for the libxml2 callbacks that
 * carry no user pointer (the entity loader, the error handler). */
static struct reader *current;
static xmlParserCtxtPtr current_ctxt;   /* the file being parsed */
static xmlExternalEntityLoader default_loader;

/* ---- Positions ---------------------------------------------------- */

/* Files are named relative to the working directory where possible
 * (libxml2 hands us absolute paths): messages and dumps stay short and
 * carry no absolute path. */
static const char *
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
static xmlDocPtr dtd_holder;
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

static void
wrap_start_element(void *ctx, const xmlChar *localname,
    const xmlChar *prefix, const xmlChar *uri, int nb_namespaces,
    const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
    const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	const xmlChar *p = ctxt->input->cur;
	unsigned line, col;

	/* The start tag has been read: its '<' is the last one before cur,
	 * as '<' cannot occur inside an attribute value. */
	while (p > ctxt->input->base && *p != '<')
		p--;
	input_pos(ctxt, p, &line, &col);
	sax_start_element(ctx, localname, prefix, uri, nb_namespaces,
	    namespaces, nb_attributes, nb_defaulted, attributes);
	if (ctxt->node && current) {
		const char *file = input_file(ctxt);

		entity_pos(ctxt, &file, &line, &col);
		ctxt->node->_private = pos_new(current, file, line, col);
	}
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

static const struct pos *
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
 * Elements of HTML that are no DocBook names. pandoc copies raw HTML from
 * Markdown into its DocBook by default, and a void element (<br>, <img>)
 * or a lone end tag is not well-formed XML: such an error gets a hint.
 */
static const char *const html_names[] = {
	"a", "abbr", "area", "audio", "b", "base", "big", "br", "center",
	"cite", "col", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
	"embed", "font", "hr", "i", "iframe", "img", "input", "ins", "kbd",
	"li", "meta", "ol", "p", "picture", "pre", "s", "samp", "small",
	"source", "span", "strike", "strong", "sub", "summary", "sup",
	"table", "tbody", "td", "tfoot", "th", "thead", "tr", "track", "tt",
	"u", "ul", "var", "video", "wbr",
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
static GString *generic_errors;

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
static bool
path_inside(const char *real, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(real, dir, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static bool
is_system_xml(const char *real)
{
	return path_inside(real, "/usr/share/xml") ||
	    path_inside(real, "/usr/share/sgml");
}

static xmlParserInputPtr
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
	if (current == NULL || !(path_inside(real, current->base_dir) ||
	    is_system_xml(real))) {
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
static xmlDocPtr
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

static xmlDocPtr
parse_file(struct reader *r, const char *path)
{
	return parse_doc(r, path, NULL, 0);
}

/* The whole of standard input, read once. */
static char *
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

/* ---- Conversion to the model -------------------------------------- */

static bool convert_children_of(struct reader *r, xmlNodePtr x,
    struct node *parent);

static bool
is_ns(const xmlNode *x, const char *ns)
{
	return x->ns && x->ns->href && strcmp((const char *)x->ns->href, ns) == 0;
}

static bool
is_xinclude(const xmlNode *x)
{
	return x->type == XML_ELEMENT_NODE &&
	    (is_ns(x, NS_XINCLUDE) || is_ns(x, NS_XINCLUDE_OLD)) &&
	    strcmp((const char *)x->name, "include") == 0;
}

/* DocBook profiling: is element x kept? Values are ';'-separated. */
static bool
profile_keeps(const struct reader *r, const xmlNode *x)
{
	if (r->opts == NULL || r->opts->profile == NULL)
		return true;
	for (xmlAttrPtr a = x->properties; a; a = a->next) {
		char **want = g_hash_table_lookup(r->opts->profile, a->name);
		xmlChar *v;
		char **have;
		bool match = false;

		if (want == NULL || a->ns != NULL)
			continue;
		v = xmlNodeListGetString(x->doc, a->children, 1);
		have = g_strsplit(v ? (const char *)v : "", ";", -1);
		for (char **h = have; *h && !match; h++)
			match = g_strv_contains((const char *const *)want,
			    g_strstrip(*h));
		g_strfreev(have);
		xmlFree(v);
		if (!match)
			return false;
	}
	return true;
}

static const struct elem_map *
map_element(const xmlNode *x)
{
	if (x->ns && !is_ns(x, NS_DOCBOOK))
		return NULL;
	return g_hash_table_lookup(elem_index, x->name);
}

static void
copy_attrs(struct reader *r, struct node *n, const xmlNode *x)
{
	for (xmlAttrPtr a = x->properties; a; a = a->next) {
		xmlChar *v = xmlNodeListGetString(x->doc, a->children, 1);
		const char *name = (const char *)a->name;

		if (strcmp(name, "url") == 0 && n->kind == N_LINK)
			name = "href";
		/* What an XPointer copies keeps no ids: the original has
		 * them (PHP's manual includes method synopses this way). */
		if (strcmp(name, "id") == 0 && r->xpointer_depth > 0) {
			xmlFree(v);
			continue;
		}
		model_set_attr(n, name, v ? (const char *)v : "");
		xmlFree(v);
	}
	n->id = model_attr(n, "id");
}

static char *
read_text_include(const char *real, const struct pos *pos)
{
	char *data = NULL;
	gsize len = 0;
	GError *err = NULL;

	if (!g_file_get_contents(real, &data, &len, &err)) {
		diag(D_XI_MISSING, pos, real, err->message);
		g_error_free(err);
		return NULL;
	}
	if (!g_utf8_validate(data, len, NULL) || memchr(data, 0, len)) {
		struct pos p = { g_intern_string(real), 0, 0 };

		diag(D_XML_NOT_UTF8, &p);
		g_free(data);
		return NULL;
	}
	return data;
}

/* Resolves href against the including file and checks it stays inside
 * the book. Returns the realpath or NULL after a diagnostic. */
static char *
resolve_href(struct reader *r, const char *href, const struct pos *pos)
{
	char *dir, *joined, *real;
	int saved;

	if (strstr(href, "://") != NULL && strncmp(href, "file://", 7) != 0) {
		diag(D_XML_NET, pos, href);
		return NULL;
	}
	if (strncmp(href, "file://", 7) == 0)
		href += 7;
	dir = g_path_get_dirname(pos->file);
	joined = g_path_is_absolute(href) ? g_strdup(href) :
	    g_build_filename(dir, href, NULL);
	g_free(dir);
	real = realpath(joined, NULL);
	saved = errno;
	if (real == NULL) {
		char *canon = g_canonicalize_filename(joined, NULL);

		if (!path_inside(canon, r->base_dir))
			diag(D_XI_OUTSIDE, pos, href);
		else
			diag(D_XI_MISSING, pos, href, g_strerror(saved));
		g_free(canon);
		g_free(joined);
		return NULL;
	}
	g_free(joined);
	if (!path_inside(real, r->base_dir)) {
		diag(D_XI_OUTSIDE, pos, href);
		free(real);
		return NULL;
	}
	return real;
}

static xmlNodePtr
find_fallback(xmlNodePtr inc)
{
	for (xmlNodePtr c = inc->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (is_ns(c, NS_XINCLUDE) || is_ns(c, NS_XINCLUDE_OLD)) &&
		    strcmp((const char *)c->name, "fallback") == 0)
			return c;
	return NULL;
}

static bool convert_node_list(struct reader *r, xmlNodePtr first,
    struct node *parent, bool single);

/* Converts what an XPointer selects in doc. */
static bool
convert_xpointer(struct reader *r, xmlDocPtr doc, const char *xptr,
    struct node *parent, const struct pos *pos)
{
	xmlXPathContextPtr xc = xmlXPtrNewContext(doc, NULL, NULL);
	xmlXPathObjectPtr res;
	bool ok = true;

	if (xc == NULL)
		g_error("out of memory");
	res = xmlXPtrEval((const xmlChar *)xptr, xc);
	/* A syntax error was printed into the generic channel: the message
	 * below says what matters. */
	if (generic_errors)
		g_string_truncate(generic_errors, 0);
	if (res == NULL || res->type != XPATH_NODESET || res->nodesetval == NULL
	    || res->nodesetval->nodeNr == 0) {
		diag(D_XI_XPOINTER, pos, xptr);
		ok = false;
	} else {
		r->xpointer_depth++;
		for (int i = 0; i < res->nodesetval->nodeNr && ok; i++)
			ok = convert_node_list(r, res->nodesetval->nodeTab[i],
			    parent, true);
		r->xpointer_depth--;
	}
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xc);
	return ok;
}

static bool
do_include(struct reader *r, xmlNodePtr inc, struct node *parent)
{
	const struct pos *ipos = xml_pos(inc);
	struct pos here = ipos ? *ipos : (struct pos){ 0 };
	xmlChar *href = xmlGetProp(inc, (const xmlChar *)"href");
	xmlChar *parse = xmlGetProp(inc, (const xmlChar *)"parse");
	xmlChar *xptr = xmlGetProp(inc, (const xmlChar *)"xpointer");
	xmlNodePtr fallback = find_fallback(inc);
	char *real = NULL;
	bool ok = false, text = false, pushed = false;
	unsigned before = diag_count(DL_ERROR);

	/* An XPointer may select the include itself, or an ancestor. */
	for (guint i = 0; i < r->active->len; i++)
		if (g_ptr_array_index(r->active, i) == inc) {
			diag(D_XI_LOOP, &here, href ? (char *)href :
			    (char *)(xptr ? xptr : (xmlChar *)""));
			goto out;
		}
	if (r->active->len >= MAX_INCLUDE_DEPTH) {
		diag(D_XI_DEPTH, &here, MAX_INCLUDE_DEPTH);
		goto out;
	}
	g_ptr_array_add(r->active, inc);
	pushed = true;
	if (parse && strcmp((char *)parse, "text") == 0)
		text = true;
	else if (parse && strcmp((char *)parse, "xml") != 0) {
		diag(D_XI_PARSE, &here, (char *)parse);
		goto out;
	}
	if ((href == NULL || *href == '\0') && xptr == NULL) {
		diag(D_XI_NOHREF, &here);
		goto out;
	}
	if (href == NULL || *href == '\0') {
		/* Same-document reference. */
		ok = convert_xpointer(r, inc->doc, (char *)xptr, parent, &here);
		goto out;
	}
	if (fallback) {
		/* A fallback makes a missing resource no error: check quietly. */
		char *dir = g_path_get_dirname(here.file);
		char *joined = g_build_filename(dir, (char *)href, NULL);
		char *rp = realpath(joined, NULL);

		g_free(dir);
		g_free(joined);
		if (rp == NULL || !path_inside(rp, r->base_dir)) {
			free(rp);
			ok = convert_children_of(r, fallback, parent);
			goto out;
		}
		free(rp);
	}
	real = resolve_href(r, (char *)href, &here);
	if (real == NULL)
		goto out;
	if (text) {
		char *s = read_text_include(real, &here);

		if (s) {
			struct pos tp = { g_intern_string(real), 1, 1 };

			model_append(parent, model_text_new(s, &tp));
			g_free(s);
			ok = true;
		}
		goto out;
	}
	for (guint i = 0; i < r->include_stack->len; i++)
		if (strcmp(g_ptr_array_index(r->include_stack, i), real) == 0) {
			diag(D_XI_LOOP, &here, (char *)href);
			goto out;
		}
	if (r->include_stack->len >= MAX_INCLUDE_DEPTH) {
		diag(D_XI_DEPTH, &here, MAX_INCLUDE_DEPTH);
		goto out;
	}
	{
		char *rel = g_strdup(real);
		char *shown = diag_shown_path(real);
		xmlDocPtr doc;

		doc = parse_file(r, shown);
		g_free(shown);
		if (doc == NULL) {
			g_free(rel);
			goto out;
		}
		g_ptr_array_add(r->include_stack, rel);
		if (xptr)
			ok = convert_xpointer(r, doc, (char *)xptr, parent, &here);
		else
			ok = convert_node_list(r, xmlDocGetRootElement(doc),
			    parent, true);
		g_ptr_array_remove_index(r->include_stack,
		    r->include_stack->len - 1);     /* frees rel */
		xmlFreeDoc(doc);
	}
out:
	if (pushed)
		g_ptr_array_remove_index(r->active, r->active->len - 1);
	if (!ok && diag_count(DL_ERROR) == before)
		diag(D_XI_MISSING, &here, href ? (char *)href : "", "failed");
	if (!ok)
		r->failed = true;
	free(real);
	xmlFree(href);
	xmlFree(parse);
	xmlFree(xptr);
	return ok;
}

/*
 * Converts the libxml2 nodes from first (only first itself when single)
 * into children of parent, walking the libxml2 tree iteratively; only
 * XIncludes recurse, and their depth is bounded.
 */
static bool
convert_node_list(struct reader *r, xmlNodePtr first, struct node *parent,
    bool single)
{
	xmlNodePtr x = first, stop = single ? first : NULL;
	xmlNodePtr top_parent = first ? first->parent : NULL;
	struct node *mparent = parent;
	bool ok = true;

	while (x) {
		bool descend = false;
		struct node *made = NULL;

		switch (x->type) {
		case XML_ELEMENT_NODE:
			if (is_xinclude(x)) {
				if (!do_include(r, x, mparent))
					ok = false;
				break;
			}
			{
				const struct elem_map *m = map_element(x);
				const struct pos *p = xml_pos(x);

				if ((m && m->how == MAP_SKIP) ||
				    !profile_keeps(r, x))
					break;
				if (m && m->how == MAP_TRANSPARENT) {
					/* tgroup's cols go to its table. */
					xmlChar *cols = xmlGetProp(x,
					    (const xmlChar *)"cols");
					if (cols && mparent->kind == N_TABLE)
						model_set_attr(mparent, "cols",
						    (char *)cols);
					xmlFree(cols);
					descend = true;
					break;
				}
				made = model_node_new(m ? m->kind : N_UNKNOWN,
				    (const char *)x->name, p);
				if (m)
					made->flags |= m->flags;
				copy_attrs(r, made, x);
				model_append(mparent, made);
				descend = true;
			}
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (x->content && *x->content) {
				const struct pos *p = xml_pos(x);

				model_append(mparent,
				    model_text_new((const char *)x->content, p));
			}
			break;
		case XML_ENTITY_REF_NODE:
			descend = true;
			break;
		default:
			break;
		}
		if (descend && x->children) {
			if (made)
				mparent = made;
			x = x->children;
			continue;
		}
		/* Next node: a sibling, or climb until one is found. */
		while (x) {
			if (x == stop)
				return ok;
			if (x->next) {
				x = x->next;
				break;
			}
			x = x->parent;
			if (x == NULL || x == top_parent)
				return ok;
			/* Leaving x: if it made a model node, pop to its
			 * parent. Transparent elements made none. */
			if (x->type == XML_ELEMENT_NODE && !is_xinclude(x)) {
				const struct elem_map *m = map_element(x);

				if (!(m && m->how != MAP_NODE))
					mparent = mparent->parent;
			}
			if (x == stop)
				return ok;
		}
	}
	return ok;
}

static bool
convert_children_of(struct reader *r, xmlNodePtr x, struct node *parent)
{
	bool ok = true;

	for (xmlNodePtr c = x->children; c; c = c->next)
		if (!convert_node_list(r, c, parent, true))
			ok = false;
	return ok;
}

static void
init_index(void)
{
	if (elem_index)
		return;
	elem_index = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < G_N_ELEMENTS(elem_maps); i++)
		g_hash_table_insert(elem_index, (gpointer)elem_maps[i].name,
		    (gpointer)&elem_maps[i]);
}

static GThread *freeing;        /* see free_doc */

static gpointer
free_doc(gpointer doc)
{
	xmlFreeDoc(doc);
	mem_give_back();
	return NULL;
}

struct book *
reader_read(const char *path, const struct reader_opts *opts)
{
	struct reader r = { 0 };
	struct book *book = NULL;
	struct node *holder;
	xmlDocPtr doc;
	xmlNodePtr root;
	char *abs, *dir, *real, *stdin_buf = NULL;
	size_t stdin_len = 0;

	if (freeing) {          /* the last book's tree */
		g_thread_join(freeing);
		freeing = NULL;
	}
	init_index();
	r.opts = opts;
	LIBXML_TEST_VERSION;
	if (default_loader == NULL)
		default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(entity_loader);

	if (strcmp(path, "-") == 0) {
		/* Standard input: a book in the working directory, named
		 * <stdin> in messages (libxml2 is given the absolute name so
		 * that relative entities resolve there too). */
		real = realpath(".", NULL);
		if (real == NULL) {
			diag(D_IO, NULL, ".", g_strerror(errno));
			return NULL;
		}
		stdin_buf = read_stdin(&stdin_len);
		abs = g_build_filename(real, "<stdin>", NULL);
		free(real);
		if (stdin_buf == NULL) {
			g_free(abs);
			return NULL;
		}
	} else {
		real = realpath(path, NULL);
		if (real == NULL) {
			diag(D_IO, NULL, path, g_strerror(errno));
			return NULL;
		}
		abs = g_strdup(real);
		free(real);
	}
	dir = g_path_get_dirname(abs);
	r.base_dir = dir;
	r.include_stack = g_ptr_array_new_with_free_func(g_free);
	r.positions = g_ptr_array_new_with_free_func(g_free);
	r.active = g_ptr_array_new();
	current = &r;

	doc = stdin_buf ? parse_doc(&r, abs, stdin_buf, stdin_len) :
	    parse_file(&r, path);
	g_free(stdin_buf);
	if (doc == NULL)
		goto done;
	root = xmlDocGetRootElement(doc);
	if (root == NULL) {
		struct pos p = { shown_file(strcmp(path, "-") == 0 ?
		    abs : path), 1, 1 };

		diag(D_XML_EMPTY, &p);
		r.failed = true;
		goto done_doc;
	}
	{
		const struct elem_map *m = map_element(root);

		if (m == NULL || (m->kind != N_BOOK && m->kind != N_CHAPTER &&
		    m->kind != N_PART && m->kind != N_APPENDIX &&
		    m->kind != N_PREFACE)) {
			diag(D_XML_ROOT, xml_pos(root), (const char *)root->name);
			r.failed = true;
			goto done_doc;
		}
	}
	g_ptr_array_add(r.include_stack, g_strdup(abs));
	holder = model_node_new(N_DIV, "holder", NULL);
	convert_node_list(&r, root, holder, true);
	if (!r.failed && holder->first) {
		book = model_book_new();
		book->root = holder->first;
		model_unlink(book->root);
		book->base_dir = g_strdup(dir);
		book->path = g_strdup(path);
	}
	model_free_tree(holder);
done_doc:
	/* libxml2's tree was most of the memory so far (some 300 MB for
	 * the PostgreSQL manual): another thread frees it while the back
	 * ends begin (a tenth of a second there), and gives the free pages
	 * back to the system, not after the layout. */
	if (g_getenv("BOOKC_NO_THREADS") == NULL)
		freeing = g_thread_new("bookc-free", free_doc, doc);
	else
		free_doc(doc);
done:
	current = NULL;
	g_ptr_array_free(r.include_stack, TRUE);
	g_ptr_array_free(r.positions, TRUE);
	g_ptr_array_free(r.active, TRUE);
	g_free(dir);
	g_free(abs);
	return book;
}

void
reader_cleanup(void)
{
	if (freeing) {
		g_thread_join(freeing);
		freeing = NULL;
	}
	if (generic_errors) {
		g_string_free(generic_errors, TRUE);
		generic_errors = NULL;
	}
	if (dtd_holder) {
		xmlFreeDoc(dtd_holder);
		dtd_holder = NULL;
	}
	if (elem_index) {
		g_hash_table_destroy(elem_index);
		elem_index = NULL;
	}
	xmlCleanupParser();
}
