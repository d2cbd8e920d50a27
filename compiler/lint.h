/*
 * The typographic lint (TYPOGRAPHY.md R22): ASCII punctuation next to Han
 * characters, full-width ASCII letters and digits, "..." as an ellipsis,
 * "--" as a dash; headings numbered by their authors and by bookc at
 * once. Style-level messages with positions; run by -T lint.
 */
#ifndef BOOKC_LINT_H
#define BOOKC_LINT_H

#include "model.h"
#include "style.h"

/* Checks the text of the book; call before whitespace is collapsed, so
 * positions within text nodes are exact. */
void lint_book(const struct book *b);
/* Headings that carry their own numbers (第三章, Chapter 3, 1.1, 一、)
 * where the style has bookc number them too; after validation, which
 * gives divisions their labels. */
void lint_headings(const struct book *b, const struct style *st);
/* The length of the number a heading's text starts with (第三章, Chapter
 * 3, 1.1, 一、), 0 for none. */
size_t lint_own_number(const char *text);
/* How many of the book's labelled chapters, appendices and parts (or,
 * with sections, sections) have a title that numbers itself; *all is
 * how many there are. */
unsigned lint_self_numbered(const struct book *b, bool sections,
    unsigned *all);

#endif
