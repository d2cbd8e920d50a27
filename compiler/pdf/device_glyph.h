/*
 * Typeset lines (typo.h) drawn as Pango draws them (device_glyph.c), for
 * the Cairo PDF device (device.c), which may cut a line where what it
 * draws changes element of the structure tree: at the links over it.
 */
#ifndef BOOKC_PDF_DEVICE_GLYPH_H
#define BOOKC_PDF_DEVICE_GLYPH_H

#include <stdbool.h>
#include <cairo.h>

#include "typo.h"

/*
 * Where a line is cut: before the runs of the line that a span of x
 * holds are drawn, enter(ctx, k) is told the span (-1: they are in
 * none). which(ctx, x0, x1) says which span holds the run drawn from
 * device x0 to x1. Runs in different spans are never drawn in one call.
 */
struct glyph_cut {
	int (*which)(void *ctx, double x0, double x1);
	void (*enter)(void *ctx, int k);
	void *ctx;
};

/* The offsets of glyph g (an index in l's glyphs), walking l's offsets
 * forward from *oi. */
void glyph_offset(const struct typo_line *l, int *oi, int g, int *dx,
    int *dy);

/* The advance of glyph g of run r. */
int glyph_width(const struct typo_line *l, const struct typo_run *r, int g);

/* Tells cut (if any) the span of r drawn from device x ox on, unless r
 * draws nothing. */
void glyph_cut_run(const struct glyph_cut *cut, const struct typo_line *l,
    const struct typo_run *r, double ox);

/* pango_cairo_show_glyph_item, or pango_cairo_glyph_string_path, on r
 * at the current point, which they leave where it was. */
void glyph_show_here(cairo_t *cr, const struct typo_line *l,
    const struct typo_run *r, bool path);

/* pango_cairo_show_layout_line: the line from the current point, cut by
 * cut (or NULL). */
void glyph_show_line(cairo_t *cr, const struct typo_line *l,
    const struct glyph_cut *cut);

#endif
