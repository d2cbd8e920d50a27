/*
 * Object-oriented synopses folded into listings (see synopsis.c); part of
 * validation, run before unsupported elements are reported.
 */
#ifndef BOOKC_SYNOPSIS_H
#define BOOKC_SYNOPSIS_H

#include "model.h"

void synopsis_fold(struct book *b);

#endif
