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
#include <libxml/xpathInternals.h>

#include "image.h"
#include "mem.h"
#include "reader_int.h"

#define NS_DOCBOOK   "http://docbook.org/ns/docbook"
#define NS_XINCLUDE  "http://www.w3.org/2001/XInclude"
#define NS_XINCLUDE_OLD "http://www.w3.org/2003/XInclude"
#define NS_TRANSCLUSION "http://docbook.org/ns/transclusion"
#define NS_XLINK     "http://www.w3.org/1999/xlink"
#define NS_MATHML    "http://www.w3.org/1998/Math/MathML"
#define NS_SVG       "http://www.w3.org/2000/svg"
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
	/* DocBook 4's other *info elements. */
	{ "setinfo", N_INFO, MAP_NODE, 0 },
	{ "referenceinfo", N_INFO, MAP_NODE, 0 },
	{ "refentryinfo", N_INFO, MAP_NODE, 0 },
	{ "refsectioninfo", N_INFO, MAP_NODE, 0 },
	{ "refsect1info", N_INFO, MAP_NODE, 0 },
	{ "refsect2info", N_INFO, MAP_NODE, 0 },
	{ "refsect3info", N_INFO, MAP_NODE, 0 },
	{ "refsynopsisdivinfo", N_INFO, MAP_NODE, 0 },
	{ "bibliographyinfo", N_INFO, MAP_NODE, 0 },
	{ "glossaryinfo", N_INFO, MAP_NODE, 0 },
	{ "indexinfo", N_INFO, MAP_NODE, 0 },
	{ "setindexinfo", N_INFO, MAP_NODE, 0 },
	{ "sidebarinfo", N_INFO, MAP_NODE, 0 },
	{ "objectinfo", N_INFO, MAP_NODE, 0 },
	{ "blockinfo", N_INFO, MAP_NODE, 0 },
	{ "title", N_TITLE, MAP_NODE, 0 },
	{ "subtitle", N_SUBTITLE, MAP_NODE, 0 },
	{ "titleabbrev", N_TITLE, MAP_SKIP, 0 },
	{ "authorgroup", N_AUTHOR, MAP_TRANSPARENT, 0 },
	{ "author", N_AUTHOR, MAP_NODE, 0 },
	{ "editor", N_AUTHOR, MAP_NODE, 0 },
	{ "othercredit", N_AUTHOR, MAP_NODE, 0 },
	{ "corpauthor", N_AUTHOR, MAP_NODE, 0 },
	{ "personname", N_PHRASE, MAP_TRANSPARENT, 0 },
	{ "person", N_PHRASE, MAP_TRANSPARENT, 0 },
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
	/* Video and audio: an HTML5 element in the EPUB; in the PDF the
	 * mediaobject's image (a poster) or its text, else the file named.
	 * Players' parameters (multimediaparam) are the reader's choice. */
	{ "videoobject", N_MEDIAOBJECT, MAP_TRANSPARENT, 0 },
	{ "audioobject", N_MEDIAOBJECT, MAP_TRANSPARENT, 0 },
	{ "videodata", N_AVDATA, MAP_NODE, 0 },
	{ "audiodata", N_AVDATA, MAP_NODE, 0 },
	{ "multimediaparam", N_PHRASE, MAP_SKIP, 0 },
	{ "textobject", N_TEXTOBJECT, MAP_NODE, 0 },
	/* Text kept in a file of its own (read_textdata): in a listing's
	 * textobject, the listing's text (fold_objects.c). */
	{ "textdata", N_PHRASE, MAP_NODE, 0 },
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
	/* A table in a cell: kept a phrase holding its rows, which the
	 * back ends set as a table (EPUB) or a grid of lines (PDF). */
	{ "entrytbl", N_PHRASE, MAP_NODE, 0 },
	{ "td", N_ENTRY, MAP_NODE, 0 },
	{ "th", N_ENTRY, MAP_NODE, NF_HEADER },
	{ "footnote", N_FOOTNOTE, MAP_NODE, 0 },
	{ "footnoteref", N_FOOTNOTEREF, MAP_NODE, 0 },
	/* A note on a person (author, editor...): a footnote on the name,
	 * so that the name alone stays the author (dc:creator). */
	{ "personblurb", N_FOOTNOTE, MAP_NODE, 0 },
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
	{ "topic", N_SECTION, MAP_NODE, 0 },
	{ "refmeta", N_INFO, MAP_NODE, 0 },
	{ "refentrytitle", N_TITLE, MAP_NODE, 0 },
	{ "manvolnum", N_PHRASE, MAP_NODE, 0 },
	{ "refmiscinfo", N_PHRASE, MAP_NODE, 0 },
	{ "refnamediv", N_PARA, MAP_NODE, 0 },
	{ "refname", N_CODE, MAP_NODE, 0 },
	{ "refpurpose", N_PHRASE, MAP_NODE, 0 },
	{ "refdescriptor", N_PHRASE, MAP_NODE, 0 },
	/* The class of system a page is for ("UNIX/Linux"): after the
	 * purpose, as DocBook XSL sets it in the name line. */
	{ "refclass", N_PHRASE, MAP_NODE, 0 },
	{ "refsynopsisdiv", N_SECTION, MAP_NODE, 0 },
	{ "refsection", N_SECTION, MAP_NODE, 0 },
	{ "refsect1", N_SECTION, MAP_NODE, 0 },
	{ "refsect2", N_SECTION, MAP_NODE, 0 },
	{ "refsect3", N_SECTION, MAP_NODE, 0 },
	{ "citerefentry", N_PHRASE, MAP_NODE, 0 },
	{ "cmdsynopsis", N_PARA, MAP_NODE, 0 },
	{ "arg", N_PHRASE, MAP_NODE, 0 },
	{ "group", N_PHRASE, MAP_NODE, 0 },
	{ "sbr", N_PHRASE, MAP_NODE, 0 },
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
	/* Equations: numbered apart from figures; their content a
	 * mediaobject, a mathphrase or MathML (N_MATH, mathml.c). */
	{ "equation", N_FIGURE, MAP_NODE, 0 },
	/* A titled group of figures (tables...): numbered as one of its
	 * members' kind, they within it (1.2.1, 1.2.2) as xslTNG does. */
	{ "formalgroup", N_FIGURE, MAP_NODE, 0 },
	{ "informalequation", N_FIGURE, MAP_NODE, NF_INFORMAL },
	{ "inlineequation", N_PHRASE, MAP_NODE, 0 },
	{ "mathphrase", N_PHRASE, MAP_NODE, 0 },
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
	{ "bibliomset", N_PHRASE, MAP_NODE, 0 },
	{ "bibliolist", N_DIV, MAP_NODE, 0 },
	{ "biblioid", N_PHRASE, MAP_NODE, 0 },
	{ "bibliomisc", N_PHRASE, MAP_NODE, 0 },
	{ "bibliosource", N_PHRASE, MAP_NODE, 0 },
	{ "bibliocoverage", N_PHRASE, MAP_NODE, 0 },
	{ "bibliorelation", N_PHRASE, MAP_NODE, 0 },
	{ "citation", N_PHRASE, MAP_NODE, 0 },
	{ "citebiblioid", N_PHRASE, MAP_NODE, 0 },
	{ "biblioref", N_XREF, MAP_NODE, 0 },
	{ "colophon", N_PREFACE, MAP_NODE, 0 },
	{ "dedication", N_PREFACE, MAP_NODE, 0 },
	{ "acknowledgements", N_PREFACE, MAP_NODE, 0 },
	{ "index", N_PREFACE, MAP_NODE, 0 },
	{ "setindex", N_PREFACE, MAP_NODE, 0 },
	{ "graphic", N_IMAGEDATA, MAP_NODE, 0 },
	/* DocBook 4: an image in a line (validation wraps it as an inline
	 * mediaobject), an image with callouts, an article's closing
	 * acknowledgement, a term's definition in running text, an
	 * olink's application data. */
	{ "inlinegraphic", N_IMAGEDATA, MAP_NODE, 0 },
	{ "mediaobjectco", N_MEDIAOBJECT, MAP_NODE, 0 },
	{ "ackno", N_PARA, MAP_NODE, 0 },
	{ "termdef", N_PHRASE, MAP_NODE, 0 },
	{ "modespec", N_PHRASE, MAP_SKIP, 0 },
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
	{ "state", N_PHRASE, MAP_NODE, 0 },
	{ "pob", N_PHRASE, MAP_NODE, 0 },
	{ "phone", N_PHRASE, MAP_NODE, 0 },
	{ "fax", N_PHRASE, MAP_NODE, 0 },
	{ "otheraddr", N_PHRASE, MAP_NODE, 0 },
	{ "shortaffil", N_PHRASE, MAP_NODE, 0 },
	{ "orgdiv", N_PHRASE, MAP_NODE, 0 },
	{ "guiicon", N_PHRASE, MAP_NODE, 0 },
	{ "guisubmenu", N_PHRASE, MAP_NODE, 0 },
	{ "mousebutton", N_PHRASE, MAP_NODE, 0 },
	{ "accel", N_PHRASE, MAP_NODE, 0 },
	{ "keysym", N_CODE, MAP_NODE, 0 },
	{ "keycode", N_CODE, MAP_NODE, 0 },
	{ "errortext", N_PHRASE, MAP_NODE, 0 },
	/* Subject metadata: the PDF's Keywords (pdf.c). */
	/* <meta name= content=/> (DocBook 5.2): data for HTML heads, no
	 * text; bookc writes none. */
	{ "meta", N_PHRASE, MAP_SKIP, 0 },
	{ "keywordset", N_PHRASE, MAP_NODE, 0 },
	{ "keyword", N_PHRASE, MAP_NODE, 0 },
	{ "subjectset", N_PHRASE, MAP_NODE, 0 },
	{ "subject", N_PHRASE, MAP_NODE, 0 },
	{ "subjectterm", N_PHRASE, MAP_NODE, 0 },
	/* Verse and drama (DocBook 5.2): a line a paragraph. */
	{ "poetry", N_DIV, MAP_NODE, 0 },
	{ "dialogue", N_DIV, MAP_NODE, 0 },
	{ "drama", N_DIV, MAP_NODE, 0 },
	{ "linegroup", N_DIV, MAP_NODE, 0 },
	{ "line", N_PARA, MAP_NODE, NF_IMPLICIT },
	{ "speaker", N_PARA, MAP_NODE, NF_IMPLICIT },
	{ "stagedir", N_PARA, MAP_NODE, NF_IMPLICIT },
	/* A table of contents written by hand is a front-matter division;
	 * an empty <toc/> asks for the one bookc makes anyway (reader
	 * skips it). */
	{ "toc", N_PREFACE, MAP_NODE, 0 },
	{ "tocdiv", N_SECTION, MAP_NODE, 0 },
	{ "tocentry", N_PARA, MAP_NODE, NF_IMPLICIT },
	/* DocBook 4's written contents: levels of entries. */
	{ "tocpart", N_DIV, MAP_NODE, 0 },
	{ "tocchap", N_DIV, MAP_NODE, 0 },
	{ "toclevel1", N_DIV, MAP_NODE, 0 },
	{ "toclevel2", N_DIV, MAP_NODE, 0 },
	{ "toclevel3", N_DIV, MAP_NODE, 0 },
	{ "toclevel4", N_DIV, MAP_NODE, 0 },
	{ "toclevel5", N_DIV, MAP_NODE, 0 },
	{ "tocfront", N_PARA, MAP_NODE, NF_IMPLICIT },
	{ "tocback", N_PARA, MAP_NODE, NF_IMPLICIT },
	{ "beginpage", N_PHRASE, MAP_SKIP, 0 },
};

