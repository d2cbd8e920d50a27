/*
 * Syntax highlighting of listings (programlisting and screen with a
 * `language` attribute): splits a listing's text into tokens of a few
 * classes, for both back ends, and says how each class looks (hl_look),
 * so the PDF draws and the EPUB's stylesheet colours them alike. It knows
 * nothing of fonts or markup: the EPUB marks a token class="hl-NAME"
 * (NAME from hl_class_name).
 * The scanner is table-driven and linear in the length of the text, so
 * any listing, however hostile, is safe to pass.
 */
#ifndef BOOKC_HIGHLIGHT_H
#define BOOKC_HIGHLIGHT_H

#include <stdbool.h>

#include <glib.h>

/*
 * X(ID, name): the token classes. The names are CSS class suffixes in
 * EPUBs already written (hl-keyword...): add classes, never rename them.
 */
#define HL_CLASS_LIST(X) \
	X(PLAIN,       "plain")       /* anything else; fills the gaps */ \
	X(KEYWORD,     "keyword")     /* if, SELECT, def; ini sections */ \
	X(TYPE,        "type")        /* int, VARCHAR; a class's name */ \
	X(BUILTIN,     "builtin")     /* echo, print, COUNT, NULL */ \
	X(FUNCTION,    "function")    /* a function's name, a decorator */ \
	X(VARIABLE,    "variable")    /* $HOME, FOO=, &amp;, *alias */ \
	X(STRING,      "string")      /* quoted text, an ini value */ \
	X(NUMBER,      "number") \
	X(COMMENT,     "comment") \
	X(OPERATOR,    "operator")    /* | && = + */ \
	X(PUNCTUATION, "punctuation") /* ( ) , ; { } and YAML's - : */ \
	X(TAG,         "tag")         /* <para, </para>, /> */ \
	X(ATTRIBUTE,   "attribute")   /* XML attribute, JSON/YAML/ini key */ \
	X(PROMPT,      "prompt")      /* "$ " in a console session */ \
	X(OUTPUT,      "output")      /* a console session's output line */

enum hl_class {
#define HL_X_ENUM(id, name) HL_##id,
	HL_CLASS_LIST(HL_X_ENUM)
#undef HL_X_ENUM
};

/* How many classes there are (not an enumerator, so that a switch over
 * enum hl_class without default: still names every class). */
#define HL_X_COUNT(id, name) + 1
#define HL_NCLASSES (0 HL_CLASS_LIST(HL_X_COUNT))

/* A run of the text: bytes [start, start + len). */
struct hl_token {
	int start, len;
	enum hl_class cls;
};

/* The class's stable name ("keyword"); "plain" for a value out of range. */
const char *hl_class_name(enum hl_class c);

/* How a class looks: a colour (#rrggbb; NULL: the text's own) and a
 * weight. */
struct hl_look {
	const char *color;
	bool bold;
};

/* The look of class c on screen (hue), or in grey for print (weight and
 * shade, not hue alone); no colour for plain text or a value out of
 * range. */
struct hl_look hl_look(enum hl_class c, bool grey);

/* Line numbers on screen: 5.2:1 on the default code background, where
 * the rule colour they take in print (#888888) is 3.2:1, short of
 * WCAG AA's 4.5:1 for text. */
#define HL_LINE_NUMBER_COLOR "#666666"

/* Is this language known? Names are case-insensitive and aliases are
 * folded ("bash" is "sh", "PostgreSQL" is "sql"); NULL is not known. */
bool hl_language_known(const char *lang);

/*
 * Tokenises text (UTF-8, len bytes; len < 0: up to the NUL). Returns a
 * GArray of struct hl_token covering the whole text in order, without gaps
 * (plain fills them); neighbouring tokens have different classes; a token
 * may span lines (a block comment, a triple-quoted string). An unknown
 * language (or NULL) gives one plain token; empty text gives none.
 * Never fails; a token boundary never falls before a UTF-8 continuation
 * byte, so multi-byte characters are never split, even in invalid input.
 * The caller frees with g_array_unref.
 */
GArray *hl_tokenize(const char *lang, const char *text, int len);

#endif
