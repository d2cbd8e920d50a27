/*
 * librsvg and qpdf are loaded when a book first needs them: an SVG image,
 * an imposed PDF. Linked, with what they pull in (GIO, gdk-pixbuf, GnuTLS,
 * libjpeg...), they were 14 of the 65 libraries the dynamic linker set up
 * at every start, and 4.9 of its 13 ms. The file names are the libraries'
 * sonames, read from them at build time (the Makefile), so the library
 * loaded is the one the headers describe.
 */
#include <dlfcn.h>

#include <glib.h>

#include "diag.h"
#include "image.h"
#include "lazy.h"

#ifndef BOOKC_RSVG_SONAME
#define BOOKC_RSVG_SONAME "librsvg-2.so.2"
#endif
#ifndef BOOKC_QPDF_SONAME
#define BOOKC_QPDF_SONAME "libqpdf.so.29"
#endif

struct lib {
	const char *file;
	const char *const *names;
	size_t n;
	void **fns;             /* n function pointers, in names' order */
	gsize done;
	bool ok;
};

/* Loads l's functions, once; false (reported once) when the library or
 * one of them is missing. */
static bool
lib_ready(struct lib *l)
{
	if (g_once_init_enter(&l->done)) {
		void *h = dlopen(l->file, RTLD_NOW | RTLD_LOCAL);
		size_t i = 0;

		if (h == NULL)
			diag(D_IO, NULL, "dlopen", dlerror());
		for (; h && i < l->n; i++) {
			l->fns[i] = dlsym(h, l->names[i]);
			if (l->fns[i] == NULL) {
				diag(D_IO, NULL, "dlsym", dlerror());
				break;
			}
		}
		l->ok = h && i == l->n;
		g_once_init_leave(&l->done, 1);
	}
	return l->ok;
}

#define LAZY_NAME(f) #f,

static const char *const rsvg_names[] = { LAZY_RSVG(LAZY_NAME) };
static struct lazy_rsvg rsvg_fns;
static struct lib rsvg_lib = { BOOKC_RSVG_SONAME, rsvg_names,
    G_N_ELEMENTS(rsvg_names), (void **)(void *)&rsvg_fns, 0, false };
G_STATIC_ASSERT(sizeof rsvg_fns == sizeof rsvg_names);

static const char *const qpdf_names[] = { LAZY_QPDF(LAZY_NAME) };
static struct lazy_qpdf qpdf_fns;
static struct lib qpdf_lib = { BOOKC_QPDF_SONAME, qpdf_names,
    G_N_ELEMENTS(qpdf_names), (void **)(void *)&qpdf_fns, 0, false };
G_STATIC_ASSERT(sizeof qpdf_fns == sizeof qpdf_names);

const struct lazy_rsvg *
lazy_rsvg(void)
{
	return lib_ready(&rsvg_lib) ? &rsvg_fns : NULL;
}

const struct lazy_qpdf *
lazy_qpdf(void)
{
	return lib_ready(&qpdf_lib) ? &qpdf_fns : NULL;
}

RsvgHandle *
lazy_svg_open(const char *path, GError **err)
{
	const struct lazy_rsvg *rsvg = lazy_rsvg();
	GBytes *inl = image_inline(path);
	gsize len;
	const guint8 *data;

	if (rsvg == NULL)
		return NULL;
	if (inl == NULL)
		return rsvg->rsvg_handle_new_from_file(path, err);
	data = g_bytes_get_data(inl, &len);
	return rsvg->rsvg_handle_new_from_data(data, len, err);
}
