/*
 * Whitespace of the model's inline text as DocBook collapses it (see
 * text.c), for validation and the synopses it folds.
 */
#ifndef BOOKC_TEXT_H
#define BOOKC_TEXT_H

#include "model.h"

/* Collapses the whitespace of an inline run (n and its descendants, less
 * footnotes and index terms) as DocBook does: runs to one space, none at
 * either end, none at a line break between two CJK characters. */
void text_collapse_run(struct node *n);
/* Han, CJK punctuation, kana, full-width forms. */
bool text_is_cjk(gunichar c);
/* Controls, format characters and line and paragraph separators: they
 * draw nothing, so no font needs a glyph for them. */
bool text_draws_nothing(gunichar c);

#endif
