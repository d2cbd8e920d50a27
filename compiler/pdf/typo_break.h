/*
 * The total-fit (Knuth-Plass) line breaker of the paragraph typesetter.
 * It sees a paragraph as a row of characters with widths, stretch and
 * shrink, and break opportunities between them; it knows nothing of Pango
 * or of Chinese (typo.c turns the clreq rules into these numbers).
 */
#ifndef BOOKC_PDF_TYPO_BREAK_H
#define BOOKC_PDF_TYPO_BREAK_H

#include <stdbool.h>

/* Break opportunity before a character. */
enum tb_brk {
	TB_NONE,      /* no break here */
	TB_ALLOW,     /* an ordinary break */
	TB_EMERG,     /* only when nothing else fits (inside a word) */
	TB_EMERG_CODE,/* inside code or a URL: later still than in a word */
	TB_FORCE,     /* a forced break; the next line continues the paragraph */
	TB_FORCE_PARA /* a forced break; the next line starts a paragraph */
};

struct tb_para {
	int n;                      /* characters */
	const int *w;               /* natural width of character k */
	const int *y, *z;           /* its own stretch and shrink (glue) */
	const int *gy;              /* stretch of the gap after character k */
	const unsigned char *glue;  /* character k vanishes at a line end */
	const int *trim;            /* width saved when k ends a line */
	const unsigned char *brk;   /* enum tb_brk before character k (k>0) */
	const unsigned char *solid; /* counts for the 孤字 rule */
	int width_first;            /* measure of a paragraph's first line */
	int width;                  /* measure of the other lines */
	int min_stretch;            /* a line is judged as if it could stretch
	                               at least this much (code, URLs) */
	bool ragged;                /* not justified: no stretch, no shrink */
	int ragged_stretch;         /* stretch a ragged line is judged on */
};

/*
 * Chooses the breaks. Returns how many lines, and in *starts (g_new'd)
 * the index of the first character of each line after the first.
 */
int tb_break(const struct tb_para *p, int **starts);

#endif
