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

#endif
