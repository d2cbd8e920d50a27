/*
 * What an SVG image holds that librsvg will not draw: HTML inside
 * <foreignObject> (draw.io puts every label there, with an SVG <text>
 * fallback in a <switch>) and references to files outside the SVG's
 * directory or on the network (librsvg never reads those). Checked with
 * the book's other images, before any back end runs.
 */
#ifndef BOOKC_SVG_H
#define BOOKC_SVG_H

#include "model.h"

/*
 * Reads the SVG at path (absolute, from image_probe) without its DTD,
 * entities or the network, and warns, at the position of the imagedata
 * that names it, about what is not drawn: D_SVG_FOREIGN and
 * D_SVG_EXTERNAL. image_check_book calls it once per file, after
 * validation, so the back ends never do.
 */
void svg_check(const char *path, const struct node *imagedata);

#endif
