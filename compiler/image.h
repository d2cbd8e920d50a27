/*
 * Images: where an <imagedata>'s file is (inside the book's directory
 * only) and what it is (PNG, JPEG or SVG, and its pixel size), read from
 * the file's header before any decoder allocates anything. Shared by the
 * back ends so that both refuse the same files with the same message,
 * and checked once a run, before them, so that a PDF and an EPUB written
 * together give one warning for each image.
 */
#ifndef BOOKC_IMAGE_H
#define BOOKC_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

#include "model.h"

enum image_type { IMG_NONE, IMG_PNG, IMG_JPEG, IMG_SVG };

/* Images larger than this many pixels are refused (a PNG header can claim
 * 100000 x 100000; decoding that would need 40 GB). */
#define IMAGE_MAX_PIXELS (64LL * 1024 * 1024)

struct image_info {
	enum image_type type;
	char *path;              /* absolute, symlinks resolved */
	unsigned width, height;  /* pixels (0 for SVG without a size) */
	double aspect;           /* height / width, when the pixels round it
	                            (an SVG's size in em, or from its
	                            viewBox); else 0 */
	const char *media_type;  /* "image/png"... */
};

/*
 * Checks the image of every IMAGEDATA a back end shows (the first of each
 * mediaobject) and keeps the answers in book->images: each problem is one
 * warning, however many outputs are written. Run after validation.
 */
void image_check_book(struct book *book);

/*
 * Finds and checks the image of an IMAGEDATA node (its fileref, relative
 * to the file the node came from, or to the book's directory). Returns
 * false where the image cannot be used: missing (the message names the
 * directories searched), outside the book (it names the file the path
 * resolves to), not a supported format, corrupt header, too large. The
 * warning (D_IMAGE) was given by image_check_book when it checked this
 * node; else it is given now.
 */
bool image_probe(const struct book *book, const struct node *imagedata,
    struct image_info *out);
void image_info_clear(struct image_info *info);

/*
 * An SVG written inside the book (an imagedata holding svg:svg) is kept
 * in memory under a name of its own, "inline-DIGEST.svg", that stands for
 * a path wherever an image's path goes: the reader keeps the markup with
 * image_inline_add and puts the name in the imagedata's "inline"
 * attribute; image_inline gives the bytes of a name (NULL for a file's
 * path). Kept for the whole run, shared by the back ends' threads.
 */
const char *image_inline_add(const char *svg, size_t len);
GBytes *image_inline(const char *path);

/* Video and audio (an AVDATA node): the file, found and confined as an
 * image is (NULL after a warning, as is a format no reader plays), and a
 * media type by its name ("video/mp4"; NULL for none known). */
char *image_av_file(const struct book *book, const struct node *avdata);
const char *image_av_type(const char *path);

#endif
