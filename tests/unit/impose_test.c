/*
 * Tests of imposition and crop marks (compiler/pdf/impose.c) on small
 * PDFs written here, read back with qpdf: the sheet order of 2up and
 * booklet (each page's content carries a "%pN" comment, found again in
 * the form XObjects on the sheets), a named destination and a link moved
 * with their page, the boxes of --marks, and that a file qpdf cannot read
 * is reported and left as it was, with no temporary file behind. Prints
 * "ok impose/NAME" or "not ok impose/NAME: why"; exits 1 on a failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <qpdf/qpdf-c.h>

#include "diag.h"
#include "pdf/impose.h"

static int failures;

static void
check(const char *name, bool ok, const char *fmt, ...)
{
	if (ok) {
		printf("ok impose/%s\n", name);
		return;
	}
	va_list ap;

	printf("not ok impose/%s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	failures++;
}

/* A PDF of n 100x200 pages; page 3 (if any) has a link to the named
 * destination "d", which is page 2 at (10, 150). */
static void
write_pdf(const char *path, int n)
{
	GString *s = g_string_new("%PDF-1.5\n");
	GArray *offs = g_array_new(FALSE, FALSE, sizeof(gsize));
	int first = 5;          /* 1 catalog, 2 pages, 3 names, 4 annot */
	FILE *f;

#define OBJ(...) do { gsize o_ = s->len; g_array_append_val(offs, o_); \
	g_string_append_printf(s, __VA_ARGS__); } while (0)
	OBJ("1 0 obj << /Type /Catalog /Pages 2 0 R /Names 3 0 R >> endobj\n");
	{
		GString *k = g_string_new(NULL);

		for (int i = 0; i < n; i++)
			g_string_append_printf(k, "%d 0 R ", first + 2 * i);
		OBJ("2 0 obj << /Type /Pages /Count %d /Kids [%s] >> endobj\n",
		    n, k->str);
		g_string_free(k, TRUE);
	}
	OBJ("3 0 obj << /Dests << /Names [(d) [%d 0 R /XYZ 10 150 0]] >> >> "
	    "endobj\n", first + 2);
	OBJ("4 0 obj << /Type /Annot /Subtype /Link /Rect [5 5 50 20] "
	    "/Dest (d) >> endobj\n");
	for (int i = 0; i < n; i++) {
		char *c = g_strdup_printf("%%p%d\n0 0 m 1 1 l S\n", i + 1);

		OBJ("%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 200]"
		    " /Contents %d 0 R /Resources << >>%s >> endobj\n",
		    first + 2 * i, first + 2 * i + 1,
		    i == 2 ? " /Annots [4 0 R]" : "");
		OBJ("%d 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n",
		    first + 2 * i + 1, strlen(c), c);
		g_free(c);
	}
#undef OBJ
	{
		gsize x = s->len;

		g_string_append_printf(s, "xref\n0 %u\n0000000000 65535 f \n",
		    offs->len + 1);
		for (guint i = 0; i < offs->len; i++)
			g_string_append_printf(s, "%010zu 00000 n \n",
			    g_array_index(offs, gsize, i));
		g_string_append_printf(s, "trailer << /Size %u /Root 1 0 R >>\n"
		    "startxref\n%zu\n%%%%EOF\n", offs->len + 1, x);
	}
	f = fopen(path, "wb");
	fwrite(s->str, 1, s->len, f);
	fclose(f);
	g_string_free(s, TRUE);
	g_array_free(offs, TRUE);
}

/* The page number in a form's "%pN" comment, 0 for none. */
static int
form_page(qpdf_data q, qpdf_oh form)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int p = 0;

	if (!qpdf_oh_is_stream(q, form))
		return 0;
	qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, NULL, &buf, &len);
	if (buf) {
		char *t = g_strndup((const char *)buf, len), *at = strstr(t, "%p");

		if (at)
			p = atoi(at + 2);
		g_free(t);
		free(buf);
	}
	return p;
}

/* "L|R L|R ...": the pages on each sheet, 0 for a blank half. */
static char *
sheet_order(qpdf_data q)
{
	GString *s = g_string_new(NULL);
	int n = qpdf_get_num_pages(q);

	for (int i = 0; i < n; i++) {
		qpdf_oh xo = qpdf_oh_get_key(q, qpdf_oh_get_key(q,
		    qpdf_get_page_n(q, (size_t)i), "/Resources"), "/XObject");

		g_string_append_printf(s, "%s%d|%d", i ? " " : "",
		    form_page(q, qpdf_oh_get_key(q, xo, "/L")),
		    form_page(q, qpdf_oh_get_key(q, xo, "/R")));
	}
	return g_string_free(s, FALSE);
}

static qpdf_data
open_pdf(const char *path)
{
	qpdf_data q = qpdf_init();

	qpdf_silence_errors(q);
	qpdf_read(q, path, NULL);
	return q;
}

static const char *
unparse_key(qpdf_data q, qpdf_oh oh, const char *key)
{
	return qpdf_oh_unparse(q, qpdf_oh_get_key(q, oh, key));
}