static GHashTable *elem_index;   /* name -> const struct elem_map * */

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

/* <toc/>: the table of contents bookc makes in any case. */
static bool
is_empty_toc(const xmlNode *x)
{
	if (strcmp((const char *)x->name, "toc") != 0 ||
	    (x->ns && !is_ns(x, NS_DOCBOOK)))
		return false;
	for (const xmlNode *c = x->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE || (c->type == XML_TEXT_NODE &&
		    !xmlIsBlankNode((xmlNodePtr)c)))
			return false;
	return true;
}

/* Elements of another vocabulary in <info> (Dublin Core, XProc...) are
 * metadata bookc does not read: reported once per namespace. */
struct foreign_meta {
	char *ns, *first;
	struct pos pos;
	unsigned count;
};

static void
foreign_meta_free(gpointer p)
{
	struct foreign_meta *f = p;

	g_free(f->ns);
	g_free(f->first);
	g_free(f);
}

static bool
foreign_in_info(struct reader *r, const xmlNode *x, const struct node *parent)
{
	struct foreign_meta *f;
	const char *ns;

	if (x->ns == NULL || is_ns(x, NS_DOCBOOK) || x->ns->href == NULL)
		return false;
	while (parent && parent->kind != N_INFO)
		parent = parent->parent;
	if (parent == NULL)
		return false;
	ns = (const char *)x->ns->href;
	f = g_hash_table_lookup(r->foreign, ns);
	if (f == NULL) {
		f = g_new0(struct foreign_meta, 1);
		f->ns = g_strdup(ns);
		f->first = x->ns->prefix ? g_strdup_printf("%s:%s",
		    x->ns->prefix, x->name) : g_strdup((const char *)x->name);
		f->pos = *xml_pos(x);
		g_hash_table_insert(r->foreign, f->ns, f);
		g_ptr_array_add(r->foreign_order, f);
	}
	f->count++;
	return true;
}

