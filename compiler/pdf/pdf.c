/* Placeholder until the PDF back end lands: reports that it is missing. */
#include "backend.h"

static void *pdf_new(const struct render_opts *o) { (void)o; return g_new0(int, 1); }
static bool pdf_render(void *c, const struct book *b, const char *p, FILE *f)
{ (void)c; (void)b; (void)f; diag(D_OUTPUT, NULL, p, "PDF back end not built yet"); return false; }
static void pdf_free(void *c) { g_free(c); }
const struct backend pdf_backend = { "pdf", ".pdf", pdf_new, pdf_render, pdf_free };
