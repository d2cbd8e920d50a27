/*
 * Cairo fonts that read their font files instead of mapping them (see
 * fontfile.c): what the typeset lines draw with.
 */
#ifndef BOOKC_PDF_FONTFILE_H
#define BOOKC_PDF_FONTFILE_H

#include <cairo.h>
#include <pango/pango.h>

/* A new reference to a scaled font like sf (Pango's for font: same face,
 * matrices and options) whose face reads its file through a stream; sf
 * itself (referenced) when that cannot be made. Thread-safe. */
cairo_scaled_font_t *fontfile_scaled_font(PangoFont *font,
    cairo_scaled_font_t *sf);
/* Lets go of the Pango fonts remembered, before their font maps go. */
void fontfile_forget(void);

#endif