static void
foreign_report(struct reader *r)
{
	for (guint i = 0; i < r->foreign_order->len; i++) {
		struct foreign_meta *f = g_ptr_array_index(r->foreign_order,
		    i);

		diag(D_META_FOREIGN, &f->pos, f->ns, f->count,
		    f->count == 1 ? "" : "s", f->first);
	}
}

/* A personname or authorgroup in a bibliography entry is kept, as a
 * phrase: fold_biblio.c sets the names it holds as names. So is a
 * titleabbrev, part of what an entry prints. */
static bool
kept_in_entry(const xmlNode *x, const struct node *parent)
{
	if (strcmp((const char *)x->name, "personname") != 0 &&
	    strcmp((const char *)x->name, "authorgroup") != 0 &&
	    strcmp((const char *)x->name, "titleabbrev") != 0)
		return false;
	for (; parent; parent = parent->parent)
		if (strcmp(parent->name, "biblioentry") == 0 ||
		    strcmp(parent->name, "bibliomixed") == 0)
			return true;
	return false;
}

/* A tgroup's cols go to its table, and what its cells inherit from it
 * (colsep, rowsep, align, char, charoff) as tgroup-NAME (table.c). */
static void
tgroup_attrs(const xmlNode *x, struct node *table)
{
	static const char *const names[] = { "cols", "colsep", "rowsep",
	    "align", "char", "charoff" };

	if (table->kind != N_TABLE || strcmp((const char *)x->name,
	    "tgroup") != 0)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		xmlChar *v = xmlGetProp(x, (const xmlChar *)names[i]);
		char *name = i == 0 ? g_strdup(names[i]) :
		    g_strconcat("tgroup-", names[i], NULL);

		if (v)
			model_set_attr(table, name, (char *)v);
		xmlFree(v);
		g_free(name);
	}
}