static void
test_order(const char *dir, enum impose_mode mode, int n, const char *want)
{
	char *path = g_build_filename(dir, "in.pdf", NULL);
	char *name = g_strdup_printf("%s-%d",
	    mode == IMPOSE_2UP ? "2up" : "booklet", n);
	qpdf_data q;
	char *got;

	write_pdf(path, n);
	if (!pdf_impose(path, mode, false, 0)) {
		check(name, false, "pdf_impose failed");
		goto out;
	}
	q = open_pdf(path);
	got = sheet_order(q);
	check(name, strcmp(got, want) == 0, "want %s, got %s", want, got);
	g_free(got);
	qpdf_cleanup(&q);
out:
	g_free(name);
	g_free(path);
}

static void
test_links(const char *dir)
{
	char *path = g_build_filename(dir, "in.pdf", NULL);
	qpdf_data q;
	qpdf_oh root, dest, annot;
	const char *d, *r;
	char *want_d;

	/* 2up of 4 pages: page 2 is the right half of sheet 1 (x + 100),
	 * page 3 the left half of sheet 2. */
	write_pdf(path, 4);
	if (!pdf_impose(path, IMPOSE_2UP, false, 0)) {
		check("links", false, "pdf_impose failed");
		g_free(path);
		return;
	}
	q = open_pdf(path);
	root = qpdf_get_root(q);
	dest = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, qpdf_oh_get_key(q,
	    qpdf_oh_get_key(q, root, "/Names"), "/Dests"), "/Names"), 1);
	want_d = g_strdup_printf("[ %d 0 R /XYZ 110 150 0 ]",
	    qpdf_oh_get_object_id(q, qpdf_get_page_n(q, 0)));
	d = qpdf_oh_unparse(q, dest);
	check("named-dest", strcmp(d, want_d) == 0, "want %s, got %s", want_d, d);
	annot = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q,
	    qpdf_get_page_n(q, 1), "/Annots"), 0);
	r = unparse_key(q, annot, "/Rect");
	check("link-rect", strcmp(r, "[ 5 5 50 20 ]") == 0, "got %s", r);
	g_free(want_d);
	qpdf_cleanup(&q);
	g_free(path);
}

static void
test_marks(const char *dir)
{
	char *path = g_build_filename(dir, "in.pdf", NULL);
	qpdf_data q;
	qpdf_oh p;
	const char *t, *b, *m;

	/* bleed 2.54 mm = 7.2 pt; margin 7.2 + 3 + 18 + 6 = 34.2 pt */
	write_pdf(path, 3);
	if (!pdf_impose(path, IMPOSE_NONE, true, 2.54)) {
		check("marks", false, "pdf_impose failed");
		g_free(path);
		return;
	}
	q = open_pdf(path);
	p = qpdf_get_page_n(q, 2);
	t = g_strdup(unparse_key(q, p, "/TrimBox"));
	b = g_strdup(unparse_key(q, p, "/BleedBox"));
	m = g_strdup(unparse_key(q, p, "/MediaBox"));
	check("marks-boxes", strcmp(t, "[ 34.2 34.2 134.2 234.2 ]") == 0 &&
	    strcmp(b, "[ 27 27 141.4 241.4 ]") == 0 &&
	    strcmp(m, "[ 0 0 168.4 268.4 ]") == 0,
	    "trim %s bleed %s media %s", t, b, m);
	g_free((char *)t);
	g_free((char *)b);
	g_free((char *)m);
	{
		const char *r = unparse_key(q, qpdf_oh_get_array_item(q,
		    qpdf_oh_get_key(q, p, "/Annots"), 0), "/Rect");

		check("marks-link", strcmp(r, "[ 39.2 39.2 84.2 54.2 ]") == 0,
		    "got %s", r);
	}
	qpdf_cleanup(&q);
	g_free(path);
}

static void
test_bad_input(const char *dir)
{
	char *path = g_build_filename(dir, "bad.pdf", NULL);
	char *data = NULL;
	gsize len = 0;
	GDir *d;
	const char *e;
	int files = 0;

	g_file_set_contents(path, "not a PDF", -1, NULL);
	check("bad-input-fails", !pdf_impose(path, IMPOSE_BOOKLET, true, 3),
	    "pdf_impose succeeded");
	g_file_get_contents(path, &data, &len, NULL);
	check("bad-input-untouched", data && strcmp(data, "not a PDF") == 0,
	    "file changed");
	d = g_dir_open(dir, 0, NULL);
	while ((e = g_dir_read_name(d)) != NULL)
		files += strcmp(e, "in.pdf") != 0;
	g_dir_close(d);
	check("no-temporary-left", files == 1, "%d files", files);
	g_free(data);
	g_free(path);
}

int
main(void)
{
	char *dir = g_dir_make_tmp("impose-XXXXXX", NULL);

	diag_init("impose_test");
	test_order(dir, IMPOSE_2UP, 4, "1|2 3|4");
	test_order(dir, IMPOSE_2UP, 5, "1|2 3|4 5|0");
	test_order(dir, IMPOSE_BOOKLET, 16,
	    "16|1 2|15 14|3 4|13 12|5 6|11 10|7 8|9");
	test_order(dir, IMPOSE_BOOKLET, 5, "0|1 2|0 0|3 4|5");
	test_order(dir, IMPOSE_BOOKLET, 1, "0|1 0|0");
	test_links(dir);
	test_marks(dir);
	test_bad_input(dir);
	{
		char *in = g_build_filename(dir, "in.pdf", NULL);
		char *bad = g_build_filename(dir, "bad.pdf", NULL);

		g_unlink(in);
		g_unlink(bad);
		g_rmdir(dir);
		g_free(in);
		g_free(bad);
	}
	g_free(dir);
	return failures ? 1 : 0;
}
