/*
 * libFuzzer harness: feeds arbitrary bytes to the reader as a book file,
 * then validation, the lint and every back end (tree, PDF, EPUB), as
 * `bookc -o x.pdf -o x.epub` would. Built and run by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "backend.h"
#include "reader.h"
#include "style.h"
#include "validate.h"

static char dir[] = "/tmp/bookc-fuzz-XXXXXX";
static struct style *style;
static struct render_opts ro;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
setup(void)
{
	static const char *const dirs[] = { "styles", NULL };
	static const char *const data[] = { ".", NULL };

	if (mkdtemp(dir) == NULL)
		abort();
	diag_set_min_level(DL_SYSERR + 1);
	style = style_load("a4", dirs);
	if (style == NULL)
		abort();
	ro.style = style;
	ro.data_dirs = data;
	/* fontconfig reads a relative path from its own directory. */
	ro.fonts_conf = g_canonicalize_filename("fonts/fonts.conf", NULL);
	ro.source_date = 946684800LL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct backend *const backends[] = {
		&tree_backend, &pdf_backend, &epub_backend,
	};
	char *path, *out;
	struct book *book;
	struct validate_opts vo = { NULL, true };
	FILE *f;

	if (style == NULL)
		setup();
	path = g_strdup_printf("%s/book.xml", dir);
	out = g_strdup_printf("%s/out", dir);
	f = fopen(path, "wb");
	if (f == NULL)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	book = reader_read(path, NULL);
	if (book) {
		validate_book(book, &vo);
		for (size_t i = 0; i < G_N_ELEMENTS(backends); i++) {
			void *ctx = backends[i]->new(&ro);

			if (ctx) {
				backends[i]->render(ctx, book, out, NULL);
				backends[i]->free(ctx);
			}
		}
		model_book_free(book);
	}
	unlink(out);
	unlink(path);
	g_free(out);
	g_free(path);
	return 0;
}