static const struct elem_map *
map_element(const xmlNode *x)
{
	if (x->ns && !is_ns(x, NS_DOCBOOK))
		return NULL;
	return g_hash_table_lookup(elem_index, x->name);
}

/*
 * Attributes of type ID, IDREF and IDREFS: a processor that knows their
 * type normalises them (XML 1.0 3.3.3, and xml:id 1.0 for xml:id), as
 * libxml2 does only under a DTD it reads: no space at either end, runs of
 * spaces as one ("svn.ref.svnsync.sw.source_prop_encoding " in the
 * Subversion book, whose links name it without the space).
 */
static bool
is_id_attr(const char *name)
{
	static const char *const ids[] = { "id", "linkend", "linkends",
	    "endterm", "otherterm", "startref", "arearefs", "zone", NULL };

	for (const char *const *p = ids; *p; p++)
		if (strcmp(name, *p) == 0)
			return true;
	return false;
}

static void
normalize_tokens(char *v)
{
	char *w = v;

	for (const char *p = v; *p; p++) {
		if (g_ascii_isspace(*p)) {
			if (w > v && w[-1] != ' ')
				*w++ = ' ';
		} else {
			*w++ = *p;
		}
	}
	if (w > v && w[-1] == ' ')
		w--;
	*w = '\0';
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
		if (v && is_id_attr(name))
			normalize_tokens((char *)v);
		model_set_attr(n, name, v ? (const char *)v : "");
		xmlFree(v);
	}
	n->id = model_attr(n, "id");
}

