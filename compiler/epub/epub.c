/* Placeholder until the EPUB back end lands: reports that it is missing. */
#include "backend.h"

static void *epub_new(const struct render_opts *o) { (void)o; return g_new0(int, 1); }
static bool epub_render(void *c, const struct book *b, const char *p, FILE *f)
{ (void)c; (void)b; (void)f; diag(D_OUTPUT, NULL, p, "EPUB back end not built yet"); return false; }
static void epub_free(void *c) { g_free(c); }
const struct backend epub_backend = { "epub", ".epub", epub_new, epub_render, epub_free };
