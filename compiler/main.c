/*
 * The command line: options, then read, validate and render with each
 * requested back end. This file holds the only switch over output formats.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "backend.h"
#include "diag.h"
#include "image.h"
#include "lint.h"
#include "mem.h"
#include "output.h"
#include "reader.h"
#include "style.h"
#include "validate.h"

#ifndef BOOKC_VERSION
#define BOOKC_VERSION "0.1.0"
#endif
#ifndef BOOKC_DATADIR
#define BOOKC_DATADIR "/usr/local/share/bookc"
#endif

static char *opt_format;
static char *opt_style;
static char **opt_outputs;
static char *opt_lang;
static char **opt_profile;
static char *opt_root;
static char *opt_impose;
static gboolean opt_marks;
static gboolean opt_quiet, opt_verbose, opt_version, opt_strict;

/* -W error, as compilers spell it: the same as --strict. */
static gboolean
on_warnings(const char *name, const char *value, gpointer data,
    GError **err)
{
	(void)name;
	(void)data;
	if (strcmp(value, "error") == 0) {
		opt_strict = TRUE;
		return TRUE;
	}
	g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
	    "-W takes 'error' (-W error is --strict), not '%s'", value);
	return FALSE;
}

static const GOptionEntry entries[] = {
	{ "format", 'T', 0, G_OPTION_ARG_STRING, &opt_format,
	  "Output format: pdf, epub, tree or lint (default: from -o)", "FMT" },
	{ "style", 's', 0, G_OPTION_ARG_STRING, &opt_style,
	  "Style name (styles/NAME.ini) or path (default: a4)", "STYLE" },
	{ "output", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_outputs,
	  "Write to FILE; may be repeated (one parse, several outputs)", "FILE" },
	{ "lang", 'l', 0, G_OPTION_ARG_STRING, &opt_lang,
	  "Language of a book that declares none (e.g. zh-CN)", "LANG" },
	{ "profile", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &opt_profile,
	  "Keep only content profiled for ATTR=VALUE[;VALUE] (revision, os, "
	  "arch, condition, audience...); may be repeated", "ATTR=VALUE" },
	{ "root", 0, 0, G_OPTION_ARG_FILENAME, &opt_root,
	  "The directory tree the book may read from (XIncludes, entities, "
	  "images; default: the main file's directory)", "DIR" },
	{ "impose", 0, 0, G_OPTION_ARG_STRING, &opt_impose,
	  "PDF: impose pages for print: 2up (two pages a sheet) or booklet "
	  "(saddle-stitched, folds into a booklet)", "MODE" },
	{ "marks", 0, 0, G_OPTION_ARG_NONE, &opt_marks,
	  "PDF: crop marks, with the style's bleed, and TrimBox/BleedBox", NULL },
	{ "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
	  "Every warning (lint, unsupported elements, images...) is an "
	  "error: exit status 1 and no output written", NULL },
	{ "warnings", 'W', 0, G_OPTION_ARG_CALLBACK, (gpointer)on_warnings,
	  "-W error (or -Werror) is --strict", "error" },
	{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet,
	  "Print errors only, no warnings", NULL },
	{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose,
	  "Print timings of each pass", NULL },
	{ "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version,
	  "Print the version and exit", NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL },
};

static const struct backend *
backend_by_name(const char *name)
{
	if (strcmp(name, "pdf") == 0)
		return &pdf_backend;
	if (strcmp(name, "epub") == 0)
		return &epub_backend;
	if (strcmp(name, "tree") == 0)
		return &tree_backend;
	return NULL;
}

static const struct backend *
backend_for_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/'))
		return NULL;
	return backend_by_name(dot + 1);
}

/* Where styles/ and fonts/ are: $BOOKC_DATADIR, the source tree beside the
 * binary (out/bookc -> ./), then the installed data directory. */