/*
 * XInclude 1.1 copies an include's attributes of other namespaces to the
 * elements it includes: DocBook transclusion's trans:idfixup, suffix and
 * linkscope say there how the copy's ids are made unique (fold_trans.c).
 */
static void
copy_trans_attrs(const xmlNode *inc, struct node *first)
{
	static const char *const names[] = { "idfixup", "suffix",
	    "linkscope" };

	for (struct node *n = first; n; n = n->next) {
		if (n->kind == N_TEXT)
			continue;
		for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
			xmlChar *v = xmlGetNsProp(inc,
			    (const xmlChar *)names[i],
			    (const xmlChar *)NS_TRANSCLUSION);

			if (v)
				model_set_attr(n, names[i], (const char *)v);
			xmlFree(v);
		}
	}
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

/* A textdata's file read as its text, confined to the book's tree as
 * XIncludes are. A file that cannot be read is a warning, not an
 * error: its name stands in its place, as a missing image's does. */
static void
read_textdata(struct reader *r, const xmlNode *x, struct node *n)
{
	xmlChar *ref = xmlGetProp(x, (const xmlChar *)"fileref");
	char *dir, *joined, *real = NULL, *data = NULL;
	const char *why = NULL;
	gsize len = 0;

	if (ref == NULL || *ref == '\0') {
		xmlFree(ref);
		return;         /* entityref: entities are the parser's */
	}
	dir = g_path_get_dirname(n->pos.file);
	joined = g_path_is_absolute((char *)ref) ? g_strdup((char *)ref) :
	    g_build_filename(dir, (char *)ref, NULL);
	if (strstr((char *)ref, "://") != NULL)
		why = "not a local file";
	else if ((real = realpath(joined, NULL)) == NULL)
		why = g_strerror(errno);
	else if (!path_inside(real, r->root_dir))
		why = "outside the book's directory";
	else if (!g_file_get_contents(real, &data, &len, NULL))
		why = "cannot be read";
	else if (!g_utf8_validate(data, len, NULL) || memchr(data, 0, len))
		why = "not UTF-8 text";
	if (why) {
		diag(D_TEXTDATA, &n->pos, (char *)ref, why);
		model_append(n, model_text_new((char *)ref, &n->pos));
	} else {
		struct pos tp = { g_intern_string(shown_file(real)), 1, 1 };

		model_append(n, model_text_new(data, &tp));
	}
	g_free(data);
	free(real);
	g_free(joined);
	g_free(dir);
	xmlFree(ref);
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

		if (!path_inside(canon, r->root_dir))
			diag(D_XI_OUTSIDE, pos, href);
		else
			diag(D_XI_MISSING, pos, href, g_strerror(saved));
		g_free(canon);
		g_free(joined);
		return NULL;
	}
	g_free(joined);
	if (!path_inside(real, r->root_dir)) {
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

/* DocBook XSL's way to put a file's text in a listing: an imagedata,
 * graphic or inlinegraphic with format="linespecific" (alone or in an
 * inline mediaobject's imageobject) is the file's text, read as a
 * textdata is. */
static bool
linespecific(struct reader *r, const xmlNode *x, struct node *parent)
{
	const xmlNode *d = x;
	xmlChar *fmt;
	bool yes;
	struct node *n;

	if (strcmp((const char *)x->name, "inlinemediaobject") == 0) {
		for (d = x->children; d && (d->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)d->name, "imageobject") != 0);
		    d = d->next)
			;
		for (d = d ? d->children : NULL; d && d->type !=
		    XML_ELEMENT_NODE; d = d->next)
			;
	}
	if (d == NULL || d->type != XML_ELEMENT_NODE ||
	    (strcmp((const char *)d->name, "imagedata") != 0 &&
	    strcmp((const char *)d->name, "graphic") != 0 &&
	    strcmp((const char *)d->name, "inlinegraphic") != 0))
		return false;
	fmt = xmlGetProp(d, (const xmlChar *)"format");
	yes = fmt && strcmp((const char *)fmt, "linespecific") == 0;
	xmlFree(fmt);
	if (!yes)
		return false;
	n = model_node_new(N_PHRASE, (const char *)x->name, xml_pos(x));
	model_append(parent, n);
	read_textdata(r, d, n);
	return true;
}

