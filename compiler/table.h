/*
 * Tables as both back ends read them: every cell of a CALS or HTML table
 * placed on the table's grid (spans over columns and rows), with the
 * rules, alignment and vertical alignment it inherits as CALS defines
 * them (entry, then row, then spanspec or colspec, then tgroup, then
 * table), and the table's frame. HTML tables' border, rules and frame
 * are read into the same terms.
 */
#ifndef BOOKC_TABLE_H
#define BOOKC_TABLE_H

#include <glib.h>

#include "model.h"

/* Spans larger than this are taken for mistakes (or attacks). */
#define TABLE_MAX_COLS 256

/* A rule the source asks for, or says nothing of (house style). */
enum table_sep { TSEP_UNSET = -1, TSEP_NO = 0, TSEP_YES = 1 };

enum table_align {
	TALIGN_UNSET, TALIGN_LEFT, TALIGN_RIGHT, TALIGN_CENTER,
	TALIGN_JUSTIFY, TALIGN_CHAR
};

enum table_valign { TVALIGN_UNSET, TVALIGN_TOP, TVALIGN_MIDDLE,
	TVALIGN_BOTTOM };

/* The sides of the frame. */
#define TFRAME_TOP    0x1
#define TFRAME_BOTTOM 0x2
#define TFRAME_LEFT   0x4
#define TFRAME_RIGHT  0x8
#define TFRAME_ALL    0xf

struct table_cell {
	const struct node *entry;   /* ENTRY, or an entrytbl */
	int row, col;               /* top-left slot */
	int nrows, ncols;           /* slots it covers */
	/* The rule at its right and below it, as inherited: at the
	 * table's edge the frame draws instead, whatever these say. */
	enum table_sep colsep, rowsep;
	enum table_align align;
	const char *ch;             /* TALIGN_CHAR: the character ("."),
	                               never NULL then */
	double charoff;             /* TALIGN_CHAR: percent of the width
	                               left of the character (default 50) */
	enum table_valign valign;
};

struct table_grid {
	GPtrArray *specs, *spans;   /* COLSPEC and SPANSPEC nodes */
	GPtrArray *rows;            /* ROW nodes: thead's, tbody's, the
	                               table's own, tfoot's */
	GArray *is_head;            /* gboolean per row: a header row */
	GArray *cells;              /* struct table_cell */
	int ncols;
	int frame;                  /* TFRAME_* bits, or -1: unsaid */
};

/* Places the cells of table (an N_TABLE, or an entrytbl) and resolves
 * what they inherit. */
void table_grid_init(struct table_grid *g, const struct node *table);
void table_grid_clear(struct table_grid *g);
/* Whether the table says anything of its rules (frame, colsep, rowsep,
 * HTML border or rules): else each back end draws its house style. */
bool table_grid_ruled(const struct table_grid *g);
/* An entrytbl, kept by validation as a phrase in the row. */
bool table_is_entrytbl(const struct node *e);

#endif