static char **
data_dirs(void)
{
	GPtrArray *d = g_ptr_array_new();
	const char *env = g_getenv("BOOKC_DATADIR");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (env && *env)
		g_ptr_array_add(d, g_strdup(env));
	if (n > 0) {
		char *dir;

		exe[n] = '\0';
		dir = g_path_get_dirname(exe);
		/* An installed bookc: PREFIX/bin/bookc and PREFIX/share/bookc,
		 * wherever PREFIX (or DESTDIR) put them. */
		{
			char *share = g_build_filename(dir, "..", "share", "bookc",
			    NULL);
			char *probe = g_build_filename(share, "styles", "a4.ini",
			    NULL);

			if (g_file_test(probe, G_FILE_TEST_IS_REGULAR))
				g_ptr_array_add(d, g_canonicalize_filename(share,
				    NULL));
			g_free(probe);
			g_free(share);
		}
		/* out/bookc, out/asan/bookc...: the tree a few levels up. */
		for (int up = 0; up < 3; up++) {
			char *parent = g_path_get_dirname(dir);
			char *probe = g_build_filename(parent, "styles", "a4.ini",
			    NULL);
			bool found = g_file_test(probe, G_FILE_TEST_IS_REGULAR);

			g_free(probe);
			g_free(dir);
			dir = parent;
			if (found) {
				g_ptr_array_add(d, g_strdup(dir));
				break;
			}
		}
		g_free(dir);
	}
	g_ptr_array_add(d, g_strdup(BOOKC_DATADIR));
	g_ptr_array_add(d, NULL);
	return (char **)g_ptr_array_free(d, FALSE);
}

static char **
subdirs(char **dirs, const char *sub)
{
	guint n = g_strv_length(dirs);
	char **out = g_new0(char *, n + 1);

	for (guint i = 0; i < n; i++)
		out[i] = g_build_filename(dirs[i], sub, NULL);
	return out;
}