/* An SVG written inside an imagedata: its markup, with the namespaces it
 * uses declared, kept in memory (image.h) under the name that the
 * imagedata's "inline" attribute gives. */
static bool
inline_svg(const xmlNode *x, struct node *parent)
{
	xmlDocPtr doc;
	xmlNodePtr copy;
	xmlChar *text = NULL;
	int len = 0;

	if (!is_ns(x, NS_SVG) || strcmp((const char *)x->name, "svg") != 0 ||
	    parent->kind != N_IMAGEDATA || model_attr(parent, "inline"))
		return false;
	doc = xmlNewDoc((const xmlChar *)"1.0");
	copy = xmlDocCopyNode((xmlNodePtr)x, doc, 1);
	if (copy) {
		xmlDocSetRootElement(doc, copy);
		xmlReconciliateNs(doc, copy);
		xmlDocDumpMemoryEnc(doc, &text, &len, "UTF-8");
	}
	if (text && len > 0)
		model_set_attr(parent, "inline",
		    image_inline_add((const char *)text, (size_t)len));
	xmlFree(text);
	xmlFreeDoc(doc);
	return true;
}

/*
 * One part of an XPointer, scheme(data), from *p; the data unescaped
 * (^( ^) ^^). False at the end or on a syntax error.
 */
static bool
xptr_part(const char **p, GString *scheme, GString *data)
{
	const char *q = *p;
	int depth = 0;

	while (g_ascii_isspace(*q))
		q++;
	g_string_truncate(scheme, 0);
	g_string_truncate(data, 0);
	while (*q && *q != '(' && !g_ascii_isspace(*q))
		g_string_append_c(scheme, *q++);
	if (*q != '(' || scheme->len == 0)
		return false;
	for (q++; *q; q++) {
		if (*q == '^' && (q[1] == '(' || q[1] == ')' || q[1] == '^')) {
			g_string_append_c(data, *++q);
			continue;
		}
		if (*q == '(')
			depth++;
		else if (*q == ')' && depth-- == 0)
			break;
		g_string_append_c(data, *q);
	}
	if (*q != ')')
		return false;
	*p = q + 1;
	return true;
}

/* XPath steps an xpath() pointer may take: a hostile expression stops. */
#define MAX_XPATH_OPS 10000000UL

/*
 * XPointer's xpath() scheme (in the W3C's XPointer registry; the DocBook
 * xslTNG stylesheets use it), which libxml2's XPointer does not know:
 * libxml2's XPath evaluates it, with the namespaces of the pointer's
 * xmlns() parts; the first part that selects nodes wins, as XPointer's
 * framework has it. *handled is false when the pointer has no xpath()
 * part (libxml2's XPointer takes it: element(), id, xpointer()).
 */
