/*
 * XML escaping for everything the EPUB back end writes: text content and
 * attribute values, with characters that XML 1.0 does not allow (C0
 * controls, surrogates, U+FFFE/U+FFFF) and invalid UTF-8 dropped, so no
 * input can make a file that fails to parse.
 */
#ifndef BOOKC_EPUB_ESCAPE_H
#define BOOKC_EPUB_ESCAPE_H

#include <stdbool.h>
#include <glib.h>

/* Whether XML 1.0 allows c in a document (its Char production). */
bool escape_xml_char_ok(gunichar c);

/* Appends len bytes of s (len < 0: up to the NUL) escaped as text:
 * & < > become entities, CR becomes &#13; so it survives parsing. */
void escape_text(GString *out, const char *s, gssize len);

/* As escape_text, for a value between double quotes: also " and the
 * white-space characters that attribute normalisation would fold. */
void escape_attr(GString *out, const char *s, gssize len);

/* s with only the characters XML 1.0 allows, unescaped; caller frees. */
char *escape_strip(const char *s, gssize len);

#endif
