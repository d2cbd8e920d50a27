/*
 * Diagnostics: the one list of messages bookc can print, their severity
 * levels, and the function that prints them with a source position.
 * The worst level seen becomes the exit status (see diag_exit_status).
 * Every message is listed once, in DIAG_LIST; the enum, the texts and the
 * levels are generated from it, and bookc(1) explains each one.
 */
#ifndef BOOKC_DIAG_H
#define BOOKC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>

/* Severity bands, mildest first (mandoc's order). */
enum diag_level {
	DL_STYLE,       /* typographic lint: the source could be better */
	DL_WARNING,     /* output is made, something may be off */
	DL_UNSUPP,      /* valid DocBook that bookc renders only as text */
	DL_ERROR,       /* the book is wrong: no output is written */
	DL_BADARG,      /* the command line or style is wrong */
	DL_SYSERR       /* the system failed us: I/O, fonts, memory */
};

/* X(code, level, printf-format) */
#define DIAG_LIST(X) \
	X(XML_SYNTAX,      DL_ERROR,   "%s") \
	X(XML_EMPTY,       DL_ERROR,   "empty document") \
	X(XML_NOT_UTF8,    DL_ERROR,   "invalid UTF-8 in text") \
	X(XML_ROOT,        DL_ERROR,   "root element <%s> is not a DocBook element") \
	X(XML_NET,         DL_ERROR,   "refusing network access to %s") \
	X(XML_ENTITY,      DL_ERROR,   "refusing to load external entity %s: %s") \
	X(XML_NS_PREFIX,   DL_WARNING, "namespace prefix %s is not declared; read as %s's, the namespace it names by custom") \
	X(XI_OUTSIDE,      DL_ERROR,   "XInclude href '%s' is outside the book's directory") \
	X(XI_MISSING,      DL_ERROR,   "cannot include '%s': %s") \
	X(XI_LOOP,         DL_ERROR,   "XInclude loop: '%s' includes itself") \
	X(XI_NOHREF,       DL_ERROR,   "<xi:include> without href or xpointer") \
	X(XI_XPOINTER,     DL_ERROR,   "XPointer '%s' selects nothing") \
	X(XI_XPATH_LIMIT,  DL_ERROR,   "XPointer '%s' stopped after %lu XPath steps") \
	X(XI_PARSE,        DL_ERROR,   "unsupported XInclude parse='%s'") \
	X(XI_DEPTH,        DL_ERROR,   "XIncludes nested more than %d deep") \
	X(ID_DUP,          DL_WARNING, "duplicate id '%s' (first defined at %s); this one is renamed '%s', links go to the first") \
	X(TRANS_VALUE,     DL_WARNING, "'%s' is no trans:%s value (%s); read as the default") \
	X(ID_NOT_NAME,     DL_WARNING, "%u %s (first: '%s'); links to them work, outputs use safe names") \
	X(LINK_NOT_IN_BOOK,DL_WARNING, "%u %s to files outside the book set as text (first: '%s')") \
	X(LINKEND_DANGLING,DL_WARNING,   "linkend '%s' does not match any id") \
	X(XLINK_SOURCE,    DL_WARNING, "extended link: '%s' is no place in the book; its link%s (%u) not shown") \
	X(XLINK_LINKBASE,  DL_WARNING, "extended link: linkbase '%s' is not read") \
	X(OLINK,           DL_WARNING, "olink to '%s' in document '%s' cannot be resolved (bookc reads no olink database); its text is set") \
	X(ANNOTATES_NOTHING,DL_WARNING, "annotation annotates nothing in the book (%s); it is set where it is written") \
	X(BIBLIO_EMPTY,    DL_WARNING, "bibliography entry '%s' is empty: bibliography collections are not read") \
	X(ELEM_UNSUPP,     DL_UNSUPP,  "unsupported element <%s>%s; its text is kept") \
	X(HTML_INLINE,     DL_WARNING, "HTML element <%s>%s read as its DocBook counterpart (pandoc copies raw HTML from Markdown)") \
	X(MATH_UNKNOWN,    DL_UNSUPP,  "MathML element <%s>%s is not MathML Core; its content is set as a row") \
	X(MATH_BROKEN,     DL_STYLE,   "display formula %.0fpt wide is broken into %d lines at its operators to fit the measure (%.0fpt)") \
	X(MATH_ARITY,      DL_WARNING, "MathML <%s> has %u children where it takes %u; mended with empty rows, or the extra ones set in a row with the last") \
	X(MATH_MULTI,      DL_WARNING, "MathML <mmultiscripts> needs a base and subscript-superscript pairs; <none/> or an empty row added") \
	X(MATH_SHAPE,      DL_WARNING, "MathML <%s> as written is not MathML 3 (a child where it takes none, several formulas in a semantics, <none/> or <mprescripts/> out of place, an maction without its actiontype); mended so its content stays") \
	X(MATH_ATTR,       DL_WARNING, "MathML attribute %s='%s' on <%s> is not a valid value; left out") \
	X(MATH_ATTR_UNKNOWN,DL_WARNING, "attribute %s on MathML <%s> is not MathML 3's; left out") \
	X(MATH_WIDE,       DL_WARNING, "display formula %.0fpt wide is wider than the measure (%.0fpt); scaled down to fit") \
	X(MATH_WIDE_INLINE,DL_WARNING, "inline formula (or its part between operators a line may break after) %.0fpt wide is wider than the measure (%.0fpt); scaled down to fit") \
	X(META_FOREIGN,    DL_WARNING, "metadata of namespace %s in <info> is not used (%u element%s, first <%s>)") \
	X(XREF_NOLINKEND,  DL_ERROR,   "<xref> without linkend") \
	X(LINT_ASCII_PUNCT,DL_STYLE,   "ASCII '%s' next to a Han character; use the full-width mark '%s'") \
	X(LINT_FULLWIDTH,  DL_STYLE,   "full-width ASCII letter or digit '%s'; use '%s'") \
	X(LINT_ELLIPSIS,   DL_STYLE,   "'%s' used as an ellipsis; use '……'") \
	X(LINT_DASH,       DL_STYLE,   "'%s' used as a dash; use '——'") \
	X(LINT_SIMPLIFIED, DL_STYLE,   "Simplified character '%s' in Traditional Chinese (%s) text; Traditional: '%s'") \
	X(LINT_TRADITIONAL,DL_STYLE,   "Traditional character '%s' in Simplified Chinese (%s) text; Simplified: '%s'") \
	X(LINT_NO_ALT,     DL_STYLE,   "image '%s' has no alternative text (<alt> or <textobject>)") \
	X(LINT_OWN_NUMBER, DL_STYLE,   "heading numbers itself ('%s') and bookc numbers it too ('%s'); set [label] %s = false in the style") \
	X(STYLE_FILE,      DL_BADARG,  "cannot read style: %s") \
	X(STYLE_KEY,       DL_BADARG,  "unknown style key '%s' in group [%s]") \
	X(STYLE_VALUE,     DL_BADARG,  "bad value '%s' for style key '%s': %s") \
	X(BAD_ARG,         DL_BADARG,  "%s") \
	X(FONT_MISSING,    DL_SYSERR,  "font family '%s' is not installed (Debian package %s)") \
	X(IMAGE,           DL_WARNING, "image '%s': %s") \
	X(TEXTDATA,        DL_WARNING, "text data '%s': %s; its name is set in its place") \
	X(MEDIA,           DL_WARNING, "video or audio '%s': %s") \
	X(SVG_FOREIGN,     DL_WARNING, "SVG '%s' line %d: HTML in <foreignObject> is not drawn (%u in the file); the SVG's fallback is shown in its place") \
	X(SVG_EXTERNAL,    DL_WARNING, "SVG '%s' line %d: '%s' is not read (only files beside or below the SVG and data: URIs are)") \
	X(GLYPH_MISSING,   DL_WARNING, "no glyph for U+%04X '%s' in font '%s'") \
	X(PAGES_UNSETTLED, DL_WARNING, "%u page numbers in cross-references or the index may be wrong: the pages did not settle in %d passes") \
	X(IO,              DL_SYSERR,  "%s: %s") \
	X(OUTPUT,          DL_SYSERR,  "cannot write %s: %s")