static xmlXPathObjectPtr
eval_xpath_scheme(xmlDocPtr doc, const char *xptr, const struct pos *pos,
    bool *handled)
{
	GString *scheme = g_string_new(NULL), *data = g_string_new(NULL);
	xmlXPathContextPtr xc = NULL;
	xmlXPathObjectPtr res = NULL;
	const char *p = xptr;

	*handled = strstr(xptr, "xpath(") != NULL;
	while (*handled && xptr_part(&p, scheme, data)) {
		if (xc == NULL && (xc = xmlXPathNewContext(doc)) == NULL)
			g_error("out of memory");
		if (strcmp(scheme->str, "xmlns") == 0) {
			char *eq = strchr(data->str, '=');

			if (eq) {
				*eq = '\0';
				xmlXPathRegisterNs(xc,
				    (const xmlChar *)g_strstrip(data->str),
				    (const xmlChar *)g_strstrip(eq + 1));
			}
			continue;
		}
		if (strcmp(scheme->str, "xpath") != 0)
			continue;
		xc->opLimit = MAX_XPATH_OPS;
		xc->opCount = 0;
		res = xmlXPathEval((const xmlChar *)data->str, xc);
		if (xc->opCount >= MAX_XPATH_OPS) {
			diag(D_XI_XPATH_LIMIT, pos, xptr, MAX_XPATH_OPS);
			xmlXPathFreeObject(res);
			res = NULL;
			break;
		}
		if (res && res->type == XPATH_NODESET && res->nodesetval &&
		    res->nodesetval->nodeNr > 0)
			break;
		xmlXPathFreeObject(res);
		res = NULL;
	}
	if (xc)
		xmlXPathFreeContext(xc);
	g_string_free(scheme, TRUE);
	g_string_free(data, TRUE);
	return res;
}

/* Converts one node an XPointer selected: an attribute is its value, as
 * text (xpath(//xi:include/@href)); the document is its root element. */
static bool
convert_selected(struct reader *r, xmlNodePtr x, struct node *parent,
    const struct pos *pos)
{
	if (x->type == XML_ATTRIBUTE_NODE) {
		xmlChar *v = xmlNodeGetContent(x);

		if (v && *v)
			model_append(parent, model_text_new((const char *)v,
			    pos));
		xmlFree(v);
		return true;
	}
	if (x->type == XML_DOCUMENT_NODE)
		x = xmlDocGetRootElement((xmlDocPtr)x);
	return x == NULL || convert_node_list(r, x, parent, true);
}

/* Converts what an XPointer selects in doc. */
static bool
convert_xpointer(struct reader *r, xmlDocPtr doc, const char *xptr,
    struct node *parent, const struct pos *pos)
{
	xmlXPathContextPtr xc = xmlXPtrNewContext(doc, NULL, NULL);
	xmlXPathObjectPtr res;
	bool ok = true, xpath;
	unsigned before = diag_count(DL_ERROR);

