/*
 * The PDF file Cairo writes, digested as it is written (see hashfile.c).
 */
#ifndef BOOKC_HASHFILE_H
#define BOOKC_HASHFILE_H

#include <stdbool.h>

#include <cairo.h>

struct hashfile;

/* Opens path for writing; NULL (errno set) if it cannot. threaded: the
 * digest is computed on a thread of its own. */
struct hashfile *hashfile_open(const char *path, bool threaded);

/* A cairo_write_func_t: closure is the hashfile. */
cairo_status_t hashfile_write(void *closure, const unsigned char *data,
    unsigned int length);

/* Closes and frees f. Returns false (errno set) if a write or the close
 * failed; else *md5 gets the MD5 digest (hexadecimal) of all that was
 * written, to free with g_free. */
bool hashfile_close(struct hashfile *f, char **md5);

#endif
