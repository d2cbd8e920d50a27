/*
 * The compression level of the PDF's streams. Cairo 1.16 deflates every
 * stream it writes (page contents, fonts, images) at zlib's default level
 * 6 and has no setting for it; on a big book that is a fifth of the time
 * of the drawing thread. Level 1 makes the 1,000-page benchmark's file 3%
 * larger and its drawing 0.14 s shorter.
 *
 * The setting is made where Cairo asks zlib for the default: this
 * program's deflateInit_ is the one the dynamic linker gives Cairo (the
 * executable comes first in the lookup order), and it does what zlib's
 * own does (zlib 1.2.13, deflate.c) with another level. Every other
 * caller bookc has names its level (libzip, libpng: deflateInit2_), or is
 * qpdf on the imposed pages' few streams.
 *
 * Still worth it (measured 2026-12-05, callgrind, the 100-page benchmark
 * book's PDF): 3.00 G instructions with it, 3.14 G without (4.5% of the
 * whole run); the file is 1.7% larger (2.86 MB against 2.81; 3.0% on the
 * 1,000-page book). `make INTERPOSE=no` builds without this file.
 */
#include <zlib.h>

#define BOOKC_DEFLATE_LEVEL 1

int deflateInit_(z_streamp strm, int level, const char *version,
    int stream_size);

int
deflateInit_(z_streamp strm, int level, const char *version, int stream_size)
{
	if (level == Z_DEFAULT_COMPRESSION)
		level = BOOKC_DEFLATE_LEVEL;
	return deflateInit2_(strm, level, Z_DEFLATED, MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY, version, stream_size);
}
