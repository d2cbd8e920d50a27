/*
 * Which curly quotation marks are Western ones. “ ” ‘ ’ are one set of
 * code points for Chinese and Western text, and a CJK face draws them a
 * full em wide; the face a mark takes follows its language and its
 * neighbours (TYPOGRAPHY.md R3, R12; see quote.c). Shared by both back
 * ends, so the PDF and the EPUB decide alike.
 */
#ifndef BOOKC_QUOTE_H
#define BOOKC_QUOTE_H

#include <stdbool.h>
#include <glib.h>

/* Chinese, Japanese or Korean: text whose marks are full-width. A
 * missing language counts as Chinese (bookc's default). */
bool quote_lang_cjk(const char *lang);
/* One of “ ” ‘ ’. */
bool quote_is_mark(gunichar c);
/* Whether the mark c, between prev and next (0 at either end of the
 * text), is a Western (proportional) mark; cjk: the text it stands in
 * is Chinese, Japanese or Korean. */
bool quote_latin(gunichar c, gunichar prev, gunichar next, bool cjk);

#endif
