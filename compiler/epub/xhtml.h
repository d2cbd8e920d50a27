/*
 * A writer of XML and XHTML with a tag stack: every element opened is
 * closed (xhtml_finish closes what is left), text and attribute values go
 * through escape.h, and a block element is never opened inside phrasing
 * content (the writer closes the phrasing elements first and counts the
 * slip, which tests treat as a bug). Each open element carries an int of
 * the caller's (inherited from its parent), handed to a text hook with
 * every run of text: the EPUB back end uses it to know which font a
 * character will be drawn in.
 */
#ifndef BOOKC_EPUB_XHTML_H
#define BOOKC_EPUB_XHTML_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

struct xhtml;

typedef void (*xhtml_text_hook)(void *ud, int data, const char *text,
    size_t len);

struct xhtml *xhtml_new(void);
void xhtml_free(struct xhtml *x);

/* The XML declaration, and "<!DOCTYPE html>" when doctype is true. Only
 * before anything else. */
void xhtml_prolog(struct xhtml *x, bool doctype);

/* Opens tag with attributes given as name, value pairs ended by a NULL
 * name; a NULL value leaves its attribute out. */
void xhtml_open(struct xhtml *x, const char *tag, ...) G_GNUC_NULL_TERMINATED;
/* An element with no content: <img .../>. */
void xhtml_leaf(struct xhtml *x, const char *tag, ...) G_GNUC_NULL_TERMINATED;
/* The same for wrappers: extra is a NULL-ended array of name, value
 * pairs written first (NULL values left out), then ap's pairs. */
void xhtml_open_v(struct xhtml *x, const char *tag, const char *const *extra,
    va_list ap);
void xhtml_leaf_v(struct xhtml *x, const char *tag, const char *const *extra,
    va_list ap);
void xhtml_close(struct xhtml *x);
/* Closes elements until depth are left open. */
void xhtml_close_to(struct xhtml *x, size_t depth);
size_t xhtml_depth(const struct xhtml *x);
/* Whether an element named tag is open. */
bool xhtml_is_open(const struct xhtml *x, const char *tag);
/* Whether the innermost context holds phrasing content only. */
bool xhtml_in_phrasing(const struct xhtml *x);

void xhtml_text(struct xhtml *x, const char *s);
void xhtml_text_len(struct xhtml *x, const char *s, size_t len);

/* The caller's int of the innermost open element (0 at depth 0). */
int xhtml_data(const struct xhtml *x);
void xhtml_set_data(struct xhtml *x, int data);
void xhtml_set_text_hook(struct xhtml *x, xhtml_text_hook fn, void *ud);

/* How many times a block had to close phrasing elements to open. */
unsigned xhtml_misnested(const struct xhtml *x);

/* Closes every open element and returns the document; the writer is
 * empty afterwards. Caller frees with g_free. */
char *xhtml_finish(struct xhtml *x, size_t *len);

#endif
