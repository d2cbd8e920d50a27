/*
 * Validation: checks and normalises a freshly read book in place (see
 * validate.c); errors go through diag, and the caller stops on them.
 */
#ifndef BOOKC_VALIDATE_H
#define BOOKC_VALIDATE_H

#include "model.h"

struct validate_opts {
	const char *lang;       /* --lang: the book's language if it has none */
	bool lint;              /* run the typographic lint (-T lint) */
};

void validate_book(struct book *b, const struct validate_opts *opts);

/* "zh_cn", "zh-Hans", "zh" -> "zh-CN"; "en-US" -> "en"; interned. */
const char *validate_lang_normalize(const char *tag);

#endif