static char *
find_in(char **dirs, const char *rel)
{
	for (; *dirs; dirs++) {
		char *p = g_build_filename(*dirs, rel, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
			return p;
		g_free(p);
	}
	return NULL;
}

/* Books that number their own headings ("第3章 线性模型", "3.1 基本形式",
 * as Chinese Markdown books do) would read "第 3 章 第3章 线性模型": where
 * most labelled chapters (or sections) number themselves, bookc leaves
 * the numbering to the author, unless the style says number-chapters
 * (number-sections). */
static void
fit_numbering(struct style *style, const struct book *book)
{
	unsigned all, own;

	own = lint_self_numbered(book, false, &all);
	if (!style->chapters_given && own > 0 && 2 * own > all)
		style->number_chapters = false;
	own = lint_self_numbered(book, true, &all);
	if (!style->sections_given && own > 0 && 2 * own > all)
		style->number_sections = false;
}

/* What the style leaves to "auto" follows the document: validation names
 * an article (or a block compiled alone, made one) "article", but one
 * that holds chapters is a book (pandoc writes every book so, even with
 * --top-level-division=chapter); two top-level sections or more make a
 * contents block worth its lines. A book without a title of its own gets
 * no title page (it would be blank), and one that is a single chapter,
 * appendix or preface (such a division compiled alone, made a book by
 * validation) is set as an article is: from page one, no contents pages. */
static void
fit_style(struct style *style, const struct book *book)
{
	unsigned sections = 0, divisions = 0;
	const struct node *lone = NULL;
	const struct node *t = model_title(book->root);
	char *text = t ? g_strstrip(model_text(t)) : NULL;
	/* pandoc writes <title></title> for a book given no title */
	bool titled = text && *text;

	g_free(text);

	for (const struct node *c = book->root->first; c; c = c->next) {
		if (c->kind == N_SECTION)
			sections++;
		if (c->kind == N_PART || c->kind == N_CHAPTER ||
		    c->kind == N_APPENDIX || c->kind == N_PREFACE) {
			divisions++;
			lone = c->kind == N_PART ? NULL : c;
		}
	}
	if (!titled && divisions == 1 && lone) {
		sections = 0;
		for (const struct node *c = lone->first; c; c = c->next)
			sections += c->kind == N_SECTION;
		divisions = 0;
	}
	style_fit_document(style, divisions == 0 &&
	    (lone || strcmp(book->root->name, "article") == 0),
	    sections >= 2, titled);
	fit_numbering(style, book);
}

/* SOURCE_DATE_EPOCH, else the book's <info><date> (YYYY-MM-DD), else
 * 2000-01-01: never the clock, so outputs are reproducible. */
static long long
source_date(const struct book *book)
{
	const char *env = g_getenv("SOURCE_DATE_EPOCH");
	const struct node *info = NULL;

	if (env && *env) {
		char *end;
		long long v = g_ascii_strtoll(env, &end, 10);

		if (*end == '\0' && v >= 0)
			return v;
		diag(D_BAD_ARG, NULL, "SOURCE_DATE_EPOCH is not a number of seconds");
	}
	info = model_book_info(book);
	for (const struct node *c = info ? info->first : NULL; c; c = c->next)
		if (c->kind == N_DATE) {
			char *t = model_text(c);
			int y, m, d;

			if (sscanf(t, "%d-%d-%d", &y, &m, &d) == 3 && y > 1970 &&
			    m >= 1 && m <= 12 && d >= 1 && d <= 31) {
				GDateTime *dt = g_date_time_new_utc(y, m, d, 0, 0, 0);

				if (dt) {
					long long v = g_date_time_to_unix(dt);

					g_date_time_unref(dt);
					g_free(t);
					return v;
				}
			}
			g_free(t);
		}
	return 946684800LL;
}

static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* On a terminal, what bookc is doing, on one line of stderr that the next
 * message replaces; nothing at all when stderr is not a terminal. */
static bool show_progress;

static void
progress(const char *what, const char *detail)
{
	if (!show_progress)
		return;
	if (what == NULL)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r\033[Kbookc: %s %s", what, detail ? detail : "");
	fflush(stderr);
}

struct job {
	const struct backend *be;
	const char *path;       /* NULL: standard output */
	const struct book *book;
	const struct render_opts *ro;
	char *held;             /* --strict: the finished temporary file,
	                           renamed into place once every output is
	                           done and no warning was seen */
};

static bool
is_regular_or_new(const char *path)
{
	struct stat st;

	return stat(path, &st) != 0 || S_ISREG(st.st_mode);
}

static bool
run_job(struct job *j, const struct book *book,
    const struct render_opts *ro)
{
	void *ctx = j->be->new(ro);
	char *tmp = NULL;
	bool ok;

	if (ctx == NULL) {
		if (j->be == &pdf_backend)
			page_map_done(ro->pages, false);
		return false;
	}
	if (j->path && !is_regular_or_new(j->path)) {
		/* A device or pipe (/dev/stdout, /dev/full): written in place,
		 * never replaced by a rename. */
		ok = j->be->render(ctx, book, j->path, NULL);
		j->be->free(ctx);
		if (j->be == &pdf_backend)
			page_map_done(ro->pages, false);
		return ok;
	}
	if (j->path) {
		tmp = output_begin(j->path);
		if (tmp == NULL) {
			j->be->free(ctx);
			return false;
		}
	}
	ok = j->be->render(ctx, book, tmp, tmp ? NULL : stdout);
	j->be->free(ctx);
	if (j->be == &pdf_backend)
		page_map_done(ro->pages, false);   /* if the PDF did not */
	if (tmp == NULL)
		return ok;
	if (ok && diag_strict()) {
		/* A warning still to come from another output (a glyph the
		 * EPUB lacks, pages that did not settle) makes this one bad
		 * too: main commits or removes it at the end. */
		j->held = tmp;
		return true;
	}
	if (ok)
		return output_commit(tmp, j->path);
	output_abort(tmp);
	return false;
}

static gpointer
job_thread(gpointer data)
{
	struct job *j = data;
	bool ok = run_job(j, j->book, j->ro);

	/* Whatever happened, an EPUB waiting for the pages goes on. */
	if (j->be == &pdf_backend)
		page_map_done(j->ro->pages, false);
	else if (j->ro->pages)
		/* An EPUB made with the PDF is done while the PDF draws and
		 * writes its fonts, the peak of the run: what it freed goes
		 * back to the system (the 1,000-page benchmark's PDF and EPUB
		 * peaked at 190-213 MB, now 182-205). */
		mem_give_back();
	return GINT_TO_POINTER(ok);
}

int
main(int argc, char *argv[])
{
	GOptionContext *oc;
	GError *err = NULL;
	GArray *jobs = g_array_new(FALSE, TRUE, sizeof(struct job));
	struct style *style = NULL;
	struct book *book = NULL;
	struct render_opts ro = { 0 };
	struct validate_opts vo = { 0 };
	struct reader_opts rdo = { 0 };
	char **dirs = NULL, **style_dirs = NULL;
	char *fonts_conf = NULL;
	bool lint_only = false;
	gint64 t0 = g_get_monotonic_time();
	int status;

	/*
	 * No fast bins: a book is millions of small nodes, freed in one go
	 * (the XML tree after conversion), and glibc would then walk them
	 * all on the next large free or allocation (malloc_consolidate: 17%
	 * of reading the PostgreSQL manual). Freed chunks merge as they go.
	 */
#ifndef BOOKC_TCMALLOC
	mallopt(M_MXFAST, 0);
#endif
	setlocale(LC_ALL, "");
	diag_init("bookc");
	oc = g_option_context_new("BOOK.xml|-");
	g_option_context_set_summary(oc,
	    "Compile a DocBook book into a paginated PDF and an EPUB 3.");
	g_option_context_set_description(oc,
	    "Examples:\n"
	    "  bookc -o out/guide.pdf -o out/guide.epub book/guide.xml\n"
	    "  bookc -T lint book/guide.xml\n"
	    "  bookc -T tree book/guide.xml\n"
	    "  pandoc -s -t docbook5 book.md | bookc --strict -o book.pdf -\n\n"
	    "BOOK.xml '-' reads the book from standard input; its relative\n"
	    "paths (images, XIncludes) are taken from the working directory.\n\n"
	    "From Markdown, LaTeX, reStructuredText (pandoc):\n"
	    "  pandoc -s -f markdown-raw_html -t docbook5 \\\n"
	    "      --top-level-division=chapter --metadata title=T \\\n"
	    "      --metadata lang=zh-CN -o book.xml ch1.md ch2.md\n"
	    "  -raw_html keeps pandoc from copying HTML (<br>) into the XML.\n"
	    "  Ids that are not XML names are kept (one warning); a duplicate\n"
	    "  id is renamed, links go to the first; links to other source\n"
	    "  files reach the chapter made from that file (XInclude, or\n"
	    "  pandoc 2.19+ --file-scope), else are set as text (one warning).\n"
	    "  A book with no xml:lang is zh-CN when its text holds a Han\n"
	    "  character for every four Latin letters, else en.\n\n"
	    "Exit status: 0 success (warnings allowed), 1 errors in the book\n"
	    "(or warnings under --strict),\n"
	    "2 bad arguments or style, 3 system error.\n"
	    "Report bugs in the project's issue tracker.");
	g_option_context_add_main_entries(oc, entries, NULL);
	/* GOption takes no argument glued to a short option: -Werror, as
	 * compilers spell it, is read as --strict. */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-Werror") == 0)
			argv[i] = (char *)"--strict";
	if (!g_option_context_parse(oc, &argc, &argv, &err)) {
		diag(D_BAD_ARG, NULL, err->message);
		g_error_free(err);
		g_option_context_free(oc);
		return diag_exit_status();
	}
	if (opt_version) {
		printf("bookc %s\n", BOOKC_VERSION);
		g_option_context_free(oc);
		return 0;
	}
	if (argc != 2) {
		char *help = g_option_context_get_help(oc, TRUE, NULL);

		diag(D_BAD_ARG, NULL, argc < 2 ? "no input file (see --help)" :
		    "more than one input file");
		fputs(help, stderr);
		g_free(help);
		g_option_context_free(oc);
		return diag_exit_status();
	}
	g_option_context_free(oc);
	if (opt_quiet)
		diag_set_min_level(DL_ERROR);
	diag_set_strict(opt_strict);

	if (opt_impose && strcmp(opt_impose, "2up") == 0)
		ro.impose = IMPOSE_2UP;
	else if (opt_impose && strcmp(opt_impose, "booklet") == 0)
		ro.impose = IMPOSE_BOOKLET;
	else if (opt_impose) {
		diag(D_BAD_ARG, NULL, "--impose takes 2up or booklet");
		goto out;
	}
	/* Which outputs. */
	if (opt_format && strcmp(opt_format, "lint") == 0) {
		lint_only = true;
	} else if (opt_format && backend_by_name(opt_format) == NULL) {
		char *m = g_strdup_printf("unknown format '%s' (pdf, epub, tree, lint)",
		    opt_format);

		diag(D_BAD_ARG, NULL, m);
		g_free(m);
		goto out;
	}
	for (char **o = opt_outputs; o && *o; o++) {
		struct job j = { NULL, *o, NULL, NULL, NULL };

		j.be = opt_format && !lint_only ? backend_by_name(opt_format) :
		    backend_for_path(*o);
		if (j.be == NULL) {
			char *m = g_strdup_printf("cannot tell the format of '%s' "
			    "(use .pdf, .epub or -T)", *o);

			diag(D_BAD_ARG, NULL, m);
			g_free(m);
			goto out;
		}
		if (strcmp(argv[1], "-") != 0 && same_file(*o, argv[1])) {
			char *m = g_strdup_printf("output '%s' is the input file", *o);

			diag(D_BAD_ARG, NULL, m);
			g_free(m);
			goto out;
		}
		g_array_append_val(jobs, j);
	}
	if (jobs->len == 0 && !lint_only) {
		struct job j = { NULL, NULL, NULL, NULL, NULL };

		j.be = backend_by_name(opt_format ? opt_format : "tree");
		if (j.be != &tree_backend) {
			diag(D_BAD_ARG, NULL, "-T pdf and -T epub need -o FILE");
			goto out;
		}
		g_array_append_val(jobs, j);
	}

	dirs = data_dirs();
	style_dirs = subdirs(dirs, "styles");
	style = style_load(opt_style ? opt_style : "a4",
	    (const char *const *)style_dirs);
	if (style == NULL)
		goto out;
	fonts_conf = find_in(dirs, "fonts/fonts.conf");
	if (fonts_conf && !g_path_is_absolute(fonts_conf)) {
		/* fontconfig reads a relative path from its own directory. */
		char *abs = g_canonicalize_filename(fonts_conf, NULL);

		g_free(fonts_conf);
		fonts_conf = abs;
	}

	for (char **p = opt_profile; p && *p; p++) {
		char *eq = strchr(*p, '=');

		if (eq == NULL || eq == *p || eq[1] == '\0') {
			diag(D_BAD_ARG, NULL, "--profile takes ATTR=VALUE");
			goto out;
		}
		if (rdo.profile == NULL)
			rdo.profile = g_hash_table_new_full(g_str_hash,
			    g_str_equal, g_free, (GDestroyNotify)g_strfreev);
		g_hash_table_insert(rdo.profile, g_strndup(*p, eq - *p),
		    g_strsplit(eq + 1, ";", -1));
	}
	rdo.root = opt_root;
	show_progress = isatty(2) && !opt_quiet;
	diag_set_clear_line(show_progress);
	progress("reading", strcmp(argv[1], "-") == 0 ? "<stdin>" : argv[1]);
	book = reader_read(argv[1], &rdo);
	progress(NULL, NULL);
	if (book == NULL)
		goto out;
	vo.lang = opt_lang;
	vo.lint = lint_only;
	validate_book(book, &vo);
	fit_style(style, book);
	image_check_book(book);
	if (lint_only)
		lint_headings(book, style);
	if (opt_verbose)
		fprintf(stderr, "bookc: read and validated in %.1f ms\n",
		    (g_get_monotonic_time() - t0) / 1000.0);
	if (diag_count(DL_ERROR) > 0)
		goto out;

	ro.style = style;
	ro.data_dirs = (const char *const *)dirs;
	ro.fonts_conf = fonts_conf;
	ro.source_date = source_date(book);
	ro.verbose = opt_verbose;
	ro.marks = opt_marks;
	ro.progress = isatty(2) && !opt_quiet;
	{
		bool has_pdf = false, has_epub = false;

		for (guint i = 0; i < jobs->len; i++) {
			const struct job *j = &g_array_index(jobs, struct job, i);

			has_pdf |= j->be == &pdf_backend;
			has_epub |= j->be == &epub_backend;
		}
		/* One edition, two formats: the EPUB learns the printed
		 * pages. The PDF job goes first when run one after another. */
		if (has_pdf && has_epub && ro.impose == IMPOSE_NONE) {
			ro.pages = page_map_new();
			for (guint i = 1; i < jobs->len; i++)
				if (g_array_index(jobs, struct job, i).be ==
				    &pdf_backend) {
					struct job t = g_array_index(jobs,
					    struct job, 0);

					g_array_index(jobs, struct job, 0) =
					    g_array_index(jobs, struct job, i);
					g_array_index(jobs, struct job, i) = t;
					break;
				}
		}
	}
	output_install_signals();
	if (jobs->len > 1 && g_getenv("BOOKC_NO_THREADS") == NULL &&
	    !opt_verbose) {
		/* Several outputs from one parse: the back ends only read the
		 * model, so each runs on its own thread (the EPUB is written
		 * while the PDF is set and drawn). Each output is still its
		 * own temporary file renamed into place. */
		GPtrArray *threads = g_ptr_array_new();
		GString *names = g_string_new(NULL);
		bool all_ok = true;

		for (guint i = 0; i < jobs->len; i++)
			g_string_append_printf(names, "%s%s", i ? ", " : "",
			    g_array_index(jobs, struct job, i).path);
		progress("writing", names->str);
		g_string_free(names, TRUE);

		for (guint i = 0; i < jobs->len; i++) {
			struct job *j = &g_array_index(jobs, struct job, i);

			j->book = book;
			j->ro = &ro;
			g_ptr_array_add(threads, g_thread_new("bookc-job",
			    job_thread, j));
		}
		for (guint i = 0; i < threads->len; i++)
			if (!GPOINTER_TO_INT(g_thread_join(
			    g_ptr_array_index(threads, i))))
				all_ok = false;
		g_ptr_array_free(threads, TRUE);
		progress(NULL, NULL);
		(void)all_ok;
		goto out;
	}
	for (guint i = 0; i < jobs->len; i++) {
		struct job *j = &g_array_index(jobs, struct job, i);
		gint64 t1 = g_get_monotonic_time();

		progress("writing", j->path ? j->path : "");
		if (!run_job(j, book, &ro)) {
			if (j->be == &pdf_backend)
				page_map_done(ro.pages, false);
			progress(NULL, NULL);
			break;
		}
		progress(NULL, NULL);
		if (opt_verbose)
			fprintf(stderr, "bookc: %s written in %.1f ms\n",
			    j->path ? j->path : "output",
			    (g_get_monotonic_time() - t1) / 1000.0);
	}
out:
	/* --strict: outputs are kept only when the whole run was clean. */
	for (guint i = 0; i < jobs->len; i++) {
		struct job *j = &g_array_index(jobs, struct job, i);

		if (j->held == NULL)
			continue;
		if (diag_count(DL_ERROR) == 0)
			output_commit(j->held, j->path);
		else
			output_abort(j->held);
		j->held = NULL;
	}
	status = diag_exit_status();
	page_map_free(ro.pages);
	model_book_free(book);
	style_free(style);
	reader_cleanup();
	g_strfreev(dirs);
	g_strfreev(style_dirs);
	g_free(fonts_conf);
	g_array_free(jobs, TRUE);
	g_strfreev(opt_outputs);
	g_free(opt_format);
	g_free(opt_style);
	g_free(opt_lang);
	g_strfreev(opt_profile);
	g_free(opt_root);
	g_free(opt_impose);
	if (rdo.profile)
		g_hash_table_destroy(rdo.profile);
	return status;
}
