/*
 * Cairo's number printing, done here (see numfmt.c).
 */
#ifndef BOOKC_NUMFMT_H
#define BOOKC_NUMFMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * fmt with its arguments into s (at most size bytes, NUL included), as
 * vsnprintf prints it, when fmt is one conversion of those Cairo prints:
 * %d %u %x %X with an optional 0 flag, a width (digits or *) and an l,
 * and %f with an optional precision (digits or *, at most 18). Returns
 * the length printed (or that would have been), or -1, consuming no
 * argument, for any other format: the caller gives it to glibc.
 */
int numfmt(char *s, size_t size, const char *fmt, va_list ap);

#endif