enum diag_code {
#define DIAG_ENUM(code, level, fmt) D_##code,
	DIAG_LIST(DIAG_ENUM)
#undef DIAG_ENUM
	D__COUNT
};

/* A place in a source file. file is interned (g_intern_string) and lives
 * as long as the program. line and col are 1-based; 0 means unknown. */
struct pos {
	const char *file;
	unsigned line;
	unsigned col;
};

void diag_init(const char *progname);
/* Messages below this level are not printed (-q sets DL_ERROR).
 * Counting is unaffected. */
void diag_set_min_level(enum diag_level min);
/* --strict: every message below an error (warnings, unsupported elements,
 * lint) is reported and counted as an error, so the exit status is 1 and
 * no output is written. */
void diag_set_strict(bool on);
bool diag_strict(void);
/* Print one message. pos may be NULL for messages with no place. */
void diag(enum diag_code code, const struct pos *pos, ...);
void diag_v(enum diag_code code, const struct pos *pos, va_list ap);
/* True the first time in the run that code is asked for with this
 * number, for messages that say a thing of the book once however many
 * outputs meet it (a character no font has, in the PDF and the EPUB). */
bool diag_first(enum diag_code code, unsigned long what);
enum diag_level diag_level_of(enum diag_code code);
/* A progress line is on the terminal: clear it before each message. */
void diag_set_clear_line(bool on);
/* How many messages of at least this level were reported. */
unsigned diag_count(enum diag_level at_least);
/* 0 when nothing worse than a warning was seen, else 1 (errors in the
 * book), 2 (bad arguments or style), 3 (system error). */
int diag_exit_status(void);
/* An absolute path as messages show it: relative to the working
 * directory when below it ("." for the directory itself). g_free it. */
char *diag_shown_path(const char *path);
/* "file:line:col" as a new string; the caller frees it with g_free. */
char *diag_pos_str(const struct pos *pos);

#endif
