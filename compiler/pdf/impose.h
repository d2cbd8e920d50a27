/*
 * Print production on a finished PDF: imposition (two pages a sheet, or
 * saddle-stitch booklet order) and crop marks with bleed, as a rewrite of
 * the file through qpdf (see impose.c).
 */
#ifndef BOOKC_PDF_IMPOSE_H
#define BOOKC_PDF_IMPOSE_H

#include <stdbool.h>

#include "backend.h"

/* Rewrites the PDF at path in place (through a temporary file beside it):
 * pages imposed by mode, and with marks, crop marks outside the trim and
 * TrimBox/BleedBox, bleed_mm beyond the trim. Does nothing for
 * IMPOSE_NONE without marks. Returns false after a diagnostic. */
bool pdf_impose(const char *path, enum impose_mode mode, bool marks,
    double bleed_mm);

#endif