	if (xc == NULL)
		g_error("out of memory");
	res = eval_xpath_scheme(doc, xptr, pos, &xpath);
	if (!xpath)
		res = xmlXPtrEval((const xmlChar *)xptr, xc);
	/* A syntax error was printed into the generic channel: the message
	 * below says what matters. */
	if (generic_errors)
		g_string_truncate(generic_errors, 0);
	if (res == NULL || res->type != XPATH_NODESET || res->nodesetval == NULL
	    || res->nodesetval->nodeNr == 0) {
		if (diag_count(DL_ERROR) == before)  /* no limit said */
			diag(D_XI_XPOINTER, pos, xptr);
		ok = false;
	} else {
		r->xpointer_depth++;
		for (int i = 0; i < res->nodesetval->nodeNr && ok; i++)
			ok = convert_selected(r, res->nodesetval->nodeTab[i],
			    parent, pos);
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
		if (rp == NULL || !path_inside(rp, r->root_dir)) {
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
		struct node *last = parent->last;

		g_ptr_array_add(r->include_stack, rel);
		if (xptr)
			ok = convert_xpointer(r, doc, (char *)xptr, parent, &here);
		else
			ok = convert_node_list(r, xmlDocGetRootElement(doc),
			    parent, true);
		g_ptr_array_remove_index(r->include_stack,
		    r->include_stack->len - 1);     /* frees rel */
		xmlFreeDoc(doc);
		if (ok)
			copy_trans_attrs(inc, last ? last->next :
			    parent->first);
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

				if ((m && m->how == MAP_SKIP &&
				    !kept_in_entry(x, mparent)) ||
				    !profile_keeps(r, x) || is_empty_toc(x) ||
				    foreign_in_info(r, x, mparent) ||
				    inline_svg(x, mparent) ||
				    linespecific(r, x, mparent))
					break;
				if (m && m->how == MAP_TRANSPARENT &&
				    !kept_in_entry(x, mparent)) {
					tgroup_attrs(x, mparent);
					descend = true;
					break;
				}
				made = model_node_new(is_ns(x, NS_MATHML) ?
				    (strcmp((const char *)x->name, "math") == 0 ?
				    N_MATH : N_MML) : m == NULL ? N_UNKNOWN :
				    m->how != MAP_NODE ? N_PHRASE :
				    m->kind, (const char *)x->name, p);
				if (m)
					made->flags |= m->flags;
				copy_attrs(r, made, x);
				model_append(mparent, made);
				descend = true;
				if (m && m->kind == N_PHRASE &&
				    strcmp(m->name, "textdata") == 0)
					read_textdata(r, x, made);
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
			 * parent. Transparent elements made none, unless
			 * kept in a bibliography entry. */
			if (x->type == XML_ELEMENT_NODE && !is_xinclude(x)) {
				const struct elem_map *m = map_element(x);

				if (!(m && m->how != MAP_NODE) ||
				    (strcmp(mparent->name,
				    (const char *)x->name) == 0 &&
				    kept_in_entry(x, mparent->parent)))
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

/* The tree the book may read from: --root, resolved, which must hold the
 * main file's directory dir; else dir itself. NULL after a message. */
static char *
root_of(const struct reader_opts *opts, const char *dir)
{
	char *real, *msg = NULL, *root;

	if (opts == NULL || opts->root == NULL)
		return g_strdup(dir);
	real = realpath(opts->root, NULL);
	if (real == NULL)
		msg = g_strdup_printf("--root '%s': %s", opts->root,
		    g_strerror(errno));
	else if (!g_file_test(real, G_FILE_TEST_IS_DIR))
		msg = g_strdup_printf("--root '%s' is not a directory",
		    opts->root);
	else if (!path_inside(dir, real))
		msg = g_strdup_printf("the book is outside --root '%s'",
		    opts->root);
	if (msg) {
		diag(D_BAD_ARG, NULL, msg);
		g_free(msg);
		free(real);
		return NULL;
	}
	root = g_strdup(real);
	free(real);
	return root;
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
	r.root_dir = root_of(opts, dir);
	if (r.root_dir == NULL) {
		g_free(stdin_buf);
		g_free(dir);
		g_free(abs);
		return NULL;
	}
	r.include_stack = g_ptr_array_new_with_free_func(g_free);
	r.positions = g_ptr_array_new_with_free_func(g_free);
	r.active = g_ptr_array_new();
	r.foreign = g_hash_table_new(g_str_hash, g_str_equal);
	r.foreign_order = g_ptr_array_new_with_free_func(foreign_meta_free);
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
	/* Any DocBook element may be the root: validation makes a book of
	 * what is not one. Unknown names are DocBook only in its namespace
	 * (DocBook 4 has none, and neither has HTML). */
	if (map_element(root) == NULL && !is_ns(root, NS_DOCBOOK)) {
		diag(D_XML_ROOT, xml_pos(root), (const char *)root->name);
		r.failed = true;
		goto done_doc;
	}
	g_ptr_array_add(r.include_stack, g_strdup(abs));
	holder = model_node_new(N_DIV, "holder", NULL);
	convert_node_list(&r, root, holder, true);
	foreign_report(&r);
	if (!r.failed && holder->first == NULL) {
		/* A root that keeps nothing (<titleabbrev>, profiled out). */
		diag(D_XML_EMPTY, xml_pos(root));
		r.failed = true;
	}
	if (!r.failed) {
		book = model_book_new();
		if (holder->first == holder->last) {
			book->root = holder->first;
			model_unlink(book->root);
		} else {
			/* A transparent root (<tgroup>, <authorgroup>) leaves
			 * several nodes: one book holds them. */
			book->root = model_node_new(N_BOOK, "book", xml_pos(root));
			while (holder->first) {
				struct node *c = holder->first;

				model_unlink(c);
				model_append(book->root, c);
			}
		}
		book->base_dir = g_strdup(dir);
		book->root_dir = g_strdup(r.root_dir);
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
	g_hash_table_destroy(r.foreign);
	g_ptr_array_free(r.foreign_order, TRUE);
	g_free(r.root_dir);
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
