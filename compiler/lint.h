/*
 * The typographic lint (TYPOGRAPHY.md R22): ASCII punctuation next to Han
 * characters, full-width ASCII letters and digits, "..." as an ellipsis,
 * "--" as a dash. Style-level messages with positions; run by -T lint.
 */
#ifndef BOOKC_LINT_H
#define BOOKC_LINT_H

#include "model.h"

/* Checks the text of the book; call before whitespace is collapsed, so
 * positions within text nodes are exact. */
void lint_book(const struct book *b);

#endif
