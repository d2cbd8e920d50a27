/*
 * Character classes for the paragraph typesetter: which characters are
 * Han, Western letters or digits, and which kind of Chinese punctuation
 * (clreq §3.1), as the kinsoku, compression and spacing rules see them;
 * and the two decisions that depend only on a pair of neighbours, which
 * the PDF's typesetter and the EPUB's text writer share: a Han-Latin gap
 * (R11) and the compression of adjacent marks (R8). Pure functions of
 * the code points; no state.
 */
#ifndef BOOKC_TYPO_CLASS_H
#define BOOKC_TYPO_CLASS_H

#include <stdbool.h>
#include <glib.h>

enum typo_cls {
	TC_OTHER,     /* anything else: ASCII punctuation, symbols */
	TC_HAN,       /* ideographs, kana, bopomofo, hangul, full-width
	                 letters: a 1-em box */
	TC_LATIN,     /* letter or digit of a Western script */
	TC_SPACE,     /* U+0020 and friends: a word space */
	TC_HLSPACE,   /* U+2005: the Han-Latin gap bookc inserts */
	TC_OPEN,      /* （《〈「『【〔〖［｛“‘ */
	TC_CLOSE,     /* ）》〉」』】〕〗］｝”’ */
	TC_PAUSE,     /* ，。、：；！？． : closing in SC (ink on the left) */
	TC_CPAUSE,    /* ，。、：；！？ centred, as the TC and HK faces draw
	                 them: blank on both sides, a middle mark (R8T) */
	TC_DOT,       /* · ・ interpuncts */
	TC_DASH,      /* — ⸺ ⸻ */
	TC_ELLIPSIS,  /* … ⋯ */
	TC_NOSTART,   /* ～ ／ 々 ー and small kana: never at a line start */
	TC_IGNORE,    /* zero-width format characters */
	TC_NEWLINE    /* \n \r U+2028 U+2029: a forced break */
};

enum typo_cls typo_class(gunichar c);
/* The class in text whose faces centre the pause marks (Traditional
 * Chinese, l10n_zh_variant not ZH_SC): TC_PAUSE becomes TC_CPAUSE. */
enum typo_cls typo_class_centred(enum typo_cls k, gunichar c);
/* Chinese punctuation that takes part in compression (clreq §3.1.6). */
bool typo_cls_punct(enum typo_cls k);
/* May not start a line at the basic level (clreq §3.1.4). */
bool typo_cls_nostart(enum typo_cls k);
/* A character whose neighbours take inter-character stretch. */
bool typo_cls_cjk(enum typo_cls k);

/* Whether a Han-Latin gap belongs between a and b (R11): one Han, one
 * Western letter or digit, neither a full-width letter. Code and
 * no-break runs are the caller's to exclude. */
bool typo_gap_between(gunichar a, gunichar b);
/* Which of two adjacent Chinese marks of classes a, b takes halt (R8,
 * Chromium's han_kerning): an opening mark after any mark; a closing
 * mark before a closing or middle mark. A centred pause mark is a
 * middle mark and never takes halt itself (R8T). Sets *first and/or
 * *second. */
void typo_halt_pair(enum typo_cls a, enum typo_cls b, bool *first,
    bool *second);

#endif
